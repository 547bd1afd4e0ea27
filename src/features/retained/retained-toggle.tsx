import { useAppStore } from '@/store/app-store.ts'

/** A pin (a retained message stays put). */
function RetainedIcon() {
  return (
    <svg width={14} height={14} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
      <path d="M6 1.5h4M7 1.5v5L4.5 9h7L9 6.5v-5M8 9v5.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  )
}

/** Opens and closes the Retained view. */
export function RetainedToggle() {
  const open = useAppStore((s) => s.retainedOpen)
  const setRetainedOpen = useAppStore((s) => s.setRetainedOpen)
  return (
    <button type="button" className={`panel-tab${open ? ' is-on' : ''}`} aria-pressed={open} onClick={() => setRetainedOpen(!open)}>
      <RetainedIcon />
      Retained
    </button>
  )
}
