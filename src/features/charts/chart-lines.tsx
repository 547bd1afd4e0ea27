/**
 * The series lines of a chart: one SVG path per visible series, drawn through the chart's own
 * scales (recharts' hooks) inside its plot area. Replaces recharts' <Line>, which lays out an
 * object and a formatted tooltip tick per point (50-70 ms for 3 × 1,400 points); a path string per
 * series costs well under a millisecond (model/line-path.ts), and a line whose points and scales
 * did not change keeps its path (LinePathCache). The series come from PlotSeriesContext, so new
 * lines re-render this, not the recharts chart around it (chart-plot.tsx).
 */
import { memo, useContext, useId, useMemo, useState } from 'react'
import { usePlotArea, useXAxisScale, useYAxisScale } from 'recharts'
import { chartLines, LinePathCache } from '@/model/line-path.ts'
import { PlotSeriesContext } from './plot-series.ts'

export const ChartLines = memo(function ChartLines() {
  const series = useContext(PlotSeriesContext)
  const x = useXAxisScale()
  const y = useYAxisScale()
  const area = usePlotArea()
  const clipId = useId()
  const [cache] = useState(() => new LinePathCache())
  // One pair of pixel functions per pair of recharts scales (they are new only when an axis
  // changed), so the cache sees the same functions for the same axes.
  const scales = useMemo(() => (x && y ? { x: (t: number) => x(t) ?? NaN, y: (v: number) => y(v) ?? NaN } : undefined), [x, y])
  const lines = useMemo(() => (scales ? chartLines(series, scales.x, scales.y, cache) : []), [series, scales, cache])
  if (!area) return null
  return (
    <g className="chart-lines">
      <clipPath id={clipId}>
        <rect x={area.x} y={area.y} width={area.width} height={area.height} />
      </clipPath>
      <g clipPath={`url(#${clipId})`}>
        {lines.map((line) => (
          <path
            key={line.id}
            className="chart-line"
            d={line.d}
            fill="none"
            stroke={line.color}
            strokeWidth={1.5}
            strokeLinejoin="round"
            strokeLinecap="round"
          />
        ))}
      </g>
    </g>
  )
})
