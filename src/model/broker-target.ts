/**
 * mqtt:// and mqtts:// broker targets: the one set of rules for both ends. The server's bridge
 * (server/bridge/target.ts) parses a session request's target with it, and the profile editor
 * (broker-url.ts) parses a profile's URL with it, so the editor refuses exactly what the bridge would.
 */
export type BridgeScheme = 'mqtt' | 'mqtts'

export const DEFAULT_BRIDGE_PORTS: Readonly<Record<BridgeScheme, number>> = { mqtt: 1883, mqtts: 8883 }

export interface BrokerTarget {
  readonly scheme: BridgeScheme
  /** Lower case, without IPv6 brackets or a trailing dot. */
  readonly host: string
  readonly port: number
  /** The host is an IPv6 literal (it was written in brackets). */
  readonly ipv6: boolean
  /** `mqtts://[::1]:8883`, the port always written out: what the bridge is asked to reach, and how refusals name it. */
  readonly display: string
}

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/

/** A DNS name in lower case: labels of letters, digits, '-' and '_' (Docker and /etc/hosts names have them). */
export function isHostName(text: string): boolean {
  return HOST_NAME.test(text)
}

/** `scheme://rest`, the scheme in lower case; undefined when the text does not start like a URL. */
export function splitScheme(text: string): { readonly scheme: string; readonly rest: string } | undefined {
  const match = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(text)
  return match === null ? undefined : { scheme: match[1]!.toLowerCase(), rest: match[2]! }
}

/**
 * A refused target. The error is a sentence in lower case, to follow a colon. `credentials`: the
 * target carries a user name or password, which the caller may phrase for where they belong.
 */
export interface TargetError {
  readonly error: string
  readonly credentials?: true
}

/**
 * Parses what follows `mqtt://` or `mqtts://`: a host and an optional port (a trailing '/' is
 * allowed). User name and password belong in the MQTT CONNECT, not in the target, so they are
 * refused rather than silently dropped.
 */
export function parseBrokerTarget(scheme: BridgeScheme, rest: string): BrokerTarget | TargetError {
  const hostPort = rest.endsWith('/') ? rest.slice(0, -1) : rest
  if (hostPort.includes('@')) return { error: 'put the user name and password in the MQTT connection, not in the target URL', credentials: true }
  if (/[/?#]/.test(hostPort)) return { error: `an ${scheme}:// URL is ${scheme}://host:port, without a path, query or fragment` }

  let hostText: string
  let portText: string | undefined
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(hostPort)
  if (bracketed !== null) {
    hostText = bracketed[1]!
    portText = bracketed[2]
    if (!hostText.includes(':')) return { error: `"[${shorten(hostText)}]" is not an IPv6 address` }
  } else {
    const colon = hostPort.lastIndexOf(':')
    if (colon !== -1 && hostPort.indexOf(':') !== colon) return { error: `an IPv6 address needs brackets: ${scheme}://[::1]:${DEFAULT_BRIDGE_PORTS[scheme]}` }
    hostText = colon === -1 ? hostPort : hostPort.slice(0, colon)
    portText = colon === -1 ? undefined : hostPort.slice(colon + 1)
  }

  let port = DEFAULT_BRIDGE_PORTS[scheme]
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) return { error: `"${shorten(portText)}" is not a port (1-65535)` }
    port = Number(portText)
  }

  if (hostText === '') return { error: 'the URL has no host' }
  if (hostText.includes('%')) return { error: 'IPv6 zone ids (%eth0) are not supported' }
  const host = hostText.toLowerCase().replace(/\.$/, '')
  if (bracketed !== null) {
    if (!isIpv6(host)) return { error: `"[${shorten(hostText)}]" is not an IPv6 address` }
  } else if (/^[\d.]+$/.test(host) ? !IPV4.test(host) : !isHostName(host)) {
    return { error: `"${shorten(hostText)}" is not a host name or IP address` }
  }
  const ipv6 = bracketed !== null
  return { scheme, host, port, ipv6, display: `${scheme}://${ipv6 ? `[${host}]` : host}:${port}` }
}

/**
 * An IPv6 literal (RFC 4291 2.2): eight groups of 1-4 hex digits, one '::' standing for one or
 * more zero groups, the last two groups possibly written as dotted IPv4 (::ffff:10.0.0.1).
 */
function isIpv6(text: string): boolean {
  let groups = text
  let dottedGroups = 0
  const dotted = text.includes('.') ? /^(.*:)([^:]*)$/.exec(text) : null
  if (dotted !== null) {
    if (!IPV4.test(dotted[2]!)) return false
    groups = `${dotted[1]!}0`
    dottedGroups = 1
  }
  const halves = groups.split('::')
  if (halves.length > 2) return false
  const parts = halves.flatMap((half) => (half === '' ? [] : half.split(':')))
  if (!parts.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return false
  const count = parts.length + dottedGroups
  return halves.length === 2 ? count <= 7 : count === 8
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}...` : text
}
