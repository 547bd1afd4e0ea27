/**
 * The server's recordings API as the page reads it (server/recordings/recordings-api.ts answers):
 * GET /api/recordings, GET /api/replays/:id and the errors. Checked field by field, so an older or
 * a foreign server gives "undefined", never a half-read object.
 */

/** Where a recording connects, without secrets: no url = the embedded broker; `tls` only says TLS options were given. */
export interface RecordingTargetInfo {
  readonly url: string | undefined
  readonly username: string | undefined
  readonly tls: boolean
}

export interface RecordingInfo {
  readonly id: string
  readonly name: string
  readonly target: RecordingTargetInfo
  readonly filters: readonly string[]
  readonly qos: 0 | 1 | 2
  readonly onFull: 'evict' | 'stop'
  /** recording, connecting, stopped, "paused: credentials needed", "disk full", "budget reached", imported. */
  readonly state: string
  readonly reason: string | undefined
  readonly messages: number
  readonly bytes: number
  /** Receive time of the oldest and newest message kept, epoch ms. */
  readonly first: number | undefined
  readonly last: number | undefined
  /** Messages dropped (oldest first) to stay within the budgets. */
  readonly evicted: number
}

export interface RecordingList {
  /** --memory: the recordings end with the server process. */
  readonly inMemory: boolean
  readonly recordings: readonly RecordingInfo[]
}

/** As server/recordings/replay-job.ts; "interrupted": the server shut down or was killed during the replay. */
export type ReplayState = 'connecting' | 'running' | 'done' | 'stopped' | 'failed' | 'interrupted'

export interface ReplayProgress {
  readonly id: string
  readonly state: ReplayState
  readonly sent: number
  readonly total: number
  readonly reason: string | undefined
}

const REPLAY_STATES: readonly string[] = ['connecting', 'running', 'done', 'stopped', 'failed', 'interrupted']

type Fields = Record<string, unknown>

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
const optionalTime = (v: unknown): number | undefined | null => (v === undefined || v === null ? undefined : isCount(v) ? v : null)
const optionalText = (v: unknown): string | undefined | null => (v === undefined || v === null ? undefined : typeof v === 'string' ? v : null)

function asFields(value: unknown): Fields | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined
}

/** One row of GET /api/recordings (or the answer of GET /api/recordings/:id). */
export function readRecording(value: unknown): RecordingInfo | undefined {
  const r = asFields(value)
  const target = asFields(r?.target)
  if (r === undefined || target === undefined) return undefined
  const { id, name, filters, qos, onFull, state, messages, bytes, evicted } = r
  if (typeof id !== 'string' || id === '' || typeof name !== 'string' || typeof state !== 'string') return undefined
  if (!Array.isArray(filters) || !filters.every((f) => typeof f === 'string')) return undefined
  if (qos !== 0 && qos !== 1 && qos !== 2) return undefined
  if (!isCount(messages) || !isCount(bytes) || !isCount(evicted)) return undefined
  const first = optionalTime(r.first)
  const last = optionalTime(r.last)
  const reason = optionalText(r.reason)
  const url = optionalText(target.url)
  const username = optionalText(target.username)
  if (first === null || last === null || reason === null || url === null || username === null) return undefined
  return {
    id,
    name,
    target: { url, username, tls: asFields(target.tls) !== undefined },
    filters,
    qos,
    onFull: onFull === 'stop' ? 'stop' : 'evict',
    state,
    reason,
    messages,
    bytes,
    first,
    last,
    evicted,
  }
}

/** GET /api/recordings: `{ inMemory, recordings: [...] }`; a row that cannot be read spoils the answer. */
export function readRecordingList(json: unknown): RecordingList | undefined {
  const body = asFields(json)
  if (body === undefined || typeof body.inMemory !== 'boolean' || !Array.isArray(body.recordings)) return undefined
  const recordings: RecordingInfo[] = []
  for (const item of body.recordings) {
    const row = readRecording(item)
    if (row === undefined) return undefined
    recordings.push(row)
  }
  return { inMemory: body.inMemory, recordings }
}

/** GET /api/replays/:id (and the answer of its stop). */
export function readReplayProgress(json: unknown): ReplayProgress | undefined {
  const p = asFields(json)
  if (p === undefined || typeof p.id !== 'string' || typeof p.state !== 'string' || !REPLAY_STATES.includes(p.state)) return undefined
  if (!isCount(p.sent) || !isCount(p.total)) return undefined
  const reason = optionalText(p.reason)
  if (reason === null) return undefined
  return { id: p.id, state: p.state as ReplayState, sent: p.sent, total: p.total, reason }
}

