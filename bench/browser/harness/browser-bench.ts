/**
 * The frame of a browser benchmark (bench:ingest, bench:chart): builds the app when it is older
 * than src/, starts a real mqtt-scope server (embedded broker) on ephemeral loopback ports and the
 * benchmark's publisher process, opens the app in Debian's Chromium with the launch options of
 * e2e/playwright.config.ts (frame and long-task probe installed), waits until it is connected and
 * subscribed to "#", and hands all that to the benchmark. Afterwards, on an error, on Ctrl-C or
 * when the watchdog fires, it stops everything it started. Exit code: 0 when the run finished, 1
 * when something broke, 2 when it took too long, 130 when interrupted; timing never sets it.
 */
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { spawnSync } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import config from '../../../e2e/playwright.config.ts'
import { ensureBuild } from '../../../server/ensure-build.ts'
import type { Logger } from '../../../server/logger.ts'
import { spawnServer, type ServerProcess } from '../../../server/test-support/start-server.ts'
import { stopAllChildren, trackChild } from '../../common/children.ts'
import { sampleCpu, type CpuSample } from '../../common/proc-stats.ts'
import { PROJECT_DIR, saveResult } from '../../common/results.ts'
import { probeScript } from './page-probe.ts'
import { PublisherProcess, type PublisherLaunch } from './publisher-process.ts'
import { connectPage, startBroker, type BrokerChoice, type BrokerSetup } from './broker-choice.ts'

export interface BrowserBench {
  readonly server: ServerProcess
  /** Which broker the page reads from (--broker), and mosquitto when one was started. */
  readonly broker: BrokerSetup
  readonly publisher: PublisherProcess
  /** What the publisher said when ready: how many topics, the first and the last. */
  readonly topics: { readonly count: number; readonly first: string; readonly last: string }
  readonly browser: Browser
  readonly context: BrowserContext
  readonly page: Page
  readonly viewport: { readonly width: number; readonly height: number }
  readonly launchArgs: readonly string[] | undefined
  /** `npm run <name> -- <flags>`, as this run was started. */
  readonly command: string
  /** CPU seconds so far of the server, the publisher, this process and each of Chromium's threads. */
  sampleCpu(): CpuSample
}

/** What a browser benchmark asks of the frame, worked out from its command line. */
export interface BrowserBenchPlan {
  /** After this long everything is stopped and the run exits 2. */
  readonly watchdogMs: number
  /** The publisher to start; it gets `--url mqtt://127.0.0.1:<port>` before these flags. */
  readonly publisher: PublisherLaunch
  /** Default embedded. */
  readonly broker?: BrokerChoice
  readonly run: (bench: BrowserBench) => Promise<void>
}

/**
 * Runs the benchmark `name` (the npm script, e.g. 'bench:ingest': names the run in messages and in
 * `command`); `plan` reads the command line and may throw on a bad flag.
 */
