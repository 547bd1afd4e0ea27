import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type Server as HttpServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net'
import { createServer as createTlsServer, type TLSSocket } from 'node:tls'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { Config, LoadedFiles } from './config.ts'
import { accessHooks, type AccessRules } from './access/access-control.ts'
import { createBridge, type BridgeOverrides } from './bridge/bridge.ts'
import { bridgeSettings } from './bridge/bridge-settings.ts'
import { brokerLimitsFrom, maxWebSocketMessageBytes } from './broker/broker-limits.ts'
import { closeBroker, createEmbeddedBroker, type Broker } from './broker/create-broker.ts'
import { openBrokerStore, type BrokerStore } from './broker/persistence.ts'
import { openCluster, type ClusterNode } from './cluster/cluster-node.ts'
import { WebSocketDuplex } from './broker/websocket-duplex.ts'
import { handleApi, peerOf } from './http/api.ts'
import { sendJson } from './http/json.ts'
import { RequestPolicy, requestFacts } from './http/request-policy.ts'
import { rawResponse, setSecurityHeaders } from './http/security-headers.ts'
import { createStaticHandler } from './http/static-files.ts'
import { parseHostHeader } from './http/web-origin.ts'
import type { Logger } from './logger.ts'
import { ListenError } from './listen-error.ts'
import type { RecordingsService } from './recordings/recordings-service.ts'
import { createRecordings } from './recordings/recordings.ts'
import type { ServerTls } from './tls/tls-settings.ts'

export interface ServerOptions {
  readonly logger: Logger
  /** The vite build to serve. */
  readonly distDir: string
  /** The users, ACL and TLS files as parseConfig read them (they are not read again). */
  readonly files: LoadedFiles
  /** Tests only: a resolver and a ticket lifetime for the bridge. */
  readonly bridge?: BridgeOverrides
}

export interface ListeningAddresses {
  readonly host: string
  readonly httpPort: number
  readonly mqttPort: number
  /** The MQTT/TLS port; undefined without --tls-cert/--tls-key. */
  readonly mqttsPort: number | undefined
  /** The HTTP port speaks HTTPS (and WSS). */
  readonly https: boolean
}

export interface MqttScopeServer {
  readonly broker: Broker
  /** The broker's LevelDB folder, the cluster's Redis (and this node's id), or undefined with --memory. */
  readonly storeLocation: string | undefined
  /** Who may connect, as the server started with it. */
  readonly access: AccessRules
  /** The recordings and their store (tests reach its SQLite database to make it full). */
  readonly recordings: RecordingsService
  listen(): Promise<ListeningAddresses>
  address(): ListeningAddresses
  close(): Promise<void>
}

