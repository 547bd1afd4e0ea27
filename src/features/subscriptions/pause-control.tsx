import { PauseIcon, PlayIcon } from '@/components/icons.tsx'
import { formatCount } from '@/components/format.ts'
import { useAppStore } from '@/store/app-store.ts'

/** Freezes the tree (messages keep being counted); "Resume" while paused. */
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

/** How many messages came in since pausing; nothing while live. */
export function PausedNote() {
  const paused = useAppStore((s) => s.batch.paused)
  const arrived = useAppStore((s) => s.batch.arrivedWhilePaused)
  if (!paused) return null
  return (
    <p className="paused-note">
      <span data-testid="paused-count">{formatCount(arrived)}</span> messages arrived while paused
    </p>
  )
}
