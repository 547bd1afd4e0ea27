import { LRUCache as Real } from 'lru-cache'
import { describe, expect, it } from 'vitest'
import { LRUCache } from './lru-cache.ts'

describe('lru-cache shim', () => {
  it('keeps, evicts and orders as lru-cache does for what topic-alias-send calls', () => {
    const real = new Real<number, string>({ max: 3 })
    const ours = new LRUCache<number, string>({ max: 3 })
    const steps: Array<(c: Real<number, string> | LRUCache<number, string>) => unknown> = [
      (c) => c.set(1, 'a'),
      (c) => c.set(2, 'b'),
      (c) => c.set(3, 'c'),
      (c) => c.get(1),
      (c) => c.set(4, 'd'),
      (c) => c.get(2),
      (c) => c.set(3, 'C'),
      (c) => c.set(5, 'e'),
      (c) => c.get(9),
    ]
    for (const step of steps) {
      const a = step(real)
      const b = step(ours)
      expect(b === ours ? real : b).toEqual(a)
      expect([...ours.keys()]).toEqual([...real.keys()])
      expect(ours.size).toBe(real.size)
    }
    ours.clear()
    expect(ours.size).toBe(0)
  })
})
