import './subscriptions.css'
import { PauseIcon, PlayIcon } from '@/components/icons.tsx'
import { formatCount } from '@/components/format.ts'
import { useAppStore } from '@/store/app-store.ts'

/** Freezes what the tree shows (messages keep being counted); "Resume" while paused. */
export function PauseButton() {
  const paused = useAppStore((s) => s.batch.paused)
  const { pause, resume } = useAppStore.getState()
  return (
    <button
      type="button"
      className={`compact${paused ? ' is-on' : ''}`}
      onClick={() => (paused ? resume() : pause())}
      title={paused ? 'Show what arrived and follow live updates again' : 'Freeze the tree; messages keep being counted'}
    >
      {paused ? <PlayIcon /> : <PauseIcon />}
      {paused ? 'Resume' : 'Pause'}
    </button>
  )
}

/**
 * The top bar's "paused — N arrived" badge: what is shown is frozen, and how many messages came in
 * since (counted, kept, shown on Resume). Nothing while live.
 */
export function PausedBadge() {
  const paused = useAppStore((s) => s.batch.paused)
  const arrived = useAppStore((s) => s.batch.arrivedWhilePaused)
  if (!paused) return null
  return (
    <p className="paused-badge" title="The tree shows the moment Pause was pressed; Resume shows everything that arrived since">
      paused — <span data-testid="paused-count">{formatCount(arrived)}</span> arrived
    </p>
  )
}
