/**
 * `npm run bench:ingest`: how many messages a second the explorer page takes in, in headless
 * Chromium, while staying smooth and losing nothing.
 *
 * A real mqtt-scope server (embedded broker) on ephemeral loopback ports; a publisher process of
 * its own (ingest-publisher.ts: MQTT.js over TCP, QoS 0, paced) sending stepped rates round-robin
 * over 10,000 topics; the app open in Debian's Chromium with the launch options of
 * e2e/playwright.config.ts (all started by harness/browser-bench.ts). Per step it measures, in the
 * page, frames per second (median of per-second requestAnimationFrame counts), long tasks
 * (PerformanceObserver 'longtask'), the JS heaps of the page and of its MQTT worker; the CPU of
 * every thread from /proc; and, once the publisher is done and the page has settled, the totals
 * the page shows against what the publisher sent (cumulative).
 *
 * A step holds when the counts are exact, median fps >= 30 and no long task is over 200 ms. The
 * run reports the highest rate that holds together with every lower step, prints a table and
 * writes docs/bench-results/ingest.json. It never fails on timing: the exit code is non-zero only
 * when something is broken.
 *
 *   tsx bench/browser/ingest.ts [--seconds N] [--rates 2000,5000,...] [--topics 10000]
 *                               [--out FILE | --no-save] [--profile]
 *                               [--broker embedded|mosquitto-ws|mosquitto-bridge|mosquitto-relay]
 *
 * --seconds N sets every step to N seconds (default: 30 s for 10,000/s, 15 s for the others).
 * --broker    where the page's messages come from (harness/broker-choice.ts): the embedded broker
 *             (default), or Debian's mosquitto started by the benchmark, opened by the browser on
 *             its WebSocket listener, through the server's bridge (TCP) or through its relay (WebSocket).
 * --profile   also records CPU profiles of the page's main thread and of the MQTT worker (named
 *             through dist/'s source maps) and a devtools.timeline trace during the 10,000/s step
 *             (or the first step), and prints where the time goes. Profiling costs time itself,
 *             so the figures of a --profile run are not the benchmark's.
 */
import os from 'node:os'
import path from 'node:path'
import { cpuPercent } from '../common/proc-stats.ts'
import { PROJECT_DIR } from '../common/results.ts'
import { round } from '../common/stats.ts'
import { runBrowserBench, saveRecord, type BrowserBench } from './harness/browser-bench.ts'
import { readBroker, type BrokerChoice } from './harness/broker-choice.ts'
import { readFlags } from './harness/flags.ts'
import { frameFigures, readProbe, resetProbe } from './harness/page-probe.ts'
import { expandBenchRows, settle } from './ingest-page.ts'
import { printProfile, printTable } from './ingest-report.ts'
import type { Profile } from './ingest-step.ts'
import { BAR, runStep, SETTLE_LIMIT_MS, type StepResult } from './ingest-step.ts'
import { loadAppSourceMaps } from './source-map.ts'
import { WorkerCdp } from './worker-cdp.ts'

const DEFAULT_STEPS = [
  { rate: 2_000, seconds: 15 },
  { rate: 5_000, seconds: 15 },
  { rate: 10_000, seconds: 30 },
  { rate: 20_000, seconds: 15 },
  { rate: 40_000, seconds: 15 },
]
const IDLE_SECONDS = 5

interface Options {
  readonly steps: ReadonlyArray<{ rate: number; seconds: number }>
  readonly topics: number
  readonly out: string | undefined
  readonly profile: boolean
  readonly broker: BrokerChoice
}

