import { parseBrokerTarget, splitScheme, type BridgeScheme } from '../../src/model/broker-target.ts'
import { parseIp, type IpAddress } from './ip-address.ts'

export type TargetScheme = BridgeScheme

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

/**
 * Parses what a profile puts in the target field, with the rules the profile editor uses
 * (src/model/broker-target.ts). Only mqtt:// and mqtts:// go through the bridge; a browser opens
 * ws:// and wss:// itself.
 */
export function parseTarget(text: string): Target | { error: string } {
  if (text.length > 2048) return { error: 'the target is longer than 2,048 characters' }
  const url = splitScheme(text.trim())
  if (url === undefined) return { error: `"${shorten(text)}" is not a URL: use mqtt://host:port or mqtts://host:port` }
  const { scheme, rest } = url
  if (scheme !== 'mqtt' && scheme !== 'mqtts') {
    const hint = scheme === 'ws' || scheme === 'wss' ? ' (ws:// and wss:// brokers are opened by the browser directly)' : ''
    return { error: `${scheme}:// cannot be bridged: use mqtt:// or mqtts://${hint}` }
  }
  const target = parseBrokerTarget(scheme, rest)
  if ('error' in target) return { error: target.error }
  // The address as bytes for the policy; an IPv4-mapped IPv6 literal counts as its IPv4 address.
  const ip = target.ipv6 || /^[\d.]+$/.test(target.host) ? parseIp(target.host) : undefined
  if (target.ipv6 && ip === undefined) return { error: `"[${shorten(target.host)}]" is not an IPv6 address` }
  return { scheme, host: target.host, port: target.port, ip, display: target.display }
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}...` : text
}
