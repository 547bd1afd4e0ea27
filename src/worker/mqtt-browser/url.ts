/**
 * Node's legacy `url.parse(text, true)`, the part MQTT.js's connect() reads (protocol, hostname,
 * port, query, auth, path), over the browser's own URL: the worker build aliases `url` here
 * instead of bundling the `url` package and punycode (see scripts/vite/mqtt-worker.ts). Results as
 * Node gives them: hostname lower-case and without IPv6 brackets, port a string or null, auth
 * decoded, query an object (repeated keys as arrays), and null for what a relative path lacks.
 */
export interface LegacyUrl {
  readonly protocol: string | null
  readonly hostname: string | null
  readonly port: string | null
  readonly query: Record<string, string | string[]>
  readonly auth: string | null
  readonly path: string | null
  readonly pathname: string | null
  readonly search: string | null
}

function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {}
  for (const [key, value] of params) {
    const known = query[key]
    query[key] = known === undefined ? value : Array.isArray(known) ? [...known, value] : [known, value]
  }
  return query
}

const ABSOLUTE = /^[a-z][a-z\d+.-]*:/i

export function parse(text: string): LegacyUrl {
  const absolute = ABSOLUTE.test(text)
  const url = new URL(text, absolute ? undefined : 'http://relative.invalid')
  const search = url.search === '' ? (text.includes('?') ? '?' : null) : url.search
  const path = url.pathname + (search ?? '')
  const query = queryObject(url.searchParams)
  if (!absolute) return { protocol: null, hostname: null, port: null, query, auth: null, path, pathname: url.pathname, search }
  const user = decodeURIComponent(url.username)
  const auth = url.username === '' && url.password === '' ? null : url.password === '' ? user : `${user}:${decodeURIComponent(url.password)}`
  // The default port (ws: 80, wss: 443) is the empty string for the URL, written out for Node.
  const explicitPort = /^[a-z][a-z\d+.-]*:\/\/(?:[^@/?#]*@)?(?:\[[^\]]*\]|[^:/?#]*):(\d+)/i.exec(text)?.[1]
  return {
    protocol: url.protocol.toLowerCase(),
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase(),
    port: url.port !== '' ? url.port : explicitPort !== undefined ? String(Number(explicitPort)) : null,
    query,
    auth,
    path,
    pathname: url.pathname,
    search,
  }
}

export default { parse }
