import { isIP } from 'node:net'
import { networkInterfaces } from 'node:os'
import { cidrContains, embeddedIpv4, formatIp, parseCidr, parseIp, type Cidr, type IpAddress } from './ip-address.ts'
import type { Target } from './target.ts'

/**
 * Which targets a bridge may reach. Decided here, on the server, from the flags; the page only
 * reads the outcome (GET /api/bridge/policy).
 *
 * - loopback mode (the server listens on a loopback address): any target, unless --bridge-allow
 *   narrows it; the page must come from the server's own origin (see server/http/request-policy.ts).
 * - restricted mode (any other address, or --bridge-mode restricted): only what --bridge-allow
 *   names (an empty list allows nothing), and an access token is needed (see auth.ts). Loopback
 *   (127.0.0.0/8, ::1) and the server's own ports on any address of this host are this machine's
 *   private side: only an allow pattern that names the address itself opens them (`127.0.0.1:1883`,
 *   `[::1]:1883`, for an own port with that port), never `*:1883`, `*:*`, `*.example.com:*` or a
 *   range wider than loopback. A name that resolves to loopback counts as loopback.
 * - In both, --bridge-deny wins over --bridge-allow, and ALWAYS_DENIED wins over both.
 * - IPv6 forms that carry an IPv4 address (mapped, compatible, translated, NAT64, 6to4; see
 *   embeddedIpv4) are checked as that IPv4 address too by ALWAYS_DENIED, --bridge-deny and the
 *   loopback rule; --bridge-allow matches only the address as written, so it never widens.
 * - A name is resolved on the server and every address it resolves to is checked; the bridge then
 *   connects to those checked addresses, never looking the name up again.
 */
export type BridgeMode = 'loopback' | 'restricted'

/** Why a target is refused: `error` is the sentence for the user, `rule` names what refused it. */
export interface Refusal {
  readonly error: string
  readonly rule: string
}

/**
 * Cloud metadata services and link-local addresses: a bridge to them hands the page the host's
 * cloud credentials (169.254.169.254: AWS, GCP, Azure, ...; 100.100.100.200: Alibaba Cloud;
 * 168.63.129.16: Azure's wire server; fd00:ec2::254: AWS over IPv6). The unspecified addresses
 * reach the server itself on Linux, past any rule about 127.0.0.0/8. Their IPv4 ranges are also
 * denied inside IPv6 (see embeddedIpv4).
 */
export const ALWAYS_DENIED: ReadonlyArray<{ readonly range: string; readonly what: string }> = [
  { range: '169.254.0.0/16', what: 'link-local/metadata' },
  { range: '100.100.100.200/32', what: 'cloud metadata' },
  { range: '168.63.129.16/32', what: 'cloud wire server' },
  { range: 'fd00:ec2::254/128', what: 'link-local/metadata' },
  { range: 'fe80::/10', what: 'link-local' },
  { range: '0.0.0.0/8', what: 'unspecified ("this host")' },
  { range: '::/128', what: 'unspecified ("this host")' },
]

const ALWAYS_DENIED_CIDRS = ALWAYS_DENIED.map((entry) => ({ ...entry, cidr: parseCidr(entry.range) as Cidr }))

/** One --bridge-allow or --bridge-deny item. `port` undefined means every port. */
export type Pattern = { readonly text: string; readonly port: number | undefined } & (
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'wildcard'; readonly suffix: string }
  | { readonly kind: 'any' }
  | { readonly kind: 'range'; readonly cidr: Cidr }
)

/**
 * Pattern syntax:
 * - `host:port`, `host:*` (a name needs a port or `*`);
 * - `*.example.com:8883`: any name below example.com (not example.com itself);
 * - `*:1883`: any target on that port; `*:*`: any target;
 * - `10.0.0.1`, `10.0.0.0/8`, `::1/128`, `[fd00::]/8`: an address or range, every port;
 * - `10.0.0.0/8:1883`, `::1/128:1883`, `[::1]:1883`, `[fd00::/8]:*`: with a port.
 * IPv4-mapped IPv6 forms (`::ffff:10.0.0.0/104`) mean the IPv4 range they carry.
 */
