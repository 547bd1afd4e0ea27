import type { LatencySummary } from './latency-stats.ts'

/**
 * The measures of the article this project grew from (§4), shared by the probe, the watch, the
 * page and the CLI:
 * - throughput = messages / time: 1,000 messages in a minute is 1,000 messages/minute;
 * - latency = receive time − send time (same clock);
 * - loss rate = lost messages / sent messages: 1,000 sent and 900 received is 10 %.
 */
export interface MeasureFigures {
  readonly sent: number
  /** Distinct messages received (a duplicate counts once). */
  readonly received: number
  readonly lost: number
  /** lost / sent, 0..1 (0 when nothing was sent). */
  readonly lossRate: number
  readonly duplicates: number
  /** Messages that arrived after one with a higher sequence number. */
  readonly outOfOrder: number
  /** The time the throughput is measured over, in seconds. */
  readonly durationS: number
  readonly throughputMsgS: number
  /** The article's unit. */
  readonly throughputMsgMin: number
  readonly bytesPerS: number
  /** Undefined when no message carried a send time. */
  readonly latency: LatencySummary | undefined
}

/** messages / elapsed, per second and per minute; 0 over no time. */
export function throughput(messages: number, elapsedMs: number): { perSecond: number; perMinute: number } {
  if (!(elapsedMs > 0)) return { perSecond: 0, perMinute: 0 }
  return { perSecond: (messages * 1000) / elapsedMs, perMinute: (messages * 60_000) / elapsedMs }
}

/** lost / sent, 0..1; 0 when nothing was sent. */
export function lossRate(lost: number, sent: number): number {
  return sent > 0 ? Math.min(1, Math.max(0, lost / sent)) : 0
}

export interface Counts {
  readonly sent: number
  readonly received: number
  readonly lost: number
  readonly duplicates: number
  readonly outOfOrder: number
  readonly bytes: number
  readonly elapsedMs: number
  readonly latency: LatencySummary | undefined
}

/** The figures from raw counts: loss rate and throughput by the formulas above. */
export function figuresOf(counts: Counts): MeasureFigures {
  const rate = throughput(counts.received, counts.elapsedMs)
  return {
    sent: counts.sent,
    received: counts.received,
    lost: counts.lost,
    lossRate: lossRate(counts.lost, counts.sent),
    duplicates: counts.duplicates,
    outOfOrder: counts.outOfOrder,
    durationS: Math.max(0, counts.elapsedMs) / 1000,
    throughputMsgS: rate.perSecond,
    throughputMsgMin: rate.perMinute,
    bytesPerS: throughput(counts.bytes, counts.elapsedMs).perSecond,
    latency: counts.latency,
  }
}
