import { describe, expect, it } from 'vitest'
import { naturalCompare } from './natural-order.ts'

const collator = new Intl.Collator(undefined, { numeric: true })
const sign = (n: number) => Math.sign(n)

describe('naturalCompare', () => {
  it('orders numbers by value, case as a tie-break, punctuation before digits before letters', () => {
    const names = ['sensor10', 'Sensor2', 'sensor2', 'sensor1', '', '_tmp', '-x', '10', '9', 'b', 'A', 'a', 'ä', 'z', 'sensor02b']
    const expected = names.slice().sort((a, b) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0))
    expect(names.slice().sort(naturalCompare)).toEqual(expected)
    expect(names.slice().sort(naturalCompare).slice(0, 4)).toEqual(['', '_tmp', '-x', '9'])
  })

  it('agrees with Intl.Collator(numeric) on random ASCII names wherever the collator decides', () => {
    const alphabet = 'aAbBzZ0123456789_-./ $~+#'
    let seed = 7
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647
    const name = () => {
      let s = ''
      const length = Math.floor(random() * 8)
      for (let i = 0; i < length; i++) s += alphabet[Math.floor(random() * alphabet.length)]
      return s
    }
    for (let i = 0; i < 20_000; i++) {
      const a = name()
      const b = random() < 0.3 ? a.slice(0, Math.floor(random() * a.length)) + name() : name()
      const expected = collator.compare(a, b)
      if (expected !== 0 && sign(naturalCompare(a, b)) !== sign(expected)) expect.fail(`${JSON.stringify(a)} vs ${JSON.stringify(b)}`)
    }
  })

  it('is a total order: equal only for equal strings, antisymmetric', () => {
    for (const [a, b] of [
      ['01', '1'],
      ['a1', 'a01'],
      ['a', 'A'],
      ['x', 'x\u0001'],
      ['é', 'e\u0301'],
    ] as const) {
      expect(naturalCompare(a, b)).not.toBe(0)
      expect(sign(naturalCompare(a, b))).toBe(-sign(naturalCompare(b, a)))
    }
    expect(naturalCompare('same', 'same')).toBe(0)
  })

  it('hands non-ASCII names to the collator', () => {
    expect(sign(naturalCompare('äpfel', 'birnen'))).toBe(-1)
    expect(sign(naturalCompare('zebra', 'äpfel'))).toBe(1)
    expect(sign(naturalCompare('a', 'aé'))).toBe(-1)
  })
})
