/** Charts: the series the worker collects and what a visible chart draws. */
/**
 * The decoder a series reads its topic's payloads with, when they are not JSON: a Sparkplug B
 * metric by name (path [metric name]; aliases resolved from the last BIRTH, so a rebirth with
 * other aliases continues the series), or a path into a CBOR, MessagePack or Protobuf value (like a
 * JSON path; Protobuf with the message type of the topic's first Protobuf rule).
 */
export type ChartDecoder = 'sparkplug' | 'cbor' | 'msgpack' | 'protobuf'

export const CHART_DECODERS: readonly ChartDecoder[] = ['sparkplug', 'cbor', 'msgpack', 'protobuf']

/** One collected series: a topic's payload (path []), one value inside its JSON, or a decoded value. */
export interface PinnedSeries {
  /** seriesKey(topic, path, decoder). */
  readonly key: string
  readonly topic: string
  readonly path: ReadonlyArray<string | number>
  /** Absent: the payload as text / JSON. */
  readonly decoder?: ChartDecoder
}

/** One visible chart: its series over [from, to], downsampled to `buckets` (half its width in px; ≤ 4 points each). */
export interface ChartView {
  readonly chartId: string
  readonly keys: readonly string[]
  /**
   * Epoch ms; -Infinity: from the first point kept ('all'). With a moving `to`, the window keeps its
   * length (the worker's now - from, in whole seconds) as it slides: send windowRange(w, Date.now()).from.
   */
  readonly from: number
  /** Epoch ms; undefined: now, moving (live scrolling). A paused chart sends its frozen `to`. */
  readonly to: number | undefined
  readonly buckets: number
}

/** One series as a chart draws it. Arrays are transferred, not copied. */
export interface SeriesData {
  readonly key: string
  /** Points in the range, downsampled (min/max per bucket) when `downsampled`. */
  readonly times: Float64Array
  readonly values: Float64Array
  /** Points of the series in the range before downsampling. */
  readonly inRange: number
  /** Points the series keeps, and what its budget evicted. */
  readonly kept: number
  readonly evicted: number
  readonly downsampled: boolean
  /** Values on the pinned topic that were not numbers, per reason (model/chart-value.ts SKIP_REASONS). */
  readonly skipped: Readonly<Record<string, number>>
}

export interface ChartData {
  readonly chartId: string
  readonly from: number
  readonly to: number
  readonly series: readonly SeriesData[]
}
