import type { Client } from 'aedes'
import { describe, expect, it } from 'vitest'
import { addressKey, ConnectRateLimit, PasswordChecks } from './connect-rate-limit.ts'

function clock(start = 1_000_000) {
  let now = start
  return { now: () => now, advance: (ms: number) => (now += ms) }
}

describe('ConnectRateLimit', () => {
  it('lets an address fail `burst` checks, then refuses it until tokens come back', () => {
    const time = clock()
    const limit = new ConnectRateLimit({ burst: 10, refillPerSecond: 1, maxAddresses: 100 }, time.now)
    for (let i = 0; i < 10; i++) expect(limit.take('10.0.0.1')).toBe(true)
    expect(limit.take('10.0.0.1')).toBe(false)
    expect(limit.take('10.0.0.2')).toBe(true)
    time.advance(999)
    expect(limit.take('10.0.0.1')).toBe(false)
    time.advance(2)
    expect(limit.take('10.0.0.1')).toBe(true)
    expect(limit.take('10.0.0.1')).toBe(false)
  })

  it('does not count a right password: its token comes back', () => {
    const limit = new ConnectRateLimit({ burst: 2, refillPerSecond: 0.001, maxAddresses: 100 }, clock().now)
    for (let i = 0; i < 50; i++) {
      expect(limit.take('10.0.0.1')).toBe(true)
      limit.giveBack('10.0.0.1')
    }
    // A full bucket is forgotten: nothing is kept for addresses that did nothing wrong.
    expect(limit.size).toBe(0)
  })

  it('remembers at most maxAddresses, dropping refilled buckets first, then the oldest', () => {
    const time = clock()
    const limit = new ConnectRateLimit({ burst: 1, refillPerSecond: 1, maxAddresses: 3 }, time.now)
    for (const address of ['a', 'b', 'c']) expect(limit.take(address)).toBe(true)
    expect(limit.size).toBe(3)
    for (const address of ['d', 'e', 'f', 'g']) expect(limit.take(address)).toBe(true)
    expect(limit.size).toBe(3)
    // The newest are still limited; a forgotten one starts with a full bucket.
    expect(limit.take('g')).toBe(false)
    expect(limit.take('a')).toBe(true)
    time.advance(1_000)
    expect(limit.take('h')).toBe(true)
    expect(limit.size).toBeLessThanOrEqual(3)
  })
})

describe('addressKey', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::ffff:127.0.0.2', '127.0.0.2'],
    ['::FFFF:10.1.2.3', '10.1.2.3'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff::9', '2001:db8:1:2::/64'],
    ['2001:db8::', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::ffff:1.2.3.4:5', '::ffff:1.2.3.4:5'],
    ['', 'unknown'],
    [undefined, 'unknown'],
  ])('%s -> %s', (address, key) => {
    expect(addressKey(address)).toBe(key)
  })
})

describe('PasswordChecks', () => {
  const from = (address: string) => ({ conn: { remoteAddress: address } }) as unknown as Client
  const viaWebSocket = (address: string) => ({ conn: {}, req: { socket: { remoteAddress: address } } }) as unknown as Client

  it('refuses an address over its limit without running the check, and goes on checking others', async () => {
    const checks = new PasswordChecks(new ConnectRateLimit({ burst: 3, refillPerSecond: 0.001, maxAddresses: 10 }))
    let ran = 0
    const wrong = async () => {
      ran++
      return false
    }
    for (let i = 0; i < 3; i++) expect(await checks.check(from('10.0.0.1'), wrong)).toBe(false)
    expect(checks.check(from('10.0.0.1'), wrong)).toBe('rate-limited')
    expect(checks.check(from('::ffff:10.0.0.1'), wrong)).toBe('rate-limited')
    expect(checks.check(viaWebSocket('10.0.0.1'), wrong)).toBe('rate-limited')
    expect(ran).toBe(3)
    expect(await checks.check(from('10.0.0.2'), async () => true)).toBe(true)
  })

  it('takes the token before the check, so a burst of simultaneous attempts cannot pass the limit', async () => {
    const checks = new PasswordChecks(new ConnectRateLimit({ burst: 5, refillPerSecond: 0.001, maxAddresses: 10 }))
    const answers = Array.from({ length: 50 }, () => checks.check(from('10.0.0.3'), async () => false))
    expect(answers.filter((a) => a === 'rate-limited')).toHaveLength(45)
    await Promise.all(answers.filter((answer) => answer instanceof Promise))
  })

  it('gives the token back for a right password and for a check that failed to run', async () => {
    const checks = new PasswordChecks(new ConnectRateLimit({ burst: 1, refillPerSecond: 0.001, maxAddresses: 10 }))
    for (let i = 0; i < 5; i++) expect(await checks.check(from('10.0.0.4'), async () => true)).toBe(true)
    await expect(checks.check(from('10.0.0.4'), async () => Promise.reject(new Error('scrypt failed')))).rejects.toThrow('scrypt failed')
    expect(await checks.check(from('10.0.0.4'), async () => false)).toBe(false)
    expect(checks.check(from('10.0.0.4'), async () => true)).toBe('rate-limited')
  })
})
