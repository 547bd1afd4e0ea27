import { useAppStore } from '@/store/app-store.ts'

/** A record button: a dot in a ring. */
export function RecordIcon({ size = 14 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
      <circle cx="8" cy="8" r="6" />
      <circle cx="8" cy="8" r="2.5" fill="currentColor" stroke="none" />
    </svg>
  )
}

/** Opens and closes the Recordings panel (recordings go on in the server either way). */
export function RecordingsToggle() {
  const open = useAppStore((s) => s.recordingsOpen)
  const setRecordingsOpen = useAppStore((s) => s.setRecordingsOpen)
  return (
    <button type="button" className={`panel-tab${open ? ' is-on' : ''}`} aria-pressed={open} onClick={() => setRecordingsOpen(!open)}>
      <RecordIcon />
      Recordings
    </button>
  )
}
