/**
 * `npm run bench:ingest`: how many messages a second the explorer page takes in, in headless
 * Chromium, while staying smooth and losing nothing.
 *
 * A real mqtt-scope server (embedded broker) on ephemeral loopback ports; a publisher process of
 * its own (publisher.ts: MQTT.js over TCP, QoS 0, paced) sending stepped rates round-robin over
 * 10,000 topics; the app open in Debian's Chromium with the launch options of
 * e2e/playwright.config.ts. Per step it measures, in the page, frames per second (median of
 * per-second requestAnimationFrame counts), long tasks (PerformanceObserver 'longtask'), the JS
 * heaps of the page and of its MQTT worker; the CPU of every thread from /proc; and, once the
 * publisher is done and the page has settled, the totals the page shows against what the
 * publisher sent (cumulative).
 *
 * A step holds when the counts are exact, median fps >= 30 and no long task is over 200 ms. The
 * run reports the highest rate that holds together with every lower step, prints a table and
 * writes docs/bench-results/ingest.json. It never fails on timing: the exit code is non-zero only
 * when something is broken.
 *
 *   tsx bench/browser/ingest.ts [--seconds N] [--rates 2000,5000,...] [--topics 10000]
 *                           [--out FILE | --no-save] [--profile]
 *
 * --seconds N sets every step to N seconds (default: 30 s for 10,000/s, 15 s for the others).
 * --profile   also records CPU profiles of the page's main thread and of the MQTT worker (named
 *             through dist/'s source maps) and a devtools.timeline trace during the 10,000/s step
 *             (or the first step), and prints where the time goes. Profiling costs time itself,
 *             so the figures of a --profile run are not the benchmark's.
 */
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { ensureBuild } from '../../server/ensure-build.ts'
import type { Logger } from '../../server/logger.ts'
import { spawnServer, type ServerProcess } from '../../server/test-support/start-server.ts'
import config from '../../e2e/playwright.config.ts'
import { probeScript, type IngestProbe, type ProbeReading } from './harness/page-probe.ts'
import { cpuPercent, sampleCpu, type CpuSample } from '../common/proc-stats.ts'
import { loadAppSourceMaps } from './source-map.ts'
import { summarizeTrace, type TraceSummary } from './trace-summary.ts'
import { summarizeProfile, type CpuProfile, type ProfileSummary } from './cpu-profile.ts'
import type { PublisherCommand, PublisherEvent, StepReport } from './harness/publisher-protocol.ts'

const PROJECT_DIR = fileURLToPath(new URL('../..', import.meta.url))
const TSX = path.join(PROJECT_DIR, 'node_modules', '.bin', 'tsx')
const PUBLISHER = path.join(PROJECT_DIR, 'bench', 'browser', 'ingest-publisher.ts')
const DEFAULT_OUT = path.join(PROJECT_DIR, 'docs', 'bench-results', 'ingest.json')

const BAR = { rate: 10_000, seconds: 30, minFps: 30, maxLongTaskMs: 200 } as const
const DEFAULT_STEPS = [
  { rate: 2_000, seconds: 15 },
  { rate: 5_000, seconds: 15 },
  { rate: 10_000, seconds: 30 },
  { rate: 20_000, seconds: 15 },
  { rate: 40_000, seconds: 15 },
]
/** How long the page may take, after the publisher is done, to show the final count. */
const SETTLE_LIMIT_MS = 20_000

// ---------------------------------------------------------------- options

interface Options {
  readonly steps: ReadonlyArray<{ rate: number; seconds: number }>
  readonly topics: number
  readonly out: string | undefined
  readonly profile: boolean
}

function parseOptions(argv: readonly string[]): Options {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag)
    if (i < 0) return undefined
    const v = argv[i + 1]
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`)
    return v
  }
  const known = new Set(['--seconds', '--rates', '--topics', '--out', '--no-save', '--profile'])
  for (const a of argv) if (a.startsWith('--') && !known.has(a)) throw new Error(`unknown option ${a} (known: ${[...known].join(', ')})`)
  const seconds = value('--seconds')
  const rates = value('--rates')
  const positive = (text: string, what: string) => {
    const n = Number(text)
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${what} must be a positive number, got ${text}`)
    return n
  }
  let steps = DEFAULT_STEPS.map((s) => ({ ...s }))
  if (rates !== undefined) steps = rates.split(',').map((r) => ({ rate: positive(r, '--rates'), seconds: r.trim() === String(BAR.rate) ? 30 : 15 }))
  if (seconds !== undefined) steps = steps.map((s) => ({ ...s, seconds: positive(seconds, '--seconds') }))
  return {
    steps,
    topics: Math.round(positive(value('--topics') ?? '10000', '--topics')),
    out: argv.includes('--no-save') ? undefined : path.resolve(value('--out') ?? DEFAULT_OUT),
    profile: argv.includes('--profile'),
  }
}

