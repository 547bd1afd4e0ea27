/** CONNACK return codes of MQTT 3.1.1 [MQTT-3.2.2.3] as text. */
export const CONNACK_V4: Readonly<Record<number, string>> = {
  1: 'unacceptable protocol version',
  2: 'identifier rejected',
  3: 'server unavailable',
  4: 'bad user name or password',
  5: 'not authorized',
} as const

/** MQTT 5 reason codes [MQTT-2.4] as text. */
export const REASON_V5: Readonly<Record<number, string>> = {
  0x00: 'success',
  0x01: 'granted QoS 1',
  0x02: 'granted QoS 2',
  0x04: 'disconnect with will message',
  0x10: 'no matching subscribers',
  0x11: 'no subscription existed',
  0x80: 'unspecified error',
  0x81: 'malformed packet',
  0x82: 'protocol error',
  0x83: 'implementation specific error',
  0x84: 'unsupported protocol version',
  0x85: 'client identifier not valid',
  0x86: 'bad user name or password',
  0x87: 'not authorized',
  0x88: 'server unavailable',
  0x89: 'server busy',
  0x8a: 'banned',
  0x8b: 'server shutting down',
  0x8c: 'bad authentication method',
  0x8d: 'keep alive timeout',
  0x8e: 'session taken over',
  0x8f: 'topic filter invalid',
  0x90: 'topic name invalid',
  0x91: 'packet identifier in use',
  0x92: 'packet identifier not found',
  0x93: 'receive maximum exceeded',
  0x94: 'topic alias invalid',
  0x95: 'packet too large',
  0x96: 'message rate too high',
  0x97: 'quota exceeded',
  0x98: 'administrative action',
  0x99: 'payload format invalid',
  0x9a: 'retain not supported',
  0x9b: 'QoS not supported',
  0x9c: 'use another server',
  0x9d: 'server moved',
  0x9e: 'shared subscriptions not supported',
  0x9f: 'connection rate exceeded',
  0xa0: 'maximum connect time',
  0xa1: 'subscription identifiers not supported',
  0xa2: 'wildcard subscriptions not supported',
} as const

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
