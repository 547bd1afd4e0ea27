import type { IClientPublishOptions } from 'mqtt'
import { LIMITS } from '../model/limits.ts'
import { validateTopic } from '../model/topic-rules.ts'
import type { BrokerLimits, QoS } from '../model/connection-types.ts'
import type { PublishProperties } from '../model/publish-types.ts'

/**
 * The PUBLISH packet as MQTT.js takes it, and the checks made before handing it over: what the
 * broker's CONNACK said it accepts [MQTT-3.2.2.3]. A broker that gets more than it announced closes
 * the connection (MQTT.js does not check), so such a send is refused here instead, with the reason.
 */

/** One send with its templates expanded: the payload as bytes, correlation data still as text. */
export interface OutgoingMessage {
  readonly topic: string
  readonly payload: Uint8Array
  readonly qos: QoS
  readonly retain: boolean
  /** MQTT 5 only; ignored on a 3.1.1 connection. */
  readonly properties?: PublishProperties
}

type PacketProperties = NonNullable<IClientPublishOptions['properties']>

// The CONNACK's limits are read on every connect, before any publish: in the worker's first load.
export { brokerLimits } from './broker-limits.ts'

const utf8 = new TextEncoder()

/**
 * MQTT 5 PUBLISH properties as MQTT.js writes them: correlation data as its UTF-8 bytes, user
 * properties as {name: value} (a name given more than once: {name: [values in order]}). Empty text
 * fields are left out; undefined when nothing is set.
 */
export function toPacketProperties(properties: PublishProperties | undefined): PacketProperties | undefined {
  if (!properties) return undefined
  const out: PacketProperties = {}
  if (properties.contentType) out.contentType = properties.contentType
  if (properties.payloadFormatIndicator) out.payloadFormatIndicator = true
  if (properties.messageExpiryInterval !== undefined) out.messageExpiryInterval = properties.messageExpiryInterval
  if (properties.responseTopic) out.responseTopic = properties.responseTopic
  // MQTT.js types it as a Buffer; it only needs .length and a writable chunk, which a Uint8Array is
  // (the worker has no Buffer).
  if (properties.correlationData) out.correlationData = utf8.encode(properties.correlationData) as unknown as Buffer
  if (properties.topicAlias !== undefined) out.topicAlias = properties.topicAlias
  const user = userProperties(properties.userProperties)
  if (user) out.userProperties = user
  return Object.keys(out).length > 0 ? out : undefined
}

function userProperties(pairs: PublishProperties['userProperties']): Record<string, string | string[]> | undefined {
  if (!pairs || pairs.length === 0) return undefined
  const out: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>
  for (const [name, value] of pairs) {
    const seen = out[name]
    out[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value]
  }
  return out
}

/**
 * Why this message cannot be sent on this connection (a sentence), or undefined. `limits` are the
 * broker's (MQTT 5 CONNACK); `v5` whether the connection speaks MQTT 5 (properties count only then).
 */
export function publishProblem(message: OutgoingMessage, limits: BrokerLimits | undefined, v5: boolean): string | undefined {
  const alias = v5 ? message.properties?.topicAlias : undefined
  // An empty topic name is allowed only with a topic alias (MQTT 5.0 section 3.3.2.3.4).
  if (!(message.topic === '' && alias !== undefined)) {
    const topicProblem = validateTopic(message.topic)
    if (topicProblem) return topicProblem
  }
  if (message.payload.length > LIMITS.publish.payloadBytes) {
    return `the payload is ${count(message.payload.length)} bytes; at most ${count(LIMITS.publish.payloadBytes)} are published`
  }
  if (!v5) return undefined
  // Maximum QoS [MQTT-3.2.2-11], Retain Available [MQTT-3.2.2-14], Topic Alias Maximum,
  // Maximum Packet Size [MQTT-3.2.2-15]: a client must not send more than the broker announced.
  if (limits?.maximumQoS !== undefined && message.qos > limits.maximumQoS) return `the broker accepts QoS ${limits.maximumQoS} at most`
  if (message.retain && limits?.retainAvailable === false) return 'the broker does not support retained messages'
  if (alias !== undefined) {
    const max = limits?.topicAliasMaximum ?? 0
    if (!Number.isInteger(alias) || alias < 1 || alias > max) {
      return max === 0 ? 'the broker accepts no topic aliases' : `topic alias ${alias} is out of range: the broker accepts 1 to ${max}`
    }
  }
  if (limits?.maximumPacketSize !== undefined) {
    const size = publishPacketSize(message, true)
    if (size > limits.maximumPacketSize) return `the packet would be ${count(size)} bytes; the broker accepts at most ${count(limits.maximumPacketSize)}`
  }
  return undefined
}

/** Bytes of the whole PUBLISH packet on the wire [MQTT-3.3]. */
export function publishPacketSize(message: OutgoingMessage, v5: boolean): number {
  let remaining = 2 + utf8.encode(message.topic).length + (message.qos > 0 ? 2 : 0) + message.payload.length
  if (v5) {
    const properties = propertiesSize(message.properties)
    remaining += varIntSize(properties) + properties
  }
  return 1 + varIntSize(remaining) + remaining
}

function propertiesSize(properties: PublishProperties | undefined): number {
  if (!properties) return 0
  const text = (value: string | undefined) => (value ? 1 + 2 + utf8.encode(value).length : 0)
  let size = text(properties.contentType) + text(properties.responseTopic) + text(properties.correlationData)
  if (properties.payloadFormatIndicator) size += 2
  if (properties.messageExpiryInterval !== undefined) size += 5
  if (properties.topicAlias !== undefined) size += 3
  for (const [name, value] of properties.userProperties ?? []) size += 1 + 2 + utf8.encode(name).length + 2 + utf8.encode(value).length
  return size
}

function varIntSize(n: number): number {
  return n < 128 ? 1 : n < 16_384 ? 2 : n < 2_097_152 ? 3 : 4
}

function count(n: number): string {
  return n.toLocaleString('en-US')
}
