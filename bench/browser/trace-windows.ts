/**
 * The page main thread's CPU time inside named windows of a timeline trace (performance.measure
 * marks, category blink.user_timing): what a redraw click costs the thread whatever the machine's
 * load, where the click's wall time also counts the time other processes had the core.
 *
 * Each top-level task on the renderer main thread counts with its thread time (`tdur`), in
 * proportion to the part of its wall time inside the window (a task that began before the click
 * counts only its share after it).
 */
import { median, round } from '../common/stats.ts'
import type { TraceEvent } from './trace-summary.ts'

export interface WindowCpu {
  /** Per window name: how many, and the median and max of wall ms and main-thread CPU ms. */
  readonly [name: string]: { readonly count: number; readonly wallMs: number; readonly cpuMs: number; readonly cpuMaxMs: number }
}

/** Windows whose name `label` maps to a group (e.g. "Hide s2" -> "hide"), undefined to skip. */
export function cpuInWindows(json: string, label: (name: string) => string | undefined): WindowCpu {
  const parsed = JSON.parse(json) as { traceEvents?: TraceEvent[] } | TraceEvent[]
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? [])
  const begins = events.filter((e) => e.ph === 'b' && label(e.name) !== undefined)
  if (begins.length === 0) return {}
  const pid = begins[0]!.pid
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === pid)
  if (!main) return {}
  const own = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && typeof e.dur === 'number')
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!)
  const tasks: TraceEvent[] = []
  let end = -Infinity
  for (const e of own) {
    if (e.ts < end) continue
    tasks.push(e)
    end = e.ts + e.dur!
  }
  const groups = new Map<string, { wall: number[]; cpu: number[] }>()
  for (const b of begins) {
    const e = events.find((x) => x.ph === 'e' && x.name === b.name && x.ts >= b.ts && (x.id ?? x.id2?.local) === (b.id ?? b.id2?.local))
    if (!e) continue
    let cpu = 0
    for (const t of tasks) {
      const overlap = Math.min(t.ts + t.dur!, e.ts) - Math.max(t.ts, b.ts)
      if (overlap > 0 && t.dur! > 0) cpu += ((t.tdur ?? t.dur!) * overlap) / t.dur!
    }
    const group = label(b.name)!
    const g = groups.get(group) ?? { wall: [], cpu: [] }
    g.wall.push((e.ts - b.ts) / 1000)
    g.cpu.push(cpu / 1000)
    groups.set(group, g)
  }
  return Object.fromEntries(
    [...groups].map(([name, g]) => [
      name,
      { count: g.cpu.length, wallMs: round(median(g.wall)), cpuMs: round(median(g.cpu)), cpuMaxMs: round(Math.max(...g.cpu)) },
    ]),
  )
}
