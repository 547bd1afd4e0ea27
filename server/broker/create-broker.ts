import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { Aedes, type AedesOptions, type Client } from 'aedes'
import type { Logger } from '../logger.ts'
import { aedesLimitOptions, DEFAULT_BROKER_LIMITS, type BrokerLimits } from './broker-limits.ts'
import { deliveriesAfterConnect } from './deliveries-after-connect.ts'
import { dedupeByIdentity } from './delivery-dedupe.ts'
import { GuardedConnection } from './guarded-connection.ts'
import { excludeDollarTopicsFromWildcards } from './dollar-topics.ts'
import { keepSessionQueuesRight, type SessionStore } from './session-queues.ts'
import type { BrokerStore } from './persistence.ts'
import { protocolHooks, type AccessHooks } from './protocol-hooks.ts'
import { applyDeliveryPolicy } from './slow-consumer.ts'
import { startSysStats, type SysStatsOptions } from './sys-stats.ts'
import { TrafficCounters } from './traffic-counters.ts'

export type Broker = Aedes

export type Transport = 'tcp' | 'websocket'

export interface EmbeddedBroker {
  readonly broker: Broker
  readonly counters: TrafficCounters
  /**
   * Hands one client connection to the broker: a TCP socket, or the /mqtt WebSocketDuplex with its
   * upgrade request. Past --max-connections it is closed at once; otherwise it goes through the
   * packet guard (guarded-connection.ts) and the slow-consumer policy.
   */
  accept(stream: Duplex, transport: Transport, req?: IncomingMessage): void
  /** MQTT connections open now. */
  readonly openConnections: number
}

/**
 * What a broker that shares its work with others (a cluster node, server/cluster/) uses instead of
 * aedes' defaults: its id (one per process: packets and wills are stored under it), its router,
 * its heartbeat (the others publish its clients' wills 3 heartbeats after it falls silent) and
 * where its $SYS statistics go.
 */
export interface SharedBrokerOptions {
  readonly id: string
  readonly mq: unknown
  readonly heartbeatIntervalMs: number
  readonly sys: SysStatsOptions
}

/** A refusal for --max-connections is logged at most this often (a reconnect storm would flood the log). */
const REFUSAL_LOG_INTERVAL_MS = 10_000

/**
 * The embedded broker. It never opens a socket itself: the TCP listener and the /mqtt WebSocket
 * hand it streams with `accept(stream)`, so tests can drive it the same way.
 */
export async function createEmbeddedBroker(
  logger: Logger,
  limits: BrokerLimits = DEFAULT_BROKER_LIMITS,
  access: AccessHooks = {},
  /** A persistent store (persistence.ts); aedes keeps everything in memory without one. */
  persistence?: BrokerStore['persistence'],
  shared?: SharedBrokerOptions,
): Promise<EmbeddedBroker> {
  const counters = new TrafficCounters()
  const broker = await Aedes.createBroker({
    ...aedesLimitOptions(limits),
    ...protocolHooks(counters, access),
    ...(persistence === undefined ? {} : { persistence }),
    ...(shared === undefined ? {} : { id: shared.id, mq: shared.mq as AedesOptions['mq'], heartbeatInterval: shared.heartbeatIntervalMs }),
  })
  preventEmitterRecursion(broker)
  const store = (broker as unknown as { persistence: Parameters<typeof excludeDollarTopicsFromWildcards>[0] & SessionStore }).persistence
  excludeDollarTopicsFromWildcards(store)
  keepSessionQueuesRight(store)
  startSysStats(broker, counters, limits.sysIntervalMs, shared?.sys)
  const afterConnect = deliveriesAfterConnect(broker)
  const log = logger.child({ component: 'broker' })
  logClientEvents(broker, log)

  let open = 0
  let refused = 0
  let refusalLoggedAt = 0
  return {
    broker,
    counters,
    get openConnections() {
      return open
    },
    accept(stream, transport, req) {
      if (open >= limits.maxConnections) {
        refused++
        if (Date.now() - refusalLoggedAt >= REFUSAL_LOG_INTERVAL_MS) {
          refusalLoggedAt = Date.now()
          log.warn({ open, refused, transport }, `connection refused: ${limits.maxConnections} MQTT connections are open (--max-connections)`)
        }
        stream.destroy()
        return
      }
      open++
      const guard = new GuardedConnection(stream, {
        maxPacketBytes: limits.maxPacketBytes,
        maxQueuedBytes: limits.maxQueuedBytes,
        drainTimeoutMs: limits.drainTimeoutMs,
        counters,
        coalesceWrites: transport === 'tcp',
      })
      guard.once('close', () => open--)
      const client = broker.handle(guard, req)
      applyDeliveryPolicy(client, guard, counters)
      dedupeByIdentity(client)
      afterConnect.hold(client)
    },
  }
}

