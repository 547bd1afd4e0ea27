import type { ChartData } from '../../model/chart-types.ts'
import type { WorkerCommand, WorkerEvent } from '../protocol.ts'

/**
 * The worker entry as the page drives it, in node: its global scope is a stand-in whose
 * postMessage records events (and their transfer lists) and acknowledges batches, inspections and
 * chart data like the page does. `start()` installs the stand-in and loads worker-entry.ts (once
 * per test file: vitest isolates files).
 */
export function drivenWorker() {
  const events: WorkerEvent[] = []
  const transfers = new Map<WorkerEvent, readonly Transferable[]>()
  const send = (command: WorkerCommand): void => scope.onmessage!({ data: command } as MessageEvent<WorkerCommand>)
  const scope = {
    onmessage: null as ((event: MessageEvent<WorkerCommand>) => void) | null,
    postMessage(event: WorkerEvent, transfer: Transferable[] = []) {
      events.push(event)
      transfers.set(event, transfer)
      if (event.type === 'batch') setTimeout(() => send({ type: 'ack', seq: event.batch.seq }), 0)
      if (event.type === 'inspection') setTimeout(() => send({ type: 'inspection-ack', seq: event.seq }), 0)
      if (event.type === 'chart-data') setTimeout(() => send({ type: 'chart-ack', seq: event.seq }), 0)
    },
  }
  return {
    events,
    transfers,
    send,
    async start(): Promise<void> {
      ;(globalThis as unknown as { self: typeof scope }).self = scope
      await import('../worker-entry.ts')
    },
    lastOf<T extends WorkerEvent['type']>(type: T): Extract<WorkerEvent, { type: T }> | undefined {
      return events.findLast((e) => e.type === type) as Extract<WorkerEvent, { type: T }> | undefined
    },
    /** The latest drawing of a chart, if any was sent. */
    latestChart(chartId: string): ChartData | undefined {
      for (let i = events.length - 1; i >= 0; i--) {
        const event = events[i]!
        if (event.type !== 'chart-data') continue
        const chart = event.charts.find((c) => c.chartId === chartId)
        if (chart) return chart
      }
      return undefined
    },
  }
}
