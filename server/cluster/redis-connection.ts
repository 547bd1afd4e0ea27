import { isIP } from 'node:net'
import { Redis, type RedisOptions } from 'ioredis'
import type { ClusterTarget } from './cluster-url.ts'

/** Reconnect delays: 100 ms, doubling, at most this; every node retries on the same schedule. */
export const RECONNECT_MAX_MS = 1_000
const RECONNECT_FIRST_MS = 100

/**
 * One connection to the cluster's Redis. ioredis reconnects by itself, forever, with backoff; a
 * command given meanwhile waits in its offline queue and runs once the connection is back
 * (maxRetriesPerRequest null: nothing that was started is given up on). The gate in front of the
 * broker (store-gate.ts) keeps new work from piling up there.
 */
export function openRedis(target: ClusterTarget, role: string): Redis {
  const options: RedisOptions = {
    host: target.host,
    port: target.port,
    username: target.username,
    password: target.password,
    db: target.db,
    connectionName: `mqtt-scope-${role}`,
    lazyConnect: true,
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    connectTimeout: 5_000,
    // Commands of one event-loop turn go out in one write (as mqemitter-redis' own connections do).
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(RECONNECT_FIRST_MS * 2 ** Math.min(attempt - 1, 10), RECONNECT_MAX_MS),
    // The certificate is checked against the name in the URL (SNI only for names, as TLS wants).
    ...(target.tls ? { tls: isIP(target.host) === 0 ? { servername: target.host } : {} } : {}),
  }
  const redis = new Redis(options)
  // ioredis prints an unhandled 'error' itself; StoreHealth reads the errors, this only keeps them quiet.
  redis.on('error', () => {})
  return redis
}

/** An error from Redis or the socket, in a few words ("connect ECONNREFUSED 127.0.0.1:6390", "WRONGPASS ..."). */
export function describeRedisError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describeRedisError(error.errors[0])
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0]!.slice(0, 200)
}

/** An answer from Redis itself (a wrong password, a database that does not exist): retrying will not help. */
export function isRedisRefusal(error: unknown): boolean {
  return error instanceof Error && error.name === 'ReplyError'
}

/**
 * Connects and resolves once the connection is ready, or rejects with the reason: at once when
 * Redis itself refuses (authentication, database number), else after `ms` of failed attempts.
 */
export function connectWithin(redis: Redis, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let lastError: unknown = new Error('no answer')
    const finish = (error?: unknown) => {
      clearTimeout(timer)
      redis.off('ready', onReady)
      redis.off('error', onError)
      if (error === undefined) resolve()
      else reject(error instanceof Error ? error : new Error(String(error)))
    }
    const onReady = () => finish()
    const onError = (error: unknown) => {
      lastError = error
      if (isRedisRefusal(error)) finish(error)
    }
    const timer = setTimeout(() => finish(new Error(`${describeRedisError(lastError)} (tried for ${Math.round(ms / 1000)} s)`)), ms)
    redis.on('ready', onReady)
    redis.on('error', onError)
    redis.connect().catch((error: unknown) => onError(error))
  })
}
