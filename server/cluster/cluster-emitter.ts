import type { Redis } from 'ioredis'
import MQEmitterRedis from 'mqemitter-redis'
import type { StoreHealth } from './store-health.ts'

type Done = (error?: Error) => void

/**
 * Messages waiting in this node's router (received from Redis, not yet handed to the clients).
 * Over HIGH, a publish on this node is acknowledged to aedes (and so its client is read from again)
 * only once the backlog is under LOW: what one node publishes cannot outrun what it delivers, as on
 * a single node. Over MAX, QoS 0 messages from Redis are dropped and counted instead of queued:
 * other nodes' publishers cannot be slowed from here, and memory must stay bounded.
 */
export const BACKLOG = { low: 1_000, high: 5_000, max: 50_000 } as const
type Message = MQEmitterRedis.Message

/** mqemitter-redis' own methods this file reaches into (mqemitter-redis.js, not in its typings). */
interface EmitterInternals {
  _subTopic(topic: string): string
  _emit(message: Message, done?: Done): unknown
  readonly length: number
  _containsWildcard(topic: string): boolean
  emit(message: Message, done?: Done): unknown
  state: { on(event: 'error', listener: (error: Error) => void): void }
}

export type ClusterEmitter = MQEmitterRedis.MQEmitterRedis

/**
 * aedes' router on Redis pub/sub (mqemitter-redis): a message published on any node goes to Redis
 * and comes back to every node that has a matching subscription, this one included.
 *
 * Two changes to it:
 * - a wildcard filter becomes a Redis glob pattern (`a/+/c` -> `a/*\/c`), but the characters that
 *   are special in a glob and ordinary in MQTT topics (`[ ] ? * \`) were left as they were, so
 *   `lab/[1]/+` never matched `lab/[1]/x`; they are escaped here. Exact channels are not globs.
 * - while the store is unavailable (store-health.ts), messages wait here in order instead of in
 *   the Redis client, and go out once every node has had time to resubscribe (SETTLE_MS):
 *   sent earlier, they would miss the subscribers of nodes that are still reconnecting.
 */
export function createClusterEmitter(
  pubConn: Redis,
  subConn: Redis,
  health: StoreHealth,
  concurrency: number,
  onDropped: (count: number) => void = () => {},
): ClusterEmitter {
  // matchEmptyLevels as aedes' own router has it [MQTT-4.7.1-3].
  const mq = MQEmitterRedis({ pubConn, subConn, concurrency, matchEmptyLevels: true })
  const internals = mq as unknown as EmitterInternals
  // mqemitter-redis re-emits every connection error on `state`; without a listener the first
  // refused reconnect killed the process. StoreHealth follows the connections themselves.
  internals.state.on('error', () => {})
  const toPattern = internals._subTopic.bind(mq)
  internals._subTopic = (topic: string) => (internals._containsWildcard(topic) ? toPattern(escapeGlob(topic)) : topic)

  const deliverLocally = internals._emit.bind(mq)
  internals._emit = (message: Message, done?: Done) => {
    if (internals.length >= BACKLOG.max && (message as { qos?: number }).qos === 0) {
      onDropped(1)
      done?.()
      return mq
    }
    return deliverLocally(message, done)
  }

  const publish = internals.emit.bind(mq)
  const emit = (message: Message, done?: Done) =>
    publish(message, (error?: Error) => {
      if (internals.length < BACKLOG.high || done === undefined) done?.(error)
      else
        whenBelow(
          () => internals.length < BACKLOG.low,
          () => done(error),
        )
    })
  const waiting: Array<[Message, Done | undefined]> = []
  internals.emit = (message: Message, done?: Done) => {
    if (health.available && waiting.length === 0) return emit(message, done)
    waiting.push([message, done])
    return mq
  }
  health.on('available', () => {
    for (const [message, done] of waiting.splice(0)) emit(message, done)
  })
  return mq
}

/** Calls `then` once `ready()` holds, checking every few milliseconds. */
function whenBelow(ready: () => boolean, then: () => void): void {
  const check = () => (ready() ? then() : setTimeout(check, 5))
  setTimeout(check, 5)
}

/** Backslash before the characters a Redis glob treats specially; `+` and `#` are left for mqemitter-redis. */
export function escapeGlob(topic: string): string {
  return topic.replace(/[\\*?[\]]/g, '\\$&')
}
