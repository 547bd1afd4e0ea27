import { isIPv4, isIPv6 } from 'node:net'
import type { Client } from 'aedes'
import { PasswordCheckQueue } from './password-check-queue.ts'

/**
 * How many password checks a client address may fail: a token bucket per address. Each CONNECT
 * with a password takes a token before its scrypt check runs and gets it back when the password
 * was right, so only failures use them up. With the bucket empty a CONNECT is refused at once,
 * without scrypt: a flood of bad passwords from one address costs the server almost nothing, and
 * cannot queue up checks ahead of other addresses (password-check-queue.ts keeps the queue fair).
 * Tokens come back at `refillPerSecond`, so the right password works again a moment after a flood
 * stops.
 */
export interface ConnectRateLimitOptions {
  /** Failed checks an address may have in a burst. */
  readonly burst: number
  /** Failed checks per second an address may keep up. */
  readonly refillPerSecond: number
  /** Addresses remembered at most (an empty bucket takes about 100 bytes). */
  readonly maxAddresses: number
}

export const DEFAULT_CONNECT_RATE_LIMIT: ConnectRateLimitOptions = Object.freeze({ burst: 10, refillPerSecond: 1, maxAddresses: 10_000 })

interface Bucket {
  tokens: number
  /** When `tokens` was last brought up to date (ms). */
  at: number
}

export class ConnectRateLimit {
  /** Only addresses short of a full bucket: a full one says nothing, so it is forgotten. */
  readonly #buckets = new Map<string, Bucket>()

  constructor(
    readonly options: ConnectRateLimitOptions = DEFAULT_CONNECT_RATE_LIMIT,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a token for a check from `key` (see addressKey); false: over the limit, refuse it. */
  take(key: string): boolean {
    const bucket = this.#current(key)
    if (bucket.tokens < 1) return false
    bucket.tokens -= 1
    this.#keep(key, bucket)
    return true
  }

  /** Gives the token back: the password was right. */
  giveBack(key: string): void {
    const bucket = this.#current(key)
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + 1)
    if (bucket.tokens >= this.options.burst) this.#buckets.delete(key)
  }

  /** Addresses with a bucket short of full (for tests and the bound). */
  get size(): number {
    return this.#buckets.size
  }

  #current(key: string): Bucket {
    const now = this.now()
    const bucket = this.#buckets.get(key)
    if (bucket === undefined) return { tokens: this.options.burst, at: now }
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.options.refillPerSecond)
    bucket.at = now
    return bucket
  }

  #keep(key: string, bucket: Bucket): void {
    if (this.#buckets.has(key)) return
    if (this.#buckets.size >= this.options.maxAddresses) this.#makeRoom()
    this.#buckets.set(key, bucket)
  }

  /** Forgets the buckets that have filled up again; if none has, the oldest one. */
  #makeRoom(): void {
    const now = this.now()
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.options.refillPerSecond >= this.options.burst) this.#buckets.delete(key)
    }
    if (this.#buckets.size >= this.options.maxAddresses) this.#buckets.delete(this.#buckets.keys().next().value!)
  }
}

/**
 * Password checks run at most this many at a time (scrypt shares libuv's 4 threads with file reads
 * and the bridge's DNS lookups), and at most QUEUE_LIMIT wait, all addresses together.
 */
const CONCURRENT_CHECKS = 2
const QUEUE_LIMIT = 256

/** What `PasswordChecks.check` answers when it does not run the check. */
export type NotChecked = 'rate-limited' | 'busy'

/**
 * The way into a password check for a CONNECT: its address's rate limit, then the fair queue.
 * `verify` answers whether the client is let in; a wrong answer counts against its address.
 */
export class PasswordChecks {
  readonly #limit: ConnectRateLimit
  readonly #queue = new PasswordCheckQueue(CONCURRENT_CHECKS, QUEUE_LIMIT)

  constructor(limit = new ConnectRateLimit()) {
    this.#limit = limit
  }

  check(client: Client, verify: () => Promise<boolean>): Promise<boolean> | NotChecked {
    const key = addressKey(connectAddress(client))
    if (!this.#limit.take(key)) return 'rate-limited'
    const running = this.#queue.run(key, verify)
    if (running === undefined) {
      // Not checked, so not a failure of this address.
      this.#limit.giveBack(key)
      return 'busy'
    }
    return running.then(
      (admitted) => {
        if (admitted) this.#limit.giveBack(key)
        return admitted
      },
      (error: unknown) => {
        this.#limit.giveBack(key)
        throw error
      },
    )
  }
}

/** The client's address: the WebSocket's HTTP peer, or the TCP/TLS socket's. */
export function connectAddress(client: Client): string | undefined {
  return client.req?.socket?.remoteAddress ?? (client.conn as { remoteAddress?: string } | undefined)?.remoteAddress
}

/**
 * What one client address is counted as: IPv4 as it is (also when written as an IPv4-mapped IPv6
 * address), IPv6 by its /64 prefix, since one host commonly holds a whole /64 and could otherwise
 * take a fresh address for every attempt.
 */
export function addressKey(address: string | undefined): string {
  if (address === undefined || address === '') return 'unknown'
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped !== null) return mapped[1]!
  if (isIPv4(address)) return address
  const zoneless = address.split('%')[0]!
  if (!isIPv6(zoneless)) return address
  return `${expandIPv6(zoneless).slice(0, 4).join(':')}::/64`
}

/** The eight groups of an IPv6 address, without leading zeros. */
function expandIPv6(address: string): string[] {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined]
  const groups = (text: string | undefined) => (text === undefined || text === '' ? [] : text.split(':'))
  const left = groups(head)
  const right = groups(tail)
  // An embedded IPv4 tail (::ffff:1.2.3.4 style) counts as two groups; the /64 never reaches it.
  const length = [...left, ...right].reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0)
  const all = tail === undefined ? left : [...left, ...Array<string>(8 - length).fill('0'), ...right]
  return all.map((g) => (g.includes('.') ? g : (Number.parseInt(g, 16) || 0).toString(16)))
}
