import type { Type } from 'protobufjs'
import { decodeCborTree } from './cbor-payload.ts'
import { chartableNumber, type Extracted, numberAtPath, skipOf } from './chart-value.ts'
import type { ChartDecoder } from './chart-types.ts'
import type { DecodedTree } from './decoded-value.ts'
import type { JsonPath } from './json-path.ts'
import { decodeMsgpackTree } from './msgpack-payload.ts'
import type { DecodeResult } from './payload-decoders.ts'
import { decodeProtobufTree } from './protobuf-payload.ts'
import { decodeSparkplug, SparkplugSessions } from './sparkplug-payload.ts'

/**
 * Chart values of decoded payloads (part of the lazily loaded decoders' chunk): a Sparkplug B
 * series is a metric by name (path [name]), read after the aliases of the last BIRTH are known; a
 * CBOR, MessagePack or Protobuf series is a path into the decoded value, read like a JSON path
 * (Protobuf with the message type of the topic's rule, `protobuf`: without one nothing decodes).
 */

/** The message type a Protobuf series decodes with, or why there is none (its values are then skipped as undecodable). */
export type ProtobufChoice = DecodeResult<Type> | undefined

/** A payload as a value tree: CBOR, MessagePack or Protobuf (with its type); an error when it does not decode. */
function decodedTree(decoder: Exclude<ChartDecoder, 'sparkplug'>, payload: Uint8Array, protobuf: ProtobufChoice): DecodeResult<DecodedTree> {
  if (decoder === 'cbor') return decodeCborTree(payload)
  if (decoder === 'msgpack') return decodeMsgpackTree(payload)
  if (protobuf === undefined || 'error' in protobuf) return { error: protobuf?.error ?? 'no Protobuf message type for this topic' }
  return decodeProtobufTree(protobuf.value, payload)
}

/** A kept message of a Sparkplug BIRTH topic (NBIRTH of the node, DBIRTH of the device). */
export interface KeptBirth {
  readonly topic: string
  readonly seq: number
  readonly payload: Uint8Array
}

/** A kept message of the charted topic. */
export interface KeptPayload {
  readonly seq: number
  readonly payload: Uint8Array
}

const MEMO_SIZE = 32

/** The value of a decoded metric as a chart value: numbers and booleans; 64-bit integers only while exact. */
function metricNumber(value: number | bigint | boolean): Extracted {
  return chartableNumber(value) ?? skipOf(typeof value === 'bigint' ? 'inexact' : 'not-numeric')
}

/**
 * The values of `paths` in one payload, in their order. Sparkplug metrics are looked up by name
 * (the first metric of that name), with aliases resolved by `sessions` (the node's and device's
 * last BIRTH before this message).
 */
export function decodedNumbers(
  decoder: ChartDecoder,
  topic: string,
  payload: Uint8Array,
  paths: readonly JsonPath[],
  sessions: SparkplugSessions = new SparkplugSessions(),
  protobuf?: ProtobufChoice,
): Extracted[] {
  if (decoder === 'sparkplug') {
    const decoded = decodeSparkplug(topic, payload, sessions)
    if ('error' in decoded) return paths.map(() => skipOf('undecodable'))
    const byName = new Map<string, number | bigint | boolean>()
    for (const { name, value } of decoded.value.metricValues) if (!byName.has(name)) byName.set(name, value)
    return paths.map((path) => {
      const name = path.length === 1 && typeof path[0] === 'string' ? path[0] : undefined
      const value = name === undefined ? undefined : byName.get(name)
      return value === undefined ? skipOf('missing') : metricNumber(value)
    })
  }
  const tree = decodedTree(decoder, payload, protobuf)
  if ('error' in tree) return paths.map(() => skipOf('undecodable'))
  return paths.map((path) => numberAtPath(tree.value, path))
}

/**
 * A payload decoded as a value tree (undefined when it does not decode), for a Measure watch's
 * sequence and timestamp paths: Sparkplug B gives seq, timestamp.ms, metrics.<name>.value (aliases
 * are not resolved here: a watch reads the seq and time of every message, not metrics by alias).
 */
export function decodedValue(decoder: ChartDecoder, topic: string, payload: Uint8Array, protobuf?: ProtobufChoice): DecodedTree | undefined {
  if (decoder === 'sparkplug') {
    const decoded = decodeSparkplug(topic, payload, new SparkplugSessions())
    return 'error' in decoded ? undefined : decoded.value.tree
  }
  const tree = decodedTree(decoder, payload, protobuf)
  return 'error' in tree ? undefined : tree.value
}

/**
 * The values of a topic's kept messages (oldest first), as a series pinned anew starts with them.
 * For Sparkplug B the kept BIRTH messages (any order) are replayed by arrival order, so each DATA
 * message reads the aliases of the last BIRTH before it: a rebirth with other aliases keeps every
 * metric under its name.
 */
export function decodedHistory(
  decoder: ChartDecoder,
  topic: string,
  messages: readonly KeptPayload[],
  births: readonly KeptBirth[],
  paths: readonly JsonPath[],
  protobuf?: ProtobufChoice,
): Extracted[][] {
  const sessions = new SparkplugSessions()
  const ordered = [...births].sort((a, b) => a.seq - b.seq)
  let next = 0
  return messages.map((message) => {
    if (decoder === 'sparkplug') {
      while (next < ordered.length && ordered[next]!.seq < message.seq) {
        const birth = ordered[next++]!
        decodeSparkplug(birth.topic, birth.payload, sessions)
      }
    }
    return decodedNumbers(decoder, topic, message.payload, paths, sessions, protobuf)
  })
}

/**
 * Live values: the aliases come from the latest kept BIRTH messages, decoded once per set of
 * BIRTH messages (not per DATA message) and reused until a rebirth arrives.
 */
export class LiveDecodedNumbers {
  /** Sessions per set of BIRTH messages, the most recent few (one per charted node or device). */
  readonly #memo = new Map<string, SparkplugSessions>()

  read(
    decoder: ChartDecoder,
    topic: string,
    payload: Uint8Array,
    paths: readonly JsonPath[],
    latestBirths: readonly KeptBirth[],
    protobuf?: ProtobufChoice,
  ): Extracted[] {
    if (decoder !== 'sparkplug') return decodedNumbers(decoder, topic, payload, paths, undefined, protobuf)
    const ordered = [...latestBirths].sort((a, b) => a.seq - b.seq)
    const key = ordered.map((b) => `${b.topic}#${b.seq}`).join(',')
    let sessions = this.#memo.get(key)
    if (sessions === undefined) {
      sessions = new SparkplugSessions()
      for (const birth of ordered) decodeSparkplug(birth.topic, birth.payload, sessions)
      this.#memo.set(key, sessions)
      if (this.#memo.size > MEMO_SIZE) this.#memo.delete(this.#memo.keys().next().value!)
    }
    return decodedNumbers(decoder, topic, payload, paths, sessions)
  }
}
