import type { IncomingMessage } from 'node:http'
import { isLoopbackHost, type Refusal } from './policy.ts'

/**
 * Same-origin checks for loopback mode, where the bridge reaches any target and has no token: the
 * only thing that keeps a web page on another site from using the local user's bridge
 * (cross-site WebSocket hijacking) is that its requests carry its own Origin.
 *
 * - The Host header must name this machine (localhost, 127.x.x.x, [::1]). A DNS rebinding attack
 *   points the attacker's own name at 127.0.0.1, so its page is "same origin" with itself; its
 *   Host header is then its own name and is refused here.
 * - The Origin must be <scheme>://<that Host>, the scheme being the one this server speaks (http,
 *   or https with --tls-cert): the page was loaded from this server. Any other scheme is another site.
 */
export function checkLocalHost(req: IncomingMessage): Refusal | undefined {
  const host = hostOf(req)
  if (host === undefined) return { error: 'the request has no valid Host header', rule: 'same origin' }
  if (!isLoopbackHost(host.hostname)) {
    return {
      error: `Host ${clip(host.host)} is not a loopback name: open the app at localhost or 127.0.0.1 (a DNS-rebound name is refused)`,
      rule: 'same origin',
    }
  }
  return undefined
}

/** Origin must be present and equal to http(s)://<Host>. */
export function checkOwnOrigin(req: IncomingMessage): Refusal | undefined {
  const hostRefusal = checkLocalHost(req)
  if (hostRefusal !== undefined) return hostRefusal
  const origin = req.headers.origin
  if (origin === undefined) return { error: 'the request has no Origin header', rule: 'same origin' }
  if (!isOwnOrigin(req, origin)) return { error: `Origin ${clip(origin)} is not this server's origin`, rule: 'same origin' }
  return undefined
}

/** The same check for a request that may have no Origin (a POST from a non-browser client). */
export function checkOriginIfPresent(req: IncomingMessage): Refusal | undefined {
  const hostRefusal = checkLocalHost(req)
  if (hostRefusal !== undefined) return hostRefusal
  const origin = req.headers.origin
  if (origin !== undefined && !isOwnOrigin(req, origin)) return { error: `Origin ${clip(origin)} is not this server's origin`, rule: 'same origin' }
  return undefined
}

function isOwnOrigin(req: IncomingMessage, origin: string): boolean {
  const host = hostOf(req)
  if (host === undefined) return false
  let parsed: URL
  try {
    parsed = new URL(origin)
  } catch {
    return false
  }
  // An Origin header is scheme://host[:port] only; anything more is not one a browser sent.
  const bare = parsed.username === '' && parsed.password === '' && parsed.pathname === '/' && parsed.search === '' && parsed.hash === ''
  return bare && parsed.protocol === ownScheme(req) && parsed.host === host.host
}

/** The scheme of this server's pages: https: when the request came over TLS. */
function ownScheme(req: IncomingMessage): string {
  return (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true ? 'https:' : 'http:'
}

function hostOf(req: IncomingMessage): URL | undefined {
  const header = req.headers.host
  if (header === undefined || header === '' || /[/?#@\s]/.test(header)) return undefined
  try {
    return new URL(`http://${header}`)
  } catch {
    return undefined
  }
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}...` : text
}
