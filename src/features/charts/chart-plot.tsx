/**
 * The plot of one chart, with recharts. Loaded on demand (React.lazy in chart-group.tsx), so the
 * initial bundle does not carry recharts: it comes with the first chart on screen.
 */
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts'
import type { ChartSeries } from '@/model/chart-setup.ts'
import { escapeInvisible } from '@/model/payload-preview.ts'
import type { ChartData } from '@/model/chart-types.ts'
import { isoTime, seriesPoints, timeTick, timeTicks, valueTick, type PlotPoint } from './plot-data.ts'

export interface ChartPlotProps {
  readonly width: number
  readonly height: number
  readonly domain: readonly [number, number]
  /** The chart's series with their keys; hidden ones are not drawn. */
  readonly series: ReadonlyArray<{ readonly key: string; readonly series: ChartSeries }>
  readonly data: ChartData | undefined
}

const EMPTY: readonly PlotPoint[] = []
/** Room per time label, px ("12:03:45" plus a gap). */
const TICK_SPACING = 90
const MARGIN = { top: 8, right: 28, bottom: 0, left: 0 }
const TOOLTIP_STYLE = {
  background: 'var(--panel)',
  borderColor: 'var(--border-strong)',
  borderRadius: 5,
  fontFamily: 'var(--mono)',
  fontSize: 12,
  boxShadow: 'var(--shadow)',
}
const LABEL_STYLE = { color: 'var(--muted)' }

/** Values as they are (String gives the shortest text that reads back as the same number). */
const exact = (value: unknown): string => (typeof value === 'number' ? String(value) : '')

export default function ChartPlot({ width, height, domain, series, data }: ChartPlotProps) {
  const span = domain[1] - domain[0]
  const byKey = new Map(data?.series.map((s) => [s.key, s]))
  return (
    <LineChart width={width} height={height} margin={MARGIN} className="chart-plot">
      <CartesianGrid className="chart-grid" vertical={false} />
      <XAxis
        dataKey="t"
        type="number"
        domain={[domain[0], domain[1]]}
        allowDataOverflow
        ticks={timeTicks(domain[0], domain[1], Math.max(2, Math.floor(width / TICK_SPACING)))}
        interval={0}
        tickFormatter={(t: number) => timeTick(t, span)}
        tickLine={false}
        fontSize={11}
        className="chart-axis"
      />
      <YAxis type="number" domain={['auto', 'auto']} width={56} tickLine={false} fontSize={11} className="chart-axis" tickFormatter={valueTick} />
      <Tooltip
        isAnimationActive={false}
        labelFormatter={(t) => (typeof t === 'number' ? isoTime(t) : String(t))}
        formatter={(value, name) => [exact(value), name]}
        contentStyle={TOOLTIP_STYLE}
        labelStyle={LABEL_STYLE}
      />
      {series
        .filter((s) => !s.series.hidden)
        .map(({ key, series: s }) => {
          const found = byKey.get(key)
          return (
            <Line
              key={s.id}
              data={found ? seriesPoints(found) : EMPTY}
              dataKey="v"
              name={escapeInvisible(s.label)}
              stroke={s.color}
              strokeWidth={1.5}
              dot={false}
              activeDot={{ r: 3 }}
              isAnimationActive={false}
              connectNulls
              type="linear"
            />
          )
        })}
    </LineChart>
  )
}
