import type { BrokerLimits, QoS } from './connection-types.ts'
import type { PublishMessage, PublishProperties } from './publish-types.ts'
import { LIMITS } from './limits.ts'
import { checkMqttString, utf8Length } from './mqtt-string.ts'
import { encodedPayloadProblem } from './encoded-publish.ts'
import { encodePayload, type PayloadMode } from './publish-payload.ts'
import { expandTemplate, findTemplateProblem, hasTemplates, sampleContext } from './publish-template.ts'
import { validateTopic } from './topic-rules.ts'
import { findInvalidUtf8 } from './utf8-text.ts'

/** What the publish panel holds: everything needed to publish, as the user typed it. */
export interface PublishDraft {
  readonly topic: string
  readonly mode: PayloadMode
  /** The typed payload (text, json, hex and base64 modes); kept when switching to file and back. */
  readonly payload: string
  /** File mode: the chosen file, its bytes as they are. */
  readonly file?: { readonly name: string; readonly bytes: Uint8Array }
  readonly qos: QoS
  readonly retain: boolean
  /** MQTT 5 only; ignored (not sent) on a 3.1.1 connection. */
  readonly properties: PublishProperties
  /** Protobuf mode: the message type ("demo.Reading") of the user's .proto files the JSON is encoded as. */
  readonly messageType?: string
}

export const EMPTY_DRAFT: PublishDraft = { topic: '', mode: 'text', payload: '', qos: 0, retain: false, properties: {} }

/** Where a publish would go: decides what is allowed (v5 properties, the broker's limits). */
export interface PublishTarget {
  readonly connected: boolean
  readonly protocolVersion: 4 | 5 | undefined
  readonly broker?: BrokerLimits
}

/** Problems per field; the UI shows each inline next to its field. Empty: fine to publish. */
export type DraftProblems = Partial<Record<'topic' | 'payload' | 'qos' | 'retain' | 'properties' | 'userProperties' | 'topicAlias' | 'connection', string>>

export const NOT_CONNECTED = 'Not connected: connect first'
const MAX_FOUR_BYTE_INTEGER = 4_294_967_295
const MAX_TOPIC_ALIAS = 65_535
/**
 * Fixed header (1), remaining length (up to 4), topic length prefix (2): the 7 bytes of a PUBLISH
 * besides its topic, packet id, properties and payload [MQTT-3.3].
 */
const PUBLISH_HEADER_BYTES = 7

/**
 * Every problem of a draft, checked with templates expanded by sample values (a templated JSON
 * payload must still be JSON): empty topic, wildcards, topic over 65,535 UTF-8 bytes, NUL;
 * bad templates; invalid JSON / hex / base64; payload over LIMITS.publish.payloadBytes or the
 * broker's maximum packet size; QoS above the broker's maximum; retain when the broker has none;
 * v5 properties (user property names empty, topic alias 0 or over the broker's maximum, expiry
 * not a whole number of seconds ≥ 0); not connected.
 *
 * Broker limits are those of the CONNACK (MQTT 5). A v5 CONNACK without Topic Alias Maximum means
 * 0, no aliases [MQTT-3.2.2.3.8], so with `target.broker` present an absent topicAliasMaximum
 * refuses every alias (MQTT.js refuses them too); without `target.broker` nothing is known and only
 * the protocol's range applies. Properties are checked only on a v5 connection (3.1.1 ignores
 * them). A user property row with neither name nor value is a blank row, not sent, not a problem.
 */
export function validateDraft(draft: PublishDraft, target: PublishTarget): DraftProblems {
  const problems: { -readonly [K in keyof DraftProblems]: DraftProblems[K] } = {}
  if (!target.connected) problems.connection = NOT_CONNECTED
  const broker = target.broker ?? {}
  const v5 = target.protocolVersion === 5

  const topic = sampleExpansion(draft.topic)
  const topicProblem = 'problem' in topic ? topic.problem : validateTopic(topic.text)
  if (topicProblem) problems.topic = topicProblem

  const payload = sampleBytes(draft)
  if ('error' in payload) problems.payload = payload.error

  if (v5) {
    const props = propertyProblems(draft.properties, 'bytes' in payload ? payload.bytes : undefined)
    if (props.length > 0) problems.properties = props.join('; ')
    const users = userPropertyProblem(draft.properties.userProperties ?? [])
    if (users) problems.userProperties = users
    const alias = topicAliasProblem(draft.properties.topicAlias, target.broker)
    if (alias) problems.topicAlias = alias
  }

  if ('bytes' in payload) {
    const topicBytes = 'text' in topic ? utf8Length(topic.text) : utf8Length(draft.topic)
    const size = payloadSizeProblem(payload.bytes.length, topicBytes, draft.qos, v5 ? draft.properties : undefined, broker.maximumPacketSize)
    if (size) problems.payload = size
  }

  if (draft.qos !== 0 && draft.qos !== 1 && draft.qos !== 2) problems.qos = 'QoS is 0, 1 or 2'
  else if (broker.maximumQoS !== undefined && draft.qos > broker.maximumQoS) {
    problems.qos = `This broker accepts QoS ${broker.maximumQoS} at most (its CONNACK said so)`
  }
  if (draft.retain && broker.retainAvailable === false) problems.retain = 'This broker does not support retained messages (its CONNACK said so)'
  return problems
}

