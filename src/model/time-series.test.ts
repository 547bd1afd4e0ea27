import { describe, expect, it } from 'vitest'
import { LIMITS } from './limits.ts'
import { TimeSeries } from './time-series.ts'

const all = (s: TimeSeries) => {
  const { times, values } = s.toArrays()
  return { times: [...times], values: [...values] }
}

describe('TimeSeries', () => {
  it('keeps points oldest first', () => {
    const s = new TimeSeries(10)
    s.push(1, 10)
    s.push(2, 20)
    s.push(2, 21)
    expect(s.length).toBe(3)
    expect(all(s)).toEqual({ times: [1, 2, 2], values: [10, 20, 21] })
    expect(s.timeAt(0)).toBe(1)
    expect(s.valueAt(2)).toBe(21)
    expect(s.timeAt(3)).toBeUndefined()
    expect(s.valueAt(-1)).toBeUndefined()
    expect(s.budget).toBe(10)
    expect(new TimeSeries().budget).toBe(LIMITS.charts.seriesPoints)
  })

  it('evicts the oldest points beyond the budget and counts them', () => {
    const s = new TimeSeries(3)
    for (let i = 1; i <= 7; i++) s.push(i, i * 10)
    expect(s.length).toBe(3)
    expect(s.evicted).toBe(4)
    expect(all(s)).toEqual({ times: [5, 6, 7], values: [50, 60, 70] })
    expect(s.timeAt(0)).toBe(5)
  })

  it('grows its storage by doubling from a small chunk up to the budget, never beyond', () => {
    const s = new TimeSeries(5000)
    expect(s.capacity).toBe(1024)
    for (let i = 0; i < 1024; i++) s.push(i, i)
    expect(s.capacity).toBe(1024)
    s.push(1024, 1024)
    expect(s.capacity).toBe(2048)
    for (let i = 1025; i < 4097; i++) s.push(i, i)
    expect(s.capacity).toBe(5000)
    for (let i = 4097; i < 20_000; i++) s.push(i, i)
    expect(s.capacity).toBe(5000)
    expect(s.length).toBe(5000)
    expect(s.evicted).toBe(15_000)
    expect(s.timeAt(0)).toBe(15_000)
    expect(s.timeAt(4999)).toBe(19_999)
    expect(new TimeSeries(10).capacity).toBe(10)
  })

  it('clamps a time that goes backwards to the last time, and counts it', () => {
    const s = new TimeSeries(10)
    s.push(100, 1)
    s.push(90, 2)
    s.push(120, 3)
    s.push(110, 4)
    expect(all(s)).toEqual({ times: [100, 100, 120, 120], values: [1, 2, 3, 4] })
    expect(s.clamped).toBe(2)
  })

  it('refuses non-finite times and values, and bad budgets', () => {
    const s = new TimeSeries(10)
    expect(() => s.push(Number.NaN, 1)).toThrow(RangeError)
    expect(() => s.push(1, Infinity)).toThrow(RangeError)
    expect(s.length).toBe(0)
    expect(() => new TimeSeries(0)).toThrow(RangeError)
    expect(() => new TimeSeries(1.5)).toThrow(RangeError)
  })

  it('counts skipped messages per reason, and records extractNumber results', () => {
    const s = new TimeSeries(10)
    s.record(1, 5)
    s.record(2, { skip: 'not-numeric' })
    s.record(3, { skip: 'not-numeric' })
    s.record(4, { skip: 'missing' })
    s.skip('invalid-json')
    expect(s.length).toBe(1)
    expect(s.skipped).toEqual({ 'not-numeric': 2, missing: 1, 'invalid-json': 1, 'too-large': 0, undecodable: 0, inexact: 0 })
  })

  it('changes its version on every change', () => {
    const s = new TimeSeries(10)
    const v0 = s.version
    s.push(1, 1)
    const v1 = s.version
    s.skip('missing')
    expect(new Set([v0, v1, s.version]).size).toBe(3)
    const v2 = s.version
    s.range(0, 10)
    s.toArrays()
    expect(s.version).toBe(v2)
  })

  describe('range', () => {
    const s = new TimeSeries(8)
    // Wrap the ring: times 3..10 kept, some equal.
    for (const t of [1, 2, 3, 4, 4, 4, 6, 7, 9, 10]) s.push(t, t)

    it('finds [start, end) of from <= time <= to by binary search, over a wrapped ring', () => {
      expect(s.evicted).toBe(2)
      expect(all(s).times).toEqual([3, 4, 4, 4, 6, 7, 9, 10])
      expect(s.range(4, 7)).toEqual({ start: 1, end: 6 })
      expect(s.range(5, 5)).toEqual({ start: 4, end: 4 })
      expect(s.range(4, 4)).toEqual({ start: 1, end: 4 })
      expect(s.range(-Infinity, Infinity)).toEqual({ start: 0, end: 8 })
      expect(s.range(0, 2)).toEqual({ start: 0, end: 0 })
      expect(s.range(11, 20)).toEqual({ start: 8, end: 8 })
      expect(s.range(9, 5)).toEqual({ start: 6, end: 6 })
      expect(s.lowerBound(4)).toBe(1)
      expect(s.upperBound(4)).toBe(4)
    })

    it('matches a linear scan for every from/to pair', () => {
      const times = all(s).times
      for (let from = 0; from <= 11; from += 0.5) {
        for (let to = from; to <= 11; to += 0.5) {
          const inside = times.flatMap((t, i) => (t >= from && t <= to ? [i] : []))
          const { start, end } = s.range(from, to)
          expect(end - start).toBe(inside.length)
          if (inside.length > 0) expect(start).toBe(inside[0])
        }
      }
    })

    it('copies a range out with toArrays, and walks it without copying with spans and forEach', () => {
      expect([...s.toArrays(4, 7).times]).toEqual([4, 4, 4, 6, 7])
      expect([...s.toArrays(8, 8).times]).toEqual([])
      const spans = s.spans()
      expect(spans).toHaveLength(2) // the ring wrapped
      expect(spans.reduce((n, span) => n + span.end - span.start, 0)).toBe(8)
      const seen: [number, number, number][] = []
      s.forEach((t, v, i) => seen.push([t, v, i]), 5, 8)
      expect(seen).toEqual([
        [7, 7, 5],
        [9, 9, 6],
        [10, 10, 7],
      ])
      expect(s.spans(3, 3)).toEqual([])
    })
  })

  it('lowers its budget keeping the newest points, and raises it to grow again', () => {
    const s = new TimeSeries(6)
    for (let i = 1; i <= 9; i++) s.push(i, -i)
    s.setBudget(4)
    expect(all(s)).toEqual({ times: [6, 7, 8, 9], values: [-6, -7, -8, -9] })
    expect(s.evicted).toBe(5)
    expect(s.capacity).toBe(4)
    s.setBudget(8)
    for (let i = 10; i <= 13; i++) s.push(i, -i)
    expect(s.length).toBe(8)
    expect(s.evicted).toBe(5)
    s.push(14, -14)
    expect(all(s).times).toEqual([7, 8, 9, 10, 11, 12, 13, 14])
    expect(s.evicted).toBe(6)
  })

  it('clear forgets points and counters', () => {
    const s = new TimeSeries(2)
    for (let i = 0; i < 5; i++) s.push(i, i)
    s.skip('missing')
    s.clear()
    expect(s.length).toBe(0)
    expect(s.evicted).toBe(0)
    expect(s.skipped.missing).toBe(0)
    s.push(1, 1)
    expect(all(s)).toEqual({ times: [1], values: [1] })
  })
})
