import { type Extracted, SKIP_REASONS, type SkipReason } from './chart-value.ts'
import { LIMITS } from './limits.ts'

/**
 * A contiguous run of stored points: times[start..end) and values[start..end) of the backing
 * arrays (views, not copies; valid until the series changes). A range of a ring buffer is at most
 * two such runs.
 */
export interface SeriesSpan {
  readonly times: Float64Array
  readonly values: Float64Array
  readonly start: number
  readonly end: number
}

/** Points copied out (e.g. to post to the page, transferring the buffers). */
export interface SeriesArrays {
  readonly times: Float64Array
  readonly values: Float64Array
}

/** Storage starts this small and doubles until it reaches the budget: idle series cost 16 KiB. */
const FIRST_CHUNK = 1024

/**
 * One series' points (epoch-ms time, finite value), oldest first, at most `budget` of them: when
 * full, each new point evicts the oldest (counted in `evicted`). Messages that gave no point are
 * counted per reason in `skipped`, so the UI can say "12 values not numeric".
 *
 * Times never go backwards: a point older than the last one (a clock step, out-of-order input) is
 * stored at the last time and counted in `clamped`, so binary search stays valid.
 *
 * Storage is two Float64Arrays used as a ring buffer. They start at FIRST_CHUNK points and double
 * (one copy each time) until they hold `budget` points; after that, pushing allocates nothing.
 * `version` changes with every change, so a flush clock can send only series that changed.
 *
 * Indexes in this API (timeAt, range, spans, ...) are logical: 0 is the oldest point kept.
 */
export class TimeSeries {
  #budget: number
  #times: Float64Array
  #values: Float64Array
  #head = 0
  #length = 0
  #evicted = 0
  #clamped = 0
  #skipped: Record<SkipReason, number> = Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>
  #version = 0

  constructor(budget: number = LIMITS.charts.seriesPoints) {
    this.#budget = checkBudget(budget)
    const capacity = Math.min(budget, FIRST_CHUNK)
    this.#times = new Float64Array(capacity)
    this.#values = new Float64Array(capacity)
  }

  /** Most points kept. */
  get budget(): number {
    return this.#budget
  }

  /** Points kept now. */
  get length(): number {
    return this.#length
  }

  /** Points the backing arrays can hold before they grow (never more than the budget). */
  get capacity(): number {
    return this.#times.length
  }

  /** Points dropped, oldest first, to stay within the budget. */
  get evicted(): number {
    return this.#evicted
  }

  /** Points that came with a time earlier than the last one and were stored at the last time. */
  get clamped(): number {
    return this.#clamped
  }

  /** Messages that gave no point, per reason (a live view; read, do not write). */
  get skipped(): Readonly<Record<SkipReason, number>> {
    return this.#skipped
  }

  /** Changes whenever points, counters or the budget change. */
  get version(): number {
    return this.#version
  }

  /** Adds a point. `t` (epoch ms) and `v` must be finite (a programming error otherwise: throws). */
  push(t: number, v: number): void {
    if (!Number.isFinite(t) || !Number.isFinite(v)) throw new RangeError(`a point needs a finite time and value, got (${t}, ${v})`)
    if (this.#length > 0) {
      const last = this.#times[this.#physical(this.#length - 1)]!
      if (t < last) {
        t = last
        this.#clamped++
      }
    }
    const capacity = this.#times.length
    if (this.#length < capacity) {
      const at = this.#physical(this.#length)
      this.#times[at] = t
      this.#values[at] = v
      this.#length++
    } else if (capacity < this.#budget) {
      this.#resize(Math.min(this.#budget, capacity * 2))
      this.#times[this.#length] = t
      this.#values[this.#length] = v
      this.#length++
    } else {
      // Full: the new point takes the oldest one's place.
      this.#times[this.#head] = t
      this.#values[this.#head] = v
      this.#head = this.#head + 1 === capacity ? 0 : this.#head + 1
      this.#evicted++
    }
    this.#version++
  }

  /** Counts a message that gave no point. */
  skip(reason: SkipReason): void {
    this.#skipped[reason]++
    this.#version++
  }

  /** What the worker does with each message's extractNumber result: a point, or a counted skip. */
  record(t: number, extracted: Extracted): void {
    if (typeof extracted === 'number') this.push(t, extracted)
    else this.skip(extracted.skip)
  }

