/**
 * GET /api/config: what the page needs to know about the server that served it. The server builds
 * it (server/http/api.ts), the page reads it back with readServerConfig; one shape for both sides.
 */
export interface ServerConfig {
  readonly embeddedBroker: EmbeddedBrokerDoors
  /**
   * --memory: recordings live in memory and are gone when the server stops (the Recordings panel
   * says so). false: they are kept in --data-dir. An older server that does not send it: false.
   */
  readonly recordingsInMemory: boolean
}

/** Where MQTT clients reach the embedded broker. */
export interface EmbeddedBrokerDoors {
  /**
   * The host the broker listens on (--host), or, when it listens on every address (0.0.0.0, ::),
   * the host name the page was opened with.
   */
  readonly host: string
  /** MQTT over TCP (--mqtt-port). */
  readonly mqttPort: number
  /** MQTT over TLS (--mqtts-port), or null when TLS is off. */
  readonly mqttsPort: number | null
  /** MQTT over WebSocket, on the page's own host and port. */
  readonly websocketPath: string
  /** aedes 1.2 speaks MQTT 3.1 and 3.1.1 only: no MQTT 5. */
  readonly protocolVersions: readonly string[]
}

/** The embedded broker's protocol versions (aedes 1.2). */
export const EMBEDDED_PROTOCOL_VERSIONS = ['3.1', '3.1.1'] as const

/** The answer of GET /api/config, checked; undefined when it is not one. */
export function readServerConfig(json: unknown): ServerConfig | undefined {
  const doors = (json as { embeddedBroker?: unknown } | null)?.embeddedBroker as Partial<Record<keyof EmbeddedBrokerDoors, unknown>> | undefined
  if (typeof doors !== 'object' || doors === null) return undefined
  const { host, mqttPort, mqttsPort, websocketPath, protocolVersions } = doors
  if (typeof host !== 'string' || host === '' || !isPort(mqttPort) || !(mqttsPort === null || isPort(mqttsPort))) return undefined
  if (typeof websocketPath !== 'string' || !websocketPath.startsWith('/')) return undefined
  if (!Array.isArray(protocolVersions) || !protocolVersions.every((v) => typeof v === 'string')) return undefined
  const recordingsInMemory = (json as { recordingsInMemory?: unknown }).recordingsInMemory === true
  return { embeddedBroker: { host, mqttPort, mqttsPort, websocketPath, protocolVersions }, recordingsInMemory }
}

function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 65536
}

/** `host` as the host part of a URL: an IPv6 address in brackets. */
export function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
}
