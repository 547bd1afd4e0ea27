import type { IncomingMessage } from 'node:http'
import { isIP } from 'node:net'
import { parseIp } from '../bridge/ip-address.ts'
import { isLoopbackHost, type Refusal } from '../bridge/policy.ts'
import { normalizeHostName, parseAllowedOrigin, parseHostHeader, parseWebOrigin, type HostAndPort, type WebOrigin, type WebScheme } from './web-origin.ts'

/**
 * Who may use this server from a browser: one rule for every HTTP route and WebSocket path
 * (`/api/*`, `/mqtt`, `/bridge`).
 *
 * - A request with an Origin comes from a web page. It is accepted only when that page is ours
 *   (the Origin's host and port equal the Host header's) or is listed in --allowed-origins.
 *   `Origin: null` (sandboxed frames, file:// pages: any site can make one) never is. Several
 *   Origin headers are refused: no browser sends two.
 * - The Host header must be a name this server answers to (DNS rebinding: an attacker's name that
 *   now points at 127.0.0.1 makes the attacker's page "same origin" with us, but its Host is then
 *   the attacker's name). Trusted Hosts: loopback names and addresses, the --host the server binds
 *   to when it names one address or name (the configured public host), the hosts of
 *   --allowed-origins, and any IP address when --host is 0.0.0.0 or :: (an address is never
 *   rebound: there is no name to rebind).
 * - A request without an Origin is a program (a device, mosquitto_sub, paho, curl): it meets the
 *   broker's users and ACL, or the access token, not this rule.
 * - Loopback trust (--host loopback, bridge not restricted: the server serves the person at this
 *   machine) ends at a reverse proxy: a request with proxy headers came from somewhere else, so it
 *   gets no bridge ticket and no browser /mqtt.
 */

/**
 * Headers a proxy adds. Their value is never read: a garbage `Forwarded` is still a proxy. A
 * proxy that adds none of them cannot be told from a local browser (README: "Behind a reverse proxy").
 */
export const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip', 'via'] as const

export interface RequestPolicySettings {
  /** The server trusts the person at this machine: --host is loopback and the bridge is not restricted. */
  readonly loopbackTrust: boolean
  /** --host, the address the listeners bind to. */
  readonly host: string
  /** --allowed-origins, as config.ts checked them. */
  readonly allowedOrigins: readonly string[]
}

/** What a decision reads from a request. */
export interface RequestFacts {
  readonly hosts: readonly string[]
  readonly origins: readonly string[]
  /** Proxy headers present (lower case). */
  readonly proxyHeaders: readonly string[]
  /** What this server speaks on the request's socket. */
  readonly scheme: WebScheme
}

export interface BrowserRule {
  /**
   * 'same': the Origin's scheme must be the one this server speaks (the API, /bridge: only our
   * pages call them). 'any': host and port only, for /mqtt, because Python paho-mqtt sends
   * `Origin: https://<host>:<port>` of the server itself over plain ws://.
   */
  readonly scheme: 'same' | 'any'
  /** Refuse a request without an Origin (the bridge in loopback mode: only our page may use it). */
  readonly originRequired?: boolean
}

export const SAME_ORIGIN_RULE = 'same origin'
export const PROXY_RULE = 'reverse proxy'

/** The headers of `req` that the policy reads, each value kept separately (rawHeaders). */
export function requestFacts(req: IncomingMessage): RequestFacts {
  const hosts: string[] = []
  const origins: string[] = []
  const proxies = new Set<string>()
  const raw = req.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase()
    if (name === 'host') hosts.push(raw[i + 1]!)
    else if (name === 'origin') origins.push(raw[i + 1]!)
    else if ((PROXY_HEADERS as readonly string[]).includes(name)) proxies.add(name)
  }
  const encrypted = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true
  return { hosts, origins, proxyHeaders: [...proxies], scheme: encrypted ? 'https:' : 'http:' }
}

export class RequestPolicy {
  readonly loopbackTrust: boolean
  readonly #allowed: ReadonlySet<string>
  readonly #trustedNames: ReadonlySet<string>
  readonly #anyAddress: boolean

