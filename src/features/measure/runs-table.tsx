import { useState } from 'react'
import { downloadText } from '@/components/download.ts'
import { msText, percentText, rateText } from '@/model/measure/measure-format.ts'
import { runsCsv, runsJson } from '@/model/measure/measure-export.ts'
import type { ProbeReport } from '@/model/measure/probe-run.ts'
import { grouped } from '@/model/measure/probe-settings.ts'
import { escapeInvisible } from '@/model/payload-preview.ts'
import { useAppStore } from '@/store/app-store.ts'

function fileStem(): string {
  return `mqtt-scope-probe-runs-${new Date().toISOString().replace(/[:.]/g, '-')}`
}

/** Finished runs side by side (QoS 0/1/2, or two brokers), exportable as CSV and JSON. */
export function RunsTable() {
  const runs = useAppStore((s) => s.probeRuns)
  const clear = useAppStore((s) => s.clearProbeRuns)
  const [saved, setSaved] = useState<string>()
  if (runs.length === 0) return null
  const save = (kind: 'csv' | 'json') => {
    const name = `${fileStem()}.${kind}`
    if (kind === 'csv') downloadText(name, '\uFEFF' + runsCsv(runs), 'text/csv;charset=utf-8')
    else downloadText(name, runsJson(runs))
    setSaved(`Saved ${name}`)
  }
  return (
    <div className="measure-runs">
      <div className="measure-runs-actions">
        <button type="button" className="compact" onClick={() => save('csv')}>
          Export CSV
        </button>
        <button type="button" className="compact" onClick={() => save('json')}>
          Export JSON
        </button>
        <button type="button" className="compact" onClick={clear}>
          Clear runs
        </button>
        {saved && (
          <span className="measure-saved" role="status">
            {saved}
          </span>
        )}
      </div>
      <div className="measure-table-wrap">
        <table className="data-table measure-table">
          <caption>Runs</caption>
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">QoS</th>
              <th scope="col">Messages</th>
              <th scope="col">Received</th>
              <th scope="col">Lost</th>
              <th scope="col">Loss rate</th>
              <th scope="col">Duplicates</th>
              <th scope="col">Out of order</th>
              <th scope="col">Throughput (msg/s)</th>
              <th scope="col">Latency p50</th>
              <th scope="col">Latency p99</th>
              <th scope="col">Ack p50</th>
              <th scope="col">Topic</th>
            </tr>
          </thead>
          <tbody>{runs.map((run) => (run.figures ? <RunRow key={run.runId} run={run} /> : null))}</tbody>
        </table>
      </div>
    </div>
  )
}

function RunRow({ run }: { run: ProbeReport }) {
  const f = run.figures!
  const marks = [run.incomplete !== undefined ? 'incomplete' : '', run.stopped ? 'stopped' : ''].filter(Boolean).join(', ')
  return (
    <tr title={run.incomplete ?? undefined}>
      <th scope="row" className="mono">
        {run.runId}
        {marks && <span className="measure-mark"> ({marks})</span>}
      </th>
      <td>{run.publishQos ?? run.settings.qos}</td>
      <td>{grouped(run.settings.count)}</td>
      <td>{grouped(f.received)}</td>
      <td>{grouped(f.lost)}</td>
      <td>{percentText(f.lossRate)}</td>
      <td>{grouped(f.duplicates)}</td>
      <td>{grouped(f.outOfOrder)}</td>
      <td>{rateText(f.throughputMsgS)}</td>
      <td>{f.latency ? msText(f.latency.p50) : '–'}</td>
      <td>{f.latency ? msText(f.latency.p99) : '–'}</td>
      <td>{f.ack ? msText(f.ack.p50) : '–'}</td>
      <td className="mono">{escapeInvisible(run.settings.topic)}</td>
    </tr>
  )
}