// ---------------------------------------------------------------- processes

const started: ChildProcess[] = []

function stopChild(child: ChildProcess, ms = 3_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve()
  return new Promise((resolve) => {
    const killer = setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }, ms)
    child.once('exit', () => {
      clearTimeout(killer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

class Publisher {
  readonly child: ChildProcess
  readonly #waiting: Array<(event: PublisherEvent) => void> = []
  #stderr = ''

  constructor(mqttUrl: string, topics: number) {
    this.child = spawn(TSX, [PUBLISHER, '--url', mqttUrl, '--topics', String(topics)], { cwd: PROJECT_DIR, stdio: ['pipe', 'pipe', 'pipe'] })
    started.push(this.child)
    this.child.stderr!.on('data', (chunk: Buffer) => (this.#stderr = (this.#stderr + chunk.toString()).slice(-4_000)))
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      let event: PublisherEvent
      try {
        event = JSON.parse(line) as PublisherEvent
      } catch {
        return
      }
      if (event.type === 'error') process.stderr.write(`publisher: ${event.message}\n`)
      this.#waiting.shift()?.(event)
    })
  }

  next(ms: number, what: string): Promise<PublisherEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`publisher: no ${what} in ${ms} ms\n${this.#stderr}`)), ms)
      const onExit = () => reject(new Error(`publisher exited (${this.child.exitCode ?? this.child.signalCode}) before ${what}\n${this.#stderr}`))
      this.child.once('exit', onExit)
      this.#waiting.push((event) => {
        clearTimeout(timer)
        this.child.off('exit', onExit)
        resolve(event)
      })
    })
  }

  send(command: PublisherCommand): void {
    this.child.stdin!.write(`${JSON.stringify(command)}\n`)
  }

  async step(rate: number, seconds: number): Promise<StepReport> {
    const reply = this.next(seconds * 1000 + 60_000, `report of the ${rate}/s step`)
    this.send({ type: 'step', rate, seconds })
    const event = await reply
    if (event.type !== 'step-done') throw new Error(`publisher: ${JSON.stringify(event)}`)
    return event
  }
}

// ---------------------------------------------------------------- the page

async function shownTotal(page: Page, testId = 'total-messages'): Promise<number | undefined> {
  const text = await page.getByTestId(testId).textContent({ timeout: 2_000 }).catch(() => null)
  if (text === null) return undefined
  const n = Number(text.replace(/,/g, '').trim())
  return Number.isFinite(n) ? n : undefined
}

/** Polls the page's total until it equals `expected` or `limitMs` pass; returns what it showed and when. */
async function settle(page: Page, expected: number, limitMs: number): Promise<{ shown: number | undefined; settleMs: number }> {
  const start = performance.now()
  let shown: number | undefined
  while (performance.now() - start < limitMs) {
    shown = await shownTotal(page)
    if (shown === expected) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return { shown, settleMs: Math.round(performance.now() - start) }
}

async function readProbe(page: Page): Promise<ProbeReading> {
  return page.evaluate(() => (window as unknown as { __ingestProbe: IngestProbe }).__ingestProbe.read())
}

async function resetProbe(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { __ingestProbe: IngestProbe }).__ingestProbe.reset())
}

async function heapMetrics(cdp: CDPSession): Promise<{ usedMB: number; totalMB: number }> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> }
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0
  return { usedMB: round1(get('JSHeapUsedSize') / 2 ** 20), totalMB: round1(get('JSHeapTotalSize') / 2 ** 20) }
}

/** Opens the `bench` branch and its first group, so rows on screen change as messages arrive. */
async function expandBenchRows(page: Page): Promise<string> {
  try {
    const tree = page.getByRole('tree', { name: 'Topics' })
    const bench = tree.getByRole('treeitem', { name: /^bench, / })
    await bench.click({ timeout: 5_000 })
    await page.keyboard.press('ArrowRight')
    const group = tree.getByRole('treeitem', { name: /^g00, / })
    await group.click({ timeout: 5_000 })
    await page.keyboard.press('ArrowRight')
    await tree.getByRole('treeitem', { name: /^t00, / }).waitFor({ timeout: 5_000 })
    return 'bench and bench/g00 expanded, bench/g00 selected'
  } catch (error) {
    return `could not expand the tree (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`
  }
}

