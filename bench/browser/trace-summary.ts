/**
 * Where the page's main thread spends its time by Chromium trace event (style, layout, paint,
 * script…): the part a CPU profile only calls "(program)". Self time per event name on the
 * renderer main thread, from a devtools.timeline trace.
 */

/** One event of a Chromium trace (the fields the bench reads). */
export interface TraceEvent {
  readonly name: string
  readonly ph: string
  readonly pid: number
  readonly tid: number
  readonly ts: number
  readonly dur?: number
  /** Thread (CPU) time, µs. */
  readonly tdur?: number
  readonly id?: string
  readonly id2?: { readonly local?: string }
  readonly args?: { readonly name?: string }
}

export interface TraceSummary {
  /** Wall time the trace covers on that thread, ms. */
  readonly spanMs: number
  /** Time inside any top-level task, ms. */
  readonly busyMs: number
  readonly top: ReadonlyArray<{ readonly name: string; readonly selfMs: number; readonly percentOfBusy: number }>
  /** Top-level tasks of LONG_TASK_MS or more: how many, what their time went to, and the longest few. */
  readonly longTasks: {
    readonly count: number
    readonly totalMs: number
    readonly top: ReadonlyArray<{ readonly name: string; readonly selfMs: number }>
    readonly longest: ReadonlyArray<{ readonly ms: number; readonly atMs: number; readonly top: string }>
  }
}

/** What the browser's long-task API counts as long. */
const LONG_TASK_MS = 50

export function summarizeTrace(json: string, limit = 20): TraceSummary | undefined {
  const parsed = JSON.parse(json) as { traceEvents?: TraceEvent[] } | TraceEvent[]
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? [])
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
  // Of the renderer main threads (a spare renderer may exist), the busiest one is the page's.
  let best: { key: string; events: TraceEvent[]; total: number } | undefined
  for (const m of mains) {
    const own = events.filter((e) => e.pid === m.pid && e.tid === m.tid && e.ph === 'X' && typeof e.dur === 'number')
    const total = own.reduce((n, e) => n + (e.name === 'RunTask' ? e.dur! : 0), 0)
    if (!best || total > best.total) best = { key: `${m.pid}:${m.tid}`, events: own, total }
  }
  if (!best || best.events.length === 0) return undefined
  const sorted = [...best.events].sort((a, b) => a.ts - b.ts || b.dur! - a.dur!)
  const self = new Map<string, number>()
  const stack: Array<{ end: number; name: string; childTime: number; dur: number }> = []
  let busy = 0
  // The top-level task being walked, when it is a long one: self time by name inside it.
  let long: { ts: number; dur: number; self: Map<string, number> } | undefined
  const longSelf = new Map<string, number>()
  const longest: Array<{ ms: number; atMs: number; top: string }> = []
  let longCount = 0
  let longTotal = 0
  const endLong = () => {
    if (!long) return
    const parts = [...long.self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3)
    longest.push({ ms: Math.round(long.dur / 1000), atMs: long.ts, top: parts.map(([n, us]) => `${n} ${Math.round(us / 1000)}`).join(', ') })
    long = undefined
  }
  const close = (until: number) => {
    while (stack.length > 0 && stack[stack.length - 1]!.end <= until) {
      const done = stack.pop()!
      const own = Math.max(0, done.dur - done.childTime)
      self.set(done.name, (self.get(done.name) ?? 0) + own)
      if (long) {
        long.self.set(done.name, (long.self.get(done.name) ?? 0) + own)
        longSelf.set(done.name, (longSelf.get(done.name) ?? 0) + own)
      }
      if (stack.length === 0) endLong()
    }
  }
  for (const e of sorted) {
    close(e.ts)
    const parent = stack[stack.length - 1]
    if (parent) parent.childTime += e.dur!
    else {
      busy += e.dur!
      if (e.dur! >= LONG_TASK_MS * 1000) {
        long = { ts: e.ts, dur: e.dur!, self: new Map() }
        longCount++
        longTotal += e.dur!
      }
    }
    stack.push({ end: e.ts + e.dur!, name: e.name, childTime: 0, dur: e.dur! })
  }
  close(Number.POSITIVE_INFINITY)
  const first = sorted[0]!.ts
  const last = sorted.reduce((m, e) => Math.max(m, e.ts + e.dur!), first)
  const top = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, us]) => ({ name, selfMs: Math.round(us / 1000), percentOfBusy: busy ? Math.round((us / busy) * 1000) / 10 : 0 }))
  const longTasks = {
    count: longCount,
    totalMs: Math.round(longTotal / 1000),
    top: [...longSelf.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([name, us]) => ({ name, selfMs: Math.round(us / 1000) })),
    longest: longest
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 8)
      .map((t) => ({ ...t, atMs: Math.round((t.atMs - first) / 1000) })),
  }
  return { spanMs: Math.round((last - first) / 1000), busyMs: Math.round(busy / 1000), top, longTasks }
}
