import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Broker } from '../broker/create-broker.ts'
import type { Bridge } from '../bridge/bridge.ts'
import { VERSION } from '../version.ts'

export interface ApiContext {
  readonly broker: Broker
  readonly startedAt: number
  /** /api/bridge/*: the policy and the tickets (server/bridge/bridge-api.ts). */
  readonly bridge?: Bridge
}

/** The JSON API under /api. Returns false when the path is not an API route. */
export function handleApi(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, urlPath: string): boolean {
  if (!urlPath.startsWith('/api/') && urlPath !== '/api') return false
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
