import { CONNACK_V4, REASON_V5 } from '../model/mqtt-reason-codes.ts'

export function connackReason(code: number, protocolVersion: 4 | 5): string {
  const text = protocolVersion === 5 ? REASON_V5[code] : CONNACK_V4[code]
  return text ?? `reason code 0x${code.toString(16).padStart(2, '0')}`
}

/** What the status says when an MQTT 5 CONNECT is refused for its protocol version. */
export const NO_MQTT5 = 'the broker does not support MQTT 5 (unacceptable protocol version)'

/** CONNACK codes after which retrying with the same settings cannot succeed. */
const FINAL_V4 = new Set([1, 2, 4, 5])
const FINAL_V5 = new Set([0x84, 0x85, 0x86, 0x87, 0x8a, 0x8c])

/**
 * A CONNACK refusal as the status shows it, and whether a retry could help. An MQTT 5 CONNECT
 * answered with a code below 0x80 met a 3.1.1 broker (aedes 1.2, old mosquitto): its CONNACK 0x01,
 * "unacceptable protocol version" [MQTT-3.1.2-2], which MQTT 5 would read as "granted QoS 1".
 */
export function connackRefusal(code: number, protocolVersion: 4 | 5): { readonly reason: string; readonly final: boolean } {
  if (protocolVersion === 5 && (code === 0x84 || (code > 0 && code < 0x80))) return { reason: NO_MQTT5, final: true }
  return { reason: connackReason(code, protocolVersion), final: (protocolVersion === 5 ? FINAL_V5 : FINAL_V4).has(code) }
}
