import type { BenchParams } from './options.ts'
import type { Measurement } from './measure.ts'
import { round } from '../common/stats.ts'

export type Transport = 'tcp' | 'websocket'

export interface TargetResult extends Measurement {
  readonly broker: string
  readonly brokerVersion: string
  readonly transport: Transport
  /** What the broker itself said about the run, e.g. that it dropped messages. */
  readonly brokerNotices: readonly string[]
}

export interface BenchResult {
  readonly benchmark: 'broker-throughput'
  readonly date: string
  readonly machine: {
    readonly cpus: number
    readonly cpuModel: string
    readonly node: string
    readonly platform: string
    /** 1-minute load average before and after the run: other work on the machine skews figures. */
    readonly loadBefore: number
    readonly loadAfter: number
  }
  readonly params: BenchParams
  readonly targets: readonly TargetResult[]
  /** Per broker: median WebSocket msg/s over median TCP msg/s. */
  readonly wsOverTcp: Readonly<Record<string, number>>
  readonly skipped: ReadonlyArray<{ readonly broker: string; readonly reason: string }>
}

export function wsOverTcp(targets: readonly TargetResult[]): Record<string, number> {
  const ratios: Record<string, number> = {}
  for (const ws of targets.filter((t) => t.transport === 'websocket')) {
    const tcp = targets.find((t) => t.broker === ws.broker && t.transport === 'tcp')
    if (tcp && tcp.medianMsgPerSec > 0) ratios[ws.broker] = round(ws.medianMsgPerSec / tcp.medianMsgPerSec, 3)
  }
  return ratios
}

export function formatTable(result: BenchResult): string {
  const header = ['broker', 'transport', 'median msg/s', 'mean msg/s', 'sent', 'received', 'delivered', 'CPU % broker/pub/sub']
  const rows = result.targets.map((t) => [
    `${t.broker} (${t.brokerVersion})`,
    t.transport,
    whole(t.medianMsgPerSec),
    whole(t.meanMsgPerSec),
    whole(t.sent),
    whole(t.received),
    t.sent > 0 ? `${((100 * t.received) / t.sent).toFixed(1)} %` : '-',
    [t.cpuPercent.broker, t.cpuPercent.publishers, t.cpuPercent.subscriber].map((p) => p ?? '?').join('/'),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: readonly string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)]
  for (const [broker, ratio] of Object.entries(result.wsOverTcp)) out.push(`${broker}: WebSocket/TCP = ${ratio.toFixed(2)}`)
  for (const { broker, reason } of result.skipped) out.push(`${broker}: skipped (${reason})`)
  for (const t of result.targets) for (const notice of t.brokerNotices) out.push(`${t.broker} over ${t.transport} said: ${notice}`)
  return out.join('\n')
}

/** For the saved JSON: fractions to 3 decimals under 10, to 1 above. */
export function roundNumbers(_key: string, value: unknown): unknown {
  if (typeof value !== 'number' || Number.isInteger(value)) return value
  return round(value, Math.abs(value) < 10 ? 3 : 1)
}

function whole(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '-'
}
