import type { ChartDecoder } from '../model/chart-types.ts'
import type { JsonPath } from '../model/json-path.ts'
import type { KeptBirth, ProtobufChoice } from '../model/decoded-numbers.ts'
import { parseSparkplugTopic, sparkplugBirthTopics } from '../model/sparkplug-topic.ts'
import type { TimeSeries } from '../model/time-series.ts'

type DecodersModule = typeof import('../model/binary-decoders.ts')

/** A kept message as the decoded series read it (MessageHistory's StoredMessage fits). */
export interface KeptSeqMessage {
  readonly seq: number
  readonly payload: Uint8Array
  readonly receivedAt: number
}

/** The history the decoded series read: a topic's kept messages (oldest first) and its newest. */
export interface DecodedHistory {
  readonly entries: (topic: string) => readonly KeptSeqMessage[]
  readonly latest: (topic: string) => KeptSeqMessage | undefined
}

/**
 * The message types of Protobuf series: the type of the topic's first Protobuf rule, from the
 * same compiled .proto files the inspector decodes with (`ready` resolves once they are compiled).
 */
export interface ProtobufTypes {
  readonly ready: () => Promise<void>
  readonly typeFor: (topic: string) => ProtobufChoice
}

/** The series of one topic read with one decoder, in parallel arrays. */
export interface DecodedGroup {
  readonly decoder: ChartDecoder
  readonly paths: JsonPath[]
  readonly series: TimeSeries[]
}

/**
 * Series of decoded values (Sparkplug B metrics by name, CBOR / MessagePack / Protobuf paths). The decoders
 * are the inspector's lazily loaded chunk: imported when the first decoded series is pinned, so a
 * page that charts only JSON never loads protobufjs, cbor-x or @msgpack/msgpack. Series pinned
 * before it arrives are back-filled from the kept history when it does (the messages that came
 * meanwhile are in that history), and live messages are read from then on.
 */
export class DecodedCharts {
  readonly #history: DecodedHistory
  #module: DecodersModule | undefined
  #live: InstanceType<DecodersModule['LiveDecodedNumbers']> | undefined
  #loading: Promise<void> | undefined
  /** Groups pinned while the decoders load; back-filled when they arrive, if still pinned. */
  #pending: { topic: string; group: DecodedGroup }[] = []
  #isPinned: (series: TimeSeries) => boolean = () => true

  readonly #protobuf: ProtobufTypes | undefined

  constructor(history: DecodedHistory, protobuf?: ProtobufTypes) {
    this.#history = history
    this.#protobuf = protobuf
  }

  /** Resolves once the decoders are loaded (tests; a failed load is retried on the next pin). */
  ready(): Promise<void> {
    return this.#loading ?? Promise.resolve()
  }

  /** New series: back-filled now, or once the decoders are loaded. `isPinned` tells which series are still pinned then. */
  added(topic: string, group: DecodedGroup, isPinned: (series: TimeSeries) => boolean): void {
    this.#isPinned = isPinned
    if (this.#module) this.#backFill(topic, group)
    else {
      this.#pending.push({ topic, group })
      this.#load()
    }
  }

  /** One live message for a topic's decoded groups (nothing until the decoders are loaded: the back-fill covers it). */
  ingest(topic: string, payload: Uint8Array, now: number, groups: readonly DecodedGroup[]): void {
    const live = this.#live
    if (!live) return
    for (const { decoder, paths, series } of groups) {
      const births = decoder === 'sparkplug' ? this.#latestBirths(topic) : []
      const values = live.read(decoder, topic, payload, paths, births, decoder === 'protobuf' ? this.#protobuf?.typeFor(topic) : undefined)
      for (let i = 0; i < series.length; i++) series[i]!.record(now, values[i]!)
    }
  }

  /** Another broker: its BIRTH messages are not this one's (arrival numbers start again), so no alias book is reused. */
  reset(): void {
    if (this.#module) this.#live = new this.#module.LiveDecodedNumbers()
  }

  #backFill(topic: string, { decoder, paths, series }: DecodedGroup): void {
    const module = this.#module!
    const messages = this.#history.entries(topic)
    const births = decoder === 'sparkplug' ? this.#keptBirths(topic) : []
    const protobuf = decoder === 'protobuf' ? this.#protobuf?.typeFor(topic) : undefined
    const rows = module.decodedHistory(decoder, topic, messages, births, paths, protobuf)
    rows.forEach((values, m) => {
      for (let i = 0; i < series.length; i++) series[i]!.record(messages[m]!.receivedAt, values[i]!)
    })
  }

  /** Every kept BIRTH message naming the aliases of `topic`'s node and device. */
  #keptBirths(topic: string): KeptBirth[] {
    const parsed = parseSparkplugTopic(topic)
    if (!parsed) return []
    return sparkplugBirthTopics(parsed).flatMap((t) => this.#history.entries(t).map((m) => ({ topic: t, seq: m.seq, payload: m.payload })))
  }

  /** The newest kept NBIRTH (and DBIRTH) of `topic`'s node (and device). */
  #latestBirths(topic: string): KeptBirth[] {
    const parsed = parseSparkplugTopic(topic)
    if (!parsed) return []
    return sparkplugBirthTopics(parsed).flatMap((t) => {
      const m = this.#history.latest(t)
      return m ? [{ topic: t, seq: m.seq, payload: m.payload }] : []
    })
  }

  #load(): void {
    if (this.#loading) return
    // Protobuf series also wait for the .proto files to be compiled (the same chunk, loaded by the inspector's decoding).
    const protobufReady = this.#protobuf?.ready() ?? Promise.resolve()
    this.#loading = Promise.all([import('../model/binary-decoders.ts'), protobufReady]).then(
      ([module]) => {
        this.#module = module
        this.#live = new module.LiveDecodedNumbers()
        const pending = this.#pending
        this.#pending = []
        for (const { topic, group } of pending) {
          const kept = group.series.map((s) => this.#isPinned(s))
          if (kept.some(Boolean)) this.#backFill(topic, group)
        }
      },
      () => {
        this.#loading = undefined // retried on the next pin
      },
    )
  }
}
