import type { Aedes } from 'aedes'
import type { Redis } from 'ioredis'
import { changedValuePublisher, SYS_ROOT, SYS_STAT_NAMES, type SysStatKey, type SysValues } from '../broker/sys-stats.ts'
import { liveNodeIds } from './node-identity.ts'
import type { StoreHealth } from './store-health.ts'

/** Where a node publishes its own statistics: `$SYS/broker/nodes/<id>/clients/connected`, ... */
export function nodeSysRoot(nodeId: string): string {
  return `${SYS_ROOT}/nodes/${nodeId}`
}

/** The cluster's members, published with the totals: `a, b`. */
export const CLUSTER_NODES_TOPIC = `${SYS_ROOT}/cluster/nodes`

const STATS_KEY_PREFIX = 'mqtt-scope:stats:'
/** The totals add these up over the live nodes. */
const SUMMED: readonly SysStatKey[] = [
  'clientsConnected',
  'messagesReceived',
  'messagesSent',
  'publishReceived',
  'publishSent',
  'publishDropped',
  'bytesReceived',
  'bytesSent',
  'heapCurrent',
]

/**
 * `$SYS/broker/...` for a cluster. Every node publishes its own values below
 * `$SYS/broker/nodes/<id>/` (sys-stats.ts with another root) and keeps them in a Redis hash that
 * lives 3 rounds. The cluster totals under `$SYS/broker/` are published by one node, the live node
 * with the smallest id (node-identity.ts' member list), so no two nodes overwrite each other:
 * counters, connected clients and heap added up over the live nodes, uptime the longest one,
 * maxima the largest sums this publisher saw, and the retained count read from the shared store.
 */
export class ClusterSysStats {
  readonly #broker: Aedes
  readonly #redis: Redis
  readonly #health: StoreHealth
  readonly #nodeId: string
  readonly #intervalMs: number
  #publish: ((topic: string, value: string) => void) | undefined
  #clientsMaximum = 0
  #heapMaximum = 0
  readonly #timer: NodeJS.Timeout | undefined

  constructor(broker: Aedes, redis: Redis, health: StoreHealth, nodeId: string, intervalMs: number) {
    this.#broker = broker
    this.#redis = redis
    this.#health = health
    this.#nodeId = nodeId
    this.#intervalMs = intervalMs
    if (intervalMs <= 0) return
    this.#timer = setInterval(() => void this.publishTotals().catch(() => {}), intervalMs)
    this.#timer.unref()
  }

  /** sys-stats.ts' onRound: this node's values, for the totals. */
  report(values: SysValues): void {
    if (!this.#health.available) return
    const key = STATS_KEY_PREFIX + this.#nodeId
    void this.#redis
      .multi()
      .del(key)
      .hset(key, values as Record<string, string>)
      .pexpire(key, 3 * this.#intervalMs)
      .exec()
      .catch(() => {})
  }

  /** One round of totals, if this node is the one that publishes them. */
  async publishTotals(): Promise<void> {
    if (!this.#health.available || this.#broker.closed) return
    const ids = await liveNodeIds(this.#redis)
    if (ids[0] !== this.#nodeId) {
      // Another node publishes; should this one take over later, it sends every value again.
      this.#publish = undefined
      return
    }
    const publish = (this.#publish ??= changedValuePublisher(this.#broker))
    const nodes = await Promise.all(ids.map((id) => this.#redis.hgetall(STATS_KEY_PREFIX + id)))
    const numberOf = (values: Record<string, string>, key: SysStatKey) => Number.parseFloat(values[key] ?? '') || 0
    const totals: SysValues = {}
    for (const key of SUMMED) totals[key] = String(nodes.reduce((sum, values) => sum + numberOf(values, key), 0))
    this.#clientsMaximum = Math.max(this.#clientsMaximum, Number(totals.clientsConnected), ...nodes.map((values) => numberOf(values, 'clientsMaximum')))
    this.#heapMaximum = Math.max(this.#heapMaximum, Number(totals.heapCurrent))
    totals.clientsMaximum = String(this.#clientsMaximum)
    totals.heapMaximum = String(this.#heapMaximum)
    totals.uptime = `${Math.max(0, ...nodes.map((values) => numberOf(values, 'uptime')))} seconds`
    totals.version = nodes[0]?.version ?? ''
    totals.retainedCount = String(await countRetained(this.#redis))
    publish(CLUSTER_NODES_TOPIC, ids.join(', '))
    for (const [key, value] of Object.entries(totals) as Array<[SysStatKey, string]>) publish(`${SYS_ROOT}/${SYS_STAT_NAMES[key]}`, value)
  }

  stop(): void {
    clearInterval(this.#timer)
  }
}

/**
 * Retained messages in the shared store (aedes-persistence-redis keeps them in one hash,
 * `retained`, by topic), without the broker's own `$` topics.
 */
export async function countRetained(redis: Redis): Promise<number> {
  const all = await redis.hlen('retained')
  let dollar = 0
  for await (const chunk of redis.hscanStream('retained', { match: '$*', count: 1000 }) as AsyncIterable<string[]>) dollar += chunk.length / 2
  return all - dollar
}
