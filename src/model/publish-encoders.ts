import { encode as msgpackEncode } from '@msgpack/msgpack'
import { Encoder } from 'cbor-x'
import type { Type } from 'protobufjs'
import { type EncodedFormat, NO_MESSAGE_TYPE, parsePublishJson, type SparkplugDraft, sparkplugDraft, type SparkplugMetricDraft } from './encoded-publish.ts'
import type { DecodeResult } from './payload-decoders.ts'
import { encodeProtobuf } from './protobuf-encode.ts'
import { SPARKPLUG_DATATYPES } from './sparkplug-datatypes.ts'
import { sparkplugPayloadType } from './sparkplug-payload.ts'
import type { SparkplugTopic } from './sparkplug-topic.ts'

/**
 * The publish encoders (part of the lazily loaded decoders' chunk, run in the worker for every
 * send, after templates are expanded): JSON text to CBOR, MessagePack, a Sparkplug B payload or a
 * Protobuf message.
 */

// useRecords false: plain CBOR maps, which any CBOR decoder reads (cbor-x's records are its own extension).
const cbor = new Encoder({ useRecords: false })

/**
 * Sparkplug B sequence numbers per edge node: NBIRTH is 0, each later message of the node or its
 * devices the next, 255 then 0. NDEATH and commands (NCMD, DCMD) carry none, as the spec has it.
 */
export class SparkplugSequence {
  readonly #next = new Map<string, number>()

  take(topic: SparkplugTopic): number | undefined {
    if (topic.kind === 'state' || topic.type === 'NDEATH' || topic.type === 'NCMD' || topic.type === 'DCMD') return undefined
    const node = `${topic.group}/${topic.edgeNode}`
    const seq = topic.type === 'NBIRTH' ? 0 : (this.#next.get(node) ?? 0)
    this.#next.set(node, (seq + 1) % 256)
    return seq
  }
}

const SIGNED_32 = new Set(['Int8', 'Int16', 'Int32'])
const UNSIGNED_32 = new Set(['UInt8', 'UInt16', 'UInt32'])
const LONG = new Set(['Int64', 'UInt64', 'DateTime'])

/** The Metric object (protobufjs fromObject, the schema's snake_case names); 64-bit values as decimal strings (exact). */
function metricObject(m: SparkplugMetricDraft): Record<string, unknown> {
  const out: Record<string, unknown> = { datatype: m.datatype }
  if (m.name !== undefined) out.name = m.name
  if (m.alias !== undefined) out.alias = m.alias.toString()
  if (m.timestamp !== undefined) out.timestamp = m.timestamp.toString()
  const type = SPARKPLUG_DATATYPES[m.datatype]!
  const v = m.value
  if (v === null) out.is_null = true
  else if (SIGNED_32.has(type) || UNSIGNED_32.has(type))
    out.int_value = Number(v) >>> 0 // two's complement in uint32, as the spec stores them
  else if (LONG.has(type)) out.long_value = BigInt.asUintN(64, BigInt(v)).toString()
  else if (type === 'Float') out.float_value = v
  else if (type === 'Double') out.double_value = v
  else if (type === 'Boolean') out.boolean_value = v
  else out.string_value = v
  return out
}

export function encodeSparkplug(draft: SparkplugDraft, seq: number | undefined, now: number): Uint8Array {
  const type = sparkplugPayloadType()
  const payload: Record<string, unknown> = {
    timestamp: (draft.timestamp ?? BigInt(Math.floor(now))).toString(),
    metrics: draft.metrics.map(metricObject),
  }
  if (seq !== undefined) payload.seq = seq
  if (draft.uuid !== undefined) payload.uuid = draft.uuid
  return type.encode(type.fromObject(payload)).finish()
}

/**
 * One send's payload: `text` (JSON, templates already expanded) encoded as `format`. Throws an
 * Error whose message names the position or field when it cannot be encoded (nothing is sent).
 * Protobuf: `protobuf` is the chosen message type, looked up in the user's compiled .proto files.
 */
export function encodePublish(
  format: EncodedFormat,
  topic: string,
  text: string,
  sequence: SparkplugSequence,
  now: number,
  protobuf: DecodeResult<Type> = { error: NO_MESSAGE_TYPE },
): Uint8Array {
  if (format === 'protobuf') {
    if ('error' in protobuf) throw new Error(protobuf.error)
    return encodeProtobuf(protobuf.value, text)
  }
  const parsed = parsePublishJson(text)
  if ('error' in parsed) throw new Error(parsed.error)
  switch (format) {
    case 'cbor':
      return Uint8Array.from(cbor.encode(parsed.value))
    case 'msgpack':
      return msgpackEncode(parsed.value, { useBigInt64: true })
    case 'sparkplug': {
      const draft = sparkplugDraft(topic, parsed.value)
      if ('error' in draft) throw new Error(draft.error)
      return encodeSparkplug(draft, sequence.take(draft.topic), now)
    }
  }
}
