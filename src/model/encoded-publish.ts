import { findJsonSyntaxError, formatJsonSyntaxError } from './json-source.ts'
import { SPARKPLUG_DATATYPES } from './sparkplug-datatypes.ts'
import { parseSparkplugTopic, type SparkplugTopic } from './sparkplug-topic.ts'

/**
 * Publish formats written as JSON and encoded before sending: CBOR, MessagePack, Sparkplug B and
 * Protobuf (with a message type of the user's .proto files; its fields are checked by the worker,
 * which holds the compiled .proto files).
 * This file is light (no encoding library): the page checks a draft with it as the person types;
 * the worker encodes each send with model/publish-encoders.ts, part of the lazily loaded chunk.
 */
export type EncodedFormat = 'cbor' | 'msgpack' | 'sparkplug' | 'protobuf'
export const ENCODED_FORMATS: readonly EncodedFormat[] = ['cbor', 'msgpack', 'sparkplug', 'protobuf']

export const ENCODED_FORMAT_LABELS: { readonly [F in EncodedFormat]: string } = {
  cbor: 'CBOR',
  msgpack: 'MessagePack',
  sparkplug: 'Sparkplug B',
  protobuf: 'Protobuf',
}

/** Why a Protobuf draft cannot be sent without a message type. */
export const NO_MESSAGE_TYPE = 'choose a message type (add a .proto file in Payload decoders)'

/** A parsed JSON value; integers outside ±2^53 as bigint (64-bit values keep every digit). */
export type PublishValue = null | boolean | number | bigint | string | PublishValue[] | { [key: string]: PublishValue }

// A big integer literal is parsed as this string first, then revived as a bigint.
const BIG_MARK = '\u0000bigint:'

