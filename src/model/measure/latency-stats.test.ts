import { describe, expect, it } from 'vitest'
import { histogram, LatencySamples, percentile, summarize } from './latency-stats.ts'

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

describe('percentiles (nearest rank)', () => {
  it('of 1..100 are 50, 90 and 99', () => {
    const sorted = range(1, 100)
    expect([percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99)]).toEqual([50, 90, 99])
    expect(summarize(sorted)).toEqual({ min: 1, mean: 50.5, p50: 50, p90: 90, p99: 99, max: 100 })
  })

  it('are measured values, computed by hand for small sets', () => {
    // ranks: p50 ⌈2⌉ = 2, p90 ⌈3.6⌉ = 4, p99 ⌈3.96⌉ = 4
    expect(summarize([1, 2, 3, 10])).toEqual({ min: 1, mean: 4, p50: 2, p90: 10, p99: 10, max: 10 })
    expect(summarize([7])).toEqual({ min: 7, mean: 7, p50: 7, p90: 7, p99: 7, max: 7 })
    // 1,000 samples: p99 is the 990th
    expect(percentile(range(1, 1000), 99)).toBe(990)
    expect(summarize([])).toBeUndefined()
  })
})

describe('LatencySamples', () => {
  it('sorts what it was given in any order and summarizes it', () => {
    const s = new LatencySamples(undefined, 2)
    for (const v of [5, 1, 4, 2, 3, 0.5]) s.add(v)
    expect(s.count).toBe(6)
    expect([...s.sorted()]).toEqual([0.5, 1, 2, 3, 4, 5])
    expect(s.summary()).toMatchObject({ min: 0.5, max: 5, p50: 2 })
  })

  it('with a bound keeps the last samples for percentiles but min, mean and max over all', () => {
    const s = new LatencySamples(3, 2)
    for (const v of [100, 1, 2, 3, 4]) s.add(v)
    expect([...s.sorted()]).toEqual([2, 3, 4])
    expect(s.summary()).toEqual({ min: 1, mean: 22, p50: 3, p90: 4, p99: 4, max: 100 })
  })
})

describe('histogram', () => {
  it('counts every sample once, in bins from the minimum to p99 plus one bin for the slow tail', () => {
    const sorted = [...range(1, 99), 1000]
    const bins = histogram(sorted, 10)
    expect(bins).toHaveLength(10)
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(100)
    expect(bins[0]).toMatchObject({ from: 1 })
    expect(bins.at(-1)).toEqual({ from: 99, to: 1000, count: 1 })
    for (let i = 1; i < bins.length; i++) expect(bins[i]!.from).toBeCloseTo(bins[i - 1]!.to)
  })

  it('has one bar when every sample is the same', () => {
    expect(histogram([2, 2, 2], 5)).toEqual([{ from: 2, to: 2, count: 3 }])
    expect(histogram([], 5)).toEqual([])
  })
})

describe('histogram edge cases', () => {
  it('has no tail bin when p99 is the minimum', () => {
    const sorted = [...Array<number>(200).fill(1), 1000]
    const bins = histogram(sorted, 4)
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(201)
    expect(bins[0]).toMatchObject({ from: 1, count: 200 })
    expect(bins.at(-1)).toMatchObject({ to: 1000, count: 1 })
  })
})
