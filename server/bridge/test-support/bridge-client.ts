import { request } from 'node:http'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt'
import WebSocket from 'ws'
import { logSettings, parseConfig, type Config } from '../../config.ts'
import { createServer, type MqttScopeServer } from '../../create-server.ts'
import { createLogger } from '../../logger.ts'
import { storageFlags } from '../../test-support/start-server.ts'
import { withTimeout } from '../../test-support/timeout.ts'
import type { BridgeOverrides } from '../bridge.ts'

const DIST_DIR = fileURLToPath(new URL('../../../dist', import.meta.url))

export interface BridgeTestServer {
  readonly server: MqttScopeServer
  readonly config: Config
  readonly httpPort: number
  readonly mqttPort: number
  /** The host the test connects to (the bound address, or 127.0.0.1 when bound to every address). */
  readonly host: string
  /** http://host:port: the Origin a page of this server sends. */
  readonly origin: string
  /** Everything the server logged (JSON lines, level trace). */
  logs(): string
  close(): Promise<void>
}

/** A whole mqtt-scope server in this process, on port 0, logging JSON at trace level into memory. */
export async function startBridgeServer(flags: readonly string[] = [], overrides: BridgeOverrides = {}): Promise<BridgeTestServer> {
  const parsed = parseConfig(['--http-port', '0', '--mqtt-port', '0', '--log-level', 'trace', '--log-format', 'json', ...storageFlags(flags), ...flags])
  if (parsed.kind !== 'config') throw new Error(`bad test flags: ${JSON.stringify(parsed)}`)
  let logs = ''
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs += chunk.toString('utf8')
      callback()
    },
  })
  const server = await createServer(parsed.config, {
    logger: createLogger(logSettings(parsed.config), sink),
    distDir: DIST_DIR,
    files: parsed.files,
    bridge: overrides,
  })
  const addresses = await server.listen()
  const host = addresses.host === '0.0.0.0' || addresses.host === '::' ? '127.0.0.1' : addresses.host
  return {
    server,
    config: parsed.config,
    httpPort: addresses.httpPort,
    mqttPort: addresses.mqttPort,
    host,
    origin: `http://${host}:${addresses.httpPort}`,
    logs: () => logs,
    close: () => server.close(),
  }
}

export interface JsonResponse {
  readonly status: number
  readonly headers: Record<string, string | string[] | undefined>
  readonly body: Record<string, unknown>
}

export interface RequestOptions {
  readonly origin?: string
  readonly token?: string
  /** Sent as is; default JSON.stringify(body). */
  readonly rawBody?: string | Buffer
  readonly contentType?: string
  readonly method?: string
  /** The Host header; default host:port. */
  readonly hostHeader?: string
  /** More headers, sent as given (X-Forwarded-For...). */
  readonly headers?: Readonly<Record<string, string>>
  /** The client's own address (127.0.0.2 is another client on loopback). */
  readonly localAddress?: string
}

/** One request to the JSON API with exactly the Origin, Host and Authorization given. */
export function apiRequest(srv: BridgeTestServer, path: string, body?: unknown, options: RequestOptions = {}): Promise<JsonResponse> {
  const payload = options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body))
  const headers: Record<string, string> = { Host: options.hostHeader ?? `${srv.host}:${srv.httpPort}` }
  if (payload !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json'
  if (options.origin !== undefined) headers.Origin = options.origin
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`
  Object.assign(headers, options.headers)
  const done = new Promise<JsonResponse>((resolve, reject) => {
    const req = request(
      {
        host: srv.host,
        port: srv.httpPort,
        path,
        method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
        headers,
        agent: false,
        ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) })
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
  return withTimeout(done, 10_000, `${options.method ?? 'POST'} ${path}`)
}

/** POST /api/bridge/sessions as the app's own page would (Origin = the server's origin). */
export async function ticketFor(srv: BridgeTestServer, body: unknown, options: RequestOptions = {}): Promise<string> {
  const res = await apiRequest(srv, '/api/bridge/sessions', body, { origin: srv.origin, ...options })
  if (res.status !== 200 || typeof res.body.ticket !== 'string') throw new Error(`no ticket: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.ticket
}

export function bridgeUrl(srv: BridgeTestServer, ticket: string): string {
  return `ws://${srv.host}:${srv.httpPort}/bridge?ticket=${encodeURIComponent(ticket)}`
}

export type UpgradeOutcome = { readonly ws: WebSocket } | { readonly status: number; readonly body: string }

/**
 * Opens /bridge?ticket=... with subprotocol mqtt and the given Origin (default the server's own;
 * null: no Origin header); a refused upgrade gives its status and body.
 */
export function openBridge(srv: BridgeTestServer, ticket: string, origin: string | null = srv.origin, path?: string): Promise<UpgradeOutcome> {
  const url = path === undefined ? bridgeUrl(srv, ticket) : `ws://${srv.host}:${srv.httpPort}${path}`
  const done = new Promise<UpgradeOutcome>((resolve, reject) => {
    const ws = new WebSocket(url, ['mqtt'], origin === null ? {} : { headers: { Origin: origin } })
    ws.binaryType = 'nodebuffer'
    ws.once('open', () => resolve({ ws }))
    ws.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
    })
    ws.once('error', reject)
  })
  return withTimeout(done, 10_000, `open ${url}`)
}

export async function openedBridge(srv: BridgeTestServer, ticket: string, origin?: string): Promise<WebSocket> {
  const outcome = await openBridge(srv, ticket, origin)
  if (!('ws' in outcome)) throw new Error(`upgrade refused: ${outcome.status} ${outcome.body}`)
  return outcome.ws
}

export interface CloseEvent {
  readonly code: number
  readonly reason: string
}

/** The close code and reason the server ends `ws` with. */
export function closeOf(ws: WebSocket, ms = 15_000): Promise<CloseEvent> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.reject(new Error('already closed'))
  const done = new Promise<CloseEvent>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })))
  ws.on('error', () => {})
  return withTimeout(done, ms, 'bridge close')
}

/**
 * MQTT.js connecting through the bridge as the page's worker will: a fresh ticket, the server's
 * Origin, no reconnect (a reconnect would need a new ticket). `socket` is the WebSocket, for its
 * close code and reason.
 */
export async function connectThroughBridge(
  srv: BridgeTestServer,
  sessionBody: unknown,
  options: IClientOptions = {},
  ticketOptions: RequestOptions = {},
): Promise<{ client: MqttClient; socket: () => WebSocket | undefined }> {
  const ticket = await ticketFor(srv, sessionBody, ticketOptions)
  let socket: WebSocket | undefined
  const client = await withTimeout(
    connectAsync(
      bridgeUrl(srv, ticket),
      {
        reconnectPeriod: 0,
        connectTimeout: 8_000,
        createWebsocket: (url: string, protocols: string[]) => {
          socket = new WebSocket(url, protocols, { headers: { Origin: srv.origin } })
          return socket
        },
        ...options,
      },
      false,
    ),
    10_000,
    'MQTT connect through the bridge',
  )
  client.on('error', () => {})
  return { client, socket: () => socket }
}
