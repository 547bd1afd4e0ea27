/** The CLI half of bench:measure: the probe of `mqtt-scope measure`, in this process, against the server's TCP port. */
import type { QoS } from '../../src/model/connection-types.ts'
import { runIdFrom } from '../../src/model/measure/probe-payload.ts'
import { ProbeRun, type ProbeReport } from '../../src/model/measure/probe-run.ts'
import { defaultProbeTopic } from '../../src/model/measure/probe-settings.ts'
import { connectLink, nodeClock } from '../../server/subcommands/measure-connect.ts'
import { round } from '../common/stats.ts'
import { randomBytes } from 'node:crypto'

export interface StepResult {
  readonly side: 'cli' | 'page'
  readonly qos: QoS
  readonly rate: number
  readonly count: number
  readonly sent: number
  readonly received: number
  readonly lost: number
  /** Messages handed to the connection per second (below the target when the path could not take more). */
  readonly sendRate: number
  readonly throughput: number
  readonly latencyP50Ms: number | undefined
  readonly latencyP99Ms: number | undefined
  readonly incomplete: string | undefined
  /** 0 lost, and sent at 95 % of the target rate or more. */
  readonly holds: boolean
  readonly loadAverage: number
  readonly fpsMedian?: number
  readonly longTaskMaxMs?: number
}

export function holds(rate: number, lost: number, sendRate: number, incomplete: string | undefined): boolean {
  return lost === 0 && incomplete === undefined && sendRate >= rate * 0.95
}

/** One probe run of `seconds` at `rate` through the CLI's own connection code and the shared ProbeRun. */
export async function cliStep(url: string, qos: QoS, rate: number, seconds: number, loadAverage: () => number): Promise<StepResult> {
  const runId = runIdFrom(randomBytes(4))
  const count = Math.round(rate * seconds)
  const link = await connectLink(url, {}, 'probe', undefined)
  try {
    const run = new ProbeRun(runId, { count, rate, qos, size: 64, topic: defaultProbeTopic(runId), separateSubscriber: false }, nodeClock)
    const report: ProbeReport = await run.run(link, link)
    if (report.phase === 'failed') throw new Error(`probe failed: ${report.error}`)
    const f = report.figures!
    return {
      side: 'cli',
      qos,
      rate,
      count,
      sent: f.sent,
      received: f.received,
      lost: f.lost,
      sendRate: round(f.sendRate),
      throughput: round(f.throughputMsgS),
      latencyP50Ms: f.latency && round(f.latency.p50, 2),
      latencyP99Ms: f.latency && round(f.latency.p99, 2),
      incomplete: report.incomplete,
      holds: holds(rate, f.lost, f.sendRate, report.incomplete),
      loadAverage: loadAverage(),
    }
  } finally {
    await link.end()
  }
}
