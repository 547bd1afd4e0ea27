import { SKIP_REASONS } from '../model/chart-value.ts'
import { downsampleMinMax } from '../model/downsample.ts'
import { LIMITS } from '../model/limits.ts'
import type { TimeSeries } from '../model/time-series.ts'
import type { ChartData, ChartView, SeriesData } from '../model/chart-types.ts'

/**
 * The widest chart we downsample for, in buckets (px). A page asking for more gets this many:
 * each bucket costs up to 4 points in the arrays posted every flush.
 */
export const MAX_BUCKETS = 8192

/** The shortest time axis drawn: points that all came in one moment still get some width. */
export const MIN_SPAN_MS = 1_000

/** A visible chart as the worker keeps it. */
interface ViewState {
  readonly chartId: string
  readonly keys: readonly string[]
  readonly buckets: number
  /** Moving (to = now): the window's length in ms (Infinity: 'all'); undefined when frozen. */
  readonly span: number | undefined
  /** Frozen: the range as the page sent it. */
  readonly from: number
  readonly to: number | undefined
  /** Equal for two views that draw the same thing (a view re-sent unchanged is not re-answered). */
  readonly signature: string
}

/** What the page was last sent for one chart. */
interface Sent {
  readonly signature: string
  /** The series objects and their versions then (a re-pinned key is a new object). */
  readonly series: ReadonlyArray<TimeSeries | undefined>
  readonly versions: readonly number[]
  readonly at: number
  /** ms one bucket stood for: a moving window re-sends once it advanced by about a pixel. */
  readonly bucketMs: number
}

/**
 * The charts on screen and what each was last sent. `poll` answers on the flush clock with the
 * ChartData of the charts that need drawing again:
 * - any chart whose view changed (or that is new, or whose series was pinned anew);
 * - a moving chart (to = now) whose series changed (TimeSeries.version: points, skips,
 *   evictions), or whose window advanced by a bucket's width (at least a flush interval) while
 *   one of its series has points: live scrolling; never sooner than LIMITS.charts.redrawMs after
 *   its last send;
 * - a frozen chart (paused: a fixed `to`) only on a view change: its range can only lose points
 *   to the budget, and it holds still anyway, so collecting goes on without re-sending it.
 *
 * A moving view's `from` is read as "the window starts `receivedAt - from` ms before now": the page
 * sends windowRange(window, Date.now()).from with `to` undefined, and the worker keeps that length
 * as the window slides (one clock: the page and its worker share Date.now()). -Infinity ('all')
 * stays "from the first point". In ChartData `from` / `to` are the range drawn, always finite: an
 * open start is the earliest point of the chart's series (or `to` when there is none); a window
 * that is not full yet fits the data too, from the earliest point (at least MIN_SPAN_MS before
 * `to`), instead of a blank window with the points at its right edge.
 */
export class ChartViews {
  readonly #lookup: (key: string) => TimeSeries | undefined
  #views: ViewState[] = []
  #sent = new Map<string, Sent>()

  constructor(lookup: (key: string) => TimeSeries | undefined) {
    this.#lookup = lookup
  }

  /** The visible charts, as the page says at `now` ([] = none: nothing is computed or sent). */
  set(charts: readonly ChartView[], now: number): void {
    this.#views = charts.map((chart) => viewState(chart, now))
    // Forget what was sent for charts no longer shown or shown differently: they are sent afresh.
    const sent = new Map<string, Sent>()
    for (const view of this.#views) {
      const last = this.#sent.get(view.chartId)
      if (last && last.signature === view.signature) sent.set(view.chartId, last)
    }
    this.#sent = sent
  }

  /** Every visible chart is sent again at the next poll (its series lost their points). */
  forgetSent(): void {
    this.#sent.clear()
  }

  /** The charts to draw again at `now` ([] when the page has them all). */
  poll(now: number): ChartData[] {
    const out: ChartData[] = []
    for (const view of this.#views) {
      const series = view.keys.map(this.#lookup)
      const sent = this.#sent.get(view.chartId)
      if (sent && !due(view, sent, series, now)) continue
      const data = chartData(view, series, now)
      out.push(data)
      this.#sent.set(view.chartId, {
        signature: view.signature,
        series,
        versions: series.map(versionOf),
        at: now,
        bucketMs: (data.to - data.from) / view.buckets,
      })
    }
    return out
  }
}

