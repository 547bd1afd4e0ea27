/**
 * `npm run bench:chart`: how long a chart with 3 series of 100,000 points each takes to draw in
 * headless Chromium (issue 6, "Done when").
 *
 * A real mqtt-scope server (embedded broker) on ephemeral loopback ports; a publisher process
 * (chart-publisher.ts: MQTT.js over TCP, QoS 0, paced like the ingest benchmark's; noisy values
 * with spikes, the hardest to draw) round-robin over 3 topics; the app in Debian's Chromium with the launch options of
 * e2e/playwright.config.ts. The benchmark pins the 3 topics into one chart from the inspector
 * ("Chart"), sets its window to "All", publishes 100,000 points to each topic while the chart is
 * open (recording frames and long tasks meanwhile: the "live" figures), and waits until the legend
 * shows "100,000 points" for every series. Then it pauses the chart ("Pause chart": its end stays
 * put, so every draw has the same data and nothing moves once drawn) and measures, in the page,
 * how long the chart takes to draw:
 *
 * - open: from the click on the status bar's "Charts" toggle (the panel was closed) until the plot
 *   holds its 3 lines with their data: a MutationObserver notes every change of the lines' path
 *   data that leaves all 3 complete (each at least MIN_COMMANDS path commands, "100,000 points"
 *   three times in the panel); the draw is over when they have not changed for QUIET_MS. `dom` is
 *   the time of that last change, `frame` the second requestAnimationFrame after it (the frame that
 *   shows it), `renders` how many complete changes it took (the app may first draw the data it
 *   had, then the worker's answer for the new view);
 * - window: the same, from choosing "All" in "Time window" after "1 min".
 *
 * For each run it also records the main thread's long tasks (PerformanceObserver 'longtask') from
 * the action until the frame. Last, resumed and live again (window All), it counts frames and long
 * tasks for 5 s without traffic and for 10 s of a trickle (30 msg/s over the 3 topics). It prints
 * each run, the median and the maximum, and writes docs/bench-results/chart-draw.json. It never
 * fails on timing: the exit code is non-zero only when something is broken (a process did not
 * start, points were lost, the chart never drew).
 *
 *   tsx bench/browser/chart-draw.ts [--points 100000] [--rate 10000] [--repeats 5] [--out FILE | --no-save]
 */
import { chromium, type Browser, type Page } from '@playwright/test'
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
import { type PublisherCommand, type PublisherEvent, type StepReport } from './harness/publisher-protocol.ts'

const PROJECT_DIR = fileURLToPath(new URL('../..', import.meta.url))
const TSX = path.join(PROJECT_DIR, 'node_modules', '.bin', 'tsx')
const PUBLISHER = path.join(PROJECT_DIR, 'bench', 'browser', 'chart-publisher.ts')
const DEFAULT_OUT = path.join(PROJECT_DIR, 'docs', 'bench-results', 'chart-draw.json')

const SERIES = 3
/** One level under a root of their own, so each is one row under "chart-bench" in the tree. */
const TOPICS = Array.from({ length: SERIES }, (_, i) => `chart-bench/s${i}`)
/** A drawn line with fewer path commands than this is not the data yet (an empty or first partial render). */
const MIN_COMMANDS = 100
/** How long one draw may take before the run counts it as never drawn. */
const DRAW_LIMIT_MS = 60_000
/** A draw is over when the lines have not changed for this long (the chart is paused meanwhile). */
const QUIET_MS = 500
/** The quiet and the trickle phases at the end: the drawn chart with no traffic, and with a few points a second. */
const IDLE_MS = 5_000
const TRICKLE = { rate: 30, seconds: 10 } as const

// ---------------------------------------------------------------- options

interface Options {
  readonly points: number
  readonly rate: number
  readonly repeats: number
  readonly out: string | undefined
}

