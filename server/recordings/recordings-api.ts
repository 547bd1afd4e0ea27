import type { IncomingMessage, ServerResponse } from 'node:http'
import { parseRecordingJsonl, serialiseRecordedMessage } from '../../src/model/recording-jsonl.ts'
import { checkBearerToken } from '../bridge/auth.ts'
import type { BridgeSettings } from '../bridge/bridge-settings.ts'
import { sendJson } from '../http/json.ts'
import { requestFacts, type RequestPolicy } from '../http/request-policy.ts'
import type { Logger } from '../logger.ts'
import { readRequestBody } from './http-body.ts'
import { messagesCsvHeader, messageCsvLine } from './messages-csv.ts'
import { parseRecordingRequest } from './recording-request.ts'
import type { RecordingsService } from './recordings-service.ts'
import type { ReplayJobs } from './replay-jobs.ts'

export interface RecordingsApiContext {
  readonly service: RecordingsService
  readonly replays: ReplayJobs
  readonly bridge: BridgeSettings
  readonly requestPolicy: RequestPolicy
  readonly logger: Logger
}

const MAX_JSON_BYTES = 64 * 1024
const MAX_IMPORT_BYTES = 256 * 1024 * 1024

/**
 * /api/recordings and /api/replays. Same trust boundary as the bridge: besides what handleApi
 * refuses for every route (a foreign Origin, a DNS-rebound Host), refused are a caller through a
 * reverse proxy in loopback mode (403) and, when the server has an access token, a caller without
 * it or with a wrong one (401); without a token in restricted mode nobody (403).
 */
export function handleRecordingsApi(ctx: RecordingsApiContext, req: IncomingMessage, res: ServerResponse, urlPath: string): boolean {
  if (!urlPath.startsWith('/api/recordings') && !urlPath.startsWith('/api/replays')) return false
  const refusal = checkCaller(ctx, req)
  if (refusal !== undefined) {
    req.resume()
    return sendJson(res, refusal.status, { error: refusal.error, rule: refusal.rule })
  }
  void route(ctx, req, res, urlPath).catch((error: unknown) => {
    ctx.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'recordings API failed')
    if (!res.headersSent) sendJson(res, 500, { error: 'internal error' })
    else res.destroy()
  })
  return true
}

function checkCaller(ctx: RecordingsApiContext, req: IncomingMessage): { status: number; error: string; rule: string } | undefined {
  const proxied = ctx.requestPolicy.checkBridgeTicket(requestFacts(req))
  if (proxied !== undefined) return { status: 403, ...proxied }
  if (!ctx.bridge.tokenRequired) return undefined
  if (ctx.bridge.token === '') return { status: 403, error: 'recordings need an access token on this server (--auth-token)', rule: '--auth-token' }
  const check = checkBearerToken(req, ctx.bridge.token)
  if (check === 'ok') return undefined
  return { status: 401, error: check === 'missing' ? 'an access token is needed' : 'the access token is wrong', rule: '--auth-token' }
}