export function parsePattern(input: string): Pattern | { problem: string } {
  const text = input.trim()
  const lower = text.toLowerCase()
  if (lower === '') return { problem: 'an empty pattern' }

  const bracketed = /^\[([^\]]+)\](?:(\/\d+))?(?::([^:]*))?$/.exec(lower)
  if (bracketed !== null) return rangePattern(text, bracketed[1]! + (bracketed[2] ?? ''), bracketed[3])
  if (lower.includes('/')) {
    const slash = lower.indexOf('/')
    const colonAfter = lower.indexOf(':', slash)
    return colonAfter === -1 ? rangePattern(text, lower, undefined) : rangePattern(text, lower.slice(0, colonAfter), lower.slice(colonAfter + 1))
  }
  if (isIP(lower) !== 0) return rangePattern(text, lower, undefined)

  const colon = lower.lastIndexOf(':')
  if (colon === -1) return { problem: `"${text}": a host name needs a port (${text}:1883) or * for every port (${text}:*)` }
  const rawHost = lower.slice(0, colon)
  const host = rawHost.endsWith('.') && rawHost !== '*.' ? rawHost.slice(0, -1) : rawHost
  const port = parsePort(lower.slice(colon + 1))
  if (typeof port === 'object') return { problem: `"${text}": ${port.problem}` }
  if (isIP(host) === 4) return rangePattern(text, host, lower.slice(colon + 1))
  if (host.includes(':')) return { problem: `"${text}": an IPv6 address with a port needs brackets ([::1]:1883)` }
  if (host === '*') return { text, port, kind: 'any' }
  if (host.startsWith('*.')) {
    const suffix = host.slice(1)
    if (!isHostName(suffix.slice(1))) return { problem: `"${text}": "${suffix.slice(1)}" is not a host name` }
    return { text, port, kind: 'wildcard', suffix }
  }
  if (host.includes('*')) return { problem: `"${text}": * stands only for a whole first label (*.example.com:8883)` }
  if (!isHostName(host)) return { problem: `"${text}": "${host}" is not a host name` }
  return { text, port, kind: 'name', name: host }
}

export interface PolicySettings {
  readonly mode: BridgeMode
  readonly allow: readonly string[]
  readonly deny: readonly string[]
  /** The server's own listening ports as far as known (0s ignored); setServerPorts updates them. */
  readonly serverPorts?: readonly number[]
  /** This host's addresses, asked at each check (interfaces come and go); default: every interface's. */
  readonly localAddresses?: () => readonly IpAddress[]
}

export class BridgePolicy {
  readonly mode: BridgeMode
  readonly allow: readonly Pattern[]
  readonly deny: readonly Pattern[]
  #serverPorts: ReadonlySet<number>
  readonly #localAddresses: () => readonly IpAddress[]

  /** The patterns must be valid: config.ts checked them (parsePatterns) before the server started. */
  constructor(settings: PolicySettings) {
    this.mode = settings.mode
    this.allow = parsePatternsOrThrow(settings.allow)
    this.deny = parsePatternsOrThrow(settings.deny)
    this.#serverPorts = portSet(settings.serverPorts ?? [])
    this.#localAddresses = settings.localAddresses ?? hostAddresses
  }

  /** The ports the server listens on, once it does (port 0 in the flags becomes a real one only then). */
  setServerPorts(ports: readonly number[]): void {
    this.#serverPorts = portSet(ports)
  }

  /**
   * What can be decided before a lookup: an IP literal gets the whole check; a name only the
   * name rules (denied names; allowed names are allowed whatever they resolve to, except to an
   * always-denied or denied address, which `check` sees after the lookup).
   */
  checkBeforeLookup(target: Target): Refusal | undefined {
    if (target.ip !== undefined) return this.check(target, [target.ip])
    for (const pattern of this.deny) {
      if (pattern.kind !== 'range' && patternMatchesName(pattern, target)) return denied(target, pattern, undefined)
    }
    return undefined
  }

