/**
 * Latency figures from samples in milliseconds: min, mean, the 50th, 90th and 99th percentiles and
 * max, and a histogram. Percentiles use the nearest-rank method: the p-th percentile of n sorted
 * samples is the sample of rank ⌈p/100 × n⌉ (1-based), so it is always a measured value and
 * p50 of 1..100 is 50, p99 is 99 (hand-checkable; no interpolation).
 */
export interface LatencySummary {
  readonly min: number
  readonly mean: number
  readonly p50: number
  readonly p90: number
  readonly p99: number
  readonly max: number
}

export interface HistogramBin {
  /** Lower bound (inclusive), ms. */
  readonly from: number
  /** Upper bound (exclusive, except for the last bin), ms. */
  readonly to: number
  readonly count: number
}

/** The nearest-rank percentile of ascending `sorted` (non-empty); p in (0, 100]. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

/** The summary of ascending `sorted`; undefined when there are no samples. */
export function summarize(sorted: ArrayLike<number>): LatencySummary | undefined {
  const n = sorted.length
  if (n === 0) return undefined
  let sum = 0
  for (let i = 0; i < n; i++) sum += sorted[i]!
  return { min: sorted[0]!, mean: sum / n, p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted[n - 1]! }
}

/**
 * Equal-width bins from the smallest sample to the 99th percentile (a few slow outliers would
 * otherwise squeeze everything else into the first bar); the samples above it share one last bin
 * that reaches the maximum.
 */
export function histogram(sorted: ArrayLike<number>, bins: number): HistogramBin[] {
  const n = sorted.length
  if (n === 0 || bins < 1) return []
  const min = sorted[0]!
  const max = sorted[n - 1]!
  if (max === min) return [{ from: min, to: max, count: n }]
  const p99 = percentile(sorted, 99)
  const top = p99 < max && p99 > min && bins > 1 ? p99 : max
  const regular = top < max ? bins - 1 : bins
  const width = (top - min) / regular
  const counts = new Array<number>(bins).fill(0)
  for (let i = 0; i < n; i++) {
    const v = sorted[i]!
    const index = v > top ? bins - 1 : Math.min(regular - 1, Math.floor((v - min) / width))
    counts[index]!++
  }
  const out: HistogramBin[] = []
  for (let i = 0; i < regular; i++) out.push({ from: min + i * width, to: i === regular - 1 ? top : min + (i + 1) * width, count: counts[i]! })
  if (regular < bins) out.push({ from: top, to: max, count: counts[bins - 1]! })
  return out
}

/**
 * Samples in milliseconds, kept in a growing Float64Array (8 bytes each). With `keep`, only the
 * last `keep` samples are kept for percentiles (a ring), while count, min, max and mean cover
 * every sample: a watch runs for as long as it is left on.
 */
export class LatencySamples {
  #values: Float64Array
  #length = 0
  #next = 0
  readonly #keep: number | undefined
  #count = 0
  #sum = 0
  #min = Infinity
  #max = -Infinity
  #sorted: { count: number; values: Float64Array } | undefined

  constructor(keep?: number, initialCapacity = 1024) {
    this.#keep = keep
    this.#values = new Float64Array(keep === undefined ? initialCapacity : Math.min(keep, initialCapacity))
  }

  get count(): number {
    return this.#count
  }

  add(ms: number): void {
    this.#count++
    this.#sum += ms
    if (ms < this.#min) this.#min = ms
    if (ms > this.#max) this.#max = ms
    if (this.#length < this.#values.length) {
      this.#values[this.#length++] = ms
      return
    }
    if (this.#keep === undefined || this.#length < this.#keep) {
      const grown = new Float64Array(this.#keep === undefined ? this.#values.length * 2 : Math.min(this.#keep, this.#values.length * 2))
      grown.set(this.#values)
      this.#values = grown
      this.#values[this.#length++] = ms
      return
    }
    this.#values[this.#next] = ms
    this.#next = (this.#next + 1) % this.#keep
  }

  /** The kept samples, ascending (cached until the next add). */
  sorted(): Float64Array {
    if (this.#sorted?.count !== this.#count) this.#sorted = { count: this.#count, values: this.#values.slice(0, this.#length).sort() }
    return this.#sorted.values
  }

  /**
   * min, mean and max over every sample; the percentiles over the kept ones (all of them unless
   * `keep` was given and exceeded).
   */
  summary(): LatencySummary | undefined {
    const kept = summarize(this.sorted())
    if (kept === undefined) return undefined
    return { ...kept, min: this.#min, mean: this.#sum / this.#count, max: this.#max }
  }
}
