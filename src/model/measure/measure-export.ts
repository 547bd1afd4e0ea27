import { textCell } from '../chart-csv.ts'
import type { LatencySummary } from './latency-stats.ts'
import type { MeasureFigures } from './measure-figures.ts'
import type { ProbeReport } from './probe-run.ts'
import type { WatchFigures } from './watch-recorder.ts'
import type { WatchReport } from './watch-run.ts'

/** Latency as `--json` prints it: ms to the microsecond; null when nothing was measured. */
export type LatencyJson = { readonly [K in keyof LatencySummary]: number } | null

/** The fields `mqtt-scope measure --json` prints (and every export of a run starts with). */
export interface SummaryJson {
  readonly sent: number
  readonly received: number
  readonly lost: number
  readonly loss_rate: number
  readonly duplicates: number
  readonly out_of_order: number
  readonly duration_s: number
  readonly throughput_msg_s: number
  readonly throughput_msg_min: number
  readonly latency_ms: LatencyJson
}

const round = (n: number, digits: number) => Number(n.toFixed(digits))

export function latencyJson(latency: LatencySummary | undefined): LatencyJson {
  if (latency === undefined) return null
  const ms = (n: number) => round(n, 3)
  return { min: ms(latency.min), mean: ms(latency.mean), p50: ms(latency.p50), p90: ms(latency.p90), p99: ms(latency.p99), max: ms(latency.max) }
}

export function summaryJson(f: MeasureFigures): SummaryJson {
  return {
    sent: f.sent,
    received: f.received,
    lost: f.lost,
    loss_rate: round(f.lossRate, 6),
    duplicates: f.duplicates,
    out_of_order: f.outOfOrder,
    duration_s: round(f.durationS, 3),
    throughput_msg_s: round(f.throughputMsgS, 3),
    throughput_msg_min: round(f.throughputMsgMin, 3),
    latency_ms: latencyJson(f.latency),
  }
}

const EMPTY: MeasureFigures = {
  sent: 0,
  received: 0,
  lost: 0,
  lossRate: 0,
  duplicates: 0,
  outOfOrder: 0,
  durationS: 0,
  throughputMsgS: 0,
  throughputMsgMin: 0,
  bytesPerS: 0,
  latency: undefined,
}

/** A probe as `--json` prints it; `incomplete` (the reason) only when the run was cut short. */
export function probeJson(report: ProbeReport): SummaryJson & { incomplete?: string } {
  return { ...summaryJson(report.figures ?? EMPTY), ...(report.incomplete !== undefined ? { incomplete: report.incomplete } : {}) }
}

type WatchSummaryJson = SummaryJson & { readonly resets: number }

/** `resets` counts counter resets and wrap-arounds: the times a sequence started again lower. */
function watchSummary(f: WatchFigures): WatchSummaryJson {
  return { ...summaryJson(f), resets: f.resets + f.wraps }
}

/** A watch as `--json` prints it: the total, `resets`, and `topics` (an object per topic with the same fields). */
export function watchJson(report: WatchReport): WatchSummaryJson & { topics: Record<string, WatchSummaryJson>; incomplete?: string } {
  const topics: Record<string, WatchSummaryJson> = {}
  for (const t of report.topics) topics[t.topic] = watchSummary(t)
  return { ...watchSummary(report.total), topics, ...(report.incomplete !== undefined ? { incomplete: report.incomplete } : {}) }
}

/** One finished probe run as a row of the page's table export (JSON). */
export function runRecord(report: ProbeReport) {
  const s = report.settings
  return {
    run: report.runId,
    started: new Date(report.startedAt).toISOString(),
    topic: s.topic,
    qos: s.qos,
    publish_qos: report.publishQos ?? null,
    subscribed_qos: report.subscribedQos ?? null,
    messages: s.count,
    rate_msg_s: s.rate ?? null,
    payload_bytes: s.size,
    separate_subscriber: s.separateSubscriber,
    ...summaryJson(report.figures ?? EMPTY),
    bytes_s: round(report.figures?.bytesPerS ?? 0, 3),
    ack_ms: latencyJson(report.figures?.ack),
    incomplete: report.incomplete ?? (report.error !== undefined ? report.error : null),
    notes: report.notes,
  }
}

export function runsJson(reports: readonly ProbeReport[]): string {
  return JSON.stringify(reports.map(runRecord), null, 2) + '\n'
}

const CSV_COLUMNS = [
  'run',
  'started',
  'topic',
  'qos',
  'publish_qos',
  'subscribed_qos',
  'messages',
  'rate_msg_s',
  'payload_bytes',
  'separate_subscriber',
  'sent',
  'received',
  'lost',
  'loss_rate',
  'duplicates',
  'out_of_order',
  'duration_s',
  'throughput_msg_s',
  'throughput_msg_min',
  'bytes_s',
  'latency_min_ms',
  'latency_mean_ms',
  'latency_p50_ms',
  'latency_p90_ms',
  'latency_p99_ms',
  'latency_max_ms',
  'ack_p50_ms',
  'ack_p99_ms',
  'incomplete',
  'notes',
] as const

/** The runs table as CSV (RFC 4180, CRLF; text cells escaped against formula injection). */
export function runsCsv(reports: readonly ProbeReport[]): string {
  const lines = [CSV_COLUMNS.join(',')]
  for (const report of reports) {
    const r = runRecord(report)
    const l = r.latency_ms
    const cells: Array<string | number | boolean | null> = [
      r.run,
      r.started,
      r.topic,
      r.qos,
      r.publish_qos,
      r.subscribed_qos,
      r.messages,
      r.rate_msg_s,
      r.payload_bytes,
      r.separate_subscriber,
      r.sent,
      r.received,
      r.lost,
      r.loss_rate,
      r.duplicates,
      r.out_of_order,
      r.duration_s,
      r.throughput_msg_s,
      r.throughput_msg_min,
      r.bytes_s,
      l?.min ?? null,
      l?.mean ?? null,
      l?.p50 ?? null,
      l?.p90 ?? null,
      l?.p99 ?? null,
      l?.max ?? null,
      r.ack_ms?.p50 ?? null,
      r.ack_ms?.p99 ?? null,
      r.incomplete,
      r.notes.join(' | '),
    ]
    lines.push(cells.map((c) => (c === null ? '' : typeof c === 'string' ? textCell(c) : String(c))).join(','))
  }
  return lines.join('\r\n') + '\r\n'
}