/**
 * What is wrong with the typed payload itself, as validateDraft would say it (templates expanded by
 * sample values), without the connection or the broker's limits: for checking while the person
 * types. Empty payloads and the file mode (chosen, not typed) are never a problem here.
 */
export function typedPayloadProblem(draft: PublishDraft): string | undefined {
  if (draft.mode === 'file' || draft.payload.trim() === '') return undefined
  const payload = sampleBytes(draft)
  return 'error' in payload ? payload.error : undefined
}

/** Whether validateDraft found nothing. */
export function isPublishable(problems: DraftProblems): boolean {
  return Object.values(problems).every((p) => p === undefined)
}

/** The worker's PublishMessage for a valid draft (text/json stay templates; hex/base64/file become bytes; v5 properties only when v5). */
export function toPublishMessage(draft: PublishDraft, protocolVersion: 4 | 5): PublishMessage {
  const properties = protocolVersion === 5 ? sentProperties(draft.properties) : undefined
  return {
    topic: draft.topic,
    payload: messagePayload(draft),
    qos: draft.qos,
    retain: draft.retain,
    ...(properties ? { properties } : {}),
  }
}

/**
 * The properties as sent: empty text fields, a false payload format indicator and blank user
 * property rows left out; undefined when nothing is left.
 */
export function sentProperties(p: PublishProperties): PublishProperties | undefined {
  const users = (p.userProperties ?? []).filter(([name, value]) => name !== '' || value !== '')
  const out: { -readonly [K in keyof PublishProperties]: PublishProperties[K] } = {}
  if (p.contentType) out.contentType = p.contentType
  if (p.payloadFormatIndicator) out.payloadFormatIndicator = true
  if (p.messageExpiryInterval !== undefined) out.messageExpiryInterval = p.messageExpiryInterval
  if (p.responseTopic) out.responseTopic = p.responseTopic
  if (p.correlationData) out.correlationData = p.correlationData
  if (users.length > 0) out.userProperties = users.map(([name, value]) => [name, value] as const)
  if (p.topicAlias !== undefined) out.topicAlias = p.topicAlias
  return Object.keys(out).length > 0 ? out : undefined
}

function messagePayload(draft: PublishDraft): PublishMessage['payload'] {
  switch (draft.mode) {
    case 'text':
    case 'json':
      return { kind: 'text', text: draft.payload }
    case 'cbor':
    case 'msgpack':
    case 'sparkplug':
      return { kind: 'encoded', format: draft.mode, text: draft.payload }
    case 'protobuf':
      return { kind: 'encoded', format: draft.mode, text: draft.payload, messageType: draft.messageType ?? '' }
    case 'hex':
    case 'base64': {
      const encoded = encodePayload(draft.mode, draft.payload)
      if ('error' in encoded) throw new Error(`toPublishMessage needs a valid draft: ${encoded.error}`)
      return { kind: 'bytes', bytes: encoded.bytes }
    }
    case 'file':
      if (!draft.file) throw new Error('toPublishMessage needs a valid draft: no file chosen')
      return { kind: 'bytes', bytes: draft.file.bytes }
  }
}

/** Templates expanded with sampleContext(), or what is wrong with them. */
function sampleExpansion(text: string): { text: string } | { problem: string } {
  if (!hasTemplates(text)) return { text }
  const problem = findTemplateProblem(text)
  return problem ? { problem } : { text: expandTemplate(text, sampleContext()) }
}

/** The payload's bytes as one send would have them (templates with sample values), or why there are none. */
function sampleBytes(draft: PublishDraft): { bytes: Uint8Array } | { error: string } {
  switch (draft.mode) {
    case 'text':
    case 'json': {
      const expanded = sampleExpansion(draft.payload)
      if ('problem' in expanded) return { error: expanded.problem }
      const encoded = encodePayload(draft.mode, expanded.text)
      // A JSON error in a templated payload is about the expanded text: say so, its positions differ.
      if ('error' in encoded && expanded.text !== draft.payload) return { error: `${encoded.error} (with templates expanded)` }
      return encoded
    }
    case 'cbor':
    case 'msgpack':
    case 'sparkplug':
    case 'protobuf': {
      // Checked as one send would be (templates expanded by sample values); the size is the JSON's,
      // an estimate (the encoded payload is usually smaller).
      const expanded = sampleExpansion(draft.payload)
      if ('problem' in expanded) return { error: expanded.problem }
      const topic = sampleExpansion(draft.topic)
      const problem = encodedPayloadProblem(draft.mode, 'text' in topic ? topic.text : draft.topic, expanded.text, draft.messageType)
      if (problem) return { error: expanded.text !== draft.payload ? `${problem} (with templates expanded)` : problem }
      return encodePayload(draft.mode, expanded.text)
    }
    case 'hex':
    case 'base64':
      return encodePayload(draft.mode, draft.payload)
    case 'file':
      return draft.file ? { bytes: draft.file.bytes } : { error: 'Choose a file to publish' }
  }
}

