/**
 * A chart line as one SVG path string, made in plain TS so a redraw is a string per series instead
 * of a component per point: recharts' <Line> costs ~25 µs a point (3 × 1,400 points: 50-70 ms on
 * this machine), a path string a fraction of a microsecond.
 */

/** Data value -> pixel, as the chart's axes map them (recharts' scales fit). */
export type PixelScale = (value: number) => number

/** Points in two parallel arrays, times non-decreasing (what the worker sends a chart). */
export interface LinePoints {
  readonly times: ArrayLike<number>
  readonly values: ArrayLike<number>
}

/** Coordinates are written with this many decimals: 0.1 px is below what a screen shows. */
const DECIMALS = 10

const fixed = (n: number) => Math.round(n * DECIMALS) / DECIMALS

/**
 * The SVG path data of a line through `points`: "M x,y L x,y L x,y …". A point whose time or value
 * is not a finite number (or maps to no finite pixel) is a gap: the line stops before it and starts
 * again after it (a new "M"), so a gap is never drawn over. A point alone between gaps is drawn as
 * a dot-sized segment, so it stays visible.
 *
 * Points that fall into the same pixel column are reduced to that column's first, lowest, highest
 * and last point, in time order: the line covers exactly the vertical extent the points do (the
 * worker's min/max downsampling keeps spikes; this keeps them too), with at most 4 points a column.
 * Returns '' when there is nothing to draw.
 */
export function linePath(points: LinePoints, x: PixelScale, y: PixelScale): string {
  const n = Math.min(points.times.length, points.values.length)
  const parts: string[] = []
  // The current column's points, as pixel coordinates: first, min, max, last (min/max by y).
  let column = NaN
  let firstY = 0
  let minY = 0
  let maxY = 0
  let lastY = 0
  let minAt = 0
  let maxAt = 0
  let count = 0
  let inRun = false
  let runPoints = 0

  const emit = (px: number, py: number) => {
    parts.push(`${inRun ? 'L' : 'M'}${fixed(px)},${fixed(py)}`)
    inRun = true
    runPoints++
  }
  const flushColumn = () => {
    if (count === 0) return
    emit(column, firstY)
    if (count > 1) {
      // Lowest and highest in the order they came, then the last (each only once).
      const [a, b] = minAt <= maxAt ? [minY, maxY] : [maxY, minY]
      const [aAt, bAt] = minAt <= maxAt ? [minAt, maxAt] : [maxAt, minAt]
      if (aAt > 0 && aAt < count - 1) emit(column, a)
      if (bAt > 0 && bAt < count - 1 && bAt !== aAt) emit(column, b)
      emit(column, lastY)
    }
    count = 0
  }
  const endRun = () => {
    flushColumn()
    // A run of one point: a tiny segment, so the point shows with the line's round caps.
    if (runPoints === 1) parts.push('h0.1')
    inRun = false
    runPoints = 0
  }

  for (let i = 0; i < n; i++) {
    const t = points.times[i]!
    const v = points.values[i]!
    const px = Number.isFinite(t) && Number.isFinite(v) ? x(t) : NaN
    const py = Number.isFinite(px) ? y(v) : NaN
    if (!Number.isFinite(px) || !Number.isFinite(py)) {
      endRun()
      continue
    }
    const col = Math.round(px)
    if (count > 0 && col !== column) flushColumn()
    if (count === 0) {
      column = col
      firstY = minY = maxY = lastY = py
      minAt = maxAt = 0
      count = 1
      continue
    }
    if (py < minY) {
      minY = py
      minAt = count
    }
    if (py > maxY) {
      maxY = py
      maxAt = count
    }
    lastY = py
    count++
  }
  endRun()
  return parts.join('')
}

/** The [lowest, highest] finite value of the given series, padded when flat; undefined for none. */
export function valueExtent(series: ReadonlyArray<ArrayLike<number>>): [number, number] | undefined {
  let lo = Infinity
  let hi = -Infinity
  for (const values of series)
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!
      if (!Number.isFinite(v)) continue
      if (v < lo) lo = v
      if (v > hi) hi = v
    }
  if (!(lo <= hi)) return undefined
  if (lo === hi) {
    // A flat line in the middle of the plot, not on its edge.
    const pad = Math.abs(lo) / 10 || 1
    return [lo - pad, hi + pad]
  }
  return [lo, hi]
}

/**
 * [lo, hi] widened to round numbers (a step of 1, 2, 2.5 or 5 × 10^k for about `ticks` intervals),
 * as an axis would label it, so the line never runs along the plot's top or bottom edge.
 */
export function niceDomain([lo, hi]: readonly [number, number], ticks = 4): [number, number] {
  const raw = (hi - lo) / Math.max(1, ticks)
  if (!(raw > 0) || !Number.isFinite(raw)) return [lo, hi]
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude
  const niceLo = Math.floor(lo / step) * step
  const niceHi = Math.ceil(hi / step) * step
  return Number.isFinite(niceLo) && Number.isFinite(niceHi) ? [niceLo, niceHi] : [lo, hi]
}

/** The index of the point nearest to `t` in time (times non-decreasing); -1 when there are none. */
export function nearestIndex(times: ArrayLike<number>, t: number): number {
  const n = times.length
  if (n === 0 || !Number.isFinite(t)) return -1
  let lo = 0
  let hi = n - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (times[mid]! < t) lo = mid + 1
    else hi = mid
  }
  if (lo > 0 && t - times[lo - 1]! <= times[lo]! - t) return lo - 1
  return lo
}

/** One series to draw: its id, colour, and points (undefined: none yet); hidden ones are skipped. */
export interface LineSeries {
  readonly id: string
  readonly color: string
  readonly hidden?: boolean
  readonly points: LinePoints | undefined
}

/**
 * Each points object's last path and the scales it was drawn through (compared by identity):
 * drawing the same points through the same scales again reuses the path instead of building it.
 * So a redraw that keeps a series' points and the axes (another series hidden or shown) builds
 * only the lines that changed. Held weakly: a points object no longer drawn takes its path along.
 */
export class LinePathCache {
  private readonly paths = new WeakMap<LinePoints, { readonly x: PixelScale; readonly y: PixelScale; readonly d: string }>()

  path(points: LinePoints, x: PixelScale, y: PixelScale): string {
    const hit = this.paths.get(points)
    if (hit && hit.x === x && hit.y === y) return hit.d
    const d = linePath(points, x, y)
    this.paths.set(points, { x, y, d })
    return d
  }
}

/**
 * The drawn lines of a chart: one path per visible series that has something to draw (through
 * `cache` when given: see LinePathCache).
 */
export function chartLines(
  series: readonly LineSeries[],
  x: PixelScale,
  y: PixelScale,
  cache?: LinePathCache,
): Array<{ id: string; color: string; d: string }> {
  const out: Array<{ id: string; color: string; d: string }> = []
  for (const s of series) {
    if (s.hidden || !s.points) continue
    const d = cache ? cache.path(s.points, x, y) : linePath(s.points, x, y)
    if (d !== '') out.push({ id: s.id, color: s.color, d })
  }
  return out
}
