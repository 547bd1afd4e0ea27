import type { QoS } from '../connection-types.ts'

/**
 * What the probe and the watch need of an MQTT connection, already connected. The worker (the
 * page) and the CLI (Node) each implement it over MQTT.js; the runs themselves (probe-run.ts,
 * watch-recorder.ts) are shared, so both report the same numbers for the same reasons.
 */
export interface MeasureLink {
  readonly protocolVersion: 4 | 5
  /** MQTT 5 CONNACK: the highest QoS the broker takes from us (undefined: 2). */
  readonly maximumQoS?: QoS
  /** MQTT 5 CONNACK: QoS 1/2 messages the broker takes unacknowledged (undefined: no limit said). */
  readonly receiveMaximum?: number
  /** One filter; resolves with the SUBACK code (the granted QoS, or 0x80 and up) and its meaning; rejects when no SUBACK came. */
  subscribe(filter: string, qos: QoS): Promise<SubscribeAnswer>
  /**
   * Hands one message to the connection. `done` once it is written (QoS 0) or acknowledged
   * (QoS 1: PUBACK; QoS 2: PUBCOMP), or refused; never, if the connection closes first (the run
   * learns that from onClose).
   */
  publish(topic: string, payload: Uint8Array, qos: QoS, done: (ack: PublishAck) => void): void
  /** Every message that arrives (one listener; a later call replaces it). */
  setReceiver(listener: (topic: string, payload: Uint8Array, retain: boolean) => void): void
  /** The connection closed or failed, and why (once). */
  onClose(listener: (reason: string) => void): void
}

export interface SubscribeAnswer {
  readonly code: number
  /** "Granted QoS 1", "Not authorized", "Failure"... */
  readonly reason: string
}

export type PublishAck =
  /** Written (QoS 0) or acknowledged (QoS 1/2) after `ms` (acknowledgement time; 0 for QoS 0). */
  | { readonly ok: true; readonly ms: number }
  /** Refused by the broker with an MQTT 5 reason code, or failed to send (no code). */
  | { readonly ok: false; readonly reasonCode?: number; readonly reason: string }

/** Time for the runs: epoch milliseconds with a fraction, and one-shot timers. */
export interface MeasureClock {
  now(): number
  /** Runs `run` after `ms`; returns a function that cancels it. */
  after(ms: number, run: () => void): () => void
}

/** MQTT 5 reason code 0x87. */
export const NOT_AUTHORIZED = 0x87

/** "0x87 Not authorized". */
export function codeText(code: number, reason: string): string {
  return `0x${code.toString(16).padStart(2, '0')} ${reason}`
}
