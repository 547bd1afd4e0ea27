import { parsePayloadJson } from '../chart-value.ts'
import { valueAtPath } from '../json-path.ts'
import { compileFilter } from '../topic-rules.ts'
import { LatencySamples } from './latency-stats.ts'
import { figuresOf, type MeasureFigures } from './measure-figures.ts'
import { MEASURE_LIMITS } from './measure-limits.ts'
import { SequenceTracker } from './sequence-tracker.ts'
import { parseTimestamp } from './timestamp.ts'
import { sequenceNumber, type WatchSettings } from './watch-settings.ts'

/** The article's figures for a watched stream, plus what the payloads lacked. */
export interface WatchFigures extends MeasureFigures {
  /** Counter resets (a reboot: the numbers start again lower) and wrap-arounds (past 65,535 comes 0); neither is loss. */
  readonly resets: number
  readonly wraps: number
  /** Messages without a sequence number at the path (the path matched nothing, or not JSON). */
  readonly noSequence: number
  /** Messages whose value at the path is not a whole number ≥ 0 ("abc", 1.5, -3). */
  readonly badSequence: number
  readonly noTimestamp: number
  readonly badTimestamp: number
}

export interface TopicFigures extends WatchFigures {
  readonly topic: string
}

/** One topic's counts (or, for topics beyond MEASURE_LIMITS.watchTopics, all of those together without sequence analysis). */
class TopicStream {
  readonly topic: string
  readonly sequence: SequenceTracker | undefined
  readonly latency: LatencySamples
  messages = 0
  bytes = 0
  noSequence = 0
  badSequence = 0
  noTimestamp = 0
  badTimestamp = 0

  constructor(topic: string, tracked: boolean, keep: number) {
    this.topic = topic
    this.sequence = tracked ? new SequenceTracker() : undefined
    this.latency = new LatencySamples(keep, 64)
  }
}

/** A payload as a value tree for the paths, or undefined when it does not decode (counted like a payload that is not JSON). */
export type WatchDecode = (topic: string, payload: Uint8Array) => unknown

/**
 * Records a watched stream per topic and in total. Topics that do not match the filter cost one
 * Map lookup (they are remembered as such); retained messages (sent because we subscribed, not
 * by the device now) are skipped and counted. A payload is parsed as JSON only when a path is set.
 * Latency = arrival − the payload's timestamp: the device's clock, so any clock offset is included.
 */
export class WatchRecorder {
  readonly settings: WatchSettings
  readonly startedAt: number
  readonly #matches: (topic: string) => boolean
  readonly #streams = new Map<string, TopicStream | null>()
  readonly #tracked: TopicStream[] = []
  readonly #untracked = new TopicStream('', false, 1)
  readonly #latency = new LatencySamples(MEASURE_LIMITS.watchLatencySamples)
  #untrackedTopics = new Set<string>()
  #ignored = 0
  retainedSkipped = 0
  #version = 0

  readonly #decode: WatchDecode | undefined

  /** `decode`: reads a payload of settings.format (Sparkplug B, CBOR, MessagePack) as a value tree instead of JSON. */
  constructor(settings: WatchSettings, startedAt: number, decode?: WatchDecode) {
    this.settings = settings
    this.startedAt = startedAt
    this.#matches = compileFilter(settings.filter)
    this.#decode = decode
  }

  /** Changes with every recorded message. */
  get version(): number {
    return this.#version
  }

  get topicCount(): number {
    return this.#tracked.length + this.#untrackedTopics.size
  }

  /** Topics beyond MEASURE_LIMITS.watchTopics: counted in the total, without sequence analysis. */
  get untrackedTopics(): number {
    return this.#untrackedTopics.size
  }

