import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Broker } from '../broker/create-broker.ts'
import type { Bridge } from '../bridge/bridge.ts'
import type { Logger } from '../logger.ts'
import { VERSION } from '../version.ts'
import { requestFacts, type RequestPolicy } from './request-policy.ts'

export interface ApiContext {
  readonly broker: Broker
  readonly startedAt: number
  /** /api/bridge/*: the policy and the tickets (server/bridge/bridge-api.ts). */
  readonly bridge?: Bridge
  /** Who may call the API (Host check, Origin rule): request-policy.ts. */
  readonly policy: RequestPolicy
  readonly logger: Logger
}

/**
 * The JSON API under /api. Returns false when the path is not an API route.
 *
 * Every route, unknown ones included, first passes the request policy: refused with 403 are a Host
 * that is not one this server answers to (DNS rebinding) and a page from another origin
 * (an Origin that is neither ours nor in --allowed-origins, `Origin: null`, several Origins).
 */
export function handleApi(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, urlPath: string): boolean {
  if (!urlPath.startsWith('/api/') && urlPath !== '/api') return false
  const refusal = ctx.policy.checkApi(requestFacts(req))
  if (refusal !== undefined) {
    ctx.logger.info({ peer: peerOf(req), origin: req.headers.origin, host: req.headers.host, rule: refusal.rule, reason: refusal.error }, 'API request refused')
    // The body is not read, only discarded.
    req.resume()
    return sendJson(res, 403, refusal)
  }
  if (urlPath === '/api/health') {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'use GET' }, { Allow: 'GET, HEAD' })
    return sendJson(res, 200, {
      status: 'ok',
      version: VERSION,
      uptime: Math.round((Date.now() - ctx.startedAt) / 1000),
      clients: ctx.broker.connectedClients,
    })
  }
  if (ctx.bridge !== undefined && ctx.bridge.handleApi(req, res, urlPath)) return true
  return sendJson(res, 404, { error: `no API route ${urlPath}` })
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): true {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  })
  res.end(text)
  return true
}

/** address:port of the other end, for logs. */
export function peerOf(req: IncomingMessage): string {
  return `${req.socket.remoteAddress ?? 'unknown'}:${req.socket.remotePort ?? 0}`
}
