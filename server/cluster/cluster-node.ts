import { randomBytes } from 'node:crypto'
import type { Aedes } from 'aedes'
import type { Redis } from 'ioredis'
import type { SharedBrokerOptions } from '../broker/create-broker.ts'
import type { OrderedPersistence } from '../broker/ordered-persistence.ts'
import type { AccessHooks } from '../broker/protocol-hooks.ts'
import type { Logger } from '../logger.ts'
import type { ConfigValues } from '../options/option-spec.ts'
import { createClusterEmitter } from './cluster-emitter.ts'
import { clusterPersistence } from './cluster-persistence.ts'
import { ClusterSysStats, nodeSysRoot } from './cluster-sys.ts'
import { parseClusterUrl, type ClusterTarget } from './cluster-url.ts'
import { liveNodeIds, NodeIdInUseError, NodeLease, resolveNodeId } from './node-identity.ts'
import { connectWithin, describeRedisError, openRedis } from './redis-connection.ts'
import { gateOnStore, PUBLISH_WAIT_MS } from './store-gate.ts'
import { StoreHealth } from './store-health.ts'

/** How long a node tries to reach Redis at start before it exits with the reason. */
export const START_TIMEOUT_MS = 10_000
/** aedes' router runs this many deliveries at once (its own default). */
const EMITTER_CONCURRENCY = 100
/** Closing waits this long for Redis before it cuts the connections. */
const CLOSE_WAIT_MS = 1_000

/** The cluster cannot be joined (Redis unreachable or refusing, the node id in use): exit 1 with this line. */
export class ClusterStartError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ClusterStartError'
  }
}

/** What /api/health says about the cluster. */
export interface ClusterStatus {
  readonly nodeId: string
  readonly redis: string
  /** "unavailable" while this node cannot use Redis (the page shows "cluster store unavailable"). */
  readonly store: 'available' | 'unavailable'
  /** ISO time of the last change of `store`. */
  readonly since: string
  readonly reason?: string
  /** The live nodes as of the last heartbeat. */
  readonly nodes: readonly string[]
}

/** This process as one node of a cluster: its id, its connections to Redis and what the broker takes from them. */
export interface ClusterNode {
  readonly nodeId: string
  readonly target: ClusterTarget
  readonly health: StoreHealth
  readonly persistence: OrderedPersistence
  /** The router, id, heartbeat and $SYS root for createEmbeddedBroker. */
  readonly brokerOptions: SharedBrokerOptions
  /** The access hooks behind the store gate (store-gate.ts). */
  gate(access: AccessHooks): AccessHooks
  /** Starts what needs the broker: the cluster's $SYS totals and the lease renewal. */
  attach(broker: Aedes): void
  status(): ClusterStatus
  /** After the broker has closed (its router's connections with it): the lease, the store. */
  close(): Promise<void>
}

/**
 * Joins the cluster: three connections to Redis (the store, and mqemitter-redis' publisher and
 * subscriber), each ready within START_TIMEOUT_MS, then the node id's lease (node-identity.ts).
 */