  /** The whole check, with every address the target resolved to. Undefined: allowed. */
  check(target: Target, addresses: readonly IpAddress[]): Refusal | undefined {
    if (addresses.length === 0) return { error: `${target.display} resolved to no address`, rule: 'DNS' }
    for (const address of addresses) {
      const always = alwaysDenied(address)
      if (always !== undefined) return always
    }
    for (const pattern of this.deny) {
      if (pattern.kind !== 'range') {
        if (patternMatchesName(pattern, target)) return denied(target, pattern, undefined)
        continue
      }
      const hit = addresses.find((address) => viewsOf(address).some((view) => patternMatchesAddress(pattern, view, target.port)))
      if (hit !== undefined) return denied(target, pattern, hit)
    }
    if (this.allow.length === 0) {
      if (this.mode === 'loopback') return undefined
      return { error: `${target.display} is not in --bridge-allow (the list is empty, so this server allows no target)`, rule: '--bridge-allow' }
    }
    const notAllowed = this.#allowRefusal(target, addresses)
    if (notAllowed !== undefined) return notAllowed
    // Allowed by some pattern: in restricted mode, a wildcard one must not reach this machine.
    return this.mode === 'restricted' ? this.#privateSideRefusal(target, addresses) : undefined
  }

  #allowRefusal(target: Target, addresses: readonly IpAddress[]): Refusal | undefined {
    if (this.allow.some((pattern) => pattern.kind !== 'range' && patternMatchesName(pattern, target))) return undefined
    const outside = addresses.find((address) => !this.allow.some((pattern) => pattern.kind === 'range' && patternMatchesAddress(pattern, address, target.port)))
    if (outside === undefined) return undefined
    const via = target.ip === undefined ? ` (it resolves to ${formatIp(outside)})` : ''
    return { error: `${target.display}${via} is not in --bridge-allow`, rule: '--bridge-allow' }
  }

  /**
   * Restricted mode: a loopback address, or one of the server's own ports on loopback or on an
   * address of this host, needs an allow pattern naming that address (and, for an own port, that
   * port): a wildcard written for remote brokers must not reach this machine's private side.
   */
  #privateSideRefusal(target: Target, addresses: readonly IpAddress[]): Refusal | undefined {
    const ownPort = this.#serverPorts.has(target.port)
    const local = ownPort ? this.#localAddresses() : []
    for (const address of addresses) {
      const views = viewsOf(address)
      const loopback = views.some(isLoopbackAddress)
      const own = ownPort && (loopback || views.some((view) => local.some((mine) => sameIp(mine, view))))
      if (!loopback && !own) continue
      if (this.allow.some((pattern) => namesLiterally(pattern, address, target.port, own))) continue
      const via = target.ip === undefined ? ` (it resolves to ${formatIp(address)})` : ''
      const literal = hostPort(address, target.port)
      if (own) {
        return {
          error: `${target.display}${via} is this server's own port ${target.port}: in restricted mode only --bridge-allow ${literal} (this address and port, written out) opens it`,
          rule: 'own port',
        }
      }
      return {
        error: `${target.display}${via} is a loopback address: in restricted mode a wildcard never opens it, only --bridge-allow ${literal} (the address written out)`,
        rule: 'loopback',
      }
    }
    return undefined
  }
}

/** Every problem with a list of patterns, each naming its pattern. */
export function patternProblems(texts: readonly string[]): string[] {
  const problems: string[] = []
  for (const text of texts) {
    const parsed = parsePattern(text)
    if ('problem' in parsed) problems.push(parsed.problem)
  }
  return problems
}

function parsePatternsOrThrow(texts: readonly string[]): Pattern[] {
  return texts.map((text) => {
    const parsed = parsePattern(text)
    if ('problem' in parsed) throw new Error(`bad bridge pattern: ${parsed.problem}`)
    return parsed
  })
}

function rangePattern(text: string, rangeText: string, portText: string | undefined): Pattern | { problem: string } {
  const cidr = parseCidr(rangeText)
  if ('problem' in cidr) return { problem: `"${text}": ${cidr.problem}` }
  const port = portText === undefined ? undefined : parsePort(portText)
  if (typeof port === 'object') return { problem: `"${text}": ${port.problem}` }
  return { text, port, kind: 'range', cidr }
}

function parsePort(text: string): number | undefined | { problem: string } {
  if (text === '*') return undefined
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) return { problem: `"${text}" is not a port (1-65535) or *` }
  return Number(text)
}

function patternMatchesName(pattern: Pattern, target: Target): boolean {
  if (pattern.port !== undefined && pattern.port !== target.port) return false
  switch (pattern.kind) {
    case 'any':
      return true
    case 'name':
      return target.ip === undefined && target.host === pattern.name
    case 'wildcard':
      return target.ip === undefined && target.host.endsWith(pattern.suffix)
    case 'range':
      return false
  }
}