function viewState(chart: ChartView, now: number): ViewState {
  const buckets = Math.min(MAX_BUCKETS, Math.max(1, Math.floor(chart.buckets) || 1))
  const from = Number.isNaN(chart.from) ? -Infinity : chart.from
  const moving = chart.to === undefined || Number.isNaN(chart.to)
  const span = moving ? (from === -Infinity ? Infinity : Math.max(0, now - from)) : undefined
  // A moving view's `from` is a moment of sending: only its length matters, in whole seconds (as
  // the windows are), so the same view sent again a few ms later is not answered again.
  const signature = JSON.stringify([chart.keys, buckets, moving ? ['moving', span === Infinity ? 'all' : Math.round(span! / 1000)] : [from, chart.to]])
  return { chartId: chart.chartId, keys: [...chart.keys], buckets, span, from, to: moving ? undefined : chart.to, signature }
}

function due(view: ViewState, sent: Sent, series: ReadonlyArray<TimeSeries | undefined>, now: number): boolean {
  if (series.some((s, i) => s !== sent.series[i])) return true
  if (view.span === undefined) return false
  // A live chart follows its data at most LIMITS.charts.redrawMs apart (the page's redraws cost
  // main-thread time the tree needs too).
  if (now - sent.at < LIMITS.charts.redrawMs) return false
  if (series.some((s, i) => versionOf(s) !== sent.versions[i])) return true
  if (!series.some((s) => s !== undefined && s.length > 0)) return false
  return now - sent.at >= Math.max(LIMITS.flushIntervalMs, sent.bucketMs)
}

function versionOf(series: TimeSeries | undefined): number {
  return series?.version ?? -1
}

function chartData(view: ViewState, series: ReadonlyArray<TimeSeries | undefined>, now: number): ChartData {
  const to = view.span === undefined ? view.to! : now
  const windowFrom = view.span === undefined ? view.from : now - view.span
  const first = earliest(series)
  let from: number
  if (windowFrom === -Infinity) from = Math.min(to, first ?? to)
  else from = first === undefined ? windowFrom : Math.max(windowFrom, Math.min(first, to - MIN_SPAN_MS))
  return {
    chartId: view.chartId,
    from,
    to,
    series: view.keys.map((key, i) => seriesData(key, series[i], from, to, view.buckets)),
  }
}

/** The first kept time over the series, or undefined when none has a point. */
function earliest(series: ReadonlyArray<TimeSeries | undefined>): number | undefined {
  let first: number | undefined
  for (const s of series) {
    const t = s?.timeAt(0)
    if (t !== undefined && (first === undefined || t < first)) first = t
  }
  return first
}

function seriesData(key: string, series: TimeSeries | undefined, from: number, to: number, buckets: number): SeriesData {
  if (!series) return { key, times: new Float64Array(0), values: new Float64Array(0), inRange: 0, kept: 0, evicted: 0, downsampled: false, skipped: noSkips() }
  const drawn = downsampleMinMax(series, from, to, buckets)
  return {
    key,
    times: drawn.times,
    values: drawn.values,
    inRange: drawn.sourceCount,
    kept: series.length,
    evicted: series.evicted,
    downsampled: drawn.downsampled,
    skipped: { ...series.skipped }, // a copy: TimeSeries.skipped is a live view
  }
}

function noSkips(): Record<string, number> {
  return Object.fromEntries(SKIP_REASONS.map((reason) => [reason, 0]))
}

/** The buffers to transfer with a chart-data event (each array has its own, fresh from downsampling). */
export function chartTransfer(charts: readonly ChartData[]): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = []
  for (const chart of charts) {
    for (const s of chart.series) buffers.push(s.times.buffer as ArrayBuffer, s.values.buffer as ArrayBuffer)
  }
  return buffers
}