  ingest(topic: string, payload: Uint8Array, retain: boolean, at: number): void {
    let stream = this.#streams.get(topic)
    if (stream === undefined) stream = this.#classify(topic)
    if (stream === null) return
    if (retain) {
      this.retainedSkipped++
      this.#version++
      return
    }
    this.#version++
    stream.messages++
    stream.bytes += payload.length
    const { seqPath, timePath } = this.settings
    if (seqPath === undefined && timePath === undefined) return
    let json: unknown
    if (this.#decode) json = this.#decode(topic, payload)
    else {
      const parsed = parsePayloadJson(payload)
      json = 'skip' in parsed ? undefined : parsed.value
    }
    if (seqPath !== undefined) {
      const found = json === undefined ? undefined : valueAtPath(json, seqPath)
      const seq = found === undefined ? undefined : sequenceNumber(found.value)
      if (found === undefined) stream.noSequence++
      else if (seq === undefined) stream.badSequence++
      else stream.sequence?.observe(seq)
    }
    if (timePath !== undefined) {
      const found = json === undefined ? undefined : valueAtPath(json, timePath)
      const sentAt = found === undefined ? undefined : parseTimestamp(found.value)
      if (found === undefined) stream.noTimestamp++
      else if (sentAt === undefined) stream.badTimestamp++
      else {
        stream.latency.add(at - sentAt)
        this.#latency.add(at - sentAt)
      }
    }
  }

  #classify(topic: string): TopicStream | null {
    let stream: TopicStream | null = null
    if (this.#matches(topic)) {
      if (this.#tracked.length < MEASURE_LIMITS.watchTopics) {
        stream = new TopicStream(topic, true, MEASURE_LIMITS.topicLatencySamples)
        this.#tracked.push(stream)
      } else {
        stream = this.#untracked
        this.#untrackedTopics.add(topic)
      }
    }
    // Non-matching topics beyond the bound are matched again each time (cheap, allocation-free).
    if (stream !== null || this.#ignored++ < MEASURE_LIMITS.watchIgnoredTopics) this.#streams.set(topic, stream)
    return stream
  }

  /** The total over every topic, at `now`. */
  total(now: number): WatchFigures {
    const streams = this.#untracked.messages > 0 ? [...this.#tracked, this.#untracked] : this.#tracked
    return this.#figures(streams, this.#latency, now)
  }

  /** Per topic, the `limit` busiest first (each sorts up to MEASURE_LIMITS.topicLatencySamples latencies). */
  topics(now: number, limit = Infinity): TopicFigures[] {
    const busiest = limit < this.#tracked.length ? [...this.#tracked].sort((a, b) => b.messages - a.messages).slice(0, limit) : this.#tracked
    return busiest.map((stream) => ({ topic: stream.topic, ...this.#figures([stream], stream.latency, now) }))
  }

  #figures(streams: readonly TopicStream[], latency: LatencySamples, now: number): WatchFigures {
    let received = 0
    let lost = 0
    let duplicates = 0
    let outOfOrder = 0
    let bytes = 0
    let resets = 0
    let wraps = 0
    let noSequence = 0
    let badSequence = 0
    let noTimestamp = 0
    let badTimestamp = 0
    for (const s of streams) {
      const seq = s.sequence
      received += s.messages - (seq?.duplicates ?? 0)
      lost += seq?.lost ?? 0
      duplicates += seq?.duplicates ?? 0
      outOfOrder += seq?.outOfOrder ?? 0
      resets += seq?.resets ?? 0
      wraps += seq?.wraps ?? 0
      bytes += s.bytes
      noSequence += s.noSequence
      badSequence += s.badSequence
      noTimestamp += s.noTimestamp
      badTimestamp += s.badTimestamp
    }
    const base = figuresOf({
      sent: received + lost,
      received,
      lost,
      duplicates,
      outOfOrder,
      bytes,
      elapsedMs: now - this.startedAt,
      latency: latency.summary(),
    })
    return { ...base, resets, wraps, noSequence, badSequence, noTimestamp, badTimestamp }
  }
}
