/**
 * Every number the bridge is bounded by, in one place. The ones an operator may want to change
 * have a flag in server/options.ts whose default is taken from here.
 */
export const BRIDGE_LIMITS = {
  /** Open bridges (including those still connecting) per client address. --bridge-max-per-client */
  maxPerClient: 8,
  /** Open bridges in all. --bridge-max-total */
  maxTotal: 64,
  /** DNS + TCP + TLS handshake, all addresses tried, before the bridge gives up. --bridge-connect-timeout */
  connectTimeoutSeconds: 10,
  /**
   * No byte either way for this long closes the bridge. Above MQTT.js's 60 s keepalive (and most
   * others), so only a session whose client stopped pinging is cut. --bridge-idle-timeout
   */
  idleTimeoutSeconds: 300,
  /**
   * Largest WebSocket frame a browser may send (ws maxPayload): MQTT.js sends one packet per
   * frame, so this is also the largest MQTT packet that can be published through the bridge.
   * --bridge-max-frame-bytes
   */
  maxFrameBytes: 16 * 1024 * 1024,
  /** How long a ticket from POST /api/bridge/sessions can be used. */
  ticketTtlMs: 30_000,
  /** Tickets issued and not yet used or expired, in all: each can hold up to maxRequestBytes of TLS material. */
  maxPendingTickets: 64,
  /** Largest POST /api/bridge/sessions body (the PEM strings are in it). */
  maxRequestBytes: 256 * 1024,
  /** An access token shorter than this is a configuration error. */
  minTokenLength: 16,
  /** TCP -> WebSocket: bytes queued in the WebSocket past which the TCP socket is paused... */
  wsHighWaterBytes: 1024 * 1024,
  /** ...and below which it reads again. */
  wsLowWaterBytes: 256 * 1024,
  /** After either side ends, how long the other gets to flush what it holds before it is cut. */
  closeGraceMs: 2_000,
} as const
