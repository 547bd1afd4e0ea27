import { describe, expect, it } from 'vitest'
import { DEFAULT_SCRYPT, hashPassword, hashProblem, verifyPassword } from './password-hash.ts'

/** Cheap parameters for the tests that are not about cost. */
const FAST = { N: 1024, r: 8, p: 1 }

describe('password hashes', () => {
  it('verifies the password a hash was made from, and no other', async () => {
    const stored = await hashPassword('correct horse', FAST)
    expect(await verifyPassword('correct horse', stored)).toBe(true)
    expect(await verifyPassword('correct horsE', stored)).toBe(false)
    expect(await verifyPassword('', stored)).toBe(false)
    expect(await verifyPassword(Buffer.from('correct horse'), stored)).toBe(true)
  })

  it('keeps the parameters and a fresh salt in the stored string', async () => {
    const [a, b] = await Promise.all([hashPassword('same', FAST), hashPassword('same', FAST)])
    expect(a).toMatch(/^\$scrypt\$N=1024,r=8,p=1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/)
    expect(a.split('$')[3]).not.toBe(b.split('$')[3])
    expect(a).not.toBe(b)
  })

  it('uses N=2^14, r=8, p=1 by default, checked without blocking the event loop', async () => {
    const stored = await hashPassword('pw')
    expect(stored.startsWith(`$scrypt$N=${DEFAULT_SCRYPT.N},r=8,p=1$`)).toBe(true)
    let ticks = 0
    const ticker = setInterval(() => ticks++, 1)
    const startedAt = performance.now()
    expect(await verifyPassword('pw', stored)).toBe(true)
    const took = performance.now() - startedAt
    clearInterval(ticker)
    // The timer kept firing while scrypt ran in the thread pool.
    expect(ticks).toBeGreaterThan(0)
    console.log(`scrypt N=2^14 r=8 p=1: one password check took ${took.toFixed(1)} ms`)
  })

  it.each([
    ['plain text', 'not a $scrypt$ hash'],
    ['$scrypt$N=1024,r=8,p=1$c2FsdHNhbHQ=', 'three parts'],
    ['$scrypt$N=1000,r=8,p=1$c2FsdHNhbHQ=$a2V5a2V5a2V5a2V5a2V5a2V5', 'power of two'],
    ['$scrypt$N=2097152,r=8,p=1$c2FsdHNhbHQ=$a2V5a2V5a2V5a2V5a2V5a2V5', 'power of two up to'],
    ['$scrypt$N=1024,r=99,p=1$c2FsdHNhbHQ=$a2V5a2V5a2V5a2V5a2V5a2V5', 'scrypt r'],
    ['$scrypt$N=1024,r=8$c2FsdHNhbHQ=$a2V5a2V5a2V5a2V5a2V5a2V5', 'need N, r and p'],
    ['$scrypt$N=1024,r=8,p=1$***$a2V5a2V5a2V5a2V5a2V5a2V5', 'salt'],
    ['$scrypt$N=1024,r=8,p=1$c2FsdHNhbHQ=$a2V5', 'key'],
  ])('refuses a stored string that is not a usable hash: %s', async (stored, problem) => {
    expect(hashProblem(stored)).toContain(problem)
    expect(await verifyPassword('anything', stored)).toBe(false)
  })
})
