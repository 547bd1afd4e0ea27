/** The chart benchmark's figures: medians and maxima of the draws, CPU by thread, what it prints. */
import { cpuPercent, type CpuSample } from '../common/proc-stats.ts'
import { median } from '../common/stats.ts'
import type { DrawRun } from './chart-draw-run.ts'

export function summary(runs: readonly DrawRun[]) {
  const of = (pick: (r: DrawRun) => number) => ({ median: median(runs.map(pick)), max: Math.max(...runs.map(pick)) })
  return { domMs: of((r) => r.domMs), frameMs: of((r) => r.frameMs), longTaskMaxMs: of((r) => r.longTaskMaxMs), runs }
}

/** CPU of the page's threads, the server, the publisher and everything else on the machine, % of one core. */
export function cpuOf(from: CpuSample, to: CpuSample): Record<string, number> {
  const all = cpuPercent(from, to)
  const keep = ['renderer: main', 'renderer: DedicatedWorker', 'chromium (all)', 'server', 'publisher', 'other processes', 'machine (all processes)']
  return Object.fromEntries(keep.map((k) => [k, all[k] ?? 0]))
}

export function cpuText(cpu: Record<string, number>): string {
  return `CPU % page main ${cpu['renderer: main']}, worker ${cpu['renderer: DedicatedWorker']}, all Chromium ${cpu['chromium (all)']}, server ${cpu.server}, publisher ${cpu.publisher}, others ${cpu['other processes']}`
}

export function printRuns(title: string, runs: readonly DrawRun[], cpu: Record<string, number>): void {
  const s = summary(runs)
  process.stdout.write(`\n${title} (${cpuText(cpu)})\n`)
  process.stdout.write('run | in DOM | on screen | renders | long tasks (longest) | path commands per line | load avg\n')
  runs.forEach((r, i) =>
    process.stdout.write(
      `${i + 1}   | ${r.domMs} ms | ${r.frameMs} ms | ${r.draws} | ${r.longTasks} (${r.longTaskMaxMs} ms) | ${r.pointsDrawnPerLine.join(' / ')} | ${r.loadAverage}\n`,
    ),
  )
  process.stdout.write(
    `median: ${s.domMs.median} ms in DOM, ${s.frameMs.median} ms on screen, longest task ${s.longTaskMaxMs.median} ms; max: ${s.domMs.max} / ${s.frameMs.max} / ${s.longTaskMaxMs.max} ms\n`,
  )
}
