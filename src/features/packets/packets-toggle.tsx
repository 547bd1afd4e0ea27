import { useAppStore } from '@/store/app-store.ts'

/** Two arrows, one each way: packets sent and received. */
export function PacketsIcon({ size = 14 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
      <path d="M2 5h11M10 2l3 3-3 3M14 11H3M6 8l-3 3 3 3" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  )
}

/** Opens and closes the Packets panel (the trace is kept while it is closed). */
export function PacketsToggle() {
  const open = useAppStore((s) => s.packetsOpen)
  const setPacketsOpen = useAppStore((s) => s.setPacketsOpen)
  return (
    <button type="button" className={`panel-tab${open ? ' is-on' : ''}`} aria-pressed={open} onClick={() => setPacketsOpen(!open)}>
      <PacketsIcon />
      Packets
    </button>
  )
}