async function route(ctx: RecordingsApiContext, req: IncomingMessage, res: ServerResponse, urlPath: string): Promise<void> {
  const { service } = ctx
  const method = req.method ?? 'GET'
  const parts = urlPath.split('/').slice(2) // ['recordings', id?, action?]
  if (parts[0] === 'replays') {
    const progress = parts[1] === undefined ? undefined : ctx.replays.progress(parts[1])
    if (progress === undefined) return void sendJson(res, 404, { error: 'no such replay' })
    if (parts.length === 2 && method === 'GET') return void sendJson(res, 200, progress)
    if (parts[2] === 'stop' && parts.length === 3 && method === 'POST') return void sendJson(res, 200, ctx.replays.stop(parts[1]!))
    return void sendJson(res, 405, { error: 'use GET /api/replays/:id or POST /api/replays/:id/stop' })
  }
  if (parts.length === 1) {
    if (method === 'GET') return void sendJson(res, 200, { inMemory: service.inMemory, recordings: service.store.list() })
    if (method !== 'POST') return void sendJson(res, 405, { error: 'use GET or POST' }, { Allow: 'GET, POST' })
    const body = await readJson(req, res, MAX_JSON_BYTES)
    if (body === undefined) return
    const request = parseRecordingRequest(body)
    if ('error' in request) return void sendJson(res, 400, request)
    const started = await service.start(request)
    // 507 Insufficient Storage: the disk is full; 403: the bridge policy refused the target.
    if ('error' in started) return void sendJson(res, started.rule === 'disk full' ? 507 : 403, started)
    return void sendJson(res, 201, started)
  }
  if (parts[1] === 'import' && parts.length === 2) {
    if (method !== 'POST') return void sendJson(res, 405, { error: 'use POST' }, { Allow: 'POST' })
    return importRecording(ctx, req, res)
  }
  const id = parts[1]!
  const row = service.store.get(id)
  if (row === undefined) {
    req.resume()
    return void sendJson(res, 404, { error: 'no such recording' })
  }
  if (parts.length === 2) {
    if (method === 'GET') return void sendJson(res, 200, row)
    if (method === 'DELETE') return void sendJson(res, 200, { deleted: await service.delete(id) })
    return void sendJson(res, 405, { error: 'use GET or DELETE' }, { Allow: 'GET, DELETE' })
  }
  if (parts.length !== 3) return void sendJson(res, 404, { error: `no API route ${urlPath}` })
  if (parts[2] === 'stop' && method === 'POST') {
    await service.stop(id)
    return void sendJson(res, 200, service.store.get(id))
  }
  if (parts[2] === 'messages' && method === 'GET') return exportMessages(ctx, req, res, id)
  if (parts[2] === 'replay' && method === 'POST') {
    const body = await readJson(req, res, MAX_JSON_BYTES)
    if (body === undefined) return
    const started = await ctx.replays.start(id, body)
    if ('error' in started) return void sendJson(res, 'rule' in started ? 403 : 400, started)
    return void sendJson(res, 201, started)
  }
  return void sendJson(res, 405, { error: `wrong method for ${urlPath}` })
}

async function readJson(req: IncomingMessage, res: ServerResponse, maxBytes: number): Promise<unknown> {
  const body = await readRequestBody(req, maxBytes)
  if (body === 'aborted') return undefined
  if (body === 'too-large') return void sendJson(res, 413, { error: `the body is larger than ${maxBytes / 1024} KiB` })
  try {
    return body.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as unknown)
  } catch {
    return void sendJson(res, 400, { error: 'the body is not valid JSON' })
  }
}

/** Streams the messages so a large recording never sits in memory: one write per message, paused while the socket is full. */
async function exportMessages(ctx: RecordingsApiContext, req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
  const query = new URL(req.url ?? '/', 'http://x').searchParams
  const format = query.get('format') ?? 'jsonl'
  if (format !== 'jsonl' && format !== 'csv') return void sendJson(res, 400, { error: 'format must be jsonl or csv' })
  const from = timeParam(query.get('from'))
  const to = timeParam(query.get('to'))
  if (from === null || to === null) return void sendJson(res, 400, { error: 'from and to must be epoch milliseconds' })
  const topic = query.get('topic') ?? undefined
  res.writeHead(200, {
    'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    'Content-Disposition': `attachment; filename="recording-${id}.${format}"`,
    'Cache-Control': 'no-store',
  })
  if (format === 'csv') res.write(messagesCsvHeader())
  for (const message of ctx.service.store.messages(id, { from, to, topic })) {
    const ok = res.write(format === 'csv' ? messageCsvLine(message) : serialiseRecordedMessage(message) + '\n')
    if (!ok) await new Promise((resolve) => res.once('drain', resolve))
    if (res.destroyed) return
  }
  res.end()
}

function timeParam(text: string | null): number | undefined | null {
  if (text === null || text === '') return undefined
  const n = Number(text)
  return Number.isSafeInteger(n) && n >= 0 ? n : null
}

async function importRecording(ctx: RecordingsApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readRequestBody(req, MAX_IMPORT_BYTES)
  if (body === 'aborted') return
  if (body === 'too-large') return void sendJson(res, 413, { error: `the import is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB` })
  const parsed = parseRecordingJsonl(body.toString('utf8'))
  if (!parsed.ok) return void sendJson(res, 400, { error: `line ${parsed.line}: ${parsed.reason}`, line: parsed.line, reason: parsed.reason })
  const query = new URL(req.url ?? '/', 'http://x').searchParams
  const name = (query.get('name') ?? '').trim() || `import ${new Date().toISOString()}`
  const imported = ctx.service.importMessages(name.slice(0, 200), parsed.messages)
  // 507: the disk is full; 413: the import is larger than the budget.
  if ('error' in imported) return void sendJson(res, imported.rule === 'disk full' ? 507 : 413, imported)
  sendJson(res, 201, imported)
}
