/**
 * The plot of one chart. recharts lays out the axes and the grid; the lines (chart-lines.tsx) and
 * the tooltip (chart-hover.tsx) are drawn through its scales, one path string per series, so a
 * redraw costs a few milliseconds however dense the lines are. Loaded on demand (React.lazy in
 * chart-group.tsx), so the initial bundle does not carry recharts: it comes with the first chart
 * on screen.
 *
 * The recharts chart is one memoised element: it changes only with the plot's size, the time
 * domain and the value extent. The series reach the lines and the tooltip through
 * PlotSeriesContext, so a redraw that leaves the axes as they were (a series hidden or shown, new
 * points inside the same view) re-renders only those two, not recharts' axes, grid and layers.
 */
import { useMemo, useState } from 'react'
import { CartesianGrid, LineChart, XAxis, YAxis } from 'recharts'
import type { ChartSeries } from '@/model/chart-setup.ts'
import { niceDomain, valueExtent } from '@/model/line-path.ts'
import { escapeInvisible } from '@/model/payload-preview.ts'
import type { ChartData } from '@/model/chart-types.ts'
import { ChartHover } from './chart-hover.tsx'
import { ChartLines } from './chart-lines.tsx'
import { timeTick, timeTicks, valueTick } from './plot-data.ts'
import { PlotSeriesContext, type PlotSeries } from './plot-series.ts'

export interface ChartPlotProps {
  readonly width: number
  readonly height: number
  readonly domain: readonly [number, number]
  /** The chart's series with their keys; hidden ones are not drawn. */
  readonly series: ReadonlyArray<{ readonly key: string; readonly series: ChartSeries }>
  readonly data: ChartData | undefined
}

/** Room per time label, px ("12:03:45" plus a gap). */
const TICK_SPACING = 90
const MARGIN = { top: 8, right: 28, bottom: 0, left: 0 }
/** The value axis when no visible series has a point. */
const EMPTY_EXTENT: [number, number] = [0, 1]

export default function ChartPlot({ width, height, domain, series, data }: ChartPlotProps) {
  const [tooltipHost, setTooltipHost] = useState<HTMLDivElement | null>(null)
  const visible = useMemo(() => {
    const byKey = new Map(data?.series.map((s) => [s.key, s]))
    return series
      .filter((s) => !s.series.hidden)
      .map(({ key, series: s }): PlotSeries => ({ id: s.id, color: s.color, label: escapeInvisible(s.label), points: byKey.get(key) }))
  }, [series, data])
  // The value axis is fixed here (recharts has no data of its own to fit: the lines are ours).
  const [low, high] = useMemo(() => niceDomain(valueExtent(visible.flatMap((s) => (s.points ? [s.points.values] : []))) ?? EMPTY_EXTENT), [visible])
  const [from, to] = domain
  const tickCount = Math.max(2, Math.floor(width / TICK_SPACING))
  // Compared by value (numbers), not by the arrays they come in: a new array with the same bounds
  // keeps the same element, and React skips recharts' whole subtree.
  const chart = useMemo(
    () => (
      <LineChart width={width} height={height} margin={MARGIN} className="chart-plot">
        <CartesianGrid className="chart-grid" vertical={false} />
        <XAxis
          dataKey="t"
          type="number"
          domain={[from, to]}
          allowDataOverflow
          ticks={timeTicks(from, to, tickCount)}
          interval={0}
          tickFormatter={(t: number) => timeTick(t, to - from)}
          tickLine={false}
          fontSize={11}
          className="chart-axis"
        />
        <YAxis
          type="number"
          domain={[low, high]}
          allowDataOverflow
          width={56}
          tickLine={false}
          fontSize={11}
          className="chart-axis"
          tickFormatter={valueTick}
        />
        <ChartLines />
        <ChartHover domain={[from, to]} host={tooltipHost} />
      </LineChart>
    ),
    [width, height, from, to, tickCount, low, high, tooltipHost],
  )
  return (
    <div className="chart-plot-box" ref={setTooltipHost}>
      <PlotSeriesContext value={visible}>{chart}</PlotSeriesContext>
    </div>
  )
}