export async function openCluster(
  config: Readonly<Pick<ConfigValues, 'cluster' | 'nodeId' | 'dataDir' | 'memory' | 'clusterHeartbeat' | 'sysInterval'>>,
  logger: Logger,
): Promise<ClusterNode> {
  const parsed = parseClusterUrl(config.cluster)
  if ('problem' in parsed) throw new ClusterStartError(`--cluster: ${parsed.problem}`)
  const target = parsed
  const nodeId = resolveNodeId(config)
  const heartbeatMs = config.clusterHeartbeat * 1000
  const log = logger.child({ component: 'cluster', node: nodeId })
  const [db, pub, sub] = ['store', 'publish', 'subscribe'].map((role) => openRedis(target, role)) as [Redis, Redis, Redis]
  const all = [db, pub, sub]
  try {
    await Promise.all(all.map((redis) => connectWithin(redis, START_TIMEOUT_MS)))
  } catch (error) {
    all.forEach((redis) => redis.disconnect())
    throw new ClusterStartError(`cannot use the cluster store ${target.display}: ${describeRedisError(error)}; start Redis there or correct --cluster`)
  }
  const lease = new NodeLease(db, nodeId, `${nodeId}~${randomBytes(4).toString('hex')}`, heartbeatMs)
  try {
    await lease.acquire((ms) =>
      log.info(`node id "${nodeId}" was held by a node that has not said goodbye: waiting up to ${Math.ceil(ms / 1000)} s for its lease to run out`),
    )
  } catch (error) {
    all.forEach((redis) => redis.disconnect())
    if (error instanceof NodeIdInUseError) throw new ClusterStartError(error.message)
    throw new ClusterStartError(`cannot register node "${nodeId}" in ${target.display}: ${describeRedisError(error)}`)
  }

  const health = new StoreHealth()
  for (const [role, redis] of [
    ['store', db],
    ['publish', pub],
    ['subscribe', sub],
  ] as const) {
    health.watch(role, redis)
  }
  health.on('unavailable', (reason: string) =>
    log.error(
      { reason },
      `cluster store unavailable: connected clients stay; new connections get CONNACK 3, subscriptions SUBACK 0x80, publishes wait up to ${PUBLISH_WAIT_MS / 1000} s; reconnecting with backoff`,
    ),
  )
  health.on('available', (downMs: number) => log.info({ downMs }, 'cluster store available again'))

  // This node fell so far behind that QoS 0 messages from Redis were dropped: one line per 10 s at most.
  let dropped = 0
  let droppedLoggedAt = 0
  const dropLog = (count: number) => {
    dropped += count
    if (Date.now() - droppedLoggedAt < 10_000) return
    droppedLoggedAt = Date.now()
    log.warn({ dropped }, 'this node delivers slower than the cluster publishes: QoS 0 messages dropped (50,000 waiting)')
  }

  let nodes: readonly string[] = [nodeId]
  let sysStats: ClusterSysStats | undefined
  let renewal: NodeJS.Timeout | undefined
  const renew = async () => {
    if (!health.available) return
    if (!(await lease.renew())) {
      log.error(`node id "${nodeId}" was taken by another node while this one could not renew it: two nodes share the id now; stop one of them`)
    }
    nodes = await liveNodeIds(db)
  }

  const persistence = clusterPersistence(db)
  return {
    nodeId,
    target,
    health,
    persistence,
    brokerOptions: {
      id: lease.instanceId,
      mq: createClusterEmitter(pub, sub, health, EMITTER_CONCURRENCY, (count) => dropLog(count)),
      heartbeatIntervalMs: heartbeatMs,
      sys: { root: nodeSysRoot(nodeId), retainedCount: false, onRound: (values) => sysStats?.report(values) },
    },
    gate: (access) => gateOnStore(access, health, log),
    attach(broker) {
      sysStats = new ClusterSysStats(broker, db, health, nodeId, config.sysInterval * 1000)
      renewal = setInterval(() => void renew().catch(() => {}), heartbeatMs)
      renewal.unref()
      void renew().catch(() => {})
      log.info({ redis: target.display, instance: lease.instanceId }, `joined the cluster as node "${nodeId}"`)
    },
    status() {
      const { store, since, reason } = health.status()
      return { nodeId, redis: target.display, store, since: new Date(since).toISOString(), ...(reason === undefined ? {} : { reason }), nodes }
    },
    async close() {
      clearInterval(renewal)
      sysStats?.stop()
      if (health.available) await bounded(lease.release())
      health.close()
      await bounded(persistence.destroy())
      all.forEach((redis) => redis.disconnect())
    },
  }
}

/** Waits for `promise` at most CLOSE_WAIT_MS (Redis may be gone), and never throws. */
async function bounded(promise: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  await Promise.race([promise.catch(() => {}), new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)))])
  clearTimeout(timer)
}
