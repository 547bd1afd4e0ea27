/**
 * One MQTT control packet as the Packets panel shows it (issue 20): type, flags, packet id, reason
 * codes as text, MQTT 5 properties as JSON values, and the CONNECT options with the password
 * replaced by "(redacted)" (the trace never holds it). Pure: the worker calls `describePacket` once
 * per packet it keeps.
 */
import { CONNACK_V4, REASON_V5 } from './mqtt-reason-codes.ts'
import { packetBytes } from './packet-size.ts'
import type { PacketDirection, PacketEntry, PacketValue, TracedPacket } from './packet-types.ts'

export const REDACTED = '(redacted)'
/** Binary property values (correlation data, authentication data) shown as hex up to this many bytes. */
const HEX_BYTES = 64

const hex2 = (code: number) => `0x${code.toString(16).padStart(2, '0')}`

/** "0x8e session taken over": a code with its MQTT 5 meaning in the context of packet type `cmd`. */
export function reasonV5(cmd: string, code: number): string {
  const text =
    code === 0 && cmd === 'disconnect'
      ? 'normal disconnection'
      : code === 0 && cmd === 'suback'
        ? 'granted QoS 0'
        : code === 0x18 && cmd === 'auth'
          ? 'continue authentication'
          : code === 0x19 && cmd === 'auth'
            ? 're-authenticate'
            : REASON_V5[code]
  return `${hex2(code)} ${text ?? 'unknown reason code'}`
}

/** A 3.1.1 CONNACK return code [MQTT-3.2.2.3]. */
export function connackV4(code: number): string {
  return `${hex2(code)} ${code === 0 ? 'connection accepted' : (CONNACK_V4[code] ?? 'unknown return code')}`
}

/** A 3.1.1 SUBACK return code [MQTT-3.9.3]. */
export function subackV4(code: number): string {
  return `${hex2(code)} ${code === 0x80 ? 'failure' : code <= 2 ? `granted QoS ${code}` : 'unknown return code'}`
}

/** The reason codes a packet carries, as text; undefined when it carries none. */
export function packetReasons(packet: TracedPacket, v5: boolean): string[] | undefined {
  const { cmd } = packet
  if (cmd === 'connack') {
    const code = packet.reasonCode ?? packet.returnCode
    if (code === undefined) return undefined
    return [v5 ? reasonV5(cmd, code) : connackV4(code)]
  }
  if (cmd === 'suback' || cmd === 'unsuback') {
    const codes = (packet.granted ?? []).map((g) => (typeof g === 'number' ? g : g.qos))
    if (codes.length === 0) return undefined
    return codes.map((code) => (v5 ? reasonV5(cmd, code) : subackV4(code)))
  }
  if (!v5) return undefined
  if (cmd === 'puback' || cmd === 'pubrec' || cmd === 'pubrel' || cmd === 'pubcomp' || cmd === 'disconnect' || cmd === 'auth') {
    return [reasonV5(cmd, packet.reasonCode ?? 0)]
  }
  return undefined
}

/** A property value as JSON: bytes as hex (cut, and said so), user properties as they are. */
function jsonValue(value: unknown): PacketValue {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  if (value instanceof Uint8Array) {
    let text = ''
    for (let i = 0; i < Math.min(value.byteLength, HEX_BYTES); i++) text += value[i]!.toString(16).padStart(2, '0')
    return value.byteLength > HEX_BYTES ? `hex ${text}… (${value.byteLength} bytes)` : `hex ${text}`
  }
  if (Array.isArray(value)) return value.map(jsonValue)
  if (typeof value === 'object') {
    const out: Record<string, PacketValue> = {}
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = jsonValue(v)
    return out
  }
  return String(value)
}

function jsonProperties(properties: Readonly<Record<string, unknown>> | undefined): { [key: string]: PacketValue } | undefined {
  if (properties === undefined || properties === null) return undefined
  const out = jsonValue(properties) as { [key: string]: PacketValue }
  return Object.keys(out).length > 0 ? out : undefined
}

function payloadBytes(payload: unknown): number {
  if (payload instanceof Uint8Array) return payload.byteLength
  return typeof payload === 'string' ? new TextEncoder().encode(payload).byteLength : 0
}

