/**
 * The probe's latency histogram and latency over time, with recharts. Loaded on demand
 * (React.lazy in probe-results.tsx), like the charts panel's plot.
 */
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { HistogramBin } from '@/model/measure/latency-stats.ts'
import type { TimelinePoint } from '@/model/measure/latency-timeline.ts'
import { msText } from '@/model/measure/measure-format.ts'

const HEIGHT = 150
const MARGIN = { top: 6, right: 12, bottom: 0, left: 0 }
const TOOLTIP_STYLE = { background: 'var(--panel)', borderColor: 'var(--border-strong)', borderRadius: 5, fontSize: 12 }
const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2))

export default function LatencyCharts({ histogram, timeline }: { histogram: readonly HistogramBin[]; timeline: readonly TimelinePoint[] }) {
  const bars = histogram.map((bin) => ({ label: `${ms(bin.from)}–${ms(bin.to)}`, count: bin.count }))
  return (
    <div className="measure-charts">
      <figure className="measure-chart" aria-label="Latency histogram">
        <figcaption>Latency histogram (messages per latency range, ms)</figcaption>
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <BarChart data={bars} margin={MARGIN}>
            <CartesianGrid vertical={false} className="chart-grid" />
            <XAxis dataKey="label" fontSize={10} tickLine={false} interval="preserveStartEnd" />
            <YAxis width={44} fontSize={10} tickLine={false} allowDecimals={false} />
            <Tooltip isAnimationActive={false} contentStyle={TOOLTIP_STYLE} formatter={(value) => [String(value), 'messages']} />
            <Bar dataKey="count" fill="var(--accent)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure className="measure-chart" aria-label="Latency over time">
        <figcaption>Latency over time (mean and max, ms; seconds since the start)</figcaption>
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <LineChart data={[...timeline]} margin={MARGIN}>
            <CartesianGrid vertical={false} className="chart-grid" />
            <XAxis
              dataKey="t"
              type="number"
              domain={['dataMin', 'dataMax']}
              fontSize={10}
              tickLine={false}
              tickFormatter={(t: number) => `${t.toFixed(1)} s`}
            />
            <YAxis width={44} fontSize={10} tickLine={false} />
            <Tooltip
              isAnimationActive={false}
              contentStyle={TOOLTIP_STYLE}
              labelFormatter={(t) => `${Number(t).toFixed(2)} s`}
              formatter={(value, name) => [typeof value === 'number' ? msText(value) : String(value), name]}
            />
            <Line dataKey="mean" name="mean" stroke="var(--accent)" dot={false} isAnimationActive={false} />
            <Line dataKey="max" name="max" stroke="var(--warn)" dot={false} strokeDasharray="3 3" isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </div>
  )
}
