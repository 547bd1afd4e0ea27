import './charts.css'
import { useId } from 'react'
import { CloseIcon } from '@/components/icons.tsx'
import { useAppStore } from '@/store/app-store.ts'
import { chartTitle } from '@/store/charts-slice.ts'
import { ChartGroup } from './chart-group.tsx'

/** The charts panel: every chart of the setup, one under the other, and "Add chart". */
export function ChartsPanel() {
  const setup = useAppStore((s) => s.chartSetup)
  const currentId = useAppStore((s) => s.currentChartId)
  const note = useAppStore((s) => s.chartNote)
  const { addChart, setChartsOpen, dismissChartNote } = useAppStore.getState()
  const headingId = useId()
  // Pins go to the current chart, else the last one: mark that one.
  const target = setup.charts.some((c) => c.id === currentId) ? currentId : setup.charts.at(-1)?.id
  return (
    <section className="panel charts-panel" aria-label="Charts">
      <header className="section-header">
        <h2 id={headingId}>Charts</h2>
        <div className="section-actions">
          <button type="button" className="compact" onClick={() => addChart()}>
            Add chart
          </button>
          <button
            type="button"
            className="icon-button small"
            aria-label="Close charts"
            title="Close (the series keep being collected)"
            onClick={() => setChartsOpen(false)}
          >
            <CloseIcon />
          </button>
        </div>
      </header>
      <div className="panel-body">
        {note && (
          <p className="chart-note" role="status">
            <span>{note}</span>
            <button type="button" className="icon-button small" aria-label="Dismiss" onClick={dismissChartNote}>
              <CloseIcon />
            </button>
          </p>
        )}
        {setup.charts.length === 0 && (
          <p className="empty-note">No charts yet. Select a topic with numbers and press Chart in its details, or add an empty chart.</p>
        )}
        {setup.charts.map((chart) => (
          <ChartGroup key={chart.id} chart={chart} title={chartTitle(setup, chart)} current={chart.id === target} />
        ))}
      </div>
    </section>
  )
}
