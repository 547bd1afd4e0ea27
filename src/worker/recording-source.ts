import { fromBase64 } from '../model/base64-decode.ts'
import { JsonlLineReader } from '../model/jsonl-stream.ts'
import { parseRecordedLine, type RecordedMessage, type RecordedProperties } from '../model/recording-jsonl.ts'
import { messagesQuery } from '../model/recording-window.ts'
import type { IncomingMessage } from './mqtt-session.ts'

/** Where a recording is read from: the page's server, with its access token when it has one. */
export interface RecordingServer {
  /** The server's origin, e.g. http://127.0.0.1:8080. */
  readonly server: string
  readonly token: string
}

/** What GET /api/recordings/:id says (the fields the session uses). */
export interface RecordingInfo {
  readonly messages: number
  readonly first: number | undefined
  readonly last: number | undefined
  readonly evicted: number
}

/**
 * A 16 MiB payload (the project's largest, LIMITS.publish.payloadBytes) is ~22.4 million Base64
 * characters; with its topic and properties a line stays below this. A longer one is refused.
 */
const MAX_LINE_CHARS = 24 * 1024 * 1024

/** How long the stream may keep the worker busy before it lets timers and commands through. */
const YIELD_EVERY_MS = 50

type FetchLike = (url: string, init: { headers: Record<string, string>; signal?: AbortSignal }) => Promise<Response>

function headers(source: RecordingServer): Record<string, string> {
  return source.token === '' ? {} : { Authorization: `Bearer ${source.token}` }
}

async function failure(response: Response): Promise<string> {
  let reason = `HTTP ${response.status}`
  try {
    const body = (await response.json()) as { error?: unknown }
    if (typeof body.error === 'string') reason = `${reason}: ${body.error}`
  } catch {
    // not JSON: the status says it
  }
  return reason
}

/** GET /api/recordings/:id: its span and counts, or why not. */
export async function fetchRecordingInfo(source: RecordingServer, id: string, fetchImpl: FetchLike = fetch): Promise<RecordingInfo | { error: string }> {
  const response = await fetchImpl(`${source.server}/api/recordings/${encodeURIComponent(id)}`, { headers: headers(source) })
  if (!response.ok) return { error: await failure(response) }
  const row = (await response.json()) as Record<string, unknown>
  const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined)
  return { messages: num(row.messages) ?? 0, first: num(row.first), last: num(row.last), evicted: num(row.evicted) ?? 0 }
}

/**
 * Streams GET /api/recordings/:id/messages?format=jsonl&from&to and hands each message to
 * `onMessage` as it is parsed: only the current chunk and an unfinished line are held, never the
 * whole recording. Resolves with the count, or the first problem (a bad line stops the stream and
 * names its line); an abort resolves with `aborted`.
 */
export async function streamRecording(
  source: RecordingServer,
  id: string,
  range: { readonly from?: number; readonly to?: number },
  onMessage: (message: RecordedMessage) => void,
  signal: AbortSignal,
  fetchImpl: FetchLike = fetch,
): Promise<{ readonly count: number; readonly error?: string; readonly aborted?: boolean }> {
  let count = 0
  try {
    const url = `${source.server}/api/recordings/${encodeURIComponent(id)}/messages?${messagesQuery(range.from, range.to)}`
    const response = await fetchImpl(url, { headers: headers(source), signal })
    if (!response.ok || response.body === null) return { count, error: response.ok ? 'the server sent no messages' : await failure(response) }
    const reader = response.body.getReader()
    const decoder = new TextDecoder('utf-8')
    const lines = new JsonlLineReader(MAX_LINE_CHARS)
    let yielded = Date.now()
    for (;;) {
      const { done, value } = await reader.read()
      let all = lines.push(done ? decoder.decode() : decoder.decode(value, { stream: true }))
      if (done && Array.isArray(all)) {
        const last = lines.end()
        all = Array.isArray(last) ? [...all, ...last] : last
      }
      if (!Array.isArray(all)) {
        await reader.cancel()
        return { count, error: `line ${all.line}: ${all.reason}` }
      }
      for (const line of all) {
        const parsed = parseRecordedLine(line.text)
        if (typeof parsed === 'string') {
          await reader.cancel()
          return { count, error: `line ${line.line}: ${parsed}` }
        }
        onMessage(parsed)
        count++
      }
      if (done) return { count }
      // A fast local stream resolves every read at once: let the flush clock (progress, the
      // page's commands) run now and then instead of after the whole recording.
      if (Date.now() - yielded >= YIELD_EVERY_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0))
        yielded = Date.now()
        if (signal.aborted) return { count, aborted: true }
      }
    }
  } catch (error) {
    if (signal.aborted) return { count, aborted: true }
    return { count, error: error instanceof Error ? error.message : String(error) }
  }
}

/**
 * A recorded message as the live ingest path takes it (MQTT.js's packet shape), so the tree,
 * history, inspector and charts treat it exactly like one that just arrived.
 */
export function asIncoming(message: RecordedMessage): IncomingMessage {
  return {
    topic: message.topic,
    payload: message.payload,
    qos: message.qos,
    retain: message.retain,
    dup: false,
    properties: packetProperties(message.properties),
  }
}

function packetProperties(properties: RecordedProperties | undefined): Record<string, unknown> | undefined {
  if (properties === undefined) return undefined
  const { correlationData_base64: correlation, ...rest } = properties
  const out: Record<string, unknown> = { ...rest }
  if (correlation !== undefined) out.correlationData = fromBase64(correlation)
  return out
}
