import { lazy, memo, Suspense, useEffect, useId, useMemo, useState } from 'react'
import { PauseIcon, PlayIcon } from '@/components/icons.tsx'
import { CHART_WINDOWS, WINDOW_LABELS, seriesKey, type ChartDef, type ChartWindow } from '@/model/chart-setup.ts'
import type { SeriesData } from '@/model/chart-types.ts'
import { useAppStore } from '@/store/app-store.ts'
import { ChartLegend } from './chart-legend.tsx'
import { exportChartCsv, exportChartPng } from './chart-export.ts'
import { timeDomain } from './plot-data.ts'
import { useElementSize } from './use-element-size.ts'

// recharts comes with the first chart drawn, not with the page.
const ChartPlot = lazy(() => import('./chart-plot.tsx'))

type Status = { text: string; error: boolean } | undefined

/** A short-lived status line (a successful export), or a lasting one (an error). */
function useStatus(): [Status, (status: Status) => void] {
  const [status, setStatus] = useState<Status>()
  useEffect(() => {
    if (!status || status.error) return
    const timer = setTimeout(() => setStatus(undefined), 5000)
    return () => clearTimeout(timer)
  }, [status])
  return [status, setStatus]
}

/**
 * One chart: its toolbar (time window, pause, exports, remove), the plot and the legend. Touching
 * it makes it the current chart, where the inspector's pins go. Memoised: a change to another
 * chart of the setup leaves this one alone.
 */
export const ChartGroup = memo(function ChartGroup({ chart, title, current }: { chart: ChartDef; title: string; current: boolean }) {
  const data = useAppStore((s) => s.chartData[chart.id])
  const frozenTo = useAppStore((s) => s.chartPaused[chart.id])
  const width = useAppStore((s) => s.chartWidths[chart.id])
  const { setChartWindow, pauseChart, resumeChart, removeChart, setCurrentChart, setChartWidth } = useAppStore.getState()
  const titleId = useId()
  const [status, setStatus] = useStatus()
  // The plot takes the room the layout gives it; its width is also what the worker downsamples to.
  const [height, setHeight] = useState<number>()
  const plotRef = useElementSize<HTMLDivElement>((size) => {
    setHeight(size?.height)
    setChartWidth(chart.id, size?.width)
  })
  const paused = frozenTo !== undefined

  const series = useMemo(() => chart.series.map((s) => ({ key: seriesKey(s.topic, s.path, s.decoder), series: s })), [chart.series])
  const byKey = useMemo(() => new Map<string, SeriesData>(data?.series.map((s) => [s.key, s])), [data])
  // Points in the window (a moving window can scroll every point out: "No points yet" again).
  const anyPoints = series.some(({ key }) => (byKey.get(key)?.inRange ?? 0) > 0)
  const domain = timeDomain(chart.window, data, frozenTo, Date.now())

  const exportCsv = async () => {
    setStatus({ text: 'Exporting…', error: false })
    setStatus(await exportChartCsv(chart.id, title))
  }
  const exportPng = async () => {
    const svg = plotRef.current?.querySelector<SVGSVGElement>('svg')
    if (!svg) return setStatus({ text: 'Could not export PNG: the chart is not drawn yet', error: true })
    try {
      const name = await exportChartPng(svg, { title, series: chart.series })
      setStatus({ text: `Saved ${name}`, error: false })
    } catch (error) {
      setStatus({ text: `Could not export PNG: ${error instanceof Error ? error.message : String(error)}`, error: true })
    }
  }

  return (
    <div
      role="group"
      aria-labelledby={titleId}
      className={`chart-group${current ? ' is-current' : ''}`}
      onPointerDownCapture={() => setCurrentChart(chart.id)}
      onFocusCapture={() => setCurrentChart(chart.id)}
    >
      <div className="chart-toolbar">
        <h3 id={titleId} className="chart-title">
          {title}
        </h3>
        {current && (
          <span className="chart-current" title="The inspector's Chart buttons add series to this chart">
            current
          </span>
        )}
        <div className="chart-actions">
          <select aria-label="Time window" title="Time window" value={chart.window} onChange={(e) => setChartWindow(chart.id, e.target.value as ChartWindow)}>
            {CHART_WINDOWS.map((w) => (
              <option key={w} value={w}>
                {WINDOW_LABELS[w]}
              </option>
            ))}
          </select>
          <button
            type="button"
            className={`compact${paused ? ' is-on' : ''}`}
            aria-pressed={paused}
            title={paused ? 'Follow new points again' : 'Freeze the view (points keep being collected)'}
            onClick={() => (paused ? resumeChart(chart.id) : pauseChart(chart.id))}
          >
            {paused ? <PlayIcon /> : <PauseIcon />}
            {paused ? 'Resume chart' : 'Pause chart'}
          </button>
          <button
            type="button"
            className="compact"
            disabled={chart.series.length === 0}
            onClick={() => void exportCsv()}
            title="Every kept point of these series, one column per series"
          >
            Export CSV
          </button>
          <button type="button" className="compact" disabled={!anyPoints} onClick={() => void exportPng()} title="The chart as an image">
            Export PNG
          </button>
          <button
            type="button"
            className="compact"
            onClick={() => removeChart(chart.id)}
            title="Remove this chart (its series stop being collected unless another chart has them)"
          >
            Remove chart
          </button>
        </div>
        <span className={status?.error ? 'inline-error' : 'notice'} role="status">
          {status?.text}
        </span>
      </div>
      <div className="chart-body">
        <div className="chart-plot-area" ref={plotRef}>
          {!anyPoints ? (
            <p className="empty-note chart-empty">
              {chart.series.length === 0 ? 'No points yet: pin a value with a Chart button in the topic details.' : 'No points yet'}
            </p>
          ) : width && height ? (
            <Suspense fallback={<p className="empty-note chart-empty">Loading chart…</p>}>
              <ChartPlot width={width} height={height} domain={domain} series={series} data={data} />
            </Suspense>
          ) : null}
        </div>
        <div className="chart-legend-box">
          <ChartLegend chartId={chart.id} series={series} data={byKey} />
        </div>
      </div>
    </div>
  )
})
