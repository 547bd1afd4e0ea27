import type { BridgeSettings } from '../bridge/bridge-settings.ts'
import { formatIp } from '../bridge/ip-address.ts'
import type { BridgePolicy, Refusal } from '../bridge/policy.ts'
import { resolveTarget, type Lookup } from '../bridge/resolve.ts'
import { parseTarget, type Target } from '../bridge/target.ts'

/** Where a recording or a replay connects, once the bridge policy allowed it. */
export interface OutboundPlan {
  /** The URL MQTT.js opens: for mqtt:// and mqtts:// the checked address itself, so no second lookup can move it. */
  readonly connectUrl: string
  /** The host name the user gave (TLS server name and certificate check); undefined for an IP address (no SNI for IPs). */
  readonly servername: string | undefined
  readonly display: string
}

/**
 * A recording or replay target goes out from the server like a bridge does, so the same rules
 * apply (server/bridge/policy.ts): the bridge must be on, --bridge-allow/--bridge-deny and the
 * always-denied ranges are checked against every address the name resolves to.
 */
export async function planOutbound(url: string, settings: BridgeSettings, policy: BridgePolicy, lookup: Lookup): Promise<OutboundPlan | Refusal> {
  if (settings.disabled !== undefined) return settings.disabled
  const web = /^(wss?):\/\//i.exec(url.trim())
  // ws:// and wss:// are checked by host and port like mqtt:// and mqtts:// (the path is the broker's).
  const parsed = web === null ? mqttTarget(url) : parseWebTarget(url.trim(), web[1]!.toLowerCase() as 'ws' | 'wss')
  if ('error' in parsed) return { error: parsed.error, rule: 'target' }
  const { target, path } = parsed
  const early = policy.checkBeforeLookup(target)
  if (early !== undefined) return early
  const resolved = await resolveTarget(target, lookup)
  if ('failure' in resolved) return { error: resolved.failure, rule: 'DNS' }
  const refusal = policy.check(target, resolved.addresses)
  if (refusal !== undefined) return refusal
  const first = resolved.addresses[0]!
  const host = first.family === 6 ? `[${formatIp(first)}]` : formatIp(first)
  const scheme = web === null ? target.scheme : web[1]!.toLowerCase()
  // ws/wss keep the name: the broker's HTTP Host and virtual hosting depend on it.
  const connectHost = web === null ? host : target.host.includes(':') ? `[${target.host}]` : target.host
  return {
    connectUrl: `${scheme}://${connectHost}:${target.port}${path}`,
    servername: target.ip === undefined ? target.host : undefined,
    display: target.display,
  }
}

function mqttTarget(text: string): { target: Target; path: string } | { error: string } {
  const target = parseTarget(text)
  return 'error' in target ? target : { target, path: '' }
}

function parseWebTarget(text: string, scheme: 'ws' | 'wss'): { target: Target; path: string } | { error: string } {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return { error: `"${text.slice(0, 80)}" is not a URL` }
  }
  const port = url.port === '' ? (scheme === 'ws' ? 80 : 443) : Number(url.port)
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase()
  // The bridge's parser gives the IP bytes and the display form; only the scheme differs.
  const asMqtt = parseTarget(`mqtt://${url.hostname}:${port}`)
  if ('error' in asMqtt) return asMqtt
  return { target: { ...asMqtt, host, display: `${scheme}://${url.host}${url.pathname}` }, path: url.pathname === '/' ? '/mqtt' : url.pathname }
}
