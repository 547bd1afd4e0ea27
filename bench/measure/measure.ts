/**
 * `npm run bench:measure`: the probe's own overhead. The highest rate at which a probe still
 * reports 0 lost (and sends at 95 % of the rate asked or more) against the embedded broker on
 * loopback, for the CLI (`mqtt-scope measure`'s connection code and the shared ProbeRun, in this
 * process, over TCP) and for the page (the Measure panel in headless Chromium, its worker over
 * /mqtt, with the explorer subscribed to "#" as it is by default, so the tree takes every probe
 * message in too); for the page also frames per second and the longest task while it runs. Then
 * what a watch costs per message in this process (watch-cost.ts).
 *
 *   tsx bench/measure/measure.ts [--seconds N] [--rates 5000,10000,...] [--page-rates ...] [--no-page]
 *                                [--out FILE | --no-save]
 *
 * Default: 2 s per step; CLI at QoS 0 and 1 for 5k, 10k, 20k, 40k msg/s; page at QoS 0 and 1 for
 * 5k and 20k msg/s (about a minute in all). It never fails on timing; non-zero only when broken.
 */
import os from 'node:os'
import path from 'node:path'
import type { QoS } from '../../src/model/connection-types.ts'
import { ensureBuild } from '../../server/ensure-build.ts'
import type { Logger } from '../../server/logger.ts'
import { spawnServer } from '../../server/test-support/start-server.ts'
import { readFlags } from '../browser/harness/flags.ts'
import { stopAllChildren, trackChild } from '../common/children.ts'
import { PROJECT_DIR, saveResult } from '../common/results.ts'
import { round } from '../common/stats.ts'
import { cliStep, type StepResult } from './cli-steps.ts'
import { openMeasurePage } from './page-steps.ts'
import { watchCost } from './watch-cost.ts'

const QOS: readonly QoS[] = [0, 1]

function rates(text: string | undefined, fallback: number[]): number[] {
  if (text === undefined) return fallback
  return text.split(',').map((r) => {
    const n = Number(r)
    if (!(n > 0 && n <= 100_000)) throw new Error(`rates are from 1 to 100000 msg/s, got ${r}`)
    return n
  })
}

function printTable(results: readonly StepResult[]): void {
  const lines = [
    '| side | QoS | target msg/s | sent msg/s | received / sent | lost | throughput msg/s | latency p50 / p99 ms | fps median | longest task ms | load | holds |',
  ]
  lines.push('| --- | ---: | ---: | ---: | --- | ---: | ---: | --- | ---: | ---: | ---: | --- |')
  for (const r of results) {
    const fps = r.fpsMedian === undefined ? '' : String(r.fpsMedian)
    const task = r.longTaskMaxMs === undefined ? '' : String(r.longTaskMaxMs)
    lines.push(
      `| ${r.side} | ${r.qos} | ${r.rate.toLocaleString('en')} | ${r.sendRate.toLocaleString('en')} | ${r.received.toLocaleString('en')} / ${r.sent.toLocaleString('en')} | ${r.lost} | ${r.throughput.toLocaleString('en')} | ${r.latencyP50Ms ?? '–'} / ${r.latencyP99Ms ?? '–'} | ${fps} | ${task} | ${r.loadAverage} | ${r.holds ? 'yes' : 'no'} |`,
    )
  }
  process.stdout.write(`${lines.join('\n')}\n`)
}

/**
 * Per side and QoS: the highest target rate with 0 lost (at it and every lower one; the probe paces
 * itself, so this alone says little), the highest target it also kept (sent at 95 % of it or more),
 * and the fastest it actually sent with 0 lost: the probe's own ceiling on this machine.
 */
