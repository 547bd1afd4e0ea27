/**
 * The `--cluster` URL and `--node-id`, checked once by config.ts (a problem is an exit 2 that names
 * the flag). Nothing here connects.
 */

export const DEFAULT_HEARTBEAT_SECONDS = 5
const DEFAULT_REDIS_PORT = 6379
/** Redis' default number of databases is 16; a server may have more, so only the form is checked. */
const MAX_DB = 1_000_000

/** Where the cluster's Redis is, as --cluster says. */
export interface ClusterTarget {
  readonly tls: boolean
  readonly host: string
  readonly port: number
  readonly username: string | undefined
  readonly password: string | undefined
  readonly db: number
  /** The URL without its password, for logs and the banner. */
  readonly display: string
}

/** redis://[user:pass@]host:port[/db] or rediss://...; a problem says what is wrong in words. */
export function parseClusterUrl(text: string): ClusterTarget | { readonly problem: string } {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase()
  if (scheme !== 'redis' && scheme !== 'rediss') return { problem: `"${redactedText(text)}" is not a redis:// or rediss:// URL` }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return { problem: `"${redactedText(text)}" is not a valid URL (redis://[user:pass@]host:port[/db])` }
  }
  if (url.hostname === '') return { problem: `"${redactedText(text)}" names no host (redis://[user:pass@]host:port[/db])` }
  if (url.search !== '' || url.hash !== '') return { problem: `"${redactedText(text)}": no ?query or #fragment is understood here` }
  const port = url.port === '' ? DEFAULT_REDIS_PORT : Number(url.port)
  if (port === 0) return { problem: `"${redactedText(text)}": port 0 is not a Redis port` }
  const dbText = url.pathname.replace(/^\//, '')
  if (dbText !== '' && (!/^\d+$/.test(dbText) || Number(dbText) > MAX_DB)) {
    return { problem: `"${redactedText(text)}": the path must be a database number such as /0, not "/${dbText}"` }
  }
  let username: string | undefined
  let password: string | undefined
  try {
    username = url.username === '' ? undefined : decodeURIComponent(url.username)
    password = url.password === '' ? undefined : decodeURIComponent(url.password)
  } catch {
    return { problem: `"${redactedText(text)}": the user or password has a broken %-escape` }
  }
  // IPv6 literals keep their brackets in URL.hostname; sockets want them without.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  const display = `${scheme}://${username === undefined ? '' : `${encodeURIComponent(username)}${password === undefined ? '' : ':***'}@`}${url.host}${dbText === '' ? '' : `/${dbText}`}`
  return Object.freeze({ tls: scheme === 'rediss', host, port, username, password, db: dbText === '' ? 0 : Number(dbText), display })
}

/** A URL as text with any password replaced, so a problem line never shows it. */
function redactedText(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@')
}

const NODE_ID = /^[A-Za-z0-9_.-]{1,64}$/

/** A node id is a topic level ($SYS/broker/nodes/<id>/...) and part of Redis keys: a small alphabet. */
export function nodeIdProblem(id: string): string | undefined {
  if (NODE_ID.test(id)) return undefined
  return `"${id.length > 80 ? `${id.slice(0, 80)}...` : id}" is not a node id: use 1 to 64 letters, digits, "_", "-" or "."`
}