function parseOptions(argv: readonly string[]): Options {
  const flags = readFlags(argv, ['--seconds', '--rates', '--topics', '--profile', '--broker'])
  const seconds = flags.value('--seconds')
  const rates = flags.value('--rates')
  const positive = (text: string, what: string) => {
    const n = Number(text)
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${what} must be a positive number, got ${text}`)
    return n
  }
  const broker = readBroker(flags.value('--broker'))
  let steps = DEFAULT_STEPS.map((s) => ({ ...s }))
  if (rates !== undefined) steps = rates.split(',').map((r) => ({ rate: positive(r, '--rates'), seconds: r.trim() === String(BAR.rate) ? 30 : 15 }))
  if (seconds !== undefined) steps = steps.map((s) => ({ ...s, seconds: positive(seconds, '--seconds') }))
  return {
    steps,
    topics: Math.round(positive(flags.value('--topics') ?? '10000', '--topics')),
    out: flags.out(broker === 'embedded' ? 'ingest' : `ingest-${broker}`),
    profile: flags.has('--profile'),
    broker,
  }
}

async function ingest(bench: BrowserBench, options: Options): Promise<void> {
  const { page, context, publisher } = bench
  const cdp = await context.newCDPSession(page)
  await cdp.send('Performance.enable')

  // Prime: one message to every topic, so each step measures a tree that already has them all.
  process.stdout.write(`priming ${options.topics.toLocaleString('en')} topics…\n`)
  const prime = await publisher.step(5_000, options.topics / 5_000)
  const primed = await settle(page, prime.cumulative, SETTLE_LIMIT_MS)
  if (primed.shown !== prime.cumulative) process.stderr.write(`bench:ingest: after priming the page shows ${primed.shown} of ${prime.cumulative}\n`)
  const view = await expandBenchRows(page)
  process.stdout.write(`view: ${view}\n`)

  // Idle baseline: what the page does with no traffic (shows what the browser can do at all here).
  await resetProbe(page)
  const idleCpuBefore = bench.sampleCpu()
  await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000))
  const { fpsMedian, longTasks, longTaskMaxMs } = frameFigures(await readProbe(page))
  const idle = {
    seconds: IDLE_SECONDS,
    fpsMedian,
    longTasks,
    longTaskMaxMs,
    cpuPercent: cpuPercent(idleCpuBefore, bench.sampleCpu()),
    loadAverage: round(os.loadavg()[0]!),
  }
  process.stdout.write(`idle: median ${idle.fpsMedian} fps, ${idle.longTasks} long tasks, load average ${idle.loadAverage}\n`)

  // The MQTT worker holds the tree and the message history: its heap is the one that grows.
  const worker = new WorkerCdp(await context.newCDPSession(page))
  const workerAttached = await worker.attach().catch(() => false)
  if (!workerAttached) process.stderr.write('bench:ingest: could not attach to the MQTT worker: no worker heap or profile\n')
  const probes = { bench, cdp, worker: workerAttached ? worker : undefined, locate: loadAppSourceMaps(path.join(PROJECT_DIR, 'dist')), topics: options.topics }

  const results: StepResult[] = []
  let profile: Profile | undefined
  const profileStep = options.steps.find((s) => s.rate === BAR.rate) ?? options.steps[0]
  for (const step of options.steps) {
    process.stdout.write(`step ${step.rate.toLocaleString('en')} msg/s for ${step.seconds} s…\n`)
    const measured = await runStep(probes, step.rate, step.seconds, options.profile && step === profileStep)
    results.push(measured.result)
    profile = measured.profile ?? profile
  }

  // The highest rate below which every step held too (a step that holds above a failed one is
  // luck, not capacity; it is listed in holdingRates).
  const ladder = [...results].sort((a, b) => a.targetRate - b.targetRate)
  const firstFailure = ladder.findIndex((r) => !r.holds)
  const highest = (firstFailure < 0 ? ladder.at(-1) : ladder[firstFailure - 1])?.targetRate
  const holdingRates = ladder.filter((r) => r.holds).map((r) => r.targetRate)
  const barStep = results.find((r) => r.targetRate === BAR.rate)
  const barMet = barStep !== undefined && barStep.holds && barStep.seconds >= BAR.seconds && options.topics >= 10_000

  printTable(results)
  process.stdout.write(
    `\nhighest rate that holds (with every lower step): ${highest === undefined ? 'none' : `${highest.toLocaleString('en')} msg/s`}; steps that held: ${holdingRates.map((r) => r.toLocaleString('en')).join(', ') || 'none'}\n`,
  )
  process.stdout.write(
    `first bar (10,000 msg/s over 10,000 topics for 30 s: counts exact, median >= 30 fps, no long task > 200 ms): ${barStep ? (barMet ? 'met' : `NOT met${barStep.holds ? ' (step shorter than 30 s or fewer topics)' : ` (${barStep.why})`}`) : 'not run'}\n`,
  )
  if (profile) printProfile(profile)

  await saveRecord(bench, 'ingest', options.out, {
    setup: {
      broker: options.broker,
      ...(bench.broker.mosquitto ? { mosquitto: bench.broker.mosquitto.version, mosquittoNotices: bench.broker.mosquitto.notices().slice(0, 5) } : {}),
      topics: options.topics,
      topicLayout: `${bench.topics.first} … ${bench.topics.last} (round-robin)`,
      qos: 0,
      payload: 'the message sequence number as decimal text (1-7 bytes)',
      primedMessages: prime.cumulative,
      view,
      viewport: bench.viewport,
      launchArgs: bench.launchArgs,
      bar: BAR,
      profiled: options.profile,
    },
    idle,
    highestHoldingRate: highest ?? null,
    holdingRates,
    barMet,
    steps: results,
    ...(profile ? { profile } : {}),
  })
}

runBrowserBench('bench:ingest', (argv) => {
  const options = parseOptions(argv)
  const totalSeconds = options.steps.reduce((n, s) => n + s.seconds, 0)
  return {
    watchdogMs: (totalSeconds + 60 + options.steps.length * 45) * 1000,
    publisher: { script: 'bench/browser/ingest-publisher.ts', args: ['--topics', String(options.topics)], stepSlackMs: 60_000 },
    broker: options.broker,
    run: (bench) => ingest(bench, options),
  }
})