export function runBrowserBench(name: string, plan: (argv: readonly string[]) => BrowserBenchPlan): void {
  const opened: { browser?: Browser } = {}
  const finish = (code: number) =>
    void (async () => {
      await opened.browser?.close().catch(() => {})
      await stopAllChildren()
    })().finally(() => process.exit(code))
  process.once('SIGINT', () => finish(130))
  let watchdog: NodeJS.Timeout | undefined

  void Promise.resolve()
    .then(async () => {
      const { watchdogMs, publisher, run, broker } = plan(process.argv.slice(2))
      watchdog = setTimeout(() => {
        process.stderr.write(`${name}: the run took too long; stopping everything\n`)
        finish(2)
      }, watchdogMs)
      watchdog.unref()
      const bench = await open(name, publisher, opened, broker ?? 'embedded')
      await run(bench)
      await bench.broker.mosquitto?.stop()
      bench.publisher.send({ type: 'quit' })
    })
    .then(
      () => 0,
      (error: unknown) => {
        process.stderr.write(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
        return 1
      },
    )
    .then((code) => {
      clearTimeout(watchdog)
      finish(code)
    })
}

async function open(name: string, publisherLaunch: PublisherLaunch, opened: { browser?: Browser }, brokerChoice: BrokerChoice): Promise<BrowserBench> {
  const quietLogger = { info: (m: string) => process.stdout.write(`${m}\n`), warn: (m: string) => process.stderr.write(`${m}\n`) } as unknown as Logger
  ensureBuild(path.join(PROJECT_DIR, 'dist'), quietLogger)

  const server = await spawnServer(['--host', '127.0.0.1', '--log-level', 'warn'])
  trackChild(server.child)
  const broker = await startBroker(brokerChoice, `mqtt://127.0.0.1:${server.mqttPort}`)
  const publisher = new PublisherProcess({ ...publisherLaunch, args: ['--url', broker.publisherUrl, ...publisherLaunch.args] })
  const ready = await publisher.next(30_000, 'ready')
  if (ready.type !== 'ready') throw new Error(`publisher: ${JSON.stringify(ready)}`)

  const launchOptions = config.use?.launchOptions ?? {}
  const browser = await chromium.launch({ ...launchOptions, headless: true })
  opened.browser = browser
  const viewport = config.use?.viewport ?? { width: 1280, height: 800 }
  const context = await browser.newContext({ viewport })
  const page = await context.newPage()
  await page.addInitScript({ content: probeScript() })
  // tsx (esbuild, keepNames) wraps named inner functions in __name(...) calls: a function sent to
  // the page with page.evaluate needs that helper there too, as a global.
  await page.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((fn) => fn)' })
  await page.goto(`http://127.0.0.1:${server.httpPort}/`)
  await page
    .getByRole('status', { name: 'Connection status' })
    .filter({ hasText: /^connected\b/ })
    .waitFor({ timeout: 20_000 })
  await connectPage(page, broker)
  if (broker.pageUrl !== undefined) {
    await page
      .getByRole('status', { name: 'Connection status' })
      .filter({ hasText: /^connected\b/ })
      .waitFor({ timeout: 20_000 })
  }
  const subscribed = await page
    .getByRole('list', { name: 'Subscriptions' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('button', { name: 'Unsubscribe #', exact: true }) })
    .filter({ hasText: 'granted QoS 0' })
    .waitFor({ timeout: 10_000 })
    .then(() => true)
    .catch(() => false)
  if (!subscribed) {
    process.stderr.write(`${name}: no "#  granted QoS 0" entry in the Subscriptions list; waiting 2 s instead\n`)
    await new Promise((resolve) => setTimeout(resolve, 2_000))
  }

  const flags = process.argv.slice(2)
  return {
    server,
    broker,
    publisher,
    topics: { count: ready.topics, first: ready.firstTopic, last: ready.lastTopic },
    browser,
    context,
    page,
    viewport,
    launchArgs: launchOptions.args,
    command: `npm run ${name}${flags.length > 0 ? ` -- ${flags.join(' ')}` : ''}`,
    // Playwright starts Chromium from this process: its descendants are Chromium's.
    sampleCpu: () => sampleCpu({ server: server.child.pid, publisher: publisher.child.pid, mosquitto: broker.mosquitto?.pid }, process.pid),
  }
}

/**
 * Saves a run's record to `out` (nothing with --no-save) and says where: which benchmark, when,
 * the command, the machine and browser it ran on, then `fields`.
 */
export async function saveRecord(bench: BrowserBench, benchmark: string, out: string | undefined, fields: object): Promise<void> {
  if (out === undefined) return
  const record = { benchmark, date: new Date().toISOString(), command: bench.command, machine: machine(bench.browser), ...fields }
  process.stdout.write(`saved ${await saveResult(out, record)}\n`)
}

function machine(browser: Browser) {
  const cpus = os.cpus()
  const chromiumVersion = spawnSync(config.use?.launchOptions?.executablePath ?? '/usr/bin/chromium', ['--version'], {
    encoding: 'utf8',
    timeout: 10_000,
  }).stdout?.trim()
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    chromium: chromiumVersion || browser.version(),
  }
}