// ---------------------------------------------------------------- the worker over raw CDP

/**
 * Reaches the app's dedicated worker (heap, profiler). Playwright has no CDP session for workers,
 * so this attaches to it from the page's session (non-flattened) and talks through
 * Target.sendMessageToTarget.
 */
class WorkerCdp {
  #sessionId: string | undefined
  #id = 0
  readonly #pending = new Map<number, (result: unknown) => void>()

  constructor(readonly cdp: CDPSession) {
    cdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
      const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: unknown }
      if (message.id !== undefined) this.#pending.get(message.id)?.(message.result ?? message.error)
    })
  }

  async attach(): Promise<boolean> {
    const attached = new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), 3_000)
      this.cdp.on('Target.attachedToTarget', (event: { sessionId: string; targetInfo: { type: string } }) => {
        if (event.targetInfo.type === 'worker') {
          clearTimeout(timer)
          resolve(event.sessionId)
        }
      })
    })
    await this.cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false })
    this.#sessionId = await attached
    return this.#sessionId !== undefined
  }

  send(method: string, params: object = {}): Promise<unknown> {
    const id = ++this.#id
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker ${method}: no answer`)), 30_000)
      this.#pending.set(id, (result) => {
        clearTimeout(timer)
        resolve(result)
      })
      void this.cdp.send('Target.sendMessageToTarget', { sessionId: this.#sessionId!, message: JSON.stringify({ id, method, params }) })
    })
  }
}

// ---------------------------------------------------------------- one step

interface StepResult {
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

function median(values: readonly number[]): number {
  if (values.length === 0) return 0
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

function round1(n: number): number {
  return Math.round(n * 10) / 10
}

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2))
  const totalSeconds = options.steps.reduce((n, s) => n + s.seconds, 0)
  const watchdog = setTimeout(
    () => {
      process.stderr.write('bench:ingest: the run took too long; stopping everything\n')
      void cleanup().finally(() => process.exit(2))
    },
    (totalSeconds + 60 + options.steps.length * 45) * 1000,
  )
  watchdog.unref()

  const quietLogger = { info: (m: string) => process.stdout.write(`${m}\n`), warn: (m: string) => process.stderr.write(`${m}\n`) } as unknown as Logger
  ensureBuild(path.join(PROJECT_DIR, 'dist'), quietLogger)

  let server: ServerProcess | undefined
  let browser: Browser | undefined
  let publisher: Publisher | undefined
  const cleanup = async () => {
    await browser?.close().catch(() => {})
    if (publisher) await stopChild(publisher.child)
    if (server) {
      started.push(server.child)
      await stopChild(server.child)
    }
    await Promise.all(started.map((c) => stopChild(c)))
  }
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)))

  try {
    server = await spawnServer(['--host', '127.0.0.1', '--log-level', 'warn'])
    publisher = new Publisher(`mqtt://127.0.0.1:${server.mqttPort}`, options.topics)
    const ready = await publisher.next(30_000, 'ready')
    if (ready.type !== 'ready') throw new Error(`publisher: ${JSON.stringify(ready)}`)

    const launch = config.use?.launchOptions ?? {}
    browser = await chromium.launch({ ...launch, headless: true })
    const context = await browser.newContext({ viewport: config.use?.viewport ?? { width: 1280, height: 800 } })
    const page = await context.newPage()
    await page.addInitScript({ content: probeScript() })
    const cdp = await context.newCDPSession(page)
    await cdp.send('Performance.enable')
    const appUrl = `http://127.0.0.1:${server.httpPort}/`
    await page.goto(appUrl)
    await page.getByRole('status', { name: 'Connection status' }).filter({ hasText: /^connected\b/ }).waitFor({ timeout: 20_000 })
    const subscribed = await page
      .getByRole('list', { name: 'Subscriptions' })
      .getByRole('listitem')
      .filter({ has: page.getByRole('button', { name: 'Unsubscribe #', exact: true }) })
      .filter({ hasText: 'granted QoS 0' })
      .waitFor({ timeout: 10_000 })
      .then(() => true)
      .catch(() => false)
    if (!subscribed) {
      process.stderr.write('bench:ingest: no "#  granted QoS 0" entry in the Subscriptions list; waiting 2 s instead\n')
      await new Promise((resolve) => setTimeout(resolve, 2_000))
    }
    const browserVersion = browser.version()

    // Prime: one message to every topic, so each step measures a tree that already has them all.
    process.stdout.write(`priming ${options.topics.toLocaleString('en')} topics…\n`)
    const prime = await publisher.step(5_000, options.topics / 5_000)
    const primed = await settle(page, prime.cumulative, SETTLE_LIMIT_MS)
    if (primed.shown !== prime.cumulative) process.stderr.write(`bench:ingest: after priming the page shows ${primed.shown} of ${prime.cumulative}\n`)
    const view = await expandBenchRows(page)
    process.stdout.write(`view: ${view}\n`)

    const chromiumParent = process.pid
    const locate = loadAppSourceMaps(path.join(PROJECT_DIR, 'dist'))
    // Idle baseline: what the page does with no traffic (shows what the browser can do at all here).
    await resetProbe(page)
    const idleCpuBefore = sampleCpu({ server: server.child.pid, publisher: publisher.child.pid }, chromiumParent)
    await new Promise((resolve) => setTimeout(resolve, 5_000))
    const idleProbe = await readProbe(page)
    const idle = {
      seconds: 5,
      fpsMedian: median(idleProbe.framesPerSecond),
      longTasks: idleProbe.longTasks.length,
      longTaskMaxMs: idleProbe.longTasks.reduce((m, t) => Math.max(m, t.durationMs), 0),
      cpuPercent: cpuPercent(idleCpuBefore, sampleCpu({ server: server.child.pid, publisher: publisher.child.pid }, chromiumParent)),
      loadAverage: round1(os.loadavg()[0]!),
    }
    process.stdout.write(`idle: median ${idle.fpsMedian} fps, ${idle.longTasks} long tasks, load average ${idle.loadAverage}\n`)
    const results: StepResult[] = []
    let profile: Profile | undefined
    const profileStep = options.steps.find((s) => s.rate === BAR.rate) ?? options.steps[0]
    // The MQTT worker holds the tree and the message history: its heap is the one that grows.
    const worker = new WorkerCdp(await context.newCDPSession(page))
    const workerAttached = await worker.attach().catch(() => false)
    if (!workerAttached) process.stderr.write('bench:ingest: could not attach to the MQTT worker: no worker heap or profile\n')

    for (const step of options.steps) {
      process.stdout.write(`step ${step.rate.toLocaleString('en')} msg/s for ${step.seconds} s…\n`)
      const profiling = options.profile && step === profileStep
      if (profiling) {
        if (workerAttached) {
          await worker.send('Profiler.enable')
          await worker.send('Profiler.start')
        }
        await cdp.send('Profiler.enable')
        await cdp.send('Profiler.start')
        await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] })
      }
      await resetProbe(page)
      const cpuBefore: CpuSample = sampleCpu({ server: server.child.pid, publisher: publisher.child.pid }, chromiumParent)
      const report = await publisher.step(step.rate, step.seconds)
      const cpuAfter = sampleCpu({ server: server.child.pid, publisher: publisher.child.pid }, chromiumParent)
      const probe = await readProbe(page)
      const heap = await heapMetrics(cdp)
      const workerHeap = workerAttached ? ((await worker.send('Runtime.getHeapUsage').catch(() => undefined)) as { usedSize?: number } | undefined) : undefined
      if (profiling) {
        const main = ((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile
        const trace = summarizeTrace((await browser.stopTracing()).toString('utf8'))
        profile = { main: summarizeProfile(main, locate), note: `during the ${step.rate.toLocaleString('en')}/s step`, ...(trace ? { mainByTraceEvent: trace } : {}) }
        if (workerAttached) {
          const stopped = (await worker.send('Profiler.stop')) as { profile?: CpuProfile }
          if (stopped.profile) profile.worker = summarizeProfile(stopped.profile, locate)
        }
      }
      const expected = report.cumulative
      const { shown, settleMs } = await settle(page, expected, SETTLE_LIMIT_MS)
      const topicsShown = await shownTotal(page, 'total-topics')
      const fps = probe.framesPerSecond
      const over = probe.longTasks.filter((t) => t.durationMs > BAR.maxLongTaskMs)
      const countsExact = shown === expected && topicsShown === options.topics
      const fpsMedian = median(fps)
      const longTaskMaxMs = probe.longTasks.reduce((m, t) => Math.max(m, t.durationMs), 0)
      const problems = [
        ...(shown === expected ? [] : [`shows ${shown?.toLocaleString('en') ?? 'nothing'} of ${expected.toLocaleString('en')} messages`]),
        ...(topicsShown === options.topics ? [] : [`shows ${topicsShown?.toLocaleString('en') ?? 'nothing'} of ${options.topics.toLocaleString('en')} topics`]),
        ...(fpsMedian >= BAR.minFps ? [] : [`median ${fpsMedian} fps`]),
        ...(over.length === 0 ? [] : [`${over.length} long task(s) over ${BAR.maxLongTaskMs} ms (max ${longTaskMaxMs} ms)`]),
      ]
      const result: StepResult = {
        targetRate: step.rate,
        seconds: step.seconds,
        sent: report.sent,
        actualRate: report.actualRate,
        publisherPerSecond: report.perSecond,
        publisherMaxBehind: report.maxBehind,
        publisherBackpressureTicks: report.backpressureTicks,
        expectedTotal: expected,
        shownTotal: shown,
        topicsShown,
        countsExact,
        settleMs,
        fpsMedian,
        fpsMin: fps.length ? Math.min(...fps) : 0,
        fpsPerSecond: fps,
        maxFrameGapMs: probe.maxFrameGapMs,
        longTasks: probe.longTasks.length,
        longTaskMaxMs,
        longTasksOver200: over.length,
        heapUsedMB: heap.usedMB,
        heapTotalMB: heap.totalMB,
        pageHeapUsedMB: probe.usedJSHeapSize === undefined ? undefined : round1(probe.usedJSHeapSize / 2 ** 20),
        workerHeapUsedMB: workerHeap?.usedSize === undefined ? undefined : round1(workerHeap.usedSize / 2 ** 20),
        cpuPercent: cpuPercent(cpuBefore, cpuAfter),
        loadAverage: round1(os.loadavg()[0]!),
        holds: problems.length === 0,
        why: problems.join('; ') || 'holds',
      }
      results.push(result)
      process.stdout.write(
        `  sent ${report.sent.toLocaleString('en')} at ${report.actualRate.toLocaleString('en')}/s; page shows ${shown?.toLocaleString('en')} of ${expected.toLocaleString('en')} after ${settleMs} ms; ` +
          `median ${fpsMedian} fps; ${result.longTasks} long tasks (max ${longTaskMaxMs} ms) -> ${result.holds ? 'holds' : `does not hold: ${result.why}`}\n`,
      )
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

    const record = {
      benchmark: 'ingest',
      date: new Date().toISOString(),
      command: `npm run bench:ingest${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      machine: machine(browserVersion),
      setup: {
        topics: options.topics,
        topicLayout: `${ready.firstTopic} … ${ready.lastTopic} (round-robin)`,
        qos: 0,
        payload: 'the message sequence number as decimal text (1-7 bytes)',
        primedMessages: prime.cumulative,
        view,
        viewport: config.use?.viewport,
        launchArgs: launch.args,
        bar: BAR,
        profiled: options.profile,
      },
      idle,
      highestHoldingRate: highest ?? null,
      holdingRates,
      barMet,
      steps: results,
      ...(profile ? { profile } : {}),
    }
    if (options.out) {
      mkdirSync(path.dirname(options.out), { recursive: true })
      writeFileSync(options.out, `${JSON.stringify(record, null, 2)}\n`)
      process.stdout.write(`saved ${path.relative(PROJECT_DIR, options.out)}\n`)
    }
    publisher.send({ type: 'quit' })
    return 0
  } finally {
    clearTimeout(watchdog)
    await cleanup()
  }
}

function printTable(results: readonly StepResult[]): void {
  const head = ['target/s', 'sent/s', 'shown/sent', 'settle', 'fps med', 'fps min', 'long tasks', 'max task', 'heap page/worker', 'CPU % main/worker/chromium/server/publisher', 'others', 'holds']
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

interface Profile {
  main?: ProfileSummary
  worker?: ProfileSummary
  mainByTraceEvent?: TraceSummary
  note: string
}

function printProfile(profile: Profile): void {
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
    process.stdout.write(`\nTrace, page main thread, ${profile.note}: busy ${(trace.busyMs / 1000).toFixed(1)} s of ${(trace.spanMs / 1000).toFixed(1)} s; self time by event:\n`)
    for (const e of trace.top.slice(0, 15)) process.stdout.write(`  ${String(e.selfMs).padStart(7)} ms ${String(e.percentOfBusy).padStart(5)}%  ${e.name}\n`)
  }
}

function machine(browserVersion: string) {
  const cpus = os.cpus()
  const chromiumVersion = spawnSync(config.use?.launchOptions?.executablePath ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8', timeout: 10_000 }).stdout?.trim()
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    chromium: chromiumVersion || browserVersion,
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench:ingest failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exit(1)
  },
)
