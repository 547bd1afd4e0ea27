/** What the ingest benchmark prints: the steps as a table, and with --profile where the time went. */
import type { Profile, StepResult } from './ingest-step.ts'

export function printTable(results: readonly StepResult[]): void {
  const head = [
    'target/s',
    'sent/s',
    'shown/sent',
    'settle',
    'fps med',
    'fps min',
    'long tasks',
    'max task',
    'heap page/worker',
    'CPU % main/worker/chromium/server/publisher',
    'others',
    'holds',
  ]
  const rows = results.map((r) => [
    r.targetRate.toLocaleString('en'),
    r.actualRate.toLocaleString('en'),
    r.countsExact ? 'exact' : `${r.shownTotal?.toLocaleString('en') ?? '-'}/${r.expectedTotal.toLocaleString('en')}`,
    `${(r.settleMs / 1000).toFixed(1)} s`,
    String(r.fpsMedian),
    String(r.fpsMin),
    String(r.longTasks),
    `${r.longTaskMaxMs} ms`,
    `${r.heapUsedMB}/${r.workerHeapUsedMB ?? '-'} MB`,
    ['renderer: main', 'renderer: DedicatedWorker', 'chromium (all)', 'server', 'publisher'].map((k) => r.cpuPercent[k] ?? 0).join('/'),
    `${r.cpuPercent['other processes'] ?? 0}%`,
    r.holds ? 'yes' : `no: ${r.why}`,
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')
  process.stdout.write(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n${rows.map(line).join('\n')}\n`)
}

export function printProfile(profile: Profile): void {
  for (const [name, summary] of [
    ['page main thread', profile.main],
    ['MQTT worker', profile.worker],
  ] as const) {
    if (!summary) continue
    process.stdout.write(`\nCPU profile, ${name}, ${profile.note} (${(summary.totalMs / 1000).toFixed(1)} s sampled; self time):\n`)
    for (const f of summary.top.slice(0, 15)) process.stdout.write(`  ${String(f.selfMs).padStart(7)} ms ${String(f.percent).padStart(5)}%  ${f.name}\n`)
  }
  const trace = profile.mainByTraceEvent
  if (trace) {
    process.stdout.write(
      `\nTrace, page main thread, ${profile.note}: busy ${(trace.busyMs / 1000).toFixed(1)} s of ${(trace.spanMs / 1000).toFixed(1)} s; self time by event:\n`,
    )
    for (const e of trace.top.slice(0, 15)) process.stdout.write(`  ${String(e.selfMs).padStart(7)} ms ${String(e.percentOfBusy).padStart(5)}%  ${e.name}\n`)
    const long = trace.longTasks
    process.stdout.write(`\nLong tasks (>= 50 ms) in the trace: ${long.count}, ${(long.totalMs / 1000).toFixed(1)} s in all; self time inside them by event:\n`)
    for (const e of long.top) process.stdout.write(`  ${String(e.selfMs).padStart(7)} ms  ${e.name}\n`)
    process.stdout.write('  longest (ms, at ms into the trace: biggest parts):\n')
    for (const t of long.longest) process.stdout.write(`  ${String(t.ms).padStart(7)} ms at ${t.atMs}: ${t.top}\n`)
  }
}
