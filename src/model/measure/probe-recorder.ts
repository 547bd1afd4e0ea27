import { histogram, LatencySamples, type HistogramBin, type LatencySummary } from './latency-stats.ts'
import { LatencyTimeline, type TimelinePoint } from './latency-timeline.ts'
import { figuresOf, type MeasureFigures } from './measure-figures.ts'
import { MEASURE_LIMITS } from './measure-limits.ts'
import type { ProbeStamp } from './probe-payload.ts'

/** A probe run's figures: the article's measures plus what the sending side saw. */
export interface ProbeFigures extends MeasureFigures {
  /** Messages handed to the connection per second, first send to last. */
  readonly sendRate: number
  /** QoS 1/2: publish to PUBACK (QoS 1) or PUBCOMP (QoS 2, after PUBREC/PUBREL), ms. */
  readonly ack: LatencySummary | undefined
  readonly acked: number
  /** Acknowledged with an MQTT 5 reason code of 0x80 or more (the broker took the message but refused it). */
  readonly refused: number
  /** Sent at QoS 1/2 and neither acknowledged nor refused (yet, or by the end). */
  readonly unacked: number
  /** Messages on the probe topic that were not this run's (another publisher, an old retained message). */
  readonly foreign: number
}

/**
 * Records one probe run as it goes (sends, acknowledgements, arrivals) and computes its figures.
 * Pure: every time is given by the caller (epoch ms with a fraction, one clock for both ends).
 *
 * - received counts distinct sequence numbers; a number seen again is a duplicate;
 * - out of order: a message that arrives after one with a higher sequence number;
 * - lost = sent − received, final once the grace period after the last send has passed; while the
 *   run goes on, "lost so far" counts the messages sent more than the grace period ago that have
 *   not arrived (a late one is taken off again);
 * - throughput = received / (first send → last arrival); latency = arrival − the stamp's send time.
 */
export class ProbeRecorder {
  readonly #count: number
  readonly #qos: number
  readonly #runId: string
  readonly #sentAt: Float64Array
  readonly #got: Uint8Array
  readonly latencies = new LatencySamples()
  readonly #acks = new LatencySamples()
  readonly #timeline: LatencyTimeline
  #sent = 0
  #received = 0
  #duplicates = 0
  #outOfOrder = 0
  #foreign = 0
  #refused = 0
  #bytes = 0
  #maxSeq = 0
  #firstSend: number | undefined
  #lastSend: number | undefined
  #lastReceive: number | undefined
  /** Sequence numbers below this were sent more than the grace period ago; #overdue of them are missing. */
  #overdueCursor = 1
  #overdue = 0
  #live: { at: number; latency: LatencySummary | undefined; ack: LatencySummary | undefined } | undefined

  constructor(runId: string, count: number, qos: number, startedAt: number) {
    this.#runId = runId
    this.#count = count
    this.#qos = qos
    // NaN: not sent (yet).
    this.#sentAt = new Float64Array(count + 1).fill(NaN)
    this.#got = new Uint8Array(count + 1)
    this.#timeline = new LatencyTimeline(startedAt, MEASURE_LIMITS.timelinePoints)
  }

  get sent(): number {
    return this.#sent
  }

  get received(): number {
    return this.#received
  }

  /** The time of the last send or arrival, whichever is later (the grace period runs from there). */
  get lastActivity(): number | undefined {
    if (this.#lastSend === undefined) return this.#lastReceive
    return this.#lastReceive === undefined ? this.#lastSend : Math.max(this.#lastSend, this.#lastReceive)
  }

  /** Message `seq` (1..count, in order) was handed to the connection at `at`. */
  recordSend(seq: number, at: number): void {
    this.#sentAt[seq] = at
    this.#sent++
    this.#firstSend ??= at
    this.#lastSend = at
  }

  recordAck(ms: number): void {
    this.#acks.add(ms)
  }

  recordRefused(): void {
    this.#refused++
  }

  /** A message arrived on the probe topic at `at` (`stamp` undefined: not a probe payload). */
  recordReceive(stamp: ProbeStamp | undefined, at: number, bytes: number): void {
    if (!stamp || stamp.runId !== this.#runId || stamp.seq < 1 || stamp.seq > this.#count || Number.isNaN(this.#sentAt[stamp.seq]!)) {
      this.#foreign++
      return
    }
    const seq = stamp.seq
    if (this.#got[seq] === 1) {
      this.#duplicates++
      return
    }
    this.#got[seq] = 1
    this.#received++
    this.#bytes += bytes
    this.#lastReceive = at
    if (seq < this.#maxSeq) this.#outOfOrder++
    else this.#maxSeq = seq
    if (seq < this.#overdueCursor) this.#overdue-- // it had been counted lost so far
    const latency = at - stamp.sentAt
    this.latencies.add(latency)
    this.#timeline.add(at, latency)
  }

  /**
   * The figures at `now`. `final`: the run is over (lost = sent − received). Percentiles are
   * recomputed at most every MEASURE_LIMITS.liveSummaryMs while the run goes on (each one sorts
   * every sample), and always for the final figures.
   */
  figures(now: number, final: boolean): ProbeFigures {
    const lost = final ? this.#sent - this.#received : this.#lostSoFar(now)
    if (final || this.#live === undefined || now - this.#live.at >= MEASURE_LIMITS.liveSummaryMs) {
      this.#live = { at: now, latency: this.latencies.summary(), ack: this.#acks.summary() }
    }
    const first = this.#firstSend
    const elapsed = first === undefined || this.#lastReceive === undefined ? 0 : this.#lastReceive - first
    const sending = first === undefined || this.#lastSend === undefined ? 0 : this.#lastSend - first
    const acked = this.#acks.count
    return {
      ...figuresOf({
        sent: this.#sent,
        received: this.#received,
        lost,
        duplicates: this.#duplicates,
        outOfOrder: this.#outOfOrder,
        bytes: this.#bytes,
        elapsedMs: elapsed,
        latency: this.#live.latency,
      }),
      sendRate: sending > 0 ? ((this.#sent - 1) * 1000) / sending : 0,
      ack: this.#live.ack,
      acked,
      refused: this.#refused,
      unacked: this.#qos > 0 ? Math.max(0, this.#sent - acked - this.#refused) : 0,
      foreign: this.#foreign,
    }
  }

  #lostSoFar(now: number): number {
    const due = now - MEASURE_LIMITS.graceMs
    while (this.#overdueCursor <= this.#count && this.#sentAt[this.#overdueCursor]! <= due) {
      if (this.#got[this.#overdueCursor] === 0) this.#overdue++
      this.#overdueCursor++
    }
    return this.#overdue
  }

  histogram(): HistogramBin[] {
    return histogram(this.latencies.sorted(), MEASURE_LIMITS.histogramBins)
  }

  timeline(): TimelinePoint[] {
    return this.#timeline.points()
  }
}
