import { parseBrokerUrl } from './broker-url.ts'
import { urlHost, type EmbeddedBrokerDoors } from './server-config.ts'

/**
 * "How do I get data in?": the hint the empty tree shows, built from the connection the page has,
 * so that the command in it works as it is (issue 14: a hint without the port failed on any broker
 * not on 1883).
 */
export type BrokerHint =
  | {
      readonly kind: 'embedded'
      /** mqtt://host:port of the embedded broker's TCP listener. */
      readonly tcpUrl: string
      /** mqtts://host:port, when the server has TLS. */
      readonly tlsUrl: string | undefined
      /** The page's own ws(s)://host:port/mqtt. */
      readonly websocketUrl: string
      readonly command: string
    }
  /** Another broker reached at mqtt://host:port: a command for it (without credentials). */
  | { readonly kind: 'other'; readonly command: string; readonly needsCredentials: boolean }
  /** Another broker whose TCP port the page does not know (ws://, wss://) or that needs TLS settings. */
  | { readonly kind: 'none' }

export const HINT_TOPIC = 'home/kitchen/temp'
export const HINT_PAYLOAD = '21.5'

/** A mosquitto_pub line; every part here is shell-safe as written (no quoting needed). */
export function mosquittoPub(host: string, port: number, topic = HINT_TOPIC, payload = HINT_PAYLOAD): string {
  return `mosquitto_pub -h ${host} -p ${port} -t ${topic} -m ${payload}`
}

export interface HintInput {
  /** The connection's URL (ConnectionState.url: the broker target, also for bridged profiles). */
  readonly url: string
  /** The connection is to this server's embedded broker. */
  readonly embedded: boolean
  readonly username: string
  /** GET /api/config's embedded broker; undefined until the server answered. */
  readonly doors: EmbeddedBrokerDoors | undefined
  /** The page's own location: the WebSocket URL is on it. */
  readonly page: { readonly protocol: string; readonly host: string }
}

export function brokerHint(input: HintInput): BrokerHint {
  if (input.embedded) {
    const doors = input.doors
    if (doors === undefined) return { kind: 'none' }
    const host = urlHost(doors.host)
    return {
      kind: 'embedded',
      tcpUrl: `mqtt://${host}:${doors.mqttPort}`,
      tlsUrl: doors.mqttsPort === null ? undefined : `mqtts://${host}:${doors.mqttsPort}`,
      websocketUrl: `${input.page.protocol === 'https:' ? 'wss' : 'ws'}://${input.page.host}${doors.websocketPath}`,
      command: mosquittoPub(doors.host, doors.mqttPort),
    }
  }
  const parsed = parseBrokerUrl(input.url)
  if ('error' in parsed || parsed.scheme !== 'mqtt') return { kind: 'none' }
  return { kind: 'other', command: mosquittoPub(parsed.host, parsed.port), needsCredentials: input.username !== '' }
}
