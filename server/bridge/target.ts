import { parseBrokerTarget, splitScheme, type BridgeScheme } from '../../src/model/broker-target.ts'
import { parseIp, type IpAddress } from './ip-address.ts'

/** mqtt/mqtts: the bridge (bytes over TCP/TLS); ws/wss: the relay (MQTT over a WebSocket the server opens). */
export type TargetScheme = BridgeScheme | 'ws' | 'wss'

/** Where a bridge goes: `mqtt://host:port` (TCP), `mqtts://host:port` (TLS), `ws://host:port/path` or `wss://...`. */
export interface Target {
  readonly scheme: TargetScheme
  /** Lower case, without IPv6 brackets or a trailing dot. */
  readonly host: string
  readonly port: number
  /** Set when the host is an IP literal: no lookup, this is the address. */
  readonly ip: IpAddress | undefined
  /** `mqtts://[::1]:8883`, `ws://broker:8080/mqtt`: the target as refusals and logs name it. */
  readonly display: string
  /** ws/wss: the HTTP path and query of the upgrade request; '' for mqtt/mqtts. */
  readonly path: string
}

/** The target speaks TLS (mqtts:// or wss://). */
export function isSecureTarget(target: Target): boolean {
  return target.scheme === 'mqtts' || target.scheme === 'wss'
}

/** The target is a WebSocket broker the server relays to. */
export function isRelayTarget(target: Target): boolean {
  return target.scheme === 'ws' || target.scheme === 'wss'
}

/**
 * Parses what a profile puts in the target field, with the rules the profile editor uses
 * (src/model/broker-target.ts). mqtt:// and mqtts:// are bridged byte for byte; ws:// and wss://
 * are relayed (the server opens the WebSocket to the broker, so the page gets few large frames).
 */
export function parseTarget(text: string): Target | { error: string } {
  if (text.length > 2048) return { error: 'the target is longer than 2,048 characters' }
  const url = splitScheme(text.trim())
  if (url === undefined) return { error: `"${shorten(text)}" is not a URL: use mqtt://host:port, mqtts://host:port, ws:// or wss://` }
  const { scheme, rest } = url
  if (scheme === 'ws' || scheme === 'wss') return parseWebTarget(scheme, rest)
  if (scheme !== 'mqtt' && scheme !== 'mqtts') return { error: `${scheme}:// cannot be bridged: use mqtt://, mqtts://, ws:// or wss://` }
  const target = parseBrokerTarget(scheme, rest)
  if ('error' in target) return { error: target.error }
  const ip = ipOf(target.host, target.ipv6)
  if (target.ipv6 && ip === undefined) return { error: `"[${shorten(target.host)}]" is not an IPv6 address` }
  return { scheme, host: target.host, port: target.port, ip, display: target.display, path: '' }
}

/**
 * `ws://host[:port][/path][?query]`: host and port by the bridge's rules (the same checks, so the
 * policy sees the same kind of address), the path kept for the upgrade request ('/' when none).
 */
function parseWebTarget(scheme: 'ws' | 'wss', rest: string): Target | { error: string } {
  const cut = rest.search(/[/?#]/)
  const hostPort = cut === -1 ? rest : rest.slice(0, cut)
  let path = cut === -1 ? '/' : rest.slice(cut)
  if (path.includes('#')) path = path.slice(0, path.indexOf('#'))
  if (path.startsWith('?')) path = `/${path}`
  if (path === '') path = '/'
  if (!/^[\x21-\x7e]*$/.test(path)) return { error: 'the path may hold only printable ASCII (percent-encode the rest)' }
  const defaultPort = scheme === 'ws' ? 80 : 443
  const explicitPort = hostPort.startsWith('[') ? hostPort.includes(']:') : hostPort.includes(':')
  const parsed = parseBrokerTarget('mqtt', explicitPort ? hostPort : `${hostPort}:${defaultPort}`)
  if ('error' in parsed) return { error: parsed.error.replace(/mqtt:\/\//g, `${scheme}://`) }
  const ip = ipOf(parsed.host, parsed.ipv6)
  if (parsed.ipv6 && ip === undefined) return { error: `"[${shorten(parsed.host)}]" is not an IPv6 address` }
  const hostText = parsed.ipv6 ? `[${parsed.host}]` : parsed.host
  return { scheme, host: parsed.host, port: parsed.port, ip, display: `${scheme}://${hostText}:${parsed.port}${path}`, path }
}

/** The address as bytes for the policy; an IPv4-mapped IPv6 literal counts as its IPv4 address. */
function ipOf(host: string, ipv6: boolean): IpAddress | undefined {
  return ipv6 || /^[\d.]+$/.test(host) ? parseIp(host) : undefined
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}...` : text
}
