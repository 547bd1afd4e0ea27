import { type ChartCsv, chartCsv } from '../model/chart-csv.ts'
import { extractNumber, extractNumbers } from '../model/chart-value.ts'
import type { JsonPath } from '../model/json-path.ts'
import { LIMITS } from '../model/limits.ts'
import { TimeSeries } from '../model/time-series.ts'
import { ChartViews } from './chart-views.ts'
import { DecodedCharts, type DecodedGroup, type DecodedHistory, type ProtobufTypes } from './decoded-charts.ts'
import type { ChartData, ChartDecoder, ChartView, PinnedSeries } from '../model/chart-types.ts'

export { chartTransfer } from './chart-views.ts'

/** The series pinned on one topic, in parallel arrays (what ingest walks per message); decoded ones per decoder. */
interface TopicSeries {
  readonly paths: JsonPath[]
  readonly series: TimeSeries[]
  readonly decoded: DecodedGroup[]
}

const NO_POINTS = { times: new Float64Array(0), values: new Float64Array(0) }

/** A kept message, as much of it as a series needs (seq: arrival order, for Sparkplug's BIRTH before DATA). */
export interface KeptMessage {
  readonly seq: number
  readonly payload: Uint8Array
  readonly receivedAt: number
}

/** A topic's kept messages, oldest first (the worker's MessageHistory). */
export type KeptHistory = (topic: string) => readonly KeptMessage[]

const NO_HISTORY: KeptHistory = () => []

/**
 * The worker side of the charts. Every pinned series (a topic's payload, or a value at a JSON path
 * in it) is collected from the moment it is pinned, whether or not a chart shows it, into a
 * TimeSeries with a point budget (LIMITS.charts.seriesPoints).
 *
 * `ingest` is on the message hot path: one Map lookup by topic, and nothing else for a topic no
 * series is pinned on. For a pinned topic the payload is read once for all its series (the JSON
 * is parsed at most once: extractNumbers) and each series records a point or a counted skip.
 *
 * A series pinned anew starts with the points of the messages its topic still has in the history
 * (`history`), so a chart of a topic that already received 30 messages shows those 30 at once.
 *
 * What is on screen is ChartViews' business (setView / poll): downsampled ranges of the visible
 * charts, sent only when they changed. exportCsv writes every kept point.
 */
export class ChartCollector {
  #byKey = new Map<string, TimeSeries>()
  #byTopic = new Map<string, TopicSeries>()
  readonly #views = new ChartViews((key) => this.#byKey.get(key))
  readonly #history: KeptHistory
  readonly #decoded: DecodedCharts

  /**
   * `latest`: a topic's newest kept message (Sparkplug aliases come from the latest BIRTH); defaults
   * to the last of `history`. `protobuf`: the message types of Protobuf series (none: they skip).
   */
  constructor(history: KeptHistory = NO_HISTORY, latest?: DecodedHistory['latest'], protobuf?: ProtobufTypes) {
    this.#history = history
    this.#decoded = new DecodedCharts({ entries: history, latest: latest ?? ((topic) => history(topic).at(-1)) }, protobuf)
  }

  /** Resolves once the decoders of decoded series are loaded (tests). */
  decodersReady(): Promise<void> {
    return this.#decoded.ready()
  }

