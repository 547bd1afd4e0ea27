import { EventEmitter } from 'node:events'
import type { Redis } from 'ioredis'
import { describeRedisError, RECONNECT_MAX_MS } from './redis-connection.ts'

/**
 * After every connection is back, the node waits this long before it calls the store available
 * again: the other nodes reconnect on the same schedule (at most RECONNECT_MAX_MS apart), and a
 * message published before their subscriber connections are back would miss their clients.
 */
export const SETTLE_MS = RECONNECT_MAX_MS + 500

export type StoreState = 'available' | 'unavailable'

export interface StoreStatus {
  readonly store: StoreState
  /** Epoch ms of the last change. */
  readonly since: number
  /** Why it is unavailable (the last error of a connection that is down). */
  readonly reason: string | undefined
}

/**
 * Whether every connection of this node to the cluster's Redis is up. Emits 'unavailable' (with the
 * reason) when one goes down and 'available' once all are back and SETTLE_MS have passed.
 */
export class StoreHealth extends EventEmitter {
  /** Connection role -> why it is down. */
  readonly #down = new Map<string, string>()
  readonly #lastError = new Map<string, string>()
  #state: StoreState = 'available'
  #since = Date.now()
  #settle: NodeJS.Timeout | undefined
  #closed = false

  /** Follows one connection, which is ready now. A subscriber connection counts as back once its subscriptions are. */
  watch(role: string, redis: Redis): void {
    redis.on('error', (error: unknown) => this.#lastError.set(role, describeRedisError(error)))
    redis.on('close', () => {
      if (this.#closed) return
      this.#down.set(role, this.#lastError.get(role) ?? 'connection closed')
      this.#update()
    })
    redis.on('ready', () => {
      // ioredis sends the resubscriptions right after 'ready', on the same connection: a PING
      // answered after them means they are in place (PING is allowed in subscriber mode).
      redis.ping().then(
        () => {
          this.#lastError.delete(role)
          if (this.#down.delete(role)) this.#update()
        },
        () => {},
      )
    })
  }

  get available(): boolean {
    return this.#state === 'available'
  }

  status(): StoreStatus {
    return { store: this.#state, since: this.#since, reason: this.#state === 'available' ? undefined : this.#reason() }
  }

  /** True once the store is available (at once if it is), false after `ms` without it. */
  whenAvailable(ms: number): Promise<boolean> {
    if (this.available) return Promise.resolve(true)
    return new Promise((resolve) => {
      const done = (value: boolean) => {
        clearTimeout(timer)
        this.off('available', onAvailable)
        resolve(value)
      }
      const onAvailable = () => done(true)
      const timer = setTimeout(() => done(false), ms)
      this.on('available', onAvailable)
    })
  }

  /** Stops reporting (the node is closing its connections on purpose). */
  close(): void {
    this.#closed = true
    clearTimeout(this.#settle)
  }

  #reason(): string {
    const [role, reason] = [...this.#down][0] ?? ['redis', 'reconnecting']
    return `${role}: ${reason}`
  }

  #update(): void {
    if (this.#down.size > 0) {
      clearTimeout(this.#settle)
      this.#settle = undefined
      if (this.#state === 'unavailable') return
      this.#state = 'unavailable'
      this.#since = Date.now()
      this.emit('unavailable', this.#reason())
      return
    }
    if (this.#state === 'available' || this.#settle !== undefined) return
    this.#settle = setTimeout(() => {
      this.#settle = undefined
      if (this.#down.size > 0 || this.#closed) return
      const downMs = Date.now() - this.#since
      this.#state = 'available'
      this.#since = Date.now()
      this.emit('available', downMs)
    }, SETTLE_MS)
  }
}