/** Integer literals beyond ±2^53 (outside strings) quoted with BIG_MARK, so JSON.parse keeps their digits. */
function markBigIntegers(text: string): string {
  if (!/\d{16}/.test(text)) return text
  let out = ''
  let last = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
      continue
    }
    if (c === '"') inString = true
    else if (c === '-' || (c >= '0' && c <= '9')) {
      const token = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400))![0]
      if (/^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(last, i)}"\\u0000bigint:${token}"` // BIG_MARK, escaped as JSON
        last = i + token.length
      }
      i += token.length - 1
    }
  }
  return out + text.slice(last)
}

/**
 * JSON text parsed for encoding, or its syntax error (line and column). Integers beyond ±2^53 keep
 * every digit (as bigint): CBOR, MessagePack and Sparkplug then write them exactly.
 */
export function parsePublishJson(text: string): { value: PublishValue } | { error: string } {
  const syntax = findJsonSyntaxError(text)
  if (syntax) return { error: formatJsonSyntaxError(syntax) }
  const reviver = (_key: string, value: unknown): unknown =>
    typeof value === 'string' && value.startsWith(BIG_MARK) ? BigInt(value.slice(BIG_MARK.length)) : value
  return { value: JSON.parse(markBigIntegers(text), reviver) as PublishValue }
}

/** One metric of a Sparkplug B draft, checked: a datatype number and a value that fits it. */
export interface SparkplugMetricDraft {
  readonly name?: string
  readonly alias?: bigint
  readonly datatype: number
  /** Number for 8- to 32-bit integers, Float, Double; bigint for 64-bit and DateTime; boolean; string; null (is_null). */
  readonly value: number | bigint | boolean | string | null
  readonly timestamp?: bigint
}

export interface SparkplugDraft {
  readonly topic: SparkplugTopic & { kind: 'node' | 'device' }
  readonly metrics: readonly SparkplugMetricDraft[]
  /** Given in the JSON; otherwise the send time is filled in. */
  readonly timestamp?: bigint
  readonly uuid?: string
}

const INT_RANGES: Record<string, readonly [bigint, bigint]> = {
  Int8: [-128n, 127n],
  Int16: [-32768n, 32767n],
  Int32: [-2147483648n, 2147483647n],
  Int64: [-(2n ** 63n), 2n ** 63n - 1n],
  UInt8: [0n, 255n],
  UInt16: [0n, 65535n],
  UInt32: [0n, 4294967295n],
  UInt64: [0n, 2n ** 64n - 1n],
  DateTime: [0n, 2n ** 64n - 1n],
}
const STRING_TYPES = new Set(['String', 'Text', 'UUID'])
const DATATYPE_NAMES: readonly string[] = SPARKPLUG_DATATYPES

const isObject = (v: unknown): v is { [key: string]: PublishValue } => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The datatype a value gets when the draft names none: Boolean, String, Int64 (whole numbers) or Double. */
function inferredType(value: PublishValue): number | undefined {
  if (typeof value === 'boolean') return DATATYPE_NAMES.indexOf('Boolean')
  if (typeof value === 'string') return DATATYPE_NAMES.indexOf('String')
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) return DATATYPE_NAMES.indexOf('Int64')
  if (typeof value === 'number') return DATATYPE_NAMES.indexOf('Double')
  return undefined
}

function checkMetric(raw: PublishValue, at: string): SparkplugMetricDraft | string {
  if (!isObject(raw)) return `${at}: a metric is an object like {"name": "Temperature", "datatype": "Double", "value": 21.5}`
  for (const key of Object.keys(raw)) {
    if (!['name', 'alias', 'datatype', 'value', 'timestamp'].includes(key))
      return `${at}.${key}: unknown field (a metric has name, alias, datatype, value, timestamp)`
  }
  const { name, alias, datatype, value, timestamp } = raw
  if (name !== undefined && typeof name !== 'string') return `${at}.name: expected text`
  if (name === undefined && alias === undefined) return `${at}: a metric needs a name (or an alias from its BIRTH)`
  const aliasValue = alias === undefined ? undefined : wholeNumber(alias, 0n, 2n ** 64n - 1n)
  if (aliasValue === null) return `${at}.alias: expected a whole number 0 to 2^64-1`
  const stamp = timestamp === undefined ? undefined : wholeNumber(timestamp, 0n, 2n ** 64n - 1n)
  if (stamp === null) return `${at}.timestamp: expected epoch milliseconds (a whole number)`
  let type: number | undefined
  if (datatype === undefined) {
    type = inferredType(value ?? null)
    if (type === undefined) return `${at}.datatype: needed when the value is ${value === undefined ? 'missing' : 'null'}`
  } else if (typeof datatype === 'string') {
    type = DATATYPE_NAMES.indexOf(datatype)
    if (type < 0) return `${at}.datatype: unknown datatype ${JSON.stringify(datatype)} (e.g. Int32, Int64, Float, Double, Boolean, String)`
  } else if (typeof datatype === 'number' && Number.isInteger(datatype) && datatype >= 0 && datatype < DATATYPE_NAMES.length) type = datatype
  else return `${at}.datatype: expected a datatype name such as "Double" or its number`
  const typeName = DATATYPE_NAMES[type]!
  const checked = checkValue(typeName, value === undefined ? null : value)
  if (typeof checked === 'string') return `${at}.value: ${checked}`
  return {
    ...(name !== undefined ? { name } : {}),
    ...(aliasValue !== undefined ? { alias: aliasValue } : {}),
    datatype: type,
    value: checked.value,
    ...(stamp !== undefined ? { timestamp: stamp } : {}),
  }
}

/** A whole number within [min, max] as bigint; null when it is not one. */
function wholeNumber(v: PublishValue, min: bigint, max: bigint): bigint | null {
  const n = typeof v === 'bigint' ? v : typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : undefined
  return n !== undefined && n >= min && n <= max ? n : null
}

function checkValue(type: string, value: PublishValue): { value: SparkplugMetricDraft['value'] } | string {
  if (value === null) return { value: null }
  const range = INT_RANGES[type]
  if (range) {
    const n = wholeNumber(value, range[0], range[1])
    if (n === null) return `expected a whole number ${range[0]} to ${range[1]} for ${type}, got ${short(value)}`
    return { value: type === 'Int64' || type === 'UInt64' || type === 'DateTime' ? n : Number(n) }
  }
  if (type === 'Float' || type === 'Double') {
    if (typeof value !== 'number') return `expected a number for ${type}, got ${short(value)}`
    return { value }
  }
  if (type === 'Boolean') return typeof value === 'boolean' ? { value } : `expected true or false for Boolean, got ${short(value)}`
  if (STRING_TYPES.has(type)) return typeof value === 'string' ? { value } : `expected text for ${type}, got ${short(value)}`
  return `datatype ${type} cannot be published from JSON here (scalars only: integers, Float, Double, Boolean, String, Text, UUID, DateTime)`
}

function short(value: PublishValue): string {
  const text = typeof value === 'bigint' ? value.toString() : JSON.stringify(value)
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

/**
 * A Sparkplug B draft: the topic must be an edge node or device topic (spBv1.0/<group>/<type>/<node>[/<device>]),
 * the JSON `{"metrics": [{"name", "datatype", "value"}, ...]}` (optionally "timestamp", "uuid"; a
 * metric's datatype is inferred from its value when left out). seq is never written: the worker
 * fills it in per edge node. Errors name the field ("metrics[2].value: ...").
 */
export function sparkplugDraft(topicName: string, value: PublishValue): SparkplugDraft | { error: string } {
  const topic = parseSparkplugTopic(topicName)
  if (topic === undefined || topic.kind === 'state')
    return {
      error:
        topic === undefined
          ? 'Sparkplug B needs a topic spBv1.0/<group>/<NBIRTH|NDATA|NDEATH|DBIRTH|DDATA|DDEATH|NCMD|DCMD>/<edge node>[/<device>]'
          : 'a Sparkplug STATE message is JSON text: publish it as JSON',
    }
  if (!isObject(value)) return { error: 'expected an object: {"metrics": [{"name": "Temperature", "datatype": "Double", "value": 21.5}]}' }
  for (const key of Object.keys(value)) {
    if (key === 'seq') return { error: 'seq: leave it out, it is filled in per edge node (0 to 255)' }
    if (!['metrics', 'timestamp', 'uuid'].includes(key)) return { error: `${key}: unknown field (a payload has metrics, timestamp, uuid)` }
  }
  const metrics = value.metrics ?? []
  if (!Array.isArray(metrics)) return { error: 'metrics: expected a list of metrics' }
  const out: SparkplugMetricDraft[] = []
  for (const [i, raw] of metrics.entries()) {
    const metric = checkMetric(raw, `metrics[${i}]`)
    if (typeof metric === 'string') return { error: metric }
    out.push(metric)
  }
  const timestamp = value.timestamp === undefined ? undefined : wholeNumber(value.timestamp, 0n, 2n ** 64n - 1n)
  if (timestamp === null) return { error: 'timestamp: expected epoch milliseconds (a whole number), or leave it out to send the current time' }
  if (value.uuid !== undefined && typeof value.uuid !== 'string') return { error: 'uuid: expected text' }
  return {
    topic,
    metrics: out,
    ...(timestamp !== undefined ? { timestamp } : {}),
    ...(value.uuid !== undefined ? { uuid: value.uuid } : {}),
  }
}

/**
 * What is wrong with a draft in an encoded format (the JSON, for Sparkplug B its topic and fields,
 * for Protobuf a missing message type), or undefined.
 */
export function encodedPayloadProblem(format: EncodedFormat, topic: string, text: string, messageType?: string): string | undefined {
  const parsed = parsePublishJson(text)
  if ('error' in parsed) return parsed.error
  if (format === 'protobuf') return messageType?.trim() ? undefined : NO_MESSAGE_TYPE
  if (format !== 'sparkplug') return undefined
  const draft = sparkplugDraft(topic, parsed.value)
  return 'error' in draft ? draft.error : undefined
}

/** The NCMD or DCMD topic of the edge node or device a Sparkplug topic names (a DCMD needs a device); undefined otherwise. */
export function sparkplugCommandTopic(topicName: string, type: 'NCMD' | 'DCMD'): string | undefined {
  const topic = parseSparkplugTopic(topicName)
  if (topic === undefined || topic.kind === 'state') return undefined
  if (type === 'NCMD') return `spBv1.0/${topic.group}/NCMD/${topic.edgeNode}`
  return topic.kind === 'device' ? `spBv1.0/${topic.group}/DCMD/${topic.edgeNode}/${topic.device}` : undefined
}
