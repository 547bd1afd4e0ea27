/**
 * The series lines of a chart: one SVG path per visible series, drawn through the chart's own
 * scales (recharts' hooks) inside its plot area. Replaces recharts' <Line>, which lays out an
 * object and a formatted tooltip tick per point (50-70 ms for 3 × 1,400 points); a path string per
 * series costs well under a millisecond (model/line-path.ts).
 */
import { memo, useId, useMemo } from 'react'
import { usePlotArea, useXAxisScale, useYAxisScale } from 'recharts'
import { chartLines, type LineSeries } from '@/model/line-path.ts'

export const ChartLines = memo(function ChartLines({ series }: { series: readonly LineSeries[] }) {
  const x = useXAxisScale()
  const y = useYAxisScale()
  const area = usePlotArea()
  const clipId = useId()
  const lines = useMemo(
    () =>
      x && y
        ? chartLines(
            series,
            (t) => x(t) ?? NaN,
            (v) => y(v) ?? NaN,
          )
        : [],
    [series, x, y],
  )
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
