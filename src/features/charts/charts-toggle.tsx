import { useAppStore } from '@/store/app-store.ts'
import { ChartIcon } from './chart-icons.tsx'

/** Opens and closes the charts panel (the series are collected either way). */
export function ChartsToggle() {
  const open = useAppStore((s) => s.chartsOpen)
  const setChartsOpen = useAppStore((s) => s.setChartsOpen)
  return (
    <button type="button" className={`panel-tab${open ? ' is-on' : ''}`} aria-pressed={open} onClick={() => setChartsOpen(!open)}>
      <ChartIcon size={14} />
      Charts
    </button>
  )
}
