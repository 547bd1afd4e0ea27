/**
 * What a profile's "Broker URL" means. A browser opens ws:// and wss:// itself; it cannot open TCP
 * sockets, so mqtt:// and mqtts:// brokers are reached through the mqtt-scope server's bridge
 * (POST /api/bridge/sessions, then a WebSocket to /bridge). mqtt(s) targets are parsed by
 * broker-target.ts, as the server parses them, so the profile editor refuses what the server would.
 */
import { parseBrokerTarget, splitScheme } from './broker-target.ts'

export type BrokerScheme = 'mqtt' | 'mqtts' | 'ws' | 'wss'

export type BrokerUrl =
  | { readonly scheme: 'ws' | 'wss'; readonly bridged: false; readonly url: string }
  | {
      readonly scheme: 'mqtt' | 'mqtts'
      readonly bridged: true
      /** `mqtts://host:8883`: what the bridge is asked to reach (the port always written out). */
      readonly target: string
      /** Lower case, IPv6 without brackets. */
      readonly host: string
      readonly port: number
    }

const SUPPORTED = 'use mqtt://, mqtts://, ws:// or wss://'

/** Parses a profile URL; the error is a sentence for the field. */
export function parseBrokerUrl(text: string): BrokerUrl | { error: string } {
  const trimmed = text.trim()
  if (trimmed === '') return { error: `Give the broker URL: ${SUPPORTED}` }
  const url = splitScheme(trimmed)
  if (url === undefined) return { error: `Not a URL: ${SUPPORTED} (for example mqtt://localhost:1883)` }
  const { scheme, rest } = url
  if (scheme === 'ws' || scheme === 'wss') return parseWebSocketUrl(trimmed, scheme)
  if (scheme === 'mqtt' || scheme === 'mqtts') {
    const target = parseBrokerTarget(scheme, rest)
    if ('error' in target) {
      return { error: target.credentials ? 'Put the user name and password in their fields, not in the URL' : sentence(target.error) }
    }
    return { scheme, bridged: true, target: target.display, host: target.host, port: target.port }
  }
  const hint = scheme === 'tcp' ? ' (tcp:// is mqtt://)' : scheme === 'ssl' || scheme === 'tls' ? ` (${scheme}:// is mqtts://)` : ''
  return { error: `${scheme}:// is not supported: ${SUPPORTED}${hint}` }
}

function parseWebSocketUrl(text: string, scheme: 'ws' | 'wss'): BrokerUrl | { error: string } {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return { error: `Not a URL: use ${scheme}://host:port/path` }
  }
  if (url.hostname === '') return { error: 'The URL has no host' }
  return { scheme, bridged: false, url: text }
}

/** The field shows sentences; the shared parser's errors start in lower case. */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
