import { WINDOW_MS, type ChartWindow } from '@/model/chart-setup.ts'
import type { ChartData } from '@/model/chart-types.ts'

/** Shown when there is nothing to go by for 'All': the last minute. */
const FALLBACK_SPAN = 60_000

/**
 * The time axis [from, to]: the window before the chart's end (its frozen `to` when paused, else
 * the end the worker drew up to, else now), but no earlier than where the worker's range starts:
 * until the window is full that is the first point (chart-views.ts), so the axis fits the data
 * instead of showing a blank window with the points at its right edge. 'All' starts at the first
 * point shown.
 */
export function timeDomain(window: ChartWindow, data: ChartData | undefined, frozenTo: number | undefined, now: number): [number, number] {
  const to = frozenTo ?? (data && Number.isFinite(data.to) ? data.to : now)
  const span = WINDOW_MS[window]
  if (span !== Infinity) {
    const fitted = data && Number.isFinite(data.from) && data.from < to ? data.from : -Infinity
    return [Math.max(to - span, fitted), to]
  }
  let from = data && Number.isFinite(data.from) ? data.from : Infinity
  for (const s of data?.series ?? []) if (s.times.length > 0) from = Math.min(from, s.times[0]!)
  if (!Number.isFinite(from) || from >= to) from = to - FALLBACK_SPAN
  return [from, to]
}

// Made once: toLocaleTimeString builds a new formatter on every call.
const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })
const DATE_TIME = new Intl.DateTimeFormat('en-CA', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
})
const VALUE = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6 })

/** "12:03:45" in local time; with the date when the axis spans more than a day. */
export function timeTick(t: number, span: number): string {
  if (!Number.isFinite(t)) return ''
  return span > 86_400_000 ? DATE_TIME.format(t).replace(',', '') : TIME.format(t)
}

/** A value axis label: "1,234.57". */
export function valueTick(v: number): string {
  return VALUE.format(v)
}

/** The exact time of a point: ISO 8601 (UTC, milliseconds). */
export function isoTime(t: number): string {
  const date = new Date(t)
  return Number.isNaN(date.getTime()) ? String(t) : date.toISOString()
}

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const STEPS = [
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
]

/**
 * Time axis ticks on round times (every 30 s, 5 min, 1 h, ...), at most `maxTicks` of them, in
 * [from, to]. Steps of less than a day are aligned in local time.
 */
export function timeTicks(from: number, to: number, maxTicks: number): number[] {
  if (!(to > from) || maxTicks < 1) return []
  const span = to - from
  // n steps fit n + 1 ticks when `from` is on one.
  const steps = Math.max(1, maxTicks - 1)
  const step = STEPS.find((s) => span / s <= steps) ?? Math.ceil(span / steps / DAY) * DAY
  const offset = step < DAY ? new Date(from).getTimezoneOffset() * MINUTE : 0
  const ticks: number[] = []
  for (let t = Math.ceil((from - offset) / step) * step + offset; t <= to; t += step) ticks.push(t)
  return ticks
}