  constructor(settings: RequestPolicySettings) {
    this.loopbackTrust = settings.loopbackTrust
    const allowed = settings.allowedOrigins.map(parseAllowedOrigin)
    this.#allowed = new Set(allowed.map((origin) => origin.key))
    const names = new Set(allowed.map((origin) => origin.hostname))
    const bound = parseIp(settings.host.replace(/^\[|\]$/g, ''))
    this.#anyAddress = bound !== undefined && bound.bytes.every((byte) => byte === 0)
    const own = normalizeHostName(settings.host)
    if (!this.#anyAddress && own !== undefined) names.add(own)
    this.#trustedNames = names
  }

  /** Every /api/* request: the Host check, and the Origin rule when there is an Origin. */
  checkApi(facts: RequestFacts): Refusal | undefined {
    return this.checkBrowser(facts, { scheme: 'same' })
  }

  /**
   * A /mqtt upgrade. Without an Origin: a device or CLI client, accepted (the broker's users and
   * ACL apply). With one: a browser, so the Host check and the Origin rule, and in loopback trust
   * never through a proxy.
   */
  checkMqttUpgrade(facts: RequestFacts): Refusal | undefined {
    if (facts.origins.length === 0) return undefined
    return this.checkNotProxied(facts, 'MQTT over WebSocket from a browser') ?? this.checkBrowser(facts, { scheme: 'any' })
  }

  /** POST /api/bridge/sessions, after checkApi: in loopback trust no ticket through a proxy. */
  checkBridgeTicket(facts: RequestFacts): Refusal | undefined {
    return this.checkNotProxied(facts, 'a bridge')
  }

  /** The /bridge upgrade: in loopback trust only our own page, never through a proxy. */
  checkBridgeUpgrade(facts: RequestFacts): Refusal | undefined {
    if (!this.loopbackTrust) return this.checkBrowser(facts, { scheme: 'same' })
    return this.checkNotProxied(facts, 'a bridge') ?? this.checkBrowser(facts, { scheme: 'same', originRequired: true })
  }

  /** The Host check, then the Origin rule (when there is an Origin, or always with originRequired). */
  checkBrowser(facts: RequestFacts, rule: BrowserRule): Refusal | undefined {
    const host = this.trustedHost(facts)
    if ('error' in host) return host
    if (facts.origins.length === 0) {
      return rule.originRequired === true ? { error: 'the request has no Origin header', rule: SAME_ORIGIN_RULE } : undefined
    }
    if (facts.origins.length > 1) return { error: `the request has ${facts.origins.length} Origin headers`, rule: SAME_ORIGIN_RULE }
    const text = facts.origins[0]!
    if (text.trim().toLowerCase() === 'null') return { error: 'Origin null (a sandboxed frame or a file:// page) is always refused', rule: SAME_ORIGIN_RULE }
    const origin = parseWebOrigin(text)
    if (origin !== undefined && (this.#allowed.has(origin.key) || isOwnOrigin(origin, host, rule.scheme === 'same' ? facts.scheme : undefined))) {
      return undefined
    }
    return { error: `Origin ${clip(text)} is not this server's origin nor in --allowed-origins`, rule: SAME_ORIGIN_RULE }
  }

  /** The Host header, parsed, when it names this server; else why not. */
  trustedHost(facts: RequestFacts): HostAndPort | Refusal {
    if (facts.hosts.length > 1) return { error: `the request has ${facts.hosts.length} Host headers`, rule: SAME_ORIGIN_RULE }
    const host = facts.hosts.length === 0 ? undefined : parseHostHeader(facts.hosts[0]!, facts.scheme)
    if (host === undefined) return { error: 'the request has no valid Host header', rule: SAME_ORIGIN_RULE }
    if (this.isTrustedHostName(host.hostname)) return host
    return {
      error:
        `Host ${clip(facts.hosts[0]!)} is not a loopback name nor a name this server was given (--host, --allowed-origins): ` +
        'open the app at localhost or 127.0.0.1 (a DNS-rebound name is refused)',
      rule: SAME_ORIGIN_RULE,
    }
  }

  isTrustedHostName(hostname: string): boolean {
    if (isLoopbackHost(hostname) || this.#trustedNames.has(hostname)) return true
    return this.#anyAddress && isIP(hostname.replace(/^\[|\]$/g, '')) !== 0
  }

  /** In loopback trust, `what` is only for browsers on this machine, never for a proxied request. */
  checkNotProxied(facts: RequestFacts, what: string): Refusal | undefined {
    if (!this.loopbackTrust || facts.proxyHeaders.length === 0) return undefined
    return {
      error:
        `${what} is refused through a reverse proxy (the request carries ${facts.proxyHeaders.join(', ')}): in loopback mode the server ` +
        'trusts only browsers on this machine. Behind a proxy, run it with --bridge-mode restricted and an access token (--auth-token), ' +
        'and list the public origin in --allowed-origins',
      rule: PROXY_RULE,
    }
  }
}

/** Our own page: same host and port as the Host header (and the same scheme, unless `scheme` is undefined). */
function isOwnOrigin(origin: WebOrigin, host: HostAndPort, scheme: WebScheme | undefined): boolean {
  return origin.hostname === host.hostname && origin.port === host.port && (scheme === undefined || origin.scheme === scheme)
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}...` : text
}
