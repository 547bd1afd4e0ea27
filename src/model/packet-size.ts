/**
 * The size on the wire of an MQTT control packet, computed from its fields by the rules of MQTT
 * 3.1.1 and 5 as mqtt-packet (MQTT.js's encoder) writes them. MQTT.js reports a sent packet after
 * writing it, but not how many bytes it took; a received packet carries its remaining length
 * (`length`, from the parser), which is used when present. Computing costs O(fields), never a copy
 * of the payload (a PUBLISH counts its payload by its byteLength). packet-size.test.ts checks every
 * packet type against mqtt-packet's own generate().
 */
import type { TracedPacket } from './packet-types.ts'

const utf8 = new TextEncoder()

function stringBytes(value: unknown): number {
  if (typeof value === 'string') return 2 + utf8Length(value)
  return 2 + binaryLength(value)
}

function binaryLength(value: unknown): number {
  if (value instanceof Uint8Array) return value.byteLength
  if (typeof value === 'string') return utf8Length(value)
  return 0
}

/** UTF-8 length without encoding (ASCII, the common case, is counted directly). */
function utf8Length(text: string): number {
  let ascii = true
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) {
      ascii = false
      break
    }
  }
  return ascii ? text.length : utf8.encode(text).byteLength
}

/** Bytes of a Variable Byte Integer [MQTT-1.5.5]. */
export function varintBytes(value: number): number {
  if (value < 128) return 1
  if (value < 16_384) return 2
  if (value < 2_097_152) return 3
  return 4
}

const BYTE = new Set([
  'payloadFormatIndicator',
  'requestProblemInformation',
  'requestResponseInformation',
  'maximumQoS',
  'retainAvailable',
  'wildcardSubscriptionAvailable',
  'subscriptionIdentifiersAvailable',
  'sharedSubscriptionAvailable',
])
const TWO = new Set(['receiveMaximum', 'topicAliasMaximum', 'topicAlias', 'serverKeepAlive'])
const FOUR = new Set(['messageExpiryInterval', 'sessionExpiryInterval', 'willDelayInterval', 'maximumPacketSize'])

/** One property's bytes, its identifier byte included. */
function propertyBytes(name: string, value: unknown): number {
  if (BYTE.has(name)) return 2
  if (TWO.has(name)) return 3
  if (FOUR.has(name)) return 5
  if (name === 'subscriptionIdentifier') {
    const ids = Array.isArray(value) ? (value as number[]) : [value as number]
    return ids.reduce((sum, id) => sum + 1 + varintBytes(id), 0)
  }
  if (name === 'userProperties') {
    let sum = 0
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      for (const one of Array.isArray(v) ? (v as unknown[]) : [v]) sum += 1 + stringBytes(key) + stringBytes(String(one))
    }
    return sum
  }
  return 1 + stringBytes(value) // strings and binary data
}

/** The properties' bytes with their length prefix (absent properties: the one zero byte). */
export function propertiesBytes(properties: object | undefined): number {
  if (properties === undefined || properties === null) return 1
  let length = 0
  for (const [name, value] of Object.entries(properties)) if (value !== undefined) length += propertyBytes(name, value)
  return varintBytes(length) + length
}

/** The remaining length [MQTT-2.2.3] of a packet as mqtt-packet writes it. */
export function remainingLength(packet: TracedPacket, protocolVersion: 3 | 4 | 5): number {
  const v5 = protocolVersion === 5
  const props = v5 ? propertiesBytes(packet.properties) : 0
  switch (packet.cmd) {
    case 'connect': {
      const name = packet.protocolId === 'MQIsdp' ? 8 : 6
      let length = name + 4 + props + stringBytes(packet.clientId ?? '')
      const will = packet.will
      if (will) length += (v5 ? propertiesBytes(will.properties) : 0) + stringBytes(will.topic) + stringBytes(will.payload ?? '')
      if (packet.username !== undefined) length += stringBytes(packet.username)
      if (packet.password !== undefined) length += stringBytes(packet.password)
      return length
    }
    case 'connack':
      return 2 + props
    case 'publish':
      return stringBytes(packet.topic ?? '') + ((packet.qos ?? 0) > 0 ? 2 : 0) + props + binaryLength(packet.payload)
    case 'puback':
    case 'pubrec':
    case 'pubrel':
    case 'pubcomp':
      if (!v5) return 2
      if (typeof packet.properties === 'object') return 3 + props
      return (packet.reasonCode ?? 0) !== 0 ? 4 : 2
    case 'subscribe':
      return 2 + props + (packet.subscriptions ?? []).reduce((sum, s) => sum + stringBytes(s.topic) + 1, 0)
    case 'suback':
      return 2 + props + (packet.granted?.length ?? 0)
    case 'unsubscribe':
      return 2 + props + (packet.unsubscriptions ?? []).reduce((sum, t) => sum + stringBytes(t), 0)
    case 'unsuback':
      return 2 + props + (v5 ? (packet.granted?.length ?? 0) : 0)
    case 'disconnect':
    case 'auth':
      return v5 ? 1 + props : 0
    default:
      return 0 // PINGREQ, PINGRESP
  }
}

/** Bytes on the wire: the parser's remaining length when it gave one, else computed; plus the fixed header. */
export function packetBytes(packet: TracedPacket, protocolVersion: 3 | 4 | 5): number {
  const remaining = typeof packet.length === 'number' ? packet.length : remainingLength(packet, protocolVersion)
  return 1 + varintBytes(remaining) + remaining
}