function parseOptions(argv: readonly string[]): Options {
  const known = new Set(['--points', '--rate', '--repeats', '--out', '--no-save'])
  for (const a of argv) if (a.startsWith('--') && !known.has(a)) throw new Error(`unknown option ${a} (known: ${[...known].join(', ')})`)
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag)
    if (i < 0) return undefined
    const v = argv[i + 1]
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`)
    return v
  }
  const positive = (flag: string, fallback: number) => {
    const text = value(flag)
    if (text === undefined) return fallback
    const n = Number(text)
    if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${flag} must be a positive whole number, got ${text}`)
    return n
  }
  return {
    points: positive('--points', 100_000),
    rate: positive('--rate', 10_000),
    repeats: positive('--repeats', 5),
    out: argv.includes('--no-save') ? undefined : path.resolve(value('--out') ?? DEFAULT_OUT),
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

/** The ingest benchmark's publisher process, driven over its JSON-lines protocol. */
class Publisher {
  readonly child: ChildProcess
  readonly #waiting: Array<(event: PublisherEvent) => void> = []
  #stderr = ''

  constructor(mqttUrl: string, topics: readonly string[]) {
    this.child = spawn(TSX, [PUBLISHER, '--url', mqttUrl, '--topics', topics.join(',')], { cwd: PROJECT_DIR, stdio: ['pipe', 'pipe', 'pipe'] })
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
    const reply = this.next(seconds * 1000 + 120_000, `report of the ${rate}/s step`)
    this.send({ type: 'step', rate, seconds })
    const event = await reply
    if (event.type !== 'step-done') throw new Error(`publisher: ${JSON.stringify(event)}`)
    return event
  }
}

// ---------------------------------------------------------------- the page

const charts = (page: Page) => page.getByRole('region', { name: 'Charts', exact: true })
const chartsToggle = (page: Page) => page.getByRole('button', { name: 'Charts', exact: true })
const chart = (page: Page) => charts(page).getByRole('group', { name: 'Chart 1', exact: true })

/** Waits until `check` is true (polling every 100 ms) or throws after `ms`. */
async function until(what: string, ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = performance.now()
  for (;;) {
    if (await check().catch(() => false)) return Math.round(performance.now() - start)
    if (performance.now() - start > ms) throw new Error(`timed out after ${ms} ms: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** The tree row of `level` at `depth` (1 = top level). */
function treeRow(page: Page, level: string, depth: number) {
  const name = new RegExp(`^${level.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, \\d+ messages, \\d+ subtopics(, retained)?$`)
  return page.getByRole('tree', { name: 'Topics' }).getByRole('treeitem', { name }).and(page.locator(`[aria-level="${depth}"]`))
}

async function setExpanded(page: Page, level: string, depth: number, open: boolean): Promise<void> {
  const row = treeRow(page, level, depth)
  await row.click()
  if ((await row.getAttribute('aria-expanded')) !== String(open)) await page.keyboard.press(open ? 'ArrowRight' : 'ArrowLeft')
  await until(`${level} ${open ? 'expanded' : 'collapsed'}`, 5_000, async () => (await row.getAttribute('aria-expanded')) === String(open))
}

/** Selects `topic` (root/leaf) in the tree and presses the inspector's "Chart". */
async function pin(page: Page, topic: string): Promise<void> {
  const [root, leaf] = topic.split('/') as [string, string]
  const rootRow = treeRow(page, root, 1)
  if ((await rootRow.getAttribute('aria-expanded')) !== 'true') await setExpanded(page, root, 1, true)
  await treeRow(page, leaf, 2).click()
  const details = page.locator('section, aside, [role="region"], [role="complementary"]').filter({ has: page.getByRole('heading', { name: 'Topic details' }) }).last()
  await until(`the inspector shows ${topic}`, 10_000, async () => (await details.innerText()).includes(topic))
  await details.getByRole('button', { name: 'Chart', exact: true }).click({ timeout: 10_000 })
}

/** The "<N> points" counts of the legend, in order. */
async function legendCounts(page: Page): Promise<number[]> {
  const items = await chart(page).getByRole('list', { name: 'Series', exact: true }).getByRole('listitem').allInnerTexts()
  return items.map((text) => {
    const match = /(\d{1,3}(?:,\d{3})*|\d+) points?\b/.exec(text)
    return match ? Number(match[1]!.replace(/,/g, '')) : -1
  })
}

async function resetProbe(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { __ingestProbe: IngestProbe }).__ingestProbe.reset())
}

async function readProbe(page: Page): Promise<ProbeReading> {
  return page.evaluate(() => (window as unknown as { __ingestProbe: IngestProbe }).__ingestProbe.read())
}

interface DrawArgs {
  /** Click the "Charts" toggle (the panel is closed), or choose a "Time window" option. */
  readonly action: { readonly kind: 'open' } | { readonly kind: 'window'; readonly label: string }
  readonly series: number
  readonly minCommands: number
  /** Text the panel must show `series` times for a draw to count ("100,000 points"); '' for none. */
  readonly countText: string
  /** The draw is over when the lines have not changed for this long. */
  readonly quietMs: number
  readonly limitMs: number
}

interface PageDraw {
  readonly drawn: boolean
  /** From the action to the last change of the lines in the DOM (MutationObserver). */
  readonly domMs: number
  /** From the action to the second animation frame after that change: the frame that shows it. */
  readonly frameMs: number
  /** How many times the complete lines changed on the way (a first draw, then the worker's data). */
  readonly draws: number
  /** Path commands of each line (about the downsampled points it draws). */
  readonly commands: number[]
  /** Width of the plot's SVG, px (what the worker downsamples to). */
  readonly svgWidth: number
}

/**
 * Runs in the page: does the action, then watches the plot's lines. Every change that leaves all
 * lines complete (MIN_COMMANDS each, the counts in the legend) is a draw; the run ends when the
 * lines have been quiet for `quietMs` (the chart is paused, so nothing moves by itself), and reports
 * the last draw. Must not close over anything: only its source is sent.
 */
async function drawInPage(args: DrawArgs): Promise<PageDraw> {
  const region = () => document.querySelector('section[aria-label="Charts"]')
  const lines = () => [...(region()?.querySelectorAll('path.recharts-line-curve') ?? [])]
  const commandsOf = (p: Element) => (p.getAttribute('d') ?? '').match(/[A-Za-z]/g)?.length ?? 0
  const snapshot = () => lines().map((p) => p.getAttribute('d') ?? '').join('|')
  const complete = () => {
    const paths = lines()
    if (paths.length < args.series || paths.some((p) => commandsOf(p) < args.minCommands)) return false
    return args.countText === '' || (region()?.textContent ?? '').split(args.countText).length - 1 >= args.series
  }
  const act = () => {
    if (args.action.kind === 'open') {
      const toggle = [...document.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent ?? '').trim() === 'Charts')
      if (!toggle) throw new Error('no "Charts" toggle')
      toggle.click()
      return
    }
    const label = args.action.label
    const select = [...(region()?.querySelectorAll('select') ?? [])].find((s) => [...s.options].some((o) => o.text.trim() === label))
    const option = select && [...select.options].find((o) => o.text.trim() === label)
    if (!select || !option) throw new Error(`no "Time window" option ${label}`)
    select.value = option.value
    select.dispatchEvent(new Event('change', { bubbles: true }))
  }
  return new Promise<PageDraw>((resolve) => {
    let last = snapshot()
    let draws = 0
    let drawnAt = -1
    let frameAt = -1
    const observer = new MutationObserver(() => {
      const at = performance.now()
      const now = snapshot()
      if (now === last) return
      last = now
      if (!complete()) return
      draws++
      drawnAt = at
      frameAt = -1
      const draw = draws
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          if (draw === draws) frameAt = performance.now()
        }),
      )
    })
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true })
    const t0 = performance.now()
    act()
    const check = setInterval(() => {
      const now = performance.now()
      const settled = drawnAt >= 0 && frameAt >= 0 && now - drawnAt >= args.quietMs
      if (!settled && now - t0 < args.limitMs) return
      clearInterval(check)
      observer.disconnect()
      const svg = region()?.querySelector('svg.recharts-surface')
      resolve({
        drawn: settled,
        domMs: drawnAt - t0,
        frameMs: frameAt - t0,
        draws,
        commands: lines().map(commandsOf),
        svgWidth: Number(svg?.getAttribute('width') ?? 0),
      })
    }, 25)
  })
}

interface DrawRun {
  readonly domMs: number
  readonly frameMs: number
  readonly draws: number
  readonly longTasks: number
  readonly longTaskMaxMs: number
  readonly pointsDrawnPerLine: readonly number[]
  readonly svgWidth: number
  readonly loadAverage: number
}

/** One draw in the page: probe reset, the action and the watch, then the long tasks until its frame. */
async function draw(page: Page, action: DrawArgs['action'], countText: string): Promise<DrawRun> {
  await resetProbe(page)
  const args: DrawArgs = { action, series: SERIES, minCommands: MIN_COMMANDS, countText, quietMs: QUIET_MS, limitMs: DRAW_LIMIT_MS }
  const result = await page.evaluate(drawInPage, args)
  const what = action.kind === 'open' ? 'open' : `window ${action.label}`
  if (!result.drawn) throw new Error(`${what}: the chart did not draw its ${SERIES} lines in ${DRAW_LIMIT_MS} ms (lines: ${result.commands.join(', ') || 'none'} commands)`)
  const probe = await readProbe(page)
  const during = probe.longTasks.filter((t) => t.startMs <= result.frameMs)
  return {
    domMs: Math.round(result.domMs),
    frameMs: Math.round(result.frameMs),
    draws: result.draws,
    longTasks: during.length,
    longTaskMaxMs: during.reduce((m, t) => Math.max(m, t.durationMs), 0),
    pointsDrawnPerLine: result.commands,
    svgWidth: result.svgWidth,
    loadAverage: round1(os.loadavg()[0]!),
  }
}

// ---------------------------------------------------------------- figures

function median(values: readonly number[]): number {
  if (values.length === 0) return 0
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

function round1(n: number): number {
  return Math.round(n * 10) / 10
}

/** Frames per second and long tasks of a probe reading. */
function frames(probe: ProbeReading) {
  return {
    fpsMedian: median(probe.framesPerSecond),
    fpsMin: probe.framesPerSecond.length ? Math.min(...probe.framesPerSecond) : 0,
    longTasks: probe.longTasks.length,
    longTaskMaxMs: probe.longTasks.reduce((m, t) => Math.max(m, t.durationMs), 0),
    loadAverage: round1(os.loadavg()[0]!),
  }
}

function summary(runs: readonly DrawRun[]) {
  const of = (pick: (r: DrawRun) => number) => ({ median: median(runs.map(pick)), max: Math.max(...runs.map(pick)) })
  return { domMs: of((r) => r.domMs), frameMs: of((r) => r.frameMs), longTaskMaxMs: of((r) => r.longTaskMaxMs), runs }
}

/** CPU of the page's threads, the server, the publisher and everything else on the machine, % of one core. */
function cpuOf(from: CpuSample, to: CpuSample): Record<string, number> {
  const all = cpuPercent(from, to)
  const keep = ['renderer: main', 'renderer: DedicatedWorker', 'chromium (all)', 'server', 'publisher', 'other processes', 'machine (all processes)']
  return Object.fromEntries(keep.map((k) => [k, all[k] ?? 0]))
}

function cpuText(cpu: Record<string, number>): string {
  return `CPU % page main ${cpu['renderer: main']}, worker ${cpu['renderer: DedicatedWorker']}, all Chromium ${cpu['chromium (all)']}, server ${cpu.server}, publisher ${cpu.publisher}, others ${cpu['other processes']}`
}

function printRuns(title: string, runs: readonly DrawRun[], cpu: Record<string, number>): void {
  const s = summary(runs)
  process.stdout.write(`\n${title} (${cpuText(cpu)})\n`)
  process.stdout.write('run | in DOM | on screen | renders | long tasks (longest) | path commands per line | load avg\n')
  runs.forEach((r, i) =>
    process.stdout.write(`${i + 1}   | ${r.domMs} ms | ${r.frameMs} ms | ${r.draws} | ${r.longTasks} (${r.longTaskMaxMs} ms) | ${r.pointsDrawnPerLine.join(' / ')} | ${r.loadAverage}\n`),
  )
  process.stdout.write(
    `median: ${s.domMs.median} ms in DOM, ${s.frameMs.median} ms on screen, longest task ${s.longTaskMaxMs.median} ms; max: ${s.domMs.max} / ${s.frameMs.max} / ${s.longTaskMaxMs.max} ms\n`,
  )
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

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2))
  const total = options.points * SERIES
  const publishSeconds = total / options.rate
  const watchdog = setTimeout(
    () => {
      process.stderr.write('bench:chart: the run took too long; stopping everything\n')
      void cleanup().finally(() => process.exit(2))
    },
    (publishSeconds + 240 + options.repeats * 2 * 30) * 1000,
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
    publisher = new Publisher(`mqtt://127.0.0.1:${server.mqttPort}`, TOPICS)
    const ready = await publisher.next(30_000, 'ready')
    if (ready.type !== 'ready') throw new Error(`publisher: ${JSON.stringify(ready)}`)
    const topics = TOPICS

    const launch = config.use?.launchOptions ?? {}
    browser = await chromium.launch({ ...launch, headless: true })
    const viewport = config.use?.viewport ?? { width: 1280, height: 800 }
    const context = await browser.newContext({ viewport })
    const page = await context.newPage()
    await page.addInitScript({ content: probeScript() })
    // tsx (esbuild, keepNames) wraps named inner functions in __name(...) calls: drawInPage's
    // source needs that helper in the page too, as a global.
    await page.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((fn) => fn)' })
    await page.goto(`http://127.0.0.1:${server.httpPort}/`)
    await page.getByRole('status', { name: 'Connection status' }).filter({ hasText: /^connected\b/ }).waitFor({ timeout: 20_000 })
    await page
      .getByRole('list', { name: 'Subscriptions' })
      .getByRole('listitem')
      .filter({ has: page.getByRole('button', { name: 'Unsubscribe #', exact: true }) })
      .filter({ hasText: 'granted QoS 0' })
      .waitFor({ timeout: 10_000 })
    const browserVersion = browser.version()

    // One message per topic, so the inspector can offer "Chart"; then pin all three into Chart 1.
    const prime = await publisher.step(SERIES, 1)
    const rootRow = page.getByRole('tree', { name: 'Topics' }).getByRole('treeitem', { name: /^chart-bench, / })
    let shown: string | null = null
    await until('the primed messages reach the page', 20_000, async () => (shown = await rootRow.getAttribute('aria-label', { timeout: 1_000 }))?.startsWith(`chart-bench, ${prime.cumulative} messages,`) === true).catch(
      (error: unknown) => {
        throw new Error(`${error instanceof Error ? error.message : String(error)}: the tree shows ${shown ?? 'no chart-bench row'}`)
      },
    )
    for (const topic of topics) await pin(page, topic)
    await chart(page).waitFor({ timeout: 10_000 })
    const timeWindow = chart(page).getByRole('combobox', { name: 'Time window', exact: true })
    await timeWindow.selectOption({ label: 'All' })
    const pinned = await legendCounts(page)
    if (pinned.length !== SERIES) throw new Error(`the chart lists ${pinned.length} series, not ${SERIES}`)
    process.stdout.write(`pinned ${topics.join(', ')} into Chart 1 (window All)\n`)

    // Live: the points stream in while the chart is open.
    process.stdout.write(`publishing ${options.points.toLocaleString('en')} points to each of ${SERIES} topics at ${options.rate.toLocaleString('en')} msg/s…\n`)
    const sample = () => sampleCpu({ server: server!.child.pid, publisher: publisher!.child.pid }, process.pid)
    await resetProbe(page)
    let cpuFrom = sample()
    const report = await publisher.step(options.rate, publishSeconds)
    const liveProbe = await readProbe(page)
    const liveCpu = cpuOf(cpuFrom, sample())
    const expected = Array<number>(SERIES).fill(options.points)
    let counts: number[] = []
    const settleMs = await until(`the legend shows ${options.points.toLocaleString('en')} points for every series`, 120_000, async () => {
      counts = await legendCounts(page)
      return counts.length === SERIES && counts.every((n, i) => n === expected[i])
    }).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; the legend shows ${counts.join(', ')} (sent ${report.sent.toLocaleString('en')})`)
    })
    const live = { sent: report.sent, actualRate: report.actualRate, seconds: round1(report.sendMs / 1000), legendSettleMs: settleMs, ...frames(liveProbe), cpuPercent: liveCpu }
    process.stdout.write(
      `sent ${report.sent.toLocaleString('en')} at ${report.actualRate.toLocaleString('en')}/s; legend at ${options.points.toLocaleString('en')} × ${SERIES} after ${settleMs} ms; ` +
        `while streaming: median ${live.fpsMedian} fps (min ${live.fpsMin}), ${live.longTasks} long tasks (longest ${live.longTaskMaxMs} ms); ${cpuText(liveCpu)}\n`,
    )

    const countText = `${options.points.toLocaleString('en-US')} points`
    // Paused, the chart's end stays where it is: every draw below has the same data to draw, and
    // nothing moves by itself once it is drawn.
    await chart(page).getByRole('button', { name: 'Pause chart', exact: true }).click()
    await chart(page).getByRole('button', { name: 'Resume chart', exact: true }).waitFor({ timeout: 10_000 })

    // Open: the panel closed, then the toggle clicked.
    const openRuns: DrawRun[] = []
    cpuFrom = sample()
    for (let i = 0; i < options.repeats; i++) {
      await chartsToggle(page).click()
      await charts(page).waitFor({ state: 'detached', timeout: 10_000 })
      await page.waitForTimeout(300)
      openRuns.push(await draw(page, { kind: 'open' }, countText))
      process.stdout.write(`open ${i + 1}: ${openRuns.at(-1)!.frameMs} ms\n`)
    }

    const openCpu = cpuOf(cpuFrom, sample())

    // Window: "1 min" (the last minute before the pause), then "All" again.
    const windowRuns: DrawRun[] = []
    cpuFrom = sample()
    for (let i = 0; i < options.repeats; i++) {
      await draw(page, { kind: 'window', label: '1 min' }, '')
      windowRuns.push(await draw(page, { kind: 'window', label: 'All' }, countText))
      process.stdout.write(`window ${i + 1}: ${windowRuns.at(-1)!.frameMs} ms\n`)
    }
    const windowCpu = cpuOf(cpuFrom, sample())
    await chart(page).getByRole('button', { name: 'Resume chart', exact: true }).click()
    await chart(page).getByRole('button', { name: 'Pause chart', exact: true }).waitFor({ timeout: 10_000 })

    // Afterwards, with the chart drawn (window All): frames and long tasks with no traffic, and
    // with a sensor-like trickle (each new point moves the chart).
    await resetProbe(page)
    cpuFrom = sample()
    await page.waitForTimeout(IDLE_MS)
    const idle = { ...frames(await readProbe(page)), cpuPercent: cpuOf(cpuFrom, sample()) }
    await resetProbe(page)
    cpuFrom = sample()
    const trickle = await publisher.step(TRICKLE.rate, TRICKLE.seconds)
    const steady = { rate: trickle.actualRate, seconds: TRICKLE.seconds, ...frames(await readProbe(page)), cpuPercent: cpuOf(cpuFrom, sample()) }
    process.stdout.write(
      `\nchart on screen, no traffic (${IDLE_MS / 1000} s): median ${idle.fpsMedian} fps (min ${idle.fpsMin}), ${idle.longTasks} long tasks (longest ${idle.longTaskMaxMs} ms); ${cpuText(idle.cpuPercent)}\n` +
        `chart on screen, ${TRICKLE.rate} msg/s over the 3 topics (${TRICKLE.seconds} s): median ${steady.fpsMedian} fps (min ${steady.fpsMin}), ${steady.longTasks} long tasks (longest ${steady.longTaskMaxMs} ms); ${cpuText(steady.cpuPercent)}\n`,
    )

    printRuns(`Open the Charts panel: 1 chart, ${SERIES} series × ${options.points.toLocaleString('en')} points, window All (paused)`, openRuns, openCpu)
    printRuns(`Time window "1 min" -> "All": ${SERIES} series × ${options.points.toLocaleString('en')} points (paused)`, windowRuns, windowCpu)

    const record = {
      benchmark: 'chart-draw',
      date: new Date().toISOString(),
      command: `npm run bench:chart${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      machine: machine(browserVersion),
      setup: {
        series: SERIES,
        topics,
        pointsPerSeries: options.points,
        qos: 0,
        payload: 'decimal text: a slow sine + noise on every point + a spike every 9,973 points (chart-publisher.ts), so each 2-px bucket keeps 4 points',
        rate: options.rate,
        viewport,
        launchArgs: launch.args,
        drawnWhen: `the last change of ${SERIES} path.recharts-line-curve elements with >= ${MIN_COMMANDS} path commands each while "${countText}" is in the Charts panel ${SERIES} times, followed by ${QUIET_MS} ms without a change (chart paused)`,
      },
      live,
      open: { ...summary(openRuns), cpuPercent: openCpu },
      window: { ...summary(windowRuns), cpuPercent: windowCpu },
      idle,
      steady,
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

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench:chart failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exit(1)
  },
)
