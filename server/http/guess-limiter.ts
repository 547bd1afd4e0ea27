import { parseIp } from '../bridge/ip-address.ts'

/**
 * Wrong guesses (of the --auth-token) per client address, as a token bucket: an address may make
 * `burst` wrong guesses at once, then one more every `refillMs`. While it has none left it gets
 * 429 with Retry-After, even with the right token, or the answer would tell the guesser when it
 * found it.
 *
 * Memory is bounded: at most `maxAddresses` addresses are remembered; past that, the one whose last
 * wrong guess is the oldest is forgotten. IPv6 addresses count by /64, the block one host gets, so a
 * single machine cannot spread its guesses over 2^64 addresses.
 */
export interface GuessLimits {
  readonly burst: number
  readonly refillMs: number
  readonly maxAddresses: number
}

/** 10 wrong tokens at once, then 10 a minute: nothing for a person, hopeless for a 16+ character token. */
export const TOKEN_GUESS_LIMITS: GuessLimits = { burst: 10, refillMs: 6_000, maxAddresses: 10_000 }

interface Bucket {
  tokens: number
  at: number
}

export class GuessLimiter {
  readonly limits: GuessLimits
  readonly #now: () => number
  /** In the order of the last wrong guess (re-inserted on each), so the first is the stalest. */
  readonly #buckets = new Map<string, Bucket>()

  constructor(limits: GuessLimits = TOKEN_GUESS_LIMITS, now: () => number = Date.now) {
    this.limits = limits
    this.#now = now
  }

  /** Addresses remembered now (for tests: bounded by maxAddresses). */
  get size(): number {
    return this.#buckets.size
  }

  /** Whole seconds before `address` may guess again; 0 when it may guess now. */
  retryAfterSeconds(address: string): number {
    const bucket = this.#current(limiterKey(address))
    if (bucket === undefined || bucket.tokens >= 1) return 0
    return Math.max(1, Math.ceil(((1 - bucket.tokens) * this.limits.refillMs) / 1000))
  }

  /** A wrong guess from `address`; returns true when this one used up its last guess. */
  failed(address: string): boolean {
    const key = limiterKey(address)
    const bucket = this.#current(key) ?? { tokens: this.limits.burst, at: this.#now() }
    bucket.tokens -= 1
    this.#buckets.delete(key)
    if (this.#buckets.size >= this.limits.maxAddresses) {
      const stalest = this.#buckets.keys().next().value
      if (stalest !== undefined) this.#buckets.delete(stalest)
    }
    this.#buckets.set(key, bucket)
    return bucket.tokens < 1
  }

  /** The right token: the address's earlier mistakes are forgiven. */
  succeeded(address: string): void {
    this.#buckets.delete(limiterKey(address))
  }

  /** The bucket refilled up to now; a full one is forgotten (it says nothing a missing one does not). */
  #current(key: string): Bucket | undefined {
    const bucket = this.#buckets.get(key)
    if (bucket === undefined) return undefined
    const now = this.#now()
    bucket.tokens = Math.min(this.limits.burst, bucket.tokens + (now - bucket.at) / this.limits.refillMs)
    bucket.at = now
    if (bucket.tokens >= this.limits.burst) {
      this.#buckets.delete(key)
      return undefined
    }
    return bucket
  }
}

/** IPv4 (mapped or not) as is; IPv6 by its /64 prefix. */
export function limiterKey(address: string): string {
  const ip = parseIp(address)
  if (ip === undefined || ip.family === 4) return ip === undefined ? address : [...ip.bytes].join('.')
  const groups: string[] = []
  for (let i = 0; i < 8; i += 2) groups.push(((ip.bytes[i]! << 8) | ip.bytes[i + 1]!).toString(16))
  return `${groups.join(':')}::/64`
}