/** Builds the whole server without listening; `listen()` opens the ports, `close()` undoes all. */
export async function createServer(config: Config, options: ServerOptions): Promise<MqttScopeServer> {
  const { logger } = options
  const brokerLimits = brokerLimitsFrom(config)
  const { access, tls } = options.files
  // With --cluster the broker's data lives in Redis (server/cluster/), else in --data-dir or memory.
  const cluster = config.cluster === '' ? undefined : await openCluster(config, logger)
  const store = cluster === undefined ? await openBrokerStore(config) : clusterStore(cluster)
  const hooks = accessHooks(access, logger.child({ component: 'access' }))
  let embedded: Awaited<ReturnType<typeof createEmbeddedBroker>>
  try {
    embedded = await createEmbeddedBroker(logger, brokerLimits, cluster?.gate(hooks) ?? hooks, store.persistence, cluster?.brokerOptions)
  } catch (error) {
    await store.close()
    throw error
  }
  const { broker, accept } = embedded
  cluster?.attach(broker)
  const startedAt = Date.now()
  const serveStatic = createStaticHandler(options.distDir)
  const sockets = new Set<Socket | Duplex>()
  // One request policy for every route and WebSocket path (server/http/request-policy.ts).
  const requestPolicy = new RequestPolicy({
    loopbackTrust: bridgeSettings(config).mode === 'loopback',
    host: config.host,
    allowedOrigins: config.allowedOrigins,
  })
  const bridge = createBridge(config, logger, requestPolicy, options.bridge)
  let addresses: ListeningAddresses | undefined
  const recordings = createRecordings(config, bridge, requestPolicy, logger.child({ component: 'recordings' }), options.bridge?.lookup)
  const api = {
    broker,
    startedAt,
    routeHandlers: [bridge.handleApi, recordings.handleApi],
    policy: requestPolicy,
    recordingsInMemory: recordings.service.inMemory,
    logger: logger.child({ component: 'http' }),
    doors: () => addresses,
    ...(cluster === undefined ? {} : { healthFields: () => ({ cluster: cluster.status() }) }),
  }

  const handleRequest: RequestListener = (req, res) => {
    const https = tls !== undefined
    setSecurityHeaders(res, https, parseHostHeader(req.headers.host ?? '', https ? 'https:' : 'http:')?.hostname)
    const urlPath = pathOf(req)
    if (urlPath === undefined) {
      sendJson(res, 400, { error: 'bad request line' })
      return
    }
    if (handleApi(api, req, res, urlPath)) return
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('method not allowed\n')
      return
    }
    serveStatic(req, res, urlPath).then(
      (result) => {
        if (result === 'served') return
        const status = result === 'not-found' ? 404 : result === 'forbidden' ? 403 : 400
        if (!res.headersSent) res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${result}\n`)
      },
      (error: unknown) => {
        logger.error({ err: error }, 'static file error')
        if (!res.headersSent) res.writeHead(500).end()
      },
    )
  }
  // With TLS the same port speaks HTTPS, so the page, /mqtt and /bridge become https:// and wss://.
  const http: HttpServer =
    tls === undefined ? createHttpServer(handleRequest) : createHttpsServer(tlsServerOptions(tls, brokerLimits.connectTimeoutMs), handleRequest)
  http.on('connection', (socket) => track(sockets, socket))
  if (tls !== undefined) http.on('tlsClientError', (error: Error, socket: TLSSocket) => logTlsRefusal(logger, 'https', error, socket))
  // Node's own answer to a request it cannot parse lacks the security headers; this one has them.
  http.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => answerClientError(error, socket))

  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: maxWebSocketMessageBytes(brokerLimits),
    // MQTT over WebSocket names its subprotocol "mqtt" [MQTT-6.0.0-3]; old clients send "mqttv3.1".
    handleProtocols: (protocols) => (protocols.has('mqtt') ? 'mqtt' : protocols.has('mqttv3.1') ? 'mqttv3.1' : false),
  })
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands an upgrade socket over without an 'error' listener. A client that resets the
    // connection around our 404 (paho does, on a wrong path) would otherwise raise an uncaught
    // ECONNRESET and take the whole server down.
    socket.on('error', () => socket.destroy())
    const path = pathOf(req)
    if (path === '/bridge') {
      bridge.handleUpgrade(req, socket, head)
      return
    }
    if (path !== '/mqtt') {
      socket.end(rawResponse(404, 'Not Found'))
      return
    }
    // A browser (it sent an Origin) must be a page of ours; a device or CLI client (no Origin) meets
    // the broker's users and ACL instead.
    const refusal = requestPolicy.checkMqttUpgrade(requestFacts(req))
    if (refusal !== undefined) {
      logger.warn(
        { component: 'mqtt-ws', origin: req.headers.origin, peer: peerOf(req), host: req.headers.host, rule: refusal.rule, reason: refusal.error },
        '/mqtt upgrade refused',
      )
      socket.end(rawResponse(403, 'Forbidden', refusal))
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.binaryType = 'nodebuffer'
      const stream = new WebSocketDuplex(ws)
      track(sockets, stream)
      accept(stream, 'websocket', req)
    })
  })

  const tcp: TcpServer = createTcpServer((socket) => {
    track(sockets, socket)
    socket.setNoDelay(true)
    accept(socket, 'tcp')
  })

  // MQTT over TLS: the same broker behind a TLS handshake (client certificates checked there with mTLS).
  const mqtts: TcpServer | undefined =
    tls === undefined
      ? undefined
      : createTlsServer(tlsServerOptions(tls, brokerLimits.connectTimeoutMs), (socket) => {
          track(sockets, socket)
          socket.setNoDelay(true)
          accept(socket, 'tcp')
        })
  mqtts?.on('tlsClientError', (error: Error, socket: TLSSocket) => logTlsRefusal(logger, 'mqtts', error, socket))
  // Handshakes not finished yet are not MQTT connections; bound them too.
  if (mqtts !== undefined) mqtts.maxConnections = brokerLimits.maxConnections

  return {
    broker,
    storeLocation: store.location,
    recordings: recordings.service,
    access,
    async listen() {
      const mqttPort = await listenOn(tcp, config.host, config.mqttPort, '--mqtt-port', 'MQTT_SCOPE_MQTT_PORT')
      let mqttsPort: number | undefined
      try {
        if (mqtts !== undefined) mqttsPort = await listenOn(mqtts, config.host, config.mqttsPort, '--mqtts-port', 'MQTT_SCOPE_MQTTS_PORT')
        const httpPort = await listenOn(http, config.host, config.httpPort, '--http-port', 'MQTT_SCOPE_HTTP_PORT')
        addresses = { host: config.host, httpPort, mqttPort, mqttsPort, https: tls !== undefined }
        // Restricted mode keeps the bridge off the server's own ports unless named literally (policy.ts).
        bridge.policy.setServerPorts([httpPort, mqttPort, ...(mqttsPort === undefined ? [] : [mqttsPort])])
        await recordings.start(mqttPort)
      } catch (error) {
        tcp.close()
        mqtts?.close()
        throw error
      }
      return addresses
    },
    address() {
      if (addresses === undefined) throw new Error('server is not listening')
      return addresses
    },
    async close() {
      // Stop accepting first, then let the broker say goodbye to its clients, then cut what is left.
      const closing = [closeServer(tcp), closeServer(http), ...(mqtts === undefined ? [] : [closeServer(mqtts)])]
      wss.close()
      bridge.close()
      await recordings.close()
      await closeBroker(broker)
      // Only once aedes has stopped writing to it: the store's last writes are in before it closes.
      await store.close()
      for (const socket of sockets) socket.destroy()
      await Promise.all(closing)
    },
  }
}

/** A cluster node's Redis as the broker's store: closed (lease, store, connections) after the broker. */
function clusterStore(cluster: ClusterNode): BrokerStore {
  return { persistence: cluster.persistence, location: `${cluster.target.display} (cluster node "${cluster.nodeId}")`, close: () => cluster.close() }
}

/** What Node's default 'clientError' handler does, with our headers; a half-sent response is cut instead. */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  const responding = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true
  if (error.code === 'ECONNRESET' || !socket.writable || responding) {
    socket.destroy()
    return
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') socket.end(rawResponse(431, 'Request Header Fields Too Large'))
  else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') socket.end(rawResponse(408, 'Request Timeout'))
  else socket.end(rawResponse(400, 'Bad Request'))
}

function tlsServerOptions(tls: ServerTls, handshakeTimeoutMs: number) {
  return { ...tls, handshakeTimeout: handshakeTimeoutMs }
}

/** A failed handshake (no client certificate with mTLS, a plain-text client, a scanner): one line. */
function logTlsRefusal(logger: Logger, listener: 'mqtts' | 'https', error: Error, socket: TLSSocket): void {
  logger.info({ component: listener, from: `${socket.remoteAddress}:${socket.remotePort}`, err: error.message }, 'TLS handshake failed')
}

function track(set: Set<Socket | Duplex>, socket: Socket | Duplex): void {
  set.add(socket)
  socket.once('close', () => set.delete(socket))
}

function pathOf(req: IncomingMessage): string | undefined {
  const raw = req.url ?? '/'
  if (!raw.startsWith('/')) return undefined
  const q = raw.search(/[?#]/)
  return q === -1 ? raw : raw.slice(0, q)
}

function listenOn(server: TcpServer, host: string, port: number, flag: string, env: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(new ListenError(error, host, port, flag, env))
    server.once('error', onError)
    server.listen({ host, port }, () => {
      server.off('error', onError)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

function closeServer(server: TcpServer): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve()
    server.close(() => resolve())
  })
}
