import { fromBase64 } from './base64-decode.ts'
import { toBase64 } from './base64.ts'

/**
 * MQTT 5 PUBLISH properties as a recording keeps them, in MQTT.js's names so a replay can hand
 * them back unchanged; correlation data (binary) travels as Base64.
 */
export interface RecordedProperties {
  payloadFormatIndicator?: boolean
  messageExpiryInterval?: number
  contentType?: string
  responseTopic?: string
  correlationData_base64?: string
  userProperties?: Record<string, string | string[]>
  subscriptionIdentifier?: number | number[]
  topicAlias?: number
}

/** One recorded message: the JSONL line's fields, with the payload as bytes. */
export interface RecordedMessage {
  /** Receive time, epoch ms. */
  readonly ts: number
  readonly topic: string
  readonly qos: 0 | 1 | 2
  readonly retain: boolean
  readonly payload: Uint8Array
  readonly properties?: RecordedProperties
}

export type JsonlParse = { readonly ok: true; readonly messages: RecordedMessage[] } | { readonly ok: false; readonly line: number; readonly reason: string }

/** One JSONL line (no newline): ts, topic, qos, retain, payload_base64, and properties when present. */
export function serialiseRecordedMessage(message: RecordedMessage): string {
  const line: Record<string, unknown> = {
    ts: message.ts,
    topic: message.topic,
    qos: message.qos,
    retain: message.retain,
    payload_base64: toBase64(message.payload),
  }
  if (message.properties !== undefined && Object.keys(message.properties).length > 0) line.properties = message.properties
  return JSON.stringify(line)
}

/**
 * A whole JSONL text, all or nothing: the first bad line stops the parse with its 1-based number
 * and the reason, so an import never stores half a file. Blank lines (and a final newline) are fine.
 */
export function parseRecordingJsonl(text: string): JsonlParse {
  const messages: RecordedMessage[] = []
  const lines = text.split('\n')
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!.replace(/\r$/, '')
    if (raw.trim() === '') continue
    const parsed = parseRecordedLine(raw)
    if (typeof parsed === 'string') return { ok: false, line: index + 1, reason: parsed }
    messages.push(parsed)
  }
  return { ok: true, messages }
}

/** One line as a message, or the reason it is not one. */
export function parseRecordedLine(raw: string): RecordedMessage | string {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return 'not valid JSON'
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object'
  const record = value as Record<string, unknown>
  const { ts, topic, qos, retain, payload_base64: payloadText, properties } = record
  if (typeof ts !== 'number' || !Number.isSafeInteger(ts) || ts < 0) return '"ts" must be epoch milliseconds (a whole number ≥ 0)'
  if (typeof topic !== 'string' || topic === '') return '"topic" must be a non-empty string'
  if (topic.includes('+') || topic.includes('#')) return '"topic" must not contain the wildcards + or #'
  if (qos !== 0 && qos !== 1 && qos !== 2) return '"qos" must be 0, 1 or 2'
  if (typeof retain !== 'boolean') return '"retain" must be true or false'
  if (typeof payloadText !== 'string') return '"payload_base64" must be a string'
  const payload = fromBase64(payloadText)
  if (payload === undefined) return '"payload_base64" is not valid Base64'
  if (properties === undefined) return { ts, topic, qos, retain, payload }
  const checked = checkProperties(properties)
  if (typeof checked === 'string') return checked
  return { ts, topic, qos, retain, payload, properties: checked }
}

function checkProperties(value: unknown): RecordedProperties | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return '"properties" must be an object'
  const p = value as Record<string, unknown>
  const out: RecordedProperties = {}
  for (const [key, item] of Object.entries(p)) {
    switch (key) {
      case 'payloadFormatIndicator':
        if (typeof item !== 'boolean') return `"properties.${key}" must be true or false`
        out.payloadFormatIndicator = item
        break
      case 'messageExpiryInterval':
      case 'topicAlias':
        if (typeof item !== 'number' || !Number.isSafeInteger(item) || item < 0) return `"properties.${key}" must be a whole number ≥ 0`
        out[key] = item
        break
      case 'contentType':
      case 'responseTopic':
        if (typeof item !== 'string') return `"properties.${key}" must be a string`
        out[key] = item
        break
      case 'correlationData_base64':
        if (typeof item !== 'string' || fromBase64(item) === undefined) return `"properties.${key}" is not valid Base64`
        out.correlationData_base64 = item
        break
      case 'subscriptionIdentifier':
        if (!(typeof item === 'number' || (Array.isArray(item) && item.every((n) => typeof n === 'number'))))
          return `"properties.${key}" must be a number or numbers`
        out.subscriptionIdentifier = item
        break
      case 'userProperties': {
        if (typeof item !== 'object' || item === null || Array.isArray(item)) return `"properties.${key}" must be an object`
        const users: Record<string, string | string[]> = {}
        for (const [name, v] of Object.entries(item as Record<string, unknown>)) {
          if (typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string'))) users[name] = v
          else return `"properties.userProperties.${name}" must be a string or strings`
        }
        out.userProperties = users
        break
      }
      default:
        return `"properties.${key}" is not an MQTT 5 publish property`
    }
  }
  return out
}

/** MQTT.js's packet.properties as RecordedProperties; undefined when there are none (MQTT 3.1.1). */
export function recordedProperties(raw: Readonly<Record<string, unknown>> | undefined): RecordedProperties | undefined {
  if (raw === undefined) return undefined
  const out: RecordedProperties = {}
  if (typeof raw.payloadFormatIndicator === 'boolean') out.payloadFormatIndicator = raw.payloadFormatIndicator
  if (typeof raw.messageExpiryInterval === 'number') out.messageExpiryInterval = raw.messageExpiryInterval
  if (typeof raw.contentType === 'string') out.contentType = raw.contentType
  if (typeof raw.responseTopic === 'string') out.responseTopic = raw.responseTopic
  if (raw.correlationData instanceof Uint8Array) out.correlationData_base64 = toBase64(raw.correlationData)
  if (typeof raw.userProperties === 'object' && raw.userProperties !== null) out.userProperties = raw.userProperties as Record<string, string | string[]>
  if (typeof raw.subscriptionIdentifier === 'number' || Array.isArray(raw.subscriptionIdentifier))
    out.subscriptionIdentifier = raw.subscriptionIdentifier as number | number[]
  if (typeof raw.topicAlias === 'number') out.topicAlias = raw.topicAlias
  return Object.keys(out).length > 0 ? out : undefined
}

/** Properties to publish again: what the receiver saw, minus what belongs to one connection. */
export function propertiesToPublish(properties: RecordedProperties | undefined): Record<string, unknown> | undefined {
  if (properties === undefined) return undefined
  const { correlationData_base64: correlation, subscriptionIdentifier: _sub, topicAlias: _alias, ...rest } = properties
  const out: Record<string, unknown> = { ...rest }
  if (correlation !== undefined) out.correlationData = fromBase64(correlation)
  return Object.keys(out).length > 0 ? out : undefined
}
