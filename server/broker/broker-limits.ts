import type { AedesOptions } from 'aedes'
import type { ConfigValues } from '../options/option-spec.ts'

/** What one client may cost the broker. Each has a flag (server/options.ts); README "Broker limits". */
export interface BrokerLimits {
  /** Largest packet a client may send, fixed header included; larger ones close the connection from their header. */
  readonly maxPacketBytes: number
  /** Open MQTT connections (TCP and WebSocket together); one more is closed at once. */
  readonly maxConnections: number
  /** Time a new connection gets to send its CONNECT. */
  readonly connectTimeoutMs: number
  /** Bytes waiting to be sent to one client past which live messages for it are dropped. */
  readonly maxQueuedBytes: number
  /** A client with data waiting that takes none of it for this long is disconnected. */
  readonly drainTimeoutMs: number
  /** Inbound QoS 2 messages one client may have waiting for PUBREL. */
  readonly maxInflight: number
  /** How often $SYS/broker/... is published; 0: never. */
  readonly sysIntervalMs: number
}

export const DEFAULT_BROKER_LIMITS: BrokerLimits = Object.freeze({
  maxPacketBytes: 1024 * 1024,
  maxConnections: 1000,
  connectTimeoutMs: 10_000,
  maxQueuedBytes: 1024 * 1024,
  drainTimeoutMs: 5_000,
  maxInflight: 1000,
  sysIntervalMs: 10_000,
})

/**
 * Packets aedes keeps for a client between its CONNECT and the CONNACK (authentication is
 * asynchronous); one more closes the connection. aedes's default.
 */
const QUEUE_BEFORE_CONNACK = 42

/** The aedes options that carry the limits (the rest are enforced by the guard in front of aedes). */
export function aedesLimitOptions(limits: BrokerLimits): AedesOptions {
  return {
    connectTimeout: limits.connectTimeoutMs,
    queueLimit: QUEUE_BEFORE_CONNACK,
    maxInflightInbound: limits.maxInflight,
    // Writes never wait in aedes any more (see guarded-connection.ts); this only backs that up.
    drainTimeout: limits.drainTimeoutMs,
  }
}

/**
 * Largest WebSocket message accepted on /mqtt. ws reads a whole message into memory before the
 * guard sees a byte of it, so this bounds what a WebSocket client can make the server hold. A
 * message may carry several packets (MQTT.js in a browser sends a turn's writes as one), hence
 * the room above one packet.
 */
export function maxWebSocketMessageBytes(limits: BrokerLimits): number {
  return Math.max(2 * limits.maxPacketBytes, 4 * 1024 * 1024)
}

/** The limits a parsed config sets (flags in seconds become milliseconds). */
export function brokerLimitsFrom(config: Readonly<ConfigValues>): BrokerLimits {
  return {
    maxPacketBytes: config.maxPacketSize,
    maxConnections: config.maxConnections,
    connectTimeoutMs: config.connectTimeout * 1000,
    maxQueuedBytes: config.maxQueuedBytes,
    drainTimeoutMs: config.drainTimeout * 1000,
    maxInflight: config.maxInflight,
    sysIntervalMs: config.sysInterval * 1000,
  }
}