export function isReplayOver(state: ReplayState): boolean {
  return state === 'done' || state === 'stopped' || state === 'failed' || state === 'interrupted'
}

/**
 * What to tell the person when the API refused: the server's own sentence (`error`, which for an
 * import already starts with "line N:"), else the status.
 */
export function apiErrorText(status: number, json: unknown): string {
  const error = asFields(json)?.error
  if (typeof error === 'string' && error !== '') return error
  return `the server answered ${status}`
}

/** The import refusal's line number, when the server named one. */
export function importErrorLine(json: unknown): number | undefined {
  const line = asFields(json)?.line
  return isCount(line) && line > 0 ? line : undefined
}

/** The state column: "reconnecting: <why>" while a connection is being made again. */
export function recordingStateText(r: Pick<RecordingInfo, 'state' | 'reason'>): string {
  if (r.state === 'connecting') return r.reason === undefined ? 'connecting' : `reconnecting: ${r.reason}`
  if (r.reason === undefined || r.state === 'paused: credentials needed') return r.state
  return `${r.state} (${r.reason})`
}

/** Still taking messages (or trying to): Stop applies. */
export function isRecordingActive(state: string): boolean {
  return state === 'recording' || state === 'connecting' || state === 'paused: credentials needed'
}

/** The target column: "embedded broker", "imported file", or the URL with the user name and whether TLS options were given. */
export function recordingTargetText({ target, state }: Pick<RecordingInfo, 'target' | 'state'>): string {
  if (state === 'imported') return 'imported file'
  if (target.url === undefined) return 'embedded broker'
  const user = target.username === undefined ? '' : ` as ${target.username}`
  return `${target.url}${user}${target.tls ? ' (TLS options)' : ''}`
}

/** "Replaying: 12 of 50 sent", "Replay finished: 50 of 50 sent", "Replay failed after 3 of 50: <reason>". */
export function replayStatusText(p: ReplayProgress): string {
  const counts = `${p.sent} of ${p.total}`
  const why = p.reason === undefined ? '' : `: ${p.reason}`
  switch (p.state) {
    case 'connecting':
      return `Replay connecting (${p.total} messages)`
    case 'running':
      return `Replaying: ${counts} sent`
    case 'done':
      return `Replay finished: ${counts} sent`
    case 'stopped':
      return `Replay stopped: ${counts} sent${why}`
    case 'failed':
      return `Replay failed after ${counts} sent${why}`
    case 'interrupted':
      return `Replay interrupted after ${counts} sent${why}`
  }
}

export type ExportFormat = 'jsonl' | 'csv'

export interface ExportRange {
  readonly format: ExportFormat
  /** Epoch ms, inclusive; undefined: from the start / to the end. */
  readonly from?: number | undefined
  readonly to?: number | undefined
  /** An exact topic or a filter; '' or undefined: every topic. */
  readonly topic?: string | undefined
}

/** GET /api/recordings/:id/messages with its query. */
export function exportPath(id: string, range: ExportRange): string {
  const query = new URLSearchParams({ format: range.format })
  if (range.from !== undefined) query.set('from', String(range.from))
  if (range.to !== undefined) query.set('to', String(range.to))
  if (range.topic !== undefined && range.topic !== '') query.set('topic', range.topic)
  return `/api/recordings/${encodeURIComponent(id)}/messages?${query.toString()}`
}

/**
 * A safe file name for a recording's export: the name with everything outside [A-Za-z0-9._-] as
 * '_' (no path separator, control or bidi character, no leading dot, no reserved name on any OS),
 * at most 100 characters, plus the format's extension.
 */
export function recordingFileName(name: string, format: ExportFormat): string {
  let base = name
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .replace(/[._]+$/, '')
  if (base.length > 100) base = base.slice(0, 100)
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(base)) base = `_${base}`
  return `${base || 'recording'}.${format}`
}

/** Filters typed one per line (a comma is a valid topic character): trimmed, blanks and repeats left out. */
export function splitFilters(text: string): string[] {
  const out: string[] = []
  for (const part of text.split('\n')) {
    const filter = part.trim()
    if (filter !== '' && !out.includes(filter)) out.push(filter)
  }
  return out
}