function patternMatchesAddress(pattern: Pattern, address: IpAddress, port: number): boolean {
  if (pattern.kind !== 'range') return false
  if (pattern.port !== undefined && pattern.port !== port) return false
  return cidrContains(pattern.cidr, address)
}

/** The refusal when `address`, or the IPv4 address it carries, is in ALWAYS_DENIED. */
function alwaysDenied(address: IpAddress): Refusal | undefined {
  const direct = ALWAYS_DENIED_CIDRS.find((entry) => cidrContains(entry.cidr, address))
  if (direct !== undefined) return { error: `${direct.what} address ${formatIp(address)} is always denied`, rule: `always denied ${direct.range}` }
  const embedded = embeddedIpv4(address)
  if (embedded === undefined) return undefined
  const inner = ALWAYS_DENIED_CIDRS.find((entry) => cidrContains(entry.cidr, embedded.ipv4))
  if (inner === undefined) return undefined
  return {
    error: `${inner.what} address ${formatIp(address)} (the ${embedded.form} form of ${formatIp(embedded.ipv4)}) is always denied`,
    rule: `always denied ${inner.range}`,
  }
}

/** The address, and the IPv4 address it carries if it is one of the embedding forms. */
function viewsOf(address: IpAddress): IpAddress[] {
  const embedded = embeddedIpv4(address)
  return embedded === undefined ? [address] : [address, embedded.ipv4]
}

function isLoopbackAddress(address: IpAddress): boolean {
  if (address.family === 4) return address.bytes[0] === 127
  return address.bytes.every((byte, i) => byte === (i === 15 ? 1 : 0))
}

function sameIp(a: IpAddress, b: IpAddress): boolean {
  return a.family === b.family && a.bytes.every((byte, i) => byte === b.bytes[i])
}

/**
 * Does an allow pattern name `address` itself rather than reach it by a wildcard? Yes for an
 * address or range pattern containing it that is one address (/32, /128) or lies inside
 * 127.0.0.0/8; `withPort`: and names the target's port too (not `*`).
 */
function namesLiterally(pattern: Pattern, address: IpAddress, port: number, withPort: boolean): boolean {
  if (pattern.kind !== 'range' || !patternMatchesAddress(pattern, address, port)) return false
  if (withPort && pattern.port === undefined) return false
  const { cidr } = pattern
  const single = cidr.prefix === (cidr.family === 4 ? 32 : 128)
  return single || (cidr.family === 4 && cidr.prefix >= 8 && cidr.bytes[0] === 127)
}

/** `127.0.0.1:1883`, `[::1]:1883`: the allow pattern that would name this address and port. */
function hostPort(address: IpAddress, port: number): string {
  return address.family === 6 ? `[${formatIp(address)}]:${port}` : `${formatIp(address)}:${port}`
}

function portSet(ports: readonly number[]): ReadonlySet<number> {
  return new Set(ports.filter((port) => port > 0))
}

/** Every address of this host's interfaces (loopback included). */
export function hostAddresses(): IpAddress[] {
  const found: IpAddress[] = []
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) {
      const ip = parseIp(entry.address)
      if (ip !== undefined) found.push(ip)
    }
  }
  return found
}

function denied(target: Target, pattern: Pattern, address: IpAddress | undefined): Refusal {
  const via = address !== undefined && target.ip === undefined ? ` (${formatIp(address)})` : ''
  return { error: `${target.display}${via} is denied by --bridge-deny ${pattern.text}`, rule: `--bridge-deny ${pattern.text}` }
}

function isHostName(text: string): boolean {
  return /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/.test(text)
}

/** Whether `host` (the --host the server binds to) keeps it on this machine. */
export function isLoopbackHost(host: string): boolean {
  const lower = host.toLowerCase()
  if (lower === 'localhost' || lower.endsWith('.localhost')) return true
  const ip = parseIp(lower.replace(/^\[|\]$/g, ''))
  return ip !== undefined && isLoopbackAddress(ip)
}

/** parseIp for an address from dns.lookup or a socket; throws on anything else (a bug). */
export function addressOf(text: string): IpAddress {
  const ip = parseIp(text)
  if (ip === undefined) throw new Error(`not an IP address: ${text}`)
  return ip
}
