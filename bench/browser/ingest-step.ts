/** One step of the ingest benchmark: a rate for some seconds, measured in the page, the worker and /proc. */
import type { CDPSession } from '@playwright/test'
import os from 'node:os'
import { cpuPercent } from '../common/proc-stats.ts'
import { round } from '../common/stats.ts'
import type { BrowserBench } from './harness/browser-bench.ts'
import { frameFigures, readProbe, resetProbe } from './harness/page-probe.ts'
import { summarizeProfile, type CpuProfile, type Locate, type ProfileSummary } from './cpu-profile.ts'
import { heapMetrics, settle, shownTotal } from './ingest-page.ts'
import { summarizeTrace, type TraceSummary } from './trace-summary.ts'
import type { WorkerCdp } from './worker-cdp.ts'

/** Where the time went in one step (--profile). */
export interface Profile {
  main?: ProfileSummary
  worker?: ProfileSummary
  mainByTraceEvent?: TraceSummary
  note: string
}

/** The first bar: 10,000 msg/s over 10,000 topics for 30 s, counts exact, smooth. */
export const BAR = { rate: 10_000, seconds: 30, minFps: 30, maxLongTaskMs: 200 } as const
/** How long the page may take, after the publisher is done, to show the final count. */
export const SETTLE_LIMIT_MS = 20_000

export interface StepResult {
  readonly targetRate: number
  readonly seconds: number
  readonly sent: number
  readonly actualRate: number
  readonly publisherPerSecond: readonly number[]
  readonly publisherMaxBehind: number
  readonly publisherBackpressureTicks: number
  readonly expectedTotal: number
  readonly shownTotal: number | undefined
  readonly topicsShown: number | undefined
  readonly countsExact: boolean
  readonly settleMs: number
  readonly fpsMedian: number
  readonly fpsMin: number
  readonly fpsPerSecond: readonly number[]
  readonly maxFrameGapMs: number
  readonly longTasks: number
  readonly longTaskMaxMs: number
  readonly longTasksOver200: number
  readonly heapUsedMB: number
  readonly heapTotalMB: number
  readonly pageHeapUsedMB: number | undefined
  /** The MQTT worker's V8 heap (Runtime.getHeapUsage over CDP), MB. */
  readonly workerHeapUsedMB: number | undefined
  readonly cpuPercent: Record<string, number>
  /** os.loadavg()[0] at the end of the step: other work on the machine skews every figure. */
  readonly loadAverage: number
  readonly holds: boolean
  readonly why: string
}

export interface StepProbes {
  readonly bench: BrowserBench
  /** The page's CDP session, Performance enabled. */
  readonly cdp: CDPSession
  /** The MQTT worker, when it could be attached to. */
  readonly worker: WorkerCdp | undefined
  /** Names minified functions of a profile by the app's source maps. */
  readonly locate: Locate
  readonly topics: number
}

/**
 * Publishes `rate` msg/s for `seconds`, then reads frames, long tasks, heaps and CPU, waits for
 * the page to show the publisher's total, and judges the step against BAR. With `profiling`, CPU
 * profiles of the page and the worker and a timeline trace are taken during the step.
 */
export async function runStep(
  probes: StepProbes,
  rate: number,
  seconds: number,
  profiling: boolean,
): Promise<{ result: StepResult; profile: Profile | undefined }> {
  const { bench, cdp, worker } = probes
  const { page, publisher, browser } = bench
  if (profiling) {
    if (worker) {
      await worker.send('Profiler.enable')
      await worker.send('Profiler.start')
    }
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.start')
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] })
  }
  await resetProbe(page)
  const cpuBefore = bench.sampleCpu()
  const report = await publisher.step(rate, seconds)
  const cpuAfter = bench.sampleCpu()
  const probe = await readProbe(page)
  const heap = await heapMetrics(cdp)
  const workerHeap = worker ? ((await worker.send('Runtime.getHeapUsage').catch(() => undefined)) as { usedSize?: number } | undefined) : undefined
  let profile: Profile | undefined
  if (profiling) {
    const main = ((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile
    const trace = summarizeTrace((await browser.stopTracing()).toString('utf8'))
    profile = {
      main: summarizeProfile(main, probes.locate),
      note: `during the ${rate.toLocaleString('en')}/s step`,
      ...(trace ? { mainByTraceEvent: trace } : {}),
    }
    if (worker) {
      const stopped = (await worker.send('Profiler.stop')) as { profile?: CpuProfile }
      if (stopped.profile) profile.worker = summarizeProfile(stopped.profile, probes.locate)
    }
  }
  const expected = report.cumulative
  const { shown, settleMs } = await settle(page, expected, SETTLE_LIMIT_MS)
  const topicsShown = await shownTotal(page, 'total-topics')
  const frames = frameFigures(probe)
  const over = probe.longTasks.filter((t) => t.durationMs > BAR.maxLongTaskMs)
  const problems = [
    ...(shown === expected ? [] : [`shows ${shown?.toLocaleString('en') ?? 'nothing'} of ${expected.toLocaleString('en')} messages`]),
    ...(topicsShown === probes.topics ? [] : [`shows ${topicsShown?.toLocaleString('en') ?? 'nothing'} of ${probes.topics.toLocaleString('en')} topics`]),
    ...(frames.fpsMedian >= BAR.minFps ? [] : [`median ${frames.fpsMedian} fps`]),
    ...(over.length === 0 ? [] : [`${over.length} long task(s) over ${BAR.maxLongTaskMs} ms (max ${frames.longTaskMaxMs} ms)`]),
  ]
  const result: StepResult = {
    targetRate: rate,
    seconds,
    sent: report.sent,
    actualRate: report.actualRate,
    publisherPerSecond: report.perSecond,
    publisherMaxBehind: report.maxBehind,
    publisherBackpressureTicks: report.backpressureTicks,
    expectedTotal: expected,
    shownTotal: shown,
    topicsShown,
    countsExact: shown === expected && topicsShown === probes.topics,
    settleMs,
    fpsMedian: frames.fpsMedian,
    fpsMin: frames.fpsMin,
    fpsPerSecond: probe.framesPerSecond,
    maxFrameGapMs: probe.maxFrameGapMs,
    longTasks: frames.longTasks,
    longTaskMaxMs: frames.longTaskMaxMs,
    longTasksOver200: over.length,
    heapUsedMB: heap.usedMB,
    heapTotalMB: heap.totalMB,
    pageHeapUsedMB: probe.usedJSHeapSize === undefined ? undefined : round(probe.usedJSHeapSize / 2 ** 20),
    workerHeapUsedMB: workerHeap?.usedSize === undefined ? undefined : round(workerHeap.usedSize / 2 ** 20),
    cpuPercent: cpuPercent(cpuBefore, cpuAfter),
    loadAverage: round(os.loadavg()[0]!),
    holds: problems.length === 0,
    why: problems.join('; ') || 'holds',
  }
  process.stdout.write(
    `  sent ${report.sent.toLocaleString('en')} at ${report.actualRate.toLocaleString('en')}/s; page shows ${shown?.toLocaleString('en')} of ${expected.toLocaleString('en')} after ${settleMs} ms; ` +
      `median ${result.fpsMedian} fps; ${result.longTasks} long tasks (max ${result.longTaskMaxMs} ms) -> ${result.holds ? 'holds' : `does not hold: ${result.why}`}\n`,
  )
  return { result, profile }
}
