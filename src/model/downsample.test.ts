import { describe, expect, it } from 'vitest'
import { downsampleMinMax } from './downsample.ts'
import { TimeSeries } from './time-series.ts'

/** Deterministic noise in [0, 1). */
function noise(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1664525 + 1013904223) % 2 ** 32
    return s / 2 ** 32
  }
}

function randomWalk(n: number, seed: number, step = 1): { times: Float64Array; values: Float64Array } {
  const rand = noise(seed)
  const times = new Float64Array(n)
  const values = new Float64Array(n)
  let t = 1_700_000_000_000
  let v = 0
  for (let i = 0; i < n; i++) {
    t += Math.floor(rand() * 3 * step) // irregular, with repeated times
    v += rand() - 0.5
    times[i] = t
    values[i] = v
  }
  return { times, values }
}

/** Brute force: each bucket's points, by the same slicing. */
function bucketsOf(times: ArrayLike<number>, values: ArrayLike<number>, from: number, to: number, buckets: number) {
  const out = new Map<number, { t: number; v: number; i: number }[]>()
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!
    if (t < from || t > to) continue
    const b = Math.min(buckets - 1, Math.floor(((t - from) * buckets) / (to - from)))
    const list = out.get(b) ?? []
    list.push({ t, v: values[i]!, i })
    out.set(b, list)
  }
  return out
}

function pairs(d: { times: Float64Array; values: Float64Array }): string[] {
  return Array.from(d.times, (t, i) => `${t}:${d.values[i]}`)
}

describe('downsampleMinMax', () => {
  it('returns the points in range unchanged when they fit in 4 × buckets', () => {
    const source = { times: [1, 2, 3, 4, 5, 6], values: [10, 20, 30, 40, 50, 60] }
    const d = downsampleMinMax(source, 2, 5, 1)
    expect(d.downsampled).toBe(false)
    expect(d.sourceCount).toBe(4)
    expect([...d.times]).toEqual([2, 3, 4, 5])
    expect([...d.values]).toEqual([20, 30, 40, 50])
    expect(downsampleMinMax(source, 7, 9, 10).times.length).toBe(0)
  })

  it("keeps every bucket's first, min, max and last point, in time order, and nothing else", () => {
    const { times, values } = randomWalk(20_000, 1)
    const from = times[100]!
    const to = times[19_000]!
    const buckets = 300
    const d = downsampleMinMax({ times, values }, from, to, buckets)
    expect(d.downsampled).toBe(true)
    expect(d.sourceCount).toBe(18_901)
    const expected: string[] = []
    for (const [, points] of [...bucketsOf(times, values, from, to, buckets)].sort((a, b) => a[0] - b[0])) {
      const min = points.reduce((m, p) => (p.v < m.v ? p : m))
      const max = points.reduce((m, p) => (p.v > m.v ? p : m))
      const keep = [...new Set([points[0]!, min, max, points[points.length - 1]!])].sort((a, b) => a.i - b.i)
      expected.push(...keep.map((p) => `${p.t}:${p.v}`))
    }
    expect(pairs(d)).toEqual(expected)
    for (let i = 1; i < d.times.length; i++) expect(d.times[i]!).toBeGreaterThanOrEqual(d.times[i - 1]!)
  })

  it('keeps a single spike among 100,000 points, up or down', () => {
    const n = 100_000
    const rand = noise(2)
    const times = new Float64Array(n)
    const values = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      times[i] = i * 10
      values[i] = 20 + rand() // 20..21
    }
    values[61_803] = 1000
    values[27_182] = -1000
    const d = downsampleMinMax({ times, values }, 0, times[n - 1]!, 800)
    expect(d.values.length).toBeLessThanOrEqual(3200)
    expect(Math.max(...d.values)).toBe(1000)
    expect(Math.min(...d.values)).toBe(-1000)
    expect(d.times[d.values.indexOf(1000)]).toBe(618_030)
    expect(d.times[d.values.indexOf(-1000)]).toBe(271_820)
  })

  it('never returns more than 4 × buckets points', () => {
    const { times, values } = randomWalk(50_000, 3)
    for (const buckets of [1, 2, 7, 100, 1000, 12_499]) {
      const d = downsampleMinMax({ times, values }, -Infinity, Infinity, buckets)
      expect(d.times.length).toBeLessThanOrEqual(4 * buckets)
      expect(d.times.length).toBe(d.values.length)
    }
    // A zero or fractional bucket count is taken as at least one bucket.
    expect(downsampleMinMax({ times, values }, -Infinity, Infinity, 0).times.length).toBeLessThanOrEqual(4)
  })

  it('reads a TimeSeries in place, wrapped ring included, the same as its arrays', () => {
    const { times, values } = randomWalk(30_000, 4)
    const series = new TimeSeries(25_000)
    for (let i = 0; i < times.length; i++) series.push(times[i]!, values[i]!)
    expect(series.spans()).toHaveLength(2)
    const copy = series.toArrays()
    const from = copy.times[1000]!
    const to = copy.times[24_000]!
    expect(pairs(downsampleMinMax(series, from, to, 500))).toEqual(pairs(downsampleMinMax(copy, from, to, 500)))
    expect(pairs(downsampleMinMax(series, -Infinity, Infinity, 500))).toEqual(pairs(downsampleMinMax(copy, -Infinity, Infinity, 500)))
  })

  it('spans the points themselves when the window is infinite ("all"), and copes with one instant', () => {
    const times = new Float64Array(1000).fill(5)
    const values = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i))
    const d = downsampleMinMax({ times, values }, -Infinity, Infinity, 10)
    // One instant: one bucket, first/min/max/last.
    expect(d.times.length).toBe(4)
    expect(Math.min(...d.values)).toBe(Math.min(...values))
    expect(Math.max(...d.values)).toBe(Math.max(...values))
    expect(d.values[0]).toBe(values[0])
    expect(d.values[3]).toBe(values[999])
  })

  it('downsamples 100,000 points fast (measured, not asserted)', () => {
    const n = 100_000
    const series = new TimeSeries(n)
    const { times, values } = randomWalk(n, 5)
    for (let i = 0; i < n; i++) series.push(times[i]!, values[i]!)
    const runs = 20
    downsampleMinMax(series, -Infinity, Infinity, 1000) // warm up
    const start = performance.now()
    for (let r = 0; r < runs; r++) downsampleMinMax(series, -Infinity, Infinity, 1000)
    const ms = (performance.now() - start) / runs
    console.log(`downsampleMinMax: 100,000 points -> 1000 buckets in ${ms.toFixed(2)} ms`)
    expect(downsampleMinMax(series, -Infinity, Infinity, 1000).sourceCount).toBe(n)
  })
})
