import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Broker } from '../broker/create-broker.ts'
import type { Logger } from '../logger.ts'
import { EMBEDDED_PROTOCOL_VERSIONS, type ServerConfig } from '../../src/model/server-config.ts'
import { VERSION } from '../version.ts'
import { sendJson } from './json.ts'
import { requestFacts, type RequestPolicy } from './request-policy.ts'
import { parseHostHeader } from './web-origin.ts'

/** The listeners' address and ports, once listen() has opened them. */
export interface ListeningDoors {
  readonly host: string
  readonly mqttPort: number
  readonly mqttsPort: number | undefined
}

/** Answers the API paths it knows (after the request policy let the call in); false for the others. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, urlPath: string) => boolean

export interface ApiContext {
  readonly broker: Broker
  readonly startedAt: number
  /**
   * More routes, handed in by create-server.ts so that this file depends on none of them: /api/bridge/*
   * (the policy and the tickets, server/bridge/bridge-api.ts).
   */
  readonly routeHandlers: readonly RouteHandler[]
  /** Who may call the API (Host check, Origin rule): request-policy.ts. */
  readonly policy: RequestPolicy
  /** For GET /api/config: --memory keeps recordings in memory only. */
  readonly recordingsInMemory: boolean
  /** For GET /api/config; undefined before the server listens. */
  readonly doors: () => ListeningDoors | undefined
  readonly logger: Logger
  /** More fields for /api/health (a cluster node's `cluster` status). */
  readonly healthFields?: () => Record<string, unknown>
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
      ...ctx.healthFields?.(),
    })
  }
  if (urlPath === '/api/config') {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'use GET' }, { Allow: 'GET, HEAD' })
    const doors = ctx.doors()
    if (doors === undefined) return sendJson(res, 503, { error: 'the server is not listening yet' })
    return sendJson(res, 200, serverConfig(doors, req, ctx.recordingsInMemory))
  }
  if (ctx.routeHandlers.some((handle) => handle(req, res, urlPath))) return true
  return sendJson(res, 404, { error: `no API route ${urlPath}` })
}

/**
 * GET /api/config: where MQTT clients reach the embedded broker, for the page's hints ("mosquitto_pub
 * -h H -p P ..."). Nothing secret: the ports are what the server prints at start and what any client
 * on the network can find. Bound to every address, the host is the one the page was opened with
 * (the Host header, which the request policy has just checked).
 */
function serverConfig(doors: ListeningDoors, req: IncomingMessage, recordingsInMemory: boolean): ServerConfig {
  const bound = doors.host.replace(/^\[|\]$/g, '')
  const anyAddress = bound === '0.0.0.0' || bound === '::'
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true
  const pageHost = parseHostHeader(req.headers.host ?? '', encrypted ? 'https:' : 'http:')?.hostname.replace(/^\[|\]$/g, '')
  return {
    embeddedBroker: {
      host: anyAddress && pageHost !== undefined ? pageHost : bound,
      mqttPort: doors.mqttPort,
      mqttsPort: doors.mqttsPort ?? null,
      websocketPath: '/mqtt',
      protocolVersions: EMBEDDED_PROTOCOL_VERSIONS,
    },
    recordingsInMemory,
  }
}

/** address:port of the other end, for logs. */
export function peerOf(req: IncomingMessage): string {
  return `${req.socket.remoteAddress ?? 'unknown'}:${req.socket.remotePort ?? 0}`
}
