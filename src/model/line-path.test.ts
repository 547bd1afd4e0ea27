import { describe, expect, it } from 'vitest'
import { downsampleMinMax } from './downsample.ts'
import { chartLines, LinePathCache, linePath, nearestIndex, niceDomain, valueExtent } from './line-path.ts'

const id = (n: number) => n
/** The path's points as [x, y] pairs per run (each "M" starts a run). */
function runs(d: string): Array<Array<[number, number]>> {
  const out: Array<Array<[number, number]>> = []
  for (const m of d.matchAll(/([ML])(-?[\d.]+),(-?[\d.]+)/g)) {
    if (m[1] === 'M') out.push([])
    out.at(-1)!.push([Number(m[2]), Number(m[3])])
  }
  return out
}
const pts = (times: number[], values: number[]) => ({ times, values })

describe('linePath', () => {
  it('draws one run through the points through the scales, rounded to 0.1 px', () => {
    const d = linePath(
      pts([0, 10, 20], [1, 2, 3]),
      (t) => t * 2 + 0.04,
      (v) => 100 - v * 10,
    )
    expect(d).toBe('M0,90L20,80L40,70')
  })

  it('splits the path at a gap (a non-finite time or value), and never draws across it', () => {
    const d = linePath(pts([0, 10, 20, NaN, 40, 50, 60, 70], [1, 2, NaN, 4, 5, NaN, 7, 8]), id, id)
    expect(runs(d)).toEqual([
      [
        [0, 1],
        [10, 2],
      ],
      [[40, 5]],
      [
        [60, 7],
        [70, 8],
      ],
    ])
    // 40,5 sits between two gaps: alone, it is drawn as a dot-sized segment.
    expect(d).toContain('M40,5h0.1M60,7')
  })

  it('treats a point that maps to no finite pixel as a gap', () => {
    const d = linePath(pts([0, 1, 2, 3], [1, 2, 3, 4]), (t) => (t === 2 ? NaN : t * 10), id)
    expect(runs(d).map((r) => r.length)).toEqual([2, 1])
  })

  it('keeps the first, lowest, highest and last point of a pixel column, in time order', () => {
    // Ten points in the same column (x within 0.5 px), then one in the next.
    const values = [5, 3, 9, -7, 2, 12, 4, 1, 8, 6]
    const times = values.map((_, i) => i / 100)
    const d = linePath(pts([...times, 1], [...values, 0]), id, id)
    expect(runs(d)).toEqual([
      [
        [0, 5],
        [0, -7],
        [0, 12],
        [0, 6],
        [1, 0],
      ],
    ])
  })

  it('preserves the spikes the worker kept when downsampling (min/max)', () => {
    const n = 100_000
    const times = Array.from({ length: n }, (_, i) => i)
    const values = times.map((i) => Math.sin(i / 5000) * 10 + (i % 7))
    values[31_337] = 1_000
    values[77_777] = -1_000
    const down = downsampleMinMax({ times, values }, -Infinity, Infinity, 467)
    const x = (t: number) => (t / n) * 934
    const y = (v: number) => 400 - v / 10
    const drawn = runs(linePath(down, x, y)).flat()
    expect(drawn.length).toBeLessThanOrEqual(4 * 935)
    const ys = drawn.map(([, py]) => py)
    expect(Math.min(...ys)).toBeCloseTo(y(1_000), 1)
    expect(Math.max(...ys)).toBeCloseTo(y(-1_000), 1)
    // Every column spans what the downsampled points in it span.
    const spans = new Map<number, [number, number]>()
    for (let i = 0; i < down.times.length; i++) {
      const col = Math.round(x(down.times[i]!))
      const py = y(down.values[i]!)
      const s = spans.get(col) ?? [Infinity, -Infinity]
      spans.set(col, [Math.min(s[0], py), Math.max(s[1], py)])
    }
    for (const [col, [lo, hi]] of spans) {
      const inCol = drawn.filter(([px]) => px === col).map(([, py]) => py)
      expect(Math.min(...inCol)).toBeCloseTo(lo, 1)
      expect(Math.max(...inCol)).toBeCloseTo(hi, 1)
    }
  })

  it('is empty when there is nothing to draw', () => {
    expect(linePath(pts([], []), id, id)).toBe('')
    expect(linePath(pts([1, 2], [NaN, Infinity]), id, id)).toBe('')
  })
})

