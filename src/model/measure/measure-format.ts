import type { LatencySummary } from './latency-stats.ts'
import { grouped } from './probe-settings.ts'

/**
 * The figures as text, the same in the page and on the command line: "0 %", "10 %", "0.25 %";
 * "0.412 ms", "12.3 ms", "1,204 ms"; "499.9 msg/s".
 */
export function percentText(rate: number): string {
  const percent = rate * 100
  if (percent === 0) return '0 %'
  if (percent >= 10) return `${trim(percent.toFixed(1))} %`
  return `${Number(percent.toPrecision(2))} %`
}

export function msText(ms: number): string {
  const abs = Math.abs(ms)
  const text = abs >= 1000 ? grouped(ms) : abs >= 100 ? ms.toFixed(0) : abs >= 10 ? ms.toFixed(1) : ms.toFixed(3)
  return `${text} ms`
}

/** A rate: whole numbers grouped ("29,994"), small ones with a decimal ("499.9", "0.5"). */
export function rateText(perUnit: number): string {
  return perUnit >= 1000 ? grouped(perUnit) : trim(perUnit.toFixed(1))
}

/** "min 0.210 ms, mean 0.450 ms, p50 ..., max ..." */
export function latencyLine(latency: LatencySummary): string {
  const keys = ['min', 'mean', 'p50', 'p90', 'p99', 'max'] as const
  return keys.map((key) => `${key} ${msText(latency[key])}`).join(', ')
}

export function bytesText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${trim((bytes / (1024 * 1024)).toFixed(1))} MiB`
  if (bytes >= 1024) return `${trim((bytes / 1024).toFixed(1))} KiB`
  return `${Math.round(bytes)} B`
}

/** "1 message", "2,000 messages". */
export function countOf(n: number, noun: string): string {
  return `${grouped(n)} ${noun}${n === 1 ? '' : 's'}`
}

function trim(fixed: string): string {
  return fixed.replace(/\.0+$/, '')
}
