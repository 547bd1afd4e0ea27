import type { OnFull } from './recording-store.ts'
import { parseTlsRequest, type TlsRequest } from './tls-request.ts'

/** A checked POST /api/recordings body. */
export interface RecordingRequest {
  readonly name: string
  readonly url: string | undefined
  readonly filters: readonly string[]
  readonly qos: 0 | 1 | 2
  readonly tls: TlsRequest | undefined
  readonly username: string | undefined
  readonly password: string | undefined
  readonly remember: boolean
  readonly onFull: OnFull
}

/** The body as a request, or the sentence that says what is wrong with it. */
export function parseRecordingRequest(body: unknown): RecordingRequest | { error: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { error: 'the body must be a JSON object' }
  const b = body as Record<string, unknown>
  if (typeof b.name !== 'string' || b.name.trim() === '' || b.name.length > 200) return { error: '"name" must be a non-empty string of at most 200 characters' }
  if (b.url !== undefined && (typeof b.url !== 'string' || !/^(mqtts?|wss?):\/\//i.test(b.url)))
    return { error: '"url" must be an mqtt://, mqtts://, ws:// or wss:// URL (leave it out for the embedded broker)' }
  if (!Array.isArray(b.filters) || b.filters.length === 0 || b.filters.length > 100) return { error: '"filters" must be a list of 1 to 100 topic filters' }
  for (const filter of b.filters) {
    if (typeof filter !== 'string' || !validFilter(filter)) return { error: `"filters": ${JSON.stringify(filter)} is not a topic filter` }
  }
  const qos = b.qos ?? 0
  if (qos !== 0 && qos !== 1 && qos !== 2) return { error: '"qos" must be 0, 1 or 2' }
  const tls = parseTlsRequest(b.tls, b.url)
  if (tls !== undefined && 'error' in tls) return tls
  if (b.username !== undefined && typeof b.username !== 'string') return { error: '"username" must be a string' }
  if (b.password !== undefined && typeof b.password !== 'string') return { error: '"password" must be a string' }
  if (b.remember !== undefined && typeof b.remember !== 'boolean') return { error: '"remember" must be true or false' }
  const onFull = b.onFull ?? 'evict'
  if (onFull !== 'evict' && onFull !== 'stop') return { error: '"onFull" must be "evict" or "stop"' }
  return {
    name: b.name.trim(),
    url: b.url,
    filters: b.filters as string[],
    qos,
    tls,
    username: b.username,
    password: b.password,
    remember: b.remember === true,
    onFull,
  }
}

/** MQTT 3.1.1 4.7: # only last and alone in its level, + alone in its level, not empty. */
export function validFilter(filter: string): boolean {
  if (filter === '' || filter.length > 65_535 || filter.includes('\u0000')) return false
  const levels = filter.split('/')
  return levels.every((level, i) => (level.includes('#') ? level === '#' && i === levels.length - 1 : !level.includes('+') || level === '+'))
}
