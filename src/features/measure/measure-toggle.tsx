import { useAppStore } from '@/store/app-store.ts'

/** A stopwatch. */
export function MeasureIcon({ size = 14 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
      <circle cx="8" cy="9" r="5.5" />
      <path d="M8 9V6M6.5 1.5h3M12.5 4.5l1-1" strokeLinecap="round" />
    </svg>
  )
}

/** Opens and closes the Measure panel (a probe or a watch keeps running while it is closed). */
export function MeasureToggle() {
  const open = useAppStore((s) => s.measureOpen)
  const setMeasureOpen = useAppStore((s) => s.setMeasureOpen)
  return (
    <button type="button" className={`panel-tab${open ? ' is-on' : ''}`} aria-pressed={open} onClick={() => setMeasureOpen(!open)}>
      <MeasureIcon />
      Measure
    </button>
  )
}
