/**
 * The WebSocket close codes a bridge ends with: the server closes with them
 * (server/bridge/bridge-socket.ts, bridge-session.ts) and the worker tells the cases apart by them
 * (worker/bridge-close.ts) without parsing the reason text, which it shows as is. 4000-4999 are
 * for applications (RFC 6455 7.4.2); the last three digits follow HTTP where one fits.
 */
export const BRIDGE_CLOSE = {
  /** The broker ended the TCP/TLS connection (after a DISCONNECT, a refused CONNECT, ...). */
  brokerClosed: 4000,
  /** The broker connection failed after it was open (reset, TLS alert such as a refused client certificate). */
  brokerError: 4001,
  /** No byte either way for --bridge-idle-timeout. */
  idleTimeout: 4008,
  /** /bridge without ?ticket=. */
  noTicket: 4400,
  /** The ticket is unknown, was used already or expired. */
  badTicket: 4401,
  /** The policy refused the target at connect time (its addresses changed since the ticket, ...). */
  refused: 4403,
  /** --bridge-max-per-client or --bridge-max-total reached. */
  tooMany: 4429,
  /** DNS failure, connection refused, unreachable, TLS handshake failure. */
  unreachable: 4502,
  /** --bridge-connect-timeout passed before the broker connection was ready. */
  connectTimeout: 4504,
  /** A text frame: MQTT over WebSocket is binary only [MQTT-6.0.0-1]. */
  binaryOnly: 1003,
  /** The server is stopping. */
  goingAway: 1001,
  /** Set by the browser, never sent: no close frame (the upgrade was refused, or the server vanished). */
  abnormal: 1006,
  /** The page closed the bridge itself. */
  normal: 1000,
} as const
