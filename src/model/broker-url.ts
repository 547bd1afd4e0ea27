/**
 * What a profile's "Broker URL" means. A browser opens ws:// and wss:// itself; it cannot open TCP
 * sockets, so mqtt:// and mqtts:// brokers are reached through the mqtt-scope server's bridge
 * (POST /api/bridge/sessions, then a WebSocket to /bridge). The rules for mqtt(s) targets follow
 * the server's (server/bridge/target.ts), so the profile editor refuses what the server would.
 */
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

export const DEFAULT_BRIDGE_PORTS = { mqtt: 1883, mqtts: 8883 } as const

const SUPPORTED = 'use mqtt://, mqtts://, ws:// or wss://'
/** A DNS name: labels of letters, digits, '-' and '_' (Docker and /etc/hosts names have them). */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/

/** Parses a profile URL; the error is a sentence for the field. */
export function parseBrokerUrl(text: string): BrokerUrl | { error: string } {
  const trimmed = text.trim()
  if (trimmed === '') return { error: `Give the broker URL: ${SUPPORTED}` }
  const match = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(trimmed)
  if (match === null) return { error: `Not a URL: ${SUPPORTED} (for example mqtt://localhost:1883)` }
  const scheme = match[1]!.toLowerCase()
  if (scheme === 'ws' || scheme === 'wss') return parseWebSocketUrl(trimmed, scheme)
  if (scheme === 'mqtt' || scheme === 'mqtts') return parseBridgeTarget(match[2]!, scheme)
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

function parseBridgeTarget(rest: string, scheme: 'mqtt' | 'mqtts'): BrokerUrl | { error: string } {
  let hostPort = rest.endsWith('/') ? rest.slice(0, -1) : rest
  if (hostPort.includes('@')) return { error: 'Put the user name and password in their fields, not in the URL' }
  if (/[/?#]/.test(hostPort)) return { error: `An ${scheme}:// URL is ${scheme}://host:port, without a path` }
  let hostText: string
  let portText: string | undefined
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(hostPort)
  if (bracketed !== null) {
    hostText = bracketed[1]!
    portText = bracketed[2]
    if (!hostText.includes(':')) return { error: `[${hostText}] is not an IPv6 address` }
  } else {
    const colon = hostPort.lastIndexOf(':')
    if (colon !== -1 && hostPort.indexOf(':') !== colon) return { error: `An IPv6 address needs brackets: ${scheme}://[::1]:${DEFAULT_BRIDGE_PORTS[scheme]}` }
    hostText = colon === -1 ? hostPort : hostPort.slice(0, colon)
    portText = colon === -1 ? undefined : hostPort.slice(colon + 1)
  }
  let port: number = DEFAULT_BRIDGE_PORTS[scheme]
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) return { error: `"${portText}" is not a port (1-65535)` }
    port = Number(portText)
  }
  if (hostText === '') return { error: 'The URL has no host' }
  const host = hostText.toLowerCase().replace(/\.$/, '')
  if (bracketed !== null) {
    if (host.includes('%')) return { error: 'IPv6 zone ids (%eth0) are not supported' }
    if (!/^[0-9a-f:.]+$/.test(host)) return { error: `[${hostText}] is not an IPv6 address` }
  } else if (/^[\d.]+$/.test(host) ? !IPV4.test(host) : !HOST_NAME.test(host)) {
    return { error: `"${hostText}" is not a host name or IP address` }
  }
  hostPort = bracketed !== null ? `[${host}]:${port}` : `${host}:${port}`
  return { scheme, bridged: true, target: `${scheme}://${hostPort}`, host, port }
}
