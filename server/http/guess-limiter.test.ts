import { describe, expect, it } from 'vitest'
import { GuessLimiter, limiterKey, TOKEN_GUESS_LIMITS } from './guess-limiter.ts'

function clocked(limits = { burst: 3, refillMs: 2_000, maxAddresses: 100 }) {
  const clock = { now: 1_000_000 }
  return { clock, guesses: new GuessLimiter(limits, () => clock.now) }
}

describe('GuessLimiter', () => {
  it('lets an address make `burst` wrong guesses, then one per refill interval', () => {
    const { clock, guesses } = clocked()
    expect(guesses.failed('10.0.0.1')).toBe(false)
    expect(guesses.failed('10.0.0.1')).toBe(false)
    expect(guesses.retryAfterSeconds('10.0.0.1')).toBe(0)
    expect(guesses.failed('10.0.0.1')).toBe(true)
    expect(guesses.retryAfterSeconds('10.0.0.1')).toBe(2)
    clock.now += 1_500
    expect(guesses.retryAfterSeconds('10.0.0.1')).toBe(1)
    clock.now += 500
    expect(guesses.retryAfterSeconds('10.0.0.1')).toBe(0)
    expect(guesses.failed('10.0.0.1')).toBe(true)
    expect(guesses.retryAfterSeconds('10.0.0.1')).toBe(2)
    expect(guesses.retryAfterSeconds('10.0.0.2')).toBe(0)
  })

  it('forgets an address once it is refilled, and on a right guess', () => {
    const { clock, guesses } = clocked()
    guesses.failed('10.0.0.1')
    guesses.failed('10.0.0.2')
    expect(guesses.size).toBe(2)
    clock.now += 2_000
    expect(guesses.retryAfterSeconds('10.0.0.1')).toBe(0)
    expect(guesses.size).toBe(1)
    guesses.succeeded('10.0.0.2')
    expect(guesses.size).toBe(0)
  })

  it('remembers at most maxAddresses, dropping the stalest', () => {
    const { guesses } = clocked({ burst: 1, refillMs: 60_000, maxAddresses: 3 })
    for (let i = 1; i <= 1_000; i++) guesses.failed(`10.0.${i >> 8}.${i & 255}`)
    expect(guesses.size).toBe(3)
    expect(guesses.retryAfterSeconds('10.0.3.232')).toBe(60)
    expect(guesses.retryAfterSeconds('10.0.0.1')).toBe(0)
  })

  it('counts an IPv6 /64 as one address, and mapped IPv4 as IPv4', () => {
    const { guesses } = clocked({ burst: 2, refillMs: 60_000, maxAddresses: 10 })
    guesses.failed('2001:db8:1:2::1')
    guesses.failed('2001:db8:1:2:ffff::9')
    expect(guesses.retryAfterSeconds('2001:db8:1:2::77')).toBe(60)
    expect(guesses.retryAfterSeconds('2001:db8:1:3::1')).toBe(0)
    expect(limiterKey('::ffff:10.0.0.1')).toBe('10.0.0.1')
    expect(limiterKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64')
  })

  it('allows a person 10 mistakes, then 10 a minute', () => {
    expect(TOKEN_GUESS_LIMITS).toMatchObject({ burst: 10, refillMs: 6_000 })
  })
})
