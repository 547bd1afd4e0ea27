import { parseIp, type IpAddress } from './ip-address.ts'

export type TargetScheme = 'mqtt' | 'mqtts'

/** Where a bridge goes: `mqtt://host:port` (TCP) or `mqtts://host:port` (TLS). */
export interface Target {
  readonly scheme: TargetScheme
  /** Lower case, without IPv6 brackets or a trailing dot. */
  readonly host: string
  readonly port: number
  /** Set when the host is an IP literal: no lookup, this is the address. */
  readonly ip: IpAddress | undefined
  /** `mqtts://[::1]:8883`: the target as refusals and logs name it. */
  readonly display: string
}

export const DEFAULT_PORTS: Readonly<Record<TargetScheme, number>> = { mqtt: 1883, mqtts: 8883 }

/** A DNS name: labels of letters, digits, '-' and '_' (Docker and /etc/hosts names have them). */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/

/**
 * Parses what a profile puts in the target field. Only mqtt:// and mqtts:// go through the
 * bridge; a browser opens ws:// and wss:// itself. User name and password belong in the MQTT
 * CONNECT, not in the target, so they are refused rather than silently dropped.
 */
export function parseTarget(text: string): Target | { error: string } {
  if (text.length > 2048) return { error: 'the target is longer than 2,048 characters' }
  const match = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(text.trim())
  if (match === null) return { error: `"${shorten(text)}" is not a URL: use mqtt://host:port or mqtts://host:port` }
  const scheme = match[1]!.toLowerCase()
  if (scheme !== 'mqtt' && scheme !== 'mqtts') {
    const hint = scheme === 'ws' || scheme === 'wss' ? ' (ws:// and wss:// brokers are opened by the browser directly)' : ''
    return { error: `${scheme}:// cannot be bridged: use mqtt:// or mqtts://${hint}` }
  }
  let rest = match[2]!
  if (rest.endsWith('/')) rest = rest.slice(0, -1)
  if (rest.includes('@')) return { error: 'put the user name and password in the MQTT connection, not in the target URL' }
  if (/[/?#]/.test(rest)) return { error: `the target has a path, query or fragment: use ${scheme}://host:port only` }

  let hostText: string
  let portText: string | undefined
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(rest)
  if (bracketed !== null) {
    hostText = bracketed[1]!
    portText = bracketed[2]
    if (!hostText.includes(':')) return { error: `"[${hostText}]" is not an IPv6 address` }
  } else {
    const colon = rest.lastIndexOf(':')
    if (colon !== -1 && rest.indexOf(':') !== colon) return { error: 'an IPv6 address needs brackets: mqtt://[::1]:1883' }
    hostText = colon === -1 ? rest : rest.slice(0, colon)
    portText = colon === -1 ? undefined : rest.slice(colon + 1)
  }

  let port = DEFAULT_PORTS[scheme]
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
      return { error: `"${shorten(portText)}" is not a port (1-65535)` }
    }
    port = Number(portText)
  }

  if (hostText === '') return { error: 'the target has no host' }
  if (hostText.includes('%')) return { error: 'IPv6 zone ids (%eth0) are not supported' }
  const host = hostText.toLowerCase().replace(/\.$/, '')
  const ip = bracketed !== null ? parseIp(host) : /^[\d.]+$/.test(host) ? parseIp(host) : undefined
  if (bracketed !== null && ip === undefined) return { error: `"[${shorten(hostText)}]" is not an IPv6 address` }
  if (ip === undefined && (/^[\d.]+$/.test(host) || !HOST_NAME.test(host))) {
    return { error: `"${shorten(hostText)}" is not a host name or IP address` }
  }
  const shownHost = host.includes(':') ? `[${host}]` : host
  return { scheme, host, port, ip, display: `${scheme}://${shownHost}:${port}` }
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}...` : text
}