function highest(results: readonly StepResult[]) {
  const out: Record<string, { zeroLostUpTo: number | null; keptUpTo: number | null; fastestZeroLost: number | null }> = {}
  for (const side of ['cli', 'page'] as const) {
    for (const qos of QOS) {
      const steps = results.filter((r) => r.side === side && r.qos === qos).sort((a, b) => a.rate - b.rate)
      if (steps.length === 0) continue
      const upTo = (ok: (step: StepResult) => boolean) => {
        let best: number | null = null
        for (const step of steps) {
          if (!ok(step)) break
          best = step.rate
        }
        return best
      }
      const zeroLost = steps.filter((step) => step.lost === 0 && step.incomplete === undefined)
      out[`${side} QoS ${qos}`] = {
        zeroLostUpTo: upTo((step) => step.lost === 0 && step.incomplete === undefined),
        keptUpTo: upTo((step) => step.holds),
        fastestZeroLost: zeroLost.length > 0 ? Math.max(...zeroLost.map((step) => step.sendRate)) : null,
      }
    }
  }
  return out
}

async function main(): Promise<void> {
  const flags = readFlags(process.argv.slice(2), ['--seconds', '--rates', '--page-rates', '--no-page'])
  const seconds = Number(flags.value('--seconds') ?? '2')
  if (!(seconds > 0)) throw new Error('--seconds must be positive')
  const cliRates = rates(flags.value('--rates'), [5_000, 10_000, 20_000, 40_000])
  const pageRates = flags.has('--no-page') ? [] : rates(flags.value('--page-rates'), [5_000, 20_000])
  const out = flags.out('measure')
  if (pageRates.length > 0)
    ensureBuild(path.join(PROJECT_DIR, 'dist'), { info: () => {}, warn: (m: string) => process.stderr.write(`${m}\n`) } as unknown as Logger)

  const server = await spawnServer(['--host', '127.0.0.1', '--log-level', 'warn'])
  trackChild(server.child)
  const url = `mqtt://127.0.0.1:${server.mqttPort}`
  const load = () => round(os.loadavg()[0]!)
  const results: StepResult[] = []
  for (const qos of QOS) {
    for (const rate of cliRates) {
      const step = await cliStep(url, qos, rate, seconds, load)
      results.push(step)
      process.stdout.write(`cli QoS ${qos} ${rate} msg/s: ${step.received}/${step.sent} received, sent at ${step.sendRate} msg/s\n`)
    }
  }
  if (pageRates.length > 0) {
    const page = await openMeasurePage(`http://127.0.0.1:${server.httpPort}/`)
    try {
      for (const qos of QOS) {
        for (const rate of pageRates) {
          const step = await page.step(qos, rate, seconds)
          results.push(step)
          process.stdout.write(`page QoS ${qos} ${rate} msg/s: ${step.received}/${step.sent} received, sent at ${step.sendRate} msg/s, ${step.fpsMedian} fps\n`)
        }
      }
    } finally {
      await page.browser.close()
    }
  }
  printTable(results)
  const best = highest(results)
  process.stdout.write(`highest target with 0 lost, highest target kept, fastest sent with 0 lost: ${JSON.stringify(best)}\n`)
  const watch = watchCost()
  process.stdout.write(
    `watch, ns per message: ${watch.nonMatchingNsPerMessage} for a topic that does not match, ${watch.matchingJsonNsPerMessage} for a matching JSON one\n`,
  )
  if (out !== undefined) {
    const cpus = os.cpus()
    const record = {
      benchmark: 'bench:measure',
      date: new Date().toISOString(),
      command: `npm run bench:measure${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      machine: { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, node: process.version },
      secondsPerStep: seconds,
      highestRateWithZeroLost: best,
      steps: results,
      watch,
    }
    process.stdout.write(`saved ${await saveResult(out, record)}\n`)
  }
}

const watchdog = setTimeout(() => {
  process.stderr.write('bench:measure took too long; stopping\n')
  void stopAllChildren().finally(() => process.exit(2))
}, 10 * 60_000)
watchdog.unref()
main().then(
  () => stopAllChildren().then(() => process.exit(0)),
  (error: unknown) => {
    process.stderr.write(`bench:measure failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    void stopAllChildren().finally(() => process.exit(1))
  },
)
