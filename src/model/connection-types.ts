/** The MQTT connection as the page asks for it and as the worker reports it. */
import type { BridgeTlsRequest } from './tls-options.ts'

export type QoS = 0 | 1 | 2

export const CONNECTION_STATES = ['idle', 'connecting', 'connected', 'reconnecting', 'closed'] as const
export type ConnectionStateName = (typeof CONNECTION_STATES)[number]

export interface ConnectionState {
  readonly state: ConnectionStateName
  /** Why the connection is closed or failing, as text ("not authorized", "connection refused"). */
  readonly reason?: string
  /** Reconnect attempt number while reconnecting. */
  readonly attempt?: number
  readonly url?: string
  /** The name of the profile this connection was made with (the connection bar shows it beside the URL). */
  readonly profile?: string
  readonly protocolVersion?: 4 | 5
  /**
   * What the broker's CONNACK said it accepts: set (at least `{}`) on every MQTT 5 connection, where
   * an absent field means the spec's default (no packet size limit, no topic aliases, retain
   * available, QoS 2); undefined on 3.1.1, where nothing is known.
   */
  readonly broker?: BrokerLimits
  /**
   * The bridge answered 401: this server needs an access token, or the one given is wrong. The
   * session stopped (a retry with the same token cannot succeed); the page asks for the token.
   */
  readonly needsToken?: true
}

/** CONNACK properties that bound what may be published [MQTT-3.2.2.3]. */
export interface BrokerLimits {
  readonly maximumPacketSize?: number
  readonly topicAliasMaximum?: number
  readonly retainAvailable?: boolean
  readonly maximumQoS?: QoS
}

export interface WillOptions {
  readonly topic: string
  readonly payload: string
  readonly qos: QoS
  readonly retain: boolean
}

export interface ConnectOptions {
  readonly url: string
  readonly clientId: string
  readonly protocolVersion: 4 | 5
  readonly username?: string
  readonly password?: string
  readonly keepalive: number
  /** Clean session (3.1.1) / clean start (5). */
  readonly clean: boolean
  /** MQTT 5 session expiry interval in seconds. */
  readonly sessionExpiry?: number
  readonly will?: WillOptions
  /** Set for mqtt:// and mqtts:// brokers, which are reached through the server's bridge. */
  readonly bridge?: BridgeConnect
  /** The profile's name, repeated in every ConnectionState of this connection. */
  readonly profile?: string
  /**
   * The broker is this server's embedded one (aedes, MQTT 3.1.1): the worker may ask it which topics
   * hold a retained message as often as it likes (worker/retained-tracker.ts).
   */
  readonly embedded?: boolean
}

/**
 * How the worker reaches an mqtt:// or mqtts:// broker: before every connection attempt it asks
 * the mqtt-scope server for a ticket (POST /api/bridge/sessions), then opens the WebSocket
 * /bridge?ticket=... that the server pipes to the broker. MQTT.js still runs the whole session.
 */
export interface BridgeConnect {
  /** The mqtt-scope server's origin (the page's own, http://host:port). */
  readonly server: string
  /** mqtt://host:port or mqtts://host:port. */
  readonly target: string
  /** mqtts:// only: the broker certificate check and the client certificate. */
  readonly tls?: BridgeTlsRequest
  /** The access token (Authorization: Bearer) when the server needs one. */
  readonly token?: string
}

export interface SubscribeRequest {
  readonly filter: string
  readonly qos: QoS
}

export type SubscriptionStatus =
  | { readonly state: 'pending' }
  | { readonly state: 'granted'; readonly qos: QoS }
  | { readonly state: 'refused'; readonly reason: string }
  | { readonly state: 'removed' }
