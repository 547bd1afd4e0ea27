import { lazy, Suspense } from 'react'
import { latencyLine, msText, rateText } from '@/model/measure/measure-format.ts'
import type { ProbeReport } from '@/model/measure/probe-run.ts'
import { grouped } from '@/model/measure/probe-settings.ts'
import { escapeInvisible } from '@/model/payload-preview.ts'
import { FigureList, mainFigures } from './measure-figures.tsx'

// recharts comes with the first latency chart drawn, not with the page.
const LatencyCharts = lazy(() => import('./latency-charts.tsx'))

/** Where the run is, in words. */
export function probeStatus(report: ProbeReport | undefined): string {
  if (!report) return 'Starting…'
  const topic = escapeInvisible(report.settings.topic)
  const sent = report.figures?.sent ?? 0
  switch (report.phase) {
    case 'connecting':
      return 'Connecting…'
    case 'subscribing':
      return `Subscribing to ${topic}…`
    case 'checking':
      return 'Checking that a message makes the round trip…'
    case 'sending':
      return `Sending: ${grouped(sent)} of ${grouped(report.settings.count)}, ${grouped(report.figures?.received ?? 0)} received`
    case 'draining':
      return `Waiting for the last messages: ${grouped(report.figures?.received ?? 0)} of ${grouped(sent)} received`
    case 'failed':
      return `Could not run: ${report.error ?? 'failed'}`
    case 'done':
      return report.incomplete !== undefined
        ? `Incomplete (partial results): ${report.incomplete}`
        : `Done: ${grouped(report.figures?.received ?? 0)} of ${grouped(sent)} received${report.stopped ? ' (stopped)' : ''}`
  }
}

/** The running or last probe: status, notes, the figures and the latency charts. */
export function ProbeResults({ report, running }: { report: ProbeReport | undefined; running: boolean }) {
  const failed = report?.phase === 'failed'
  const f = report?.figures
  const qos = report?.publishQos
  return (
    <div className="measure-results">
      <p className={`measure-status${failed || report?.incomplete !== undefined ? ' is-error' : ''}`} role="status" aria-label="Probe status">
        {probeStatus(report)}
      </p>
      {report && report.notes.length > 0 && (
        <ul className="measure-notes" aria-label="Probe notes">
          {report.notes.map((note) => (
            <li key={note}>{escapeInvisible(note)}</li>
          ))}
        </ul>
      )}
      {f && (
        <>
          <FigureList
            label="Probe results"
            figures={[
              ...mainFigures(f, f.latency ? `mean ${msText(f.latency.mean)}` : undefined).map((figure) =>
                figure.label === 'Sent' ? { ...figure, detail: `at ${rateText(f.sendRate)} msg/s` } : figure,
              ),
              ...(f.ack && qos ? [{ label: qos === 2 ? 'PUBCOMP p50' : 'PUBACK p50', value: msText(f.ack.p50), detail: `p99 ${msText(f.ack.p99)}` }] : []),
            ]}
          />
          {f.latency && !running && <p className="measure-line">Latency: {latencyLine(f.latency)}</p>}
          {report.histogram && report.histogram.length > 0 && (
            <Suspense fallback={<p className="empty-note">Loading the charts…</p>}>
              <LatencyCharts histogram={report.histogram} timeline={report.timeline ?? []} />
            </Suspense>
          )}
        </>
      )}
    </div>
  )
}
