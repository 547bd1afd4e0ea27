/** Shared number, size, rate and time formatting. Integers use "en" grouping ("12,345"). */

// One shared formatter each: building Intl formatters per call (toLocaleString) showed up as the
// main thread's biggest script cost at 10,000 msg/s (docs/benchmarks.md).
const COUNT = new Intl.NumberFormat('en', { maximumFractionDigits: 0 })
const CLOCK = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })

export function formatCount(n: number): string {
  return COUNT.format(Math.round(n))
}

/** "512 B", "12.3 MiB", "256 MiB": one decimal below 100, none above, no trailing ".0". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  if (unit === 0) return `${Math.round(value)} B`
  const shown = value >= 100 ? Math.round(value).toString() : value.toFixed(1).replace(/\.0$/, '')
  return `${shown} ${units[unit]}`
}

/** A per-second rate without unit: "0", "<0.1", "0.4", "12.0", "1,234". */
export function formatRate(perSecond: number): string {
  if (perSecond <= 0) return '0'
  if (perSecond >= 100) return formatCount(perSecond)
  if (perSecond < 0.1) return '<0.1'
  return perSecond.toFixed(1)
}

export function formatByteRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`
}

/** Time since `then` as one short unit: "now", "3s", "2m", "5h", "4d". */
export function formatAge(now: number, then: number): string {
  const seconds = Math.floor(Math.max(0, now - then) / 1000)
  if (seconds < 1) return 'now'
  if (seconds < 60) return `${seconds}s`
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h`
  return `${Math.floor(seconds / 86400)}d`
}

export function formatTime(epochMs: number): string {
  const d = new Date(epochMs)
  return `${CLOCK.format(d)}.${String(d.getMilliseconds()).padStart(3, '0')}`
}

/** Date and time, for tooltips: "2025-01-31 14:03:07.123". */
export function formatDateTime(epochMs: number): string {
  const d = new Date(epochMs)
  const day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
  return `${day} ${formatTime(epochMs)}`
}
