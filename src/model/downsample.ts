import { TimeSeries } from './time-series.ts'

/** Points in two parallel arrays, times non-decreasing (as TimeSeries keeps them). */
export interface PointArrays {
  readonly times: ArrayLike<number>
  readonly values: ArrayLike<number>
}

/**
 * What a chart draws for one series: a subset of the source's points, in time order, in fresh
 * arrays of their own (never views of the source: safe to transfer with postMessage).
 */
export interface Downsampled {
  readonly times: Float64Array
  readonly values: Float64Array
  /** Points of the source in [from, to] (what the output stands for). */
  readonly sourceCount: number
  /** False: the output is every source point in [from, to], unchanged. */
  readonly downsampled: boolean
}

interface Run {
  readonly times: ArrayLike<number>
  readonly values: ArrayLike<number>
  readonly start: number
  readonly end: number
}

/**
 * The points of `source` with from <= time <= to, reduced for a chart `buckets` pixels wide
 * (min/max decimation, as oscilloscopes and uPlot/Grafana do): the range is cut into `buckets`
 * equal time slices, and of each slice's points only the first, the minimum, the maximum and the
 * last are kept (fewer when they coincide), in time order. A line through them covers exactly the
 * vertical extent the full data would, so a one-point spike is never smoothed away, and the line
 * still enters and leaves each slice where the data does. Ties keep the earliest min/max.
 *
 * When the range holds at most 4 × buckets points, they are returned as they are (nothing to gain).
 * Output size is at most 4 × buckets. One pass over the range, O(n); the only allocations are the
 * two output arrays. An infinite `from` / `to` (the "all" window) means the first / last point.
 */
export function downsampleMinMax(source: TimeSeries | PointArrays, from: number, to: number, buckets: number): Downsampled {
  const bucketCount = Math.max(1, Math.floor(buckets))
  const runs = rangeRuns(source, from, to)
  let count = 0
  for (const run of runs) count += run.end - run.start
  if (count <= 4 * bucketCount) return copyAll(runs, count)

  const first = runs[0]!
  const last = runs[runs.length - 1]!
  const t0 = Number.isFinite(from) ? from : first.times[first.start]!
  const t1 = Number.isFinite(to) ? to : last.times[last.end - 1]!
  // Slice of a point: floor((t - t0) * buckets / (t1 - t0)), the last slice closed at t1. (Not
  // a precomputed buckets / width factor: that rounds differently right at slice boundaries.)
  const width = t1 > t0 ? t1 - t0 : Infinity

  const outTimes = new Float64Array(4 * bucketCount)
  const outValues = new Float64Array(4 * bucketCount)
  let out = 0
  const emit = (t: number, v: number) => {
    outTimes[out] = t
    outValues[out] = v
    out++
  }

  // The current bucket's four roles, as scalars (no object per bucket). Indexes are positions in
  // the whole range, to tell the roles apart and order them.
  let bucket = -1
  let firstI = 0,
    firstT = 0,
    firstV = 0
  let minI = 0,
    minT = 0,
    minV = 0
  let maxI = 0,
    maxT = 0,
    maxV = 0
  let lastI = 0,
    lastT = 0,
    lastV = 0
  const flush = () => {
    emit(firstT, firstV)
    // min and max in time order, each once, and not again if it is the first or the last point.
    const lowFirst = minI <= maxI
    const aI = lowFirst ? minI : maxI
    const bI = lowFirst ? maxI : minI
    if (aI !== firstI && aI !== lastI) emit(lowFirst ? minT : maxT, lowFirst ? minV : maxV)
    if (bI !== aI && bI !== firstI && bI !== lastI) emit(lowFirst ? maxT : minT, lowFirst ? maxV : minV)
    if (lastI !== firstI) emit(lastT, lastV)
  }

  let index = 0
  for (const run of runs) {
    const { times, values } = run
    for (let p = run.start; p < run.end; p++, index++) {
      const t = times[p]!
      const v = values[p]!
      let b = Math.floor(((t - t0) * bucketCount) / width)
      if (b >= bucketCount) b = bucketCount - 1
      if (b !== bucket) {
        if (bucket >= 0) flush()
        bucket = b
        firstI = minI = maxI = lastI = index
        firstT = minT = maxT = lastT = t
        firstV = minV = maxV = lastV = v
        continue
      }
      if (v < minV) {
        minI = index
        minT = t
        minV = v
      }
      if (v > maxV) {
        maxI = index
        maxT = t
        maxV = v
      }
      lastI = index
      lastT = t
      lastV = v
    }
  }
  if (bucket >= 0) flush()
  // Exact-size copies (at most 4 × buckets each): a posted view would clone its whole buffer.
  return { times: outTimes.slice(0, out), values: outValues.slice(0, out), sourceCount: count, downsampled: true }
}

/** The range [from, to] of the source as contiguous runs of its storage (views, no copies). */
function rangeRuns(source: TimeSeries | PointArrays, from: number, to: number): Run[] {
  if (source instanceof TimeSeries) {
    const { start, end } = source.range(from, to)
    return source.spans(start, end)
  }
  const { times, values } = source
  const length = Math.min(times.length, values.length)
  const start = bound(times, length, from, false)
  const end = Math.max(start, bound(times, length, to, true))
  return start < end ? [{ times, values, start, end }] : []
}

/** First index with times[i] >= t (or > t when `after`). */
function bound(times: ArrayLike<number>, length: number, t: number, after: boolean): number {
  let lo = 0
  let hi = length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const x = times[mid]!
    if (x < t || (after && x === t)) lo = mid + 1
    else hi = mid
  }
  return lo
}

function copyAll(runs: readonly Run[], count: number): Downsampled {
  const times = new Float64Array(count)
  const values = new Float64Array(count)
  let at = 0
  for (const run of runs) {
    for (let p = run.start; p < run.end; p++, at++) {
      times[at] = run.times[p]!
      values[at] = run.values[p]!
    }
  }
  return { times, values, sourceCount: count, downsampled: false }
}
