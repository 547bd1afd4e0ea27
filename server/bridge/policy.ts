import { isIP } from 'node:net'
import { cidrContains, formatIp, parseCidr, parseIp, type Cidr, type IpAddress } from './ip-address.ts'
import type { Target } from './target.ts'

/**
 * Which targets a bridge may reach. Decided here, on the server, from the flags; the page only
 * reads the outcome (GET /api/bridge/policy).
 *
 * - loopback mode (the server listens on a loopback address): any target, unless --bridge-allow
 *   narrows it; the page must come from the server's own origin (see origin.ts).
 * - restricted mode (any other address, or --bridge-mode restricted): only what --bridge-allow
 *   names (an empty list allows nothing), and an access token is needed (see auth.ts).
 * - In both, --bridge-deny wins over --bridge-allow, and ALWAYS_DENIED wins over both.
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
 * cloud credentials. The unspecified addresses reach the server itself on Linux, past any rule
 * about 127.0.0.0/8.
 */
export const ALWAYS_DENIED: ReadonlyArray<{ readonly range: string; readonly what: string }> = [
  { range: '169.254.0.0/16', what: 'link-local/metadata' },
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
}

export class BridgePolicy {
  readonly mode: BridgeMode
  readonly allow: readonly Pattern[]
  readonly deny: readonly Pattern[]

  /** The patterns must be valid: config.ts checked them (parsePatterns) before the server started. */
  constructor(settings: PolicySettings) {
    this.mode = settings.mode
    this.allow = parsePatternsOrThrow(settings.allow)
    this.deny = parsePatternsOrThrow(settings.deny)
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
      const always = ALWAYS_DENIED_CIDRS.find((entry) => cidrContains(entry.cidr, address))
      if (always !== undefined) {
        return { error: `${always.what} address ${formatIp(address)} is always denied`, rule: `always denied ${always.range}` }
      }
    }
    for (const pattern of this.deny) {
      if (pattern.kind !== 'range') {
        if (patternMatchesName(pattern, target)) return denied(target, pattern, undefined)
        continue
      }
      const hit = addresses.find((address) => patternMatchesAddress(pattern, address, target.port))
      if (hit !== undefined) return denied(target, pattern, hit)
    }
    if (this.allow.length === 0) {
      if (this.mode === 'loopback') return undefined
      return { error: `${target.display} is not in --bridge-allow (the list is empty, so this server allows no target)`, rule: '--bridge-allow' }
    }
    if (this.allow.some((pattern) => pattern.kind !== 'range' && patternMatchesName(pattern, target))) return undefined
    const outside = addresses.find(
      (address) => !this.allow.some((pattern) => pattern.kind === 'range' && patternMatchesAddress(pattern, address, target.port)),
    )
    if (outside === undefined) return undefined
    const via = target.ip === undefined ? ` (it resolves to ${formatIp(outside)})` : ''
    return { error: `${target.display}${via} is not in --bridge-allow`, rule: '--bridge-allow' }
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
  if (ip === undefined) return false
  if (ip.family === 4) return ip.bytes[0] === 127
  return ip.bytes.every((byte, i) => byte === (i === 15 ? 1 : 0))
}

/** parseIp for an address from dns.lookup or a socket; throws on anything else (a bug). */
export function addressOf(text: string): IpAddress {
  const ip = parseIp(text)
  if (ip === undefined) throw new Error(`not an IP address: ${text}`)
  return ip
}