/** The options a CONNECT sent: everything but the password, which shows only as "(redacted)". */
export function connectDetails(packet: TracedPacket): { [key: string]: PacketValue } {
  const details: Record<string, PacketValue> = {
    protocol: `${packet.protocolId ?? 'MQTT'} ${packet.protocolVersion ?? 4}`,
    clientId: packet.clientId ?? '',
    clean: packet.clean ?? true,
    keepalive: packet.keepalive ?? 0,
  }
  if (packet.username !== undefined) details['username'] = packet.username
  if (packet.password !== undefined && packet.password !== null) details['password'] = REDACTED
  const will = packet.will
  if (will) {
    details['will'] = {
      topic: will.topic,
      qos: will.qos ?? 0,
      retain: will.retain ?? false,
      payloadBytes: payloadBytes(will.payload),
      ...(will.properties ? { properties: jsonValue(will.properties) } : {}),
    }
  }
  return details
}

function details(packet: TracedPacket): { [key: string]: PacketValue } | undefined {
  switch (packet.cmd) {
    case 'connect':
      return connectDetails(packet)
    case 'connack':
      return { sessionPresent: packet.sessionPresent ?? false }
    case 'publish':
      return { payloadBytes: payloadBytes(packet.payload) }
    case 'subscribe':
      return {
        subscriptions: (packet.subscriptions ?? []).map((s) => ({
          filter: s.topic,
          qos: s.qos,
          ...(s.nl !== undefined ? { noLocal: s.nl } : {}),
          ...(s.rap !== undefined ? { retainAsPublished: s.rap } : {}),
          ...(s.rh !== undefined ? { retainHandling: s.rh } : {}),
        })),
      }
    default:
      return undefined
  }
}

function topicOf(packet: TracedPacket): string | undefined {
  if (packet.cmd === 'publish') return packet.topic
  if (packet.cmd === 'subscribe') return (packet.subscriptions ?? []).map((s) => s.topic).join(', ')
  if (packet.cmd === 'unsubscribe') return (packet.unsubscriptions ?? []).join(', ')
  return undefined
}

/** Packets with a packet identifier [MQTT-2.2.1]: PUBLISH only at QoS > 0. */
const WITH_ID = new Set(['puback', 'pubrec', 'pubrel', 'pubcomp', 'subscribe', 'suback', 'unsubscribe', 'unsuback'])

/** A packet as the trace keeps it (without seq and ack time, which the trace adds). */
export function describePacket(packet: TracedPacket, direction: PacketDirection, protocolVersion: 3 | 4 | 5, time: number): Omit<PacketEntry, 'seq'> {
  const v5 = protocolVersion === 5
  const { cmd } = packet
  const hasId = WITH_ID.has(cmd) || (cmd === 'publish' && (packet.qos ?? 0) > 0)
  const reasons = packetReasons(packet, v5)
  const properties = v5 ? jsonProperties(packet.properties) : undefined
  const topic = topicOf(packet)
  const more = details(packet)
  return {
    time,
    direction,
    type: cmd.toUpperCase(),
    bytes: packetBytes(packet, protocolVersion),
    ...(hasId && packet.messageId !== undefined ? { packetId: packet.messageId } : {}),
    ...(cmd === 'publish' ? { qos: packet.qos ?? 0, retain: packet.retain ?? false, dup: packet.dup ?? false } : {}),
    ...(topic !== undefined ? { topic } : {}),
    ...(reasons ? { reasons } : {}),
    ...(properties ? { properties } : {}),
    ...(more ? { details: more } : {}),
  }
}

/** Every packet type, in the order of their codes (the panel's type filter). */
export const PACKET_TYPES = [
  'CONNECT',
  'CONNACK',
  'PUBLISH',
  'PUBACK',
  'PUBREC',
  'PUBREL',
  'PUBCOMP',
  'SUBSCRIBE',
  'SUBACK',
  'UNSUBSCRIBE',
  'UNSUBACK',
  'PINGREQ',
  'PINGRESP',
  'DISCONNECT',
  'AUTH',
] as const

/** One line of the JSONL export: the entry as JSON (it holds no password and no payload). */
export function packetJsonLine(entry: PacketEntry): string {
  return JSON.stringify({ ...entry, time: new Date(entry.time).toISOString() })
}

/** A short text of an entry's flags: "QoS 1 retain dup". */
export function packetFlags(entry: PacketEntry): string {
  if (entry.qos === undefined) return ''
  return [`QoS ${entry.qos}`, entry.retain ? 'retain' : '', entry.dup ? 'dup' : ''].filter(Boolean).join(' ')
}
