/**
 * Origin and Host headers as values that can be compared: a lower-case host name without a
 * trailing dot (IPv6 in brackets, IPv4 in dotted form) and an explicit port. Pure functions, no
 * request objects: request-policy.ts decides with them.
 */

export type WebScheme = 'http:' | 'https:'

/** scheme://host:port of a page. */
export interface WebOrigin {
  readonly scheme: WebScheme
  readonly hostname: string
  readonly port: number
  /** The canonical form, with the port always written: `https://mqtt.example.com:443`. */
  readonly key: string
}

/** What a Host header names. */
export interface HostAndPort {
  readonly hostname: string
  readonly port: number
  /** hostname:port, for messages. */
  readonly text: string
}

const DEFAULT_PORT: Readonly<Record<WebScheme, number>> = { 'http:': 80, 'https:': 443 }

/**
 * An Origin header as browsers send it (scheme://host[:port], http or https), or undefined for
 * anything else: `null`, other schemes, a path, user info, a port that is not a number
 * (`http://127.0.0.1:8080.evil.example`), two origins joined by a comma.
 */
export function parseWebOrigin(text: string): WebOrigin | undefined {
  if (text === '' || /[\s,]/.test(text)) return undefined
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  const bare = url.username === '' && url.password === '' && url.pathname === '/' && url.search === '' && url.hash === ''
  // "http://host/" parses like "http://host": a browser never sends the slash, a hand-written list may.
  if (!bare || /[?#]/.test(text) || /^https?:\/\/[^/]*\/./i.test(text)) return undefined
  const scheme = url.protocol
  const hostname = withoutTrailingDot(url.hostname)
  if (hostname === '') return undefined
  const port = url.port === '' ? DEFAULT_PORT[scheme] : Number(url.port)
  return { scheme, hostname, port, key: `${scheme}//${hostname}:${port}` }
}

/**
 * A Host header: `name`, `name:port`, `[v6]:port`. The port defaults to the one of the scheme the
 * server speaks. Undefined for anything that is not a host (a path, user info, a bad port).
 */
export function parseHostHeader(text: string, scheme: WebScheme): HostAndPort | undefined {
  if (text === '' || /[/?#@\\\s,]/.test(text)) return undefined
  let url: URL
  try {
    url = new URL(`${scheme}//${text}`)
  } catch {
    return undefined
  }
  const hostname = withoutTrailingDot(url.hostname)
  if (hostname === '') return undefined
  const port = url.port === '' ? DEFAULT_PORT[scheme] : Number(url.port)
  return { hostname, port, text: `${hostname}:${port}` }
}

/** The host name --host gives, in the form parseHostHeader produces; undefined if it is not one. */
export function normalizeHostName(host: string): string | undefined {
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
  return parseHostHeader(bracketed, 'http:')?.hostname
}

/**
 * Why an --allowed-origins item is not usable, or undefined when it is. The list is written by
 * hand, so the messages say what an origin looks like.
 */
export function allowedOriginProblem(text: string): string | undefined {
  if (text.toLowerCase() === 'null') {
    return `"${text}" is never allowed: it is the Origin of sandboxed frames and file:// pages, which any site can make`
  }
  if (text.includes('*')) return `"${text}": wildcards are not supported, list each origin (https://mqtt.example.com)`
  if (!/^https?:\/\//i.test(text)) return `"${text}" is not an origin: write http:// or https:// then the host, such as https://mqtt.example.com`
  if (parseWebOrigin(text) === undefined) {
    return `"${text}" is not an origin: only scheme://host[:port], without a path, query or user (https://mqtt.example.com:8443)`
  }
  return undefined
}

/** Every problem of an --allowed-origins list. */
export function allowedOriginProblems(items: readonly string[]): string[] {
  return items.map(allowedOriginProblem).filter((problem): problem is string => problem !== undefined)
}

/** An --allowed-origins item the config accepted. */
export function parseAllowedOrigin(text: string): WebOrigin {
  const origin = parseWebOrigin(text)
  if (origin === undefined) throw new Error(`not an origin (config.ts checks --allowed-origins): ${text}`)
  return origin
}

/** `localhost.` is the same name as `localhost`; a browser may send either. */
function withoutTrailingDot(hostname: string): string {
  return hostname.endsWith('.') ? hostname.slice(0, -1) : hostname
}