describe('chartLines', () => {
  it('draws visible series with points, and hidden series not at all', () => {
    const lines = chartLines(
      [
        { id: 'a', color: '#ff0000', points: pts([0, 1], [1, 2]) },
        { id: 'b', color: '#00ff00', hidden: true, points: pts([0, 1], [3, 4]) },
        { id: 'c', color: '#0000ff', points: undefined },
        { id: 'd', color: '#000000', points: pts([], []) },
      ],
      id,
      id,
    )
    expect(lines).toEqual([{ id: 'a', color: '#ff0000', d: 'M0,1L1,2' }])
  })
})

describe('valueExtent', () => {
  it('spans the finite values of all series, and pads a flat line', () => {
    expect(valueExtent([[3, NaN, -2], [10]])).toEqual([-2, 10])
    expect(valueExtent([[5, 5]])).toEqual([4.5, 5.5])
    expect(valueExtent([[0]])).toEqual([-1, 1])
    expect(valueExtent([[], [NaN]])).toBeUndefined()
  })
})

describe('nearestIndex', () => {
  it('finds the point nearest in time, the earlier one on a tie', () => {
    const times = [10, 20, 30]
    expect(nearestIndex(times, 0)).toBe(0)
    expect(nearestIndex(times, 24)).toBe(1)
    expect(nearestIndex(times, 25)).toBe(1)
    expect(nearestIndex(times, 26)).toBe(2)
    expect(nearestIndex(times, 99)).toBe(2)
    expect(nearestIndex([], 5)).toBe(-1)
  })
})

describe('niceDomain', () => {
  it('widens the extent to round steps, and leaves what it cannot round', () => {
    expect(niceDomain([0.3, 9.7])).toEqual([0, 10])
    expect(niceDomain([-3, 17])).toEqual([-5, 20])
    expect(niceDomain([1_000_001, 1_000_009])).toEqual([1_000_000, 1_000_010])
    expect(niceDomain([5, 5])).toEqual([5, 5])
    const [lo, hi] = niceDomain([-0.000123456, 1234567.891])
    expect(lo).toBeLessThanOrEqual(-0.000123456)
    expect(hi).toBeGreaterThanOrEqual(1234567.891)
  })
})

describe('LinePathCache', () => {
  it('builds a path once per points object and pair of scales, and again when either changes', () => {
    const cache = new LinePathCache()
    let calls = 0
    const x = (t: number) => (calls++, t)
    const y = (v: number) => v * 2
    const points = pts([0, 10, 20], [1, 2, 3])
    const d = cache.path(points, x, y)
    expect(d).toBe(linePath(points, id, y))
    const built = calls
    expect(built).toBe(3)
    // The same points through the same scales: the path as it was, nothing mapped again.
    expect(cache.path(points, x, y)).toBe(d)
    expect(calls).toBe(built)
    // Another scale, or other points (even with the same numbers): built again.
    const y2 = (v: number) => v * 3
    expect(cache.path(points, x, y2)).toBe(linePath(points, id, y2))
    expect(calls).toBe(2 * built)
    expect(cache.path(pts([0, 10, 20], [1, 2, 3]), x, y2)).toBe(linePath(points, id, y2))
    expect(calls).toBe(3 * built)
  })

  it('chartLines through a cache draws what it draws without one', () => {
    const series = [
      { id: 'a', color: 'red', points: pts([0, 1], [1, 2]) },
      { id: 'b', color: 'blue', hidden: true, points: pts([0, 1], [3, 4]) },
      { id: 'c', color: 'green', points: undefined },
    ]
    const cache = new LinePathCache()
    expect(chartLines(series, id, id, cache)).toEqual(chartLines(series, id, id))
    expect(chartLines(series, id, id, cache)).toEqual([{ id: 'a', color: 'red', d: 'M0,1L1,2' }])
  })
})