export function closeBroker(broker: Broker): Promise<void> {
  return new Promise((resolve) => broker.close(() => resolve()))
}

/**
 * mqemitter, aedes's router, finishes a message that nobody subscribed to synchronously and then
 * takes the next one from its queue within the same call: a queue of a few thousand of them
 * (publishers flooding while deliveries are in flight) recursed until "Maximum call stack size
 * exceeded". A listener on every topic that answers on the next turn while the queue is not empty
 * breaks that chain; with an empty queue it answers at once and costs a function call.
 */
function preventEmitterRecursion(broker: Broker): void {
  type Listen = (topic: string, listener: (packet: unknown, done: () => void) => void) => void
  const mq = (broker as unknown as { mq: { readonly length: number; on: Listen; _on?: Listen } }).mq
  // A cluster's router (mqemitter-redis) keeps mqemitter's local `on` as `_on`: this listener is
  // about this process's queue, and through `on` it would ask Redis for every message of the cluster.
  const listen = (mq._on ?? mq.on).bind(mq)
  listen('#', function breakSynchronousChain(_packet, done) {
    if (mq.length > 0) setImmediate(done)
    else done()
  })
}

function logClientEvents(broker: Broker, log: Logger): void {
  broker.on('client', (client) => {
    log.info({ clientId: client.id, from: describePeer(client) }, 'client connected')
  })
  // aedes can report one disconnect twice (DISCONNECT packet, then the socket closing).
  const gone = new WeakSet<Client>()
  broker.on('clientDisconnect', (client) => {
    if (gone.has(client)) return
    gone.add(client)
    log.info({ clientId: client.id, from: describePeer(client) }, 'client disconnected')
  })
  broker.on('clientError', (client, error) => {
    // A CONNECT refused by the access hooks (CONNACK 3 to 5): they log it, a line per address
    // per interval, so that a flood of bad passwords does not write a line per attempt.
    const connack = (error as { errorCode?: unknown }).errorCode
    if (typeof connack === 'number' && connack >= 3 && connack <= 5) return
    log.info({ clientId: client.id, from: describePeer(client), err: error.message }, 'client error')
  })
  broker.on('connectionError', (client, error) => {
    log.info({ from: describePeer(client), err: error.message }, 'connection refused')
  })
  broker.on('keepaliveTimeout', (client) => {
    log.info({ clientId: client.id, from: describePeer(client) }, 'keepalive timeout')
  })
}

/** `tcp 127.0.0.1:50412`, `ws ...` or `local`: where a client connects from, for log lines. */
export function describePeer(client: Client): string {
  const req = client.req
  if (req?.socket?.remoteAddress !== undefined) return `ws ${req.socket.remoteAddress}:${req.socket.remotePort}`
  const conn = client.conn as { remoteAddress?: string; remotePort?: number }
  return conn.remoteAddress !== undefined ? `tcp ${conn.remoteAddress}:${conn.remotePort}` : 'local'
}
