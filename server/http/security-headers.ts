import type { ServerResponse } from 'node:http'
import { isLoopbackHost } from '../bridge/policy.ts'

/**
 * Headers on every response the HTTP port sends: the app, the API, errors and refused upgrades.
 * - nosniff: a payload or a JSON answer is never run as a script or a page by content sniffing;
 * - no-referrer: the app's URLs never leave for another site;
 * - same-origin opener: a page on another site that opened the app gets no handle on its window.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
}

/**
 * On every HTML response. Untrusted topics and payloads are rendered as text by React, and this
 * policy is the second wall: no inline or foreign script can run even if one slipped through.
 *
 * connect-src keeps `ws: wss:` on purpose: a connection profile may name any broker's WebSocket
 * URL (ws://broker.lan:9001, wss://broker.example.com/mqtt), which the page opens directly. The
 * profiles live in the browser's localStorage, so the server cannot list them here. Other
 * schemes (http:, https: fetches to other sites) stay closed: only 'self'.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ')

/**
 * HTTPS only, one year, this host only (no includeSubDomains: the server does not own them). Not for
 * a `localhost` Host: HSTS is kept per host name, not per port, so it would force https:// on every
 * other local development server in the browser (browsers ignore it for IP addresses anyway).
 */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000'

/** Sets the headers every response gets; `https` when the request came over TLS, `hostname` its Host. */
export function setSecurityHeaders(res: ServerResponse, https: boolean, hostname: string | undefined): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value)
  if (https && hostname !== undefined && !isLocalhostName(hostname)) res.setHeader('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY)
}

/**
 * A whole HTTP response written straight to a socket (a refused upgrade, a request Node could not
 * parse), with the same security headers. `body` is sent as JSON when given.
 */
export function rawResponse(status: number, reason: string, body?: unknown): string {
  const text = body === undefined ? '' : JSON.stringify(body)
  const headers = [
    `HTTP/1.1 ${status} ${reason}`,
    'Connection: close',
    ...(body === undefined ? [] : ['Content-Type: application/json; charset=utf-8']),
    'Cache-Control: no-store',
    ...Object.entries(SECURITY_HEADERS).map(([name, value]) => `${name}: ${value}`),
    `Content-Length: ${Buffer.byteLength(text)}`,
  ]
  return `${headers.join('\r\n')}\r\n\r\n${text}`
}

function isLocalhostName(hostname: string): boolean {
  return isLoopbackHost(hostname) && !/^[\d.]+$|^\[/.test(hostname)
}