  /** Time of the point at logical index i (0 = oldest kept); undefined outside [0, length). */
  timeAt(i: number): number | undefined {
    return i >= 0 && i < this.#length ? this.#times[this.#physical(i)] : undefined
  }

  valueAt(i: number): number | undefined {
    return i >= 0 && i < this.#length ? this.#values[this.#physical(i)] : undefined
  }

  /** The first index whose time is >= t (length when none). O(log n). */
  lowerBound(t: number): number {
    let lo = 0
    let hi = this.#length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.#times[this.#physical(mid)]! < t) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** The first index whose time is > t (length when none). O(log n). */
  upperBound(t: number): number {
    let lo = 0
    let hi = this.#length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.#times[this.#physical(mid)]! <= t) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** Indexes [start, end) of the points with from <= time <= to (both ends included; ±Infinity allowed). */
  range(from: number, to: number): { start: number; end: number } {
    const start = this.lowerBound(from)
    return { start, end: Math.max(start, this.upperBound(to)) }
  }

  /** The points at logical indexes [start, end) as at most two views of the storage, oldest first. */
  spans(start = 0, end = this.#length): SeriesSpan[] {
    start = Math.max(0, start)
    end = Math.min(this.#length, end)
    if (start >= end) return []
    const a = this.#physical(start)
    const b = this.#physical(end - 1) + 1
    const times = this.#times
    const values = this.#values
    if (a < b) return [{ times, values, start: a, end: b }]
    return [
      { times, values, start: a, end: times.length },
      { times, values, start: 0, end: b },
    ]
  }

  /** Calls fn for each point at logical indexes [start, end), oldest first, without copying. */
  forEach(fn: (time: number, value: number, index: number) => void, start = 0, end = this.#length): void {
    let index = Math.max(0, start)
    for (const span of this.spans(start, end)) {
      for (let p = span.start; p < span.end; p++) fn(span.times[p]!, span.values[p]!, index++)
    }
  }

  /** A copy of the points with from <= time <= to (default: all), in fresh arrays that can be transferred. */
  toArrays(from = -Infinity, to = Infinity): SeriesArrays {
    const { start, end } = this.range(from, to)
    const times = new Float64Array(end - start)
    const values = new Float64Array(end - start)
    let at = 0
    for (const span of this.spans(start, end)) {
      times.set(span.times.subarray(span.start, span.end), at)
      values.set(span.values.subarray(span.start, span.end), at)
      at += span.end - span.start
    }
    return { times, values }
  }

  /** A new budget; when it is below the points kept, the oldest go (counted as evicted). */
  setBudget(budget: number): void {
    this.#budget = checkBudget(budget)
    const drop = Math.max(0, this.#length - budget)
    if (drop > 0) {
      this.#head = this.#physical(drop)
      this.#length -= drop
      this.#evicted += drop
    }
    const capacity = this.#times.length
    if (capacity > budget || drop > 0) this.#resize(Math.min(budget, Math.max(this.#length, FIRST_CHUNK)))
    this.#version++
  }

  /** Forgets every point and counter (the budget stays). */
  clear(): void {
    this.#head = 0
    this.#length = 0
    this.#evicted = 0
    this.#clamped = 0
    for (const reason of SKIP_REASONS) this.#skipped[reason] = 0
    this.#resize(Math.min(this.#budget, FIRST_CHUNK))
    this.#version++
  }

  #physical(i: number): number {
    const p = this.#head + i
    return p >= this.#times.length ? p - this.#times.length : p
  }

  /** New backing arrays of `capacity` (>= length), the points unwrapped to start at 0. */
  #resize(capacity: number): void {
    const times = new Float64Array(capacity)
    const values = new Float64Array(capacity)
    let at = 0
    for (const span of this.spans()) {
      times.set(span.times.subarray(span.start, span.end), at)
      values.set(span.values.subarray(span.start, span.end), at)
      at += span.end - span.start
    }
    this.#times = times
    this.#values = values
    this.#head = 0
  }
}

function checkBudget(budget: number): number {
  if (!Number.isSafeInteger(budget) || budget < 1) throw new RangeError(`a series budget is a whole number of points >= 1, got ${budget}`)
  return budget
}
