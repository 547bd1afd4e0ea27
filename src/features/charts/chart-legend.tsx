import { memo } from 'react'
import type { ChartSeries } from '@/model/chart-setup.ts'
import type { SeriesData } from '@/model/chart-types.ts'
import { SKIP_REASONS, skipText } from '@/model/chart-value.ts'
import { escapeInvisible } from '@/model/payload-preview.ts'
import { useAppStore } from '@/store/app-store.ts'
import { EyeIcon, EyeOffIcon, RemoveIcon } from './chart-icons.tsx'

/** One formatter for every count (toLocaleString makes a new one per call: ~0.1 ms each in a redraw). */
const GROUPED = new Intl.NumberFormat('en-US')
const count = (n: number, one: string, many: string) => `${GROUPED.format(n)} ${n === 1 ? one : many}`

/** "12 values not numeric" (all reasons summed) and, for the tooltip, the count per reason. */
export function skippedSummary(skipped: Readonly<Record<string, number>> | undefined): { text: string; detail: string } | undefined {
  if (!skipped) return undefined
  const parts = SKIP_REASONS.filter((r) => (skipped[r] ?? 0) > 0).map((r) => skipText(r, skipped[r]!))
  const total = SKIP_REASONS.reduce((sum, r) => sum + (skipped[r] ?? 0), 0)
  if (total === 0) return undefined
  return { text: skipText('not-numeric', total), detail: `Skipped, never plotted: ${parts.join(', ')}` }
}

function pointsDetail(data: SeriesData): string {
  const parts = [`${count(data.kept, 'point', 'points')} kept`]
  if (data.evicted > 0) parts.push(`${count(data.evicted, 'older point', 'older points')} dropped by the point budget`)
  if (data.downsampled) parts.push(`drawn downsampled (the minimum and maximum of each pixel column)`)
  return parts.join('; ')
}

/** Equal when a legend entry would show the same figures for both (the points themselves are not shown). */
export function sameLegendFigures(a: SeriesData | undefined, b: SeriesData | undefined): boolean {
  if (a === b) return true
  if (!a || !b) return false
  if (a.inRange !== b.inRange || a.kept !== b.kept || a.evicted !== b.evicted || a.downsampled !== b.downsampled) return false
  if (a.skipped === b.skipped) return true
  const reasons = new Set([...Object.keys(a.skipped), ...Object.keys(b.skipped)])
  for (const r of reasons) if ((a.skipped[r] ?? 0) !== (b.skipped[r] ?? 0)) return false
  return true
}

interface LegendItemProps {
  readonly chartId: string
  readonly series: ChartSeries
  readonly data: SeriesData | undefined
}

/**
 * One entry. Re-rendered only when its series (label, colour, hidden) or its figures changed: new
 * points that leave the counts as they were, or another series hidden, leave it alone.
 */
const LegendItem = memo(
  function LegendItem({ chartId, series: s, data: d }: LegendItemProps) {
    const { setChartSeriesHidden, removeChartSeries } = useAppStore.getState()
    const label = escapeInvisible(s.label)
    const skipped = skippedSummary(d?.skipped)
    const shown = !s.hidden
    return (
      <li className={`legend-item${shown ? '' : ' is-hidden'}`}>
        <span className="legend-swatch" style={{ background: s.color }} aria-hidden="true" />
        <span className="legend-label mono" title={label}>
          {label}
        </span>
        <span className="legend-counts">
          <span className="legend-points" title={d ? pointsDetail(d) : 'No data yet'}>
            {count(d?.inRange ?? 0, 'point', 'points')}
          </span>
          {skipped && (
            <span className="legend-skipped" title={skipped.detail}>
              {skipped.text}
            </span>
          )}
        </span>
        <span className="legend-actions">
          <button
            type="button"
            className="icon-button small"
            aria-pressed={shown}
            aria-label={`${shown ? 'Hide' : 'Show'} ${label}`}
            title={shown ? 'Hide from the chart (still collected)' : 'Show in the chart'}
            onClick={() => setChartSeriesHidden(chartId, s.id, shown)}
          >
            {shown ? <EyeIcon /> : <EyeOffIcon />}
          </button>
          <button
            type="button"
            className="icon-button small"
            aria-label={`Remove ${label}`}
            title="Remove from the chart"
            onClick={() => removeChartSeries(chartId, s.id)}
          >
            <RemoveIcon />
          </button>
        </span>
      </li>
    )
  },
  (before, after) => before.chartId === after.chartId && before.series === after.series && sameLegendFigures(before.data, after.data),
)

/**
 * The legend: one entry per series with its colour, label, points in the window, values that were
 * not numbers, and Hide/Show and Remove.
 */
export function ChartLegend({
  chartId,
  series,
  data,
}: {
  chartId: string
  series: ReadonlyArray<{ key: string; series: ChartSeries }>
  data: ReadonlyMap<string, SeriesData>
}) {
  return (
    <ul className="chart-legend" aria-label="Series">
      {series.map(({ key, series: s }) => (
        <LegendItem key={s.id} chartId={chartId} series={s} data={data.get(key)} />
      ))}
    </ul>
  )
}