/**
 * The broker's maximum packet size (if it announced one) and the project's payload limit. The
 * packet size is estimated: payload + topic + packet id + properties + 7 bytes of header.
 */
function payloadSizeProblem(
  payload: number,
  topic: number,
  qos: QoS,
  properties: PublishProperties | undefined,
  maximumPacketSize: number | undefined,
): string | undefined {
  if (maximumPacketSize !== undefined) {
    const packet = payload + topic + (qos > 0 ? 2 : 0) + propertiesBytes(properties) + PUBLISH_HEADER_BYTES
    if (packet > maximumPacketSize) {
      const max = count(maximumPacketSize)
      if (payload >= maximumPacketSize) return `payload ${count(payload)} bytes is over the broker's maximum packet size ${max}`
      return `payload ${count(payload)} bytes with the topic and properties (about ${count(packet)} bytes) is over the broker's maximum packet size ${max}`
    }
  }
  if (payload > LIMITS.publish.payloadBytes) return `payload ${count(payload)} bytes is over the limit of ${count(LIMITS.publish.payloadBytes)} bytes`
  return undefined
}

/** Encoded size of the properties a PUBLISH would carry [MQTT-3.3.2.3], their length prefix included. */
function propertiesBytes(p: PublishProperties | undefined): number {
  const sent = p ? sentProperties(p) : undefined
  if (!sent) return 1
  let bytes = 0
  if (sent.contentType !== undefined) bytes += 3 + utf8Length(sent.contentType)
  if (sent.payloadFormatIndicator) bytes += 2
  if (sent.messageExpiryInterval !== undefined) bytes += 5
  if (sent.responseTopic !== undefined) bytes += 3 + utf8Length(sent.responseTopic)
  if (sent.correlationData !== undefined) bytes += 3 + utf8Length(sent.correlationData)
  for (const [name, value] of sent.userProperties ?? []) bytes += 5 + utf8Length(name) + utf8Length(value)
  if (sent.topicAlias !== undefined) bytes += 3
  return bytes + (bytes < 128 ? 1 : bytes < 16_384 ? 2 : bytes < 2_097_152 ? 3 : 4)
}

/** Content type, payload format indicator, message expiry, response topic, correlation data. */
function propertyProblems(p: PublishProperties, payload: Uint8Array | undefined): string[] {
  const problems: string[] = []
  if (p.contentType) {
    const problem = checkMqttString(p.contentType, 'Content type')
    if (problem) problems.push(problem)
  }
  if (p.payloadFormatIndicator && payload) {
    // [MQTT-3.3.2-4] a receiver may check it, and a broker may refuse the message (0x99).
    const bad = findInvalidUtf8(payload)
    if (bad) problems.push(`"Payload is UTF-8" is ticked but the payload is not UTF-8 (first bad byte at offset ${count(bad.offset)})`)
  }
  const expiry = p.messageExpiryInterval
  if (expiry !== undefined && (!Number.isInteger(expiry) || expiry < 0 || expiry > MAX_FOUR_BYTE_INTEGER)) {
    problems.push('Message expiry is a whole number of seconds, 0 to 4,294,967,295')
  }
  if (p.responseTopic) {
    // [MQTT-3.3.2-14] a topic name: no wildcards.
    const expanded = sampleExpansion(p.responseTopic)
    const problem = 'problem' in expanded ? expanded.problem : validateTopic(expanded.text)
    if (problem) problems.push(`Response topic: ${problem}`)
  }
  if (p.correlationData) {
    const expanded = sampleExpansion(p.correlationData)
    const problem = 'problem' in expanded ? expanded.problem : checkMqttString(expanded.text, 'Correlation data')
    if (problem) problems.push('problem' in expanded ? `Correlation data: ${problem}` : problem)
  }
  return problems
}

function userPropertyProblem(rows: ReadonlyArray<readonly [string, string]>): string | undefined {
  for (const [i, [name, value]] of rows.entries()) {
    if (name === '' && value === '') continue
    const label = `User property ${i + 1}`
    if (name === '') return `${label} has no name`
    const problem = checkMqttString(name, `${label}'s name`) ?? checkMqttString(value, `${label}'s value`)
    if (problem) return problem
  }
  return undefined
}

function topicAliasProblem(alias: number | undefined, broker: BrokerLimits | undefined): string | undefined {
  if (alias === undefined) return undefined
  // [MQTT-3.3.2-8] 0 is not a topic alias.
  if (!Number.isInteger(alias) || alias < 1 || alias > MAX_TOPIC_ALIAS) return 'Topic alias is a whole number, 1 to 65,535'
  if (!broker) return undefined
  const max = broker.topicAliasMaximum ?? 0
  if (max === 0) return 'This broker accepts no topic aliases (its CONNACK announced no Topic Alias Maximum)'
  // [MQTT-3.3.2-9] at most the broker's Topic Alias Maximum.
  if (alias > max) return `This broker accepts topic aliases 1 to ${count(max)}`
  return undefined
}

function count(n: number): string {
  return n.toLocaleString('en')
}