  /**
   * The pinned series. A key that stays keeps its series and points; a new key starts with the
   * points of its topic's kept history (backFill); a key no longer listed is dropped with its
   * points. At most LIMITS.charts.series (the first ones; the page refuses more anyway): each can
   * hold 1.6 MB of points.
   */
  setSeries(pinned: readonly PinnedSeries[]): void {
    const byKey = new Map<string, TimeSeries>()
    const byTopic = new Map<string, TopicSeries>()
    const added = new Map<string, TopicSeries>()
    for (const { key, topic, path, decoder } of pinned) {
      if (byKey.has(key)) continue
      if (byKey.size >= LIMITS.charts.series) break
      const kept = this.#byKey.get(key)
      const series = kept ?? new TimeSeries(LIMITS.charts.seriesPoints)
      byKey.set(key, series)
      addTo(byTopic, topic, path, series, decoder)
      if (!kept) addTo(added, topic, path, series, decoder)
    }
    this.#byKey = byKey
    this.#byTopic = byTopic
    // Checked when the decoders arrive: a series unpinned meanwhile is not back-filled.
    const isPinned = (series: TimeSeries) => [...this.#byKey.values()].includes(series)
    for (const [topic, fresh] of added) {
      if (fresh.series.length > 0) this.#backFill(topic, fresh)
      for (const group of fresh.decoded) this.#decoded.added(topic, group, isPinned)
    }
  }

  /** New series of one topic get a point (or a counted skip) per kept message, oldest first, as if they had been pinned all along. */
  #backFill(topic: string, { paths, series }: TopicSeries): void {
    for (const message of this.#history(topic)) {
      const values = extractNumbers(message.payload, paths)
      for (let i = 0; i < series.length; i++) series[i]!.record(message.receivedAt, values[i]!)
    }
  }

  /** The series collected for a key (tests, export). */
  series(key: string): TimeSeries | undefined {
    return this.#byKey.get(key)
  }

  /** Keys collected now. */
  get keys(): string[] {
    return [...this.#byKey.keys()]
  }

  /**
   * Records one message at `now` (epoch ms) into the series pinned on its topic. `payload` may be
   * a view into the socket's buffer: it is only read, here and now.
   */
  ingest(topic: string, payload: Uint8Array, now: number): void {
    if (this.#byTopic.size === 0) return
    const pinned = this.#byTopic.get(topic)
    if (pinned === undefined) return
    const { paths, series, decoded } = pinned
    if (decoded.length > 0) this.#decoded.ingest(topic, payload, now, decoded)
    if (series.length === 1) {
      series[0]!.record(now, extractNumber(payload, paths[0]!))
      return
    }
    if (series.length === 0) return
    const values = extractNumbers(payload, paths)
    for (let i = 0; i < series.length; i++) series[i]!.record(now, values[i]!)
  }

  /**
   * Forgets every point and skip count, keeping what is pinned: on a connection to another broker
   * (its values are not the same series as the last broker's). Visible charts are sent again.
   */
  clearPoints(): void {
    for (const series of this.#byKey.values()) series.clear()
    this.#decoded.reset()
    this.#views.forgetSent()
  }

  /** The visible charts ([] = none). `now`: when the view was received (see ChartViews). */
  setView(charts: readonly ChartView[], now: number = Date.now()): void {
    this.#views.set(charts, now)
  }

  /** The visible charts whose drawing changed since the last poll ([] when none did). */
  poll(now: number = Date.now()): ChartData[] {
    return this.#views.poll(now)
  }

  /**
   * Every kept point of these series as CSV (chartCsv: one column per series, in this order, rows
   * the union of their times). A key not collected (any more) gives an empty column.
   */
  exportCsv(series: ReadonlyArray<{ readonly key: string; readonly label: string }>): ChartCsv {
    return chartCsv(series.map(({ key, label }) => ({ label, ...(this.#byKey.get(key)?.toArrays() ?? NO_POINTS) })))
  }
}

function addTo(byTopic: Map<string, TopicSeries>, topic: string, path: JsonPath, series: TimeSeries, decoder: ChartDecoder | undefined): void {
  let onTopic = byTopic.get(topic)
  if (!onTopic) byTopic.set(topic, (onTopic = { paths: [], series: [], decoded: [] }))
  if (decoder === undefined) {
    onTopic.paths.push(path)
    onTopic.series.push(series)
    return
  }
  let group = onTopic.decoded.find((g) => g.decoder === decoder)
  if (!group) onTopic.decoded.push((group = { decoder, paths: [], series: [] }))
  group.paths.push(path)
  group.series.push(series)
}
