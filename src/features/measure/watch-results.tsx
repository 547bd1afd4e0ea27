import { countOf, msText, percentText, rateText } from '@/model/measure/measure-format.ts'
import { grouped } from '@/model/measure/probe-settings.ts'
import type { WatchFigures } from '@/model/measure/watch-recorder.ts'
import type { WatchReport } from '@/model/measure/watch-run.ts'
import { escapeInvisible } from '@/model/payload-preview.ts'
import { FigureList, mainFigures } from './measure-figures.tsx'

function watchStatus(report: WatchReport | undefined): string {
  if (!report) return 'Starting…'
  const filter = escapeInvisible(report.filter)
  switch (report.phase) {
    case 'connecting':
      return `Subscribing to ${filter}…`
    case 'watching':
      return `Watching ${filter}: ${countOf(report.total.received, 'message')} on ${countOf(report.topicCount, 'topic')}`
    case 'failed':
      return `Could not watch: ${report.error ?? 'failed'}`
    case 'done':
      return report.incomplete !== undefined ? `Incomplete (partial results): ${report.incomplete}` : `Stopped: ${countOf(report.total.received, 'message')}`
  }
}

/** What the payloads lacked, so a wrong path shows at once. */
function gaps(report: WatchReport): string[] {
  const t = report.total
  const out: string[] = []
  if (report.seqPath !== '' && t.noSequence > 0) out.push(`${countOf(t.noSequence, 'message')} without a sequence number at ${report.seqPath}`)
  if (t.badSequence > 0) out.push(`${countOf(t.badSequence, 'message')} with a sequence number that is not a whole number ≥ 0`)
  if (report.timePath !== '' && t.noTimestamp > 0) out.push(`${countOf(t.noTimestamp, 'message')} without a timestamp at ${report.timePath}`)
  if (t.badTimestamp > 0) out.push(`${countOf(t.badTimestamp, 'message')} with a timestamp that is neither epoch seconds/milliseconds nor ISO 8601`)
  if (report.retainedSkipped > 0) out.push(`${countOf(report.retainedSkipped, 'retained message')} skipped (not sent by the device now)`)
  if (report.untrackedTopics > 0)
    out.push(`${countOf(report.untrackedTopics, 'topic')} beyond the first ${grouped(report.topicCount - report.untrackedTopics)} counted in the total only`)
  return [...out, ...report.notes]
}

function watchFigures(f: WatchFigures) {
  return [
    ...mainFigures(f, f.latency ? 'clock offset included' : undefined),
    { label: 'Lost', value: grouped(f.lost) },
    { label: 'Counter resets', value: grouped(f.resets), detail: `wrap-arounds ${grouped(f.wraps)}` },
  ]
}

export function WatchResults({ report }: { report: WatchReport | undefined }) {
  const failed = report?.phase === 'failed' || report?.incomplete !== undefined
  const notes = report ? gaps(report) : []
  return (
    <div className="measure-results">
      <p className={`measure-status${failed ? ' is-error' : ''}`} role="status" aria-label="Watch status">
        {watchStatus(report)}
      </p>
      {notes.length > 0 && (
        <ul className="measure-notes" aria-label="Watch notes">
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {report && report.phase !== 'failed' && <FigureList label="Watch results" figures={watchFigures(report.total)} />}
      {report && report.topics.length > 0 && (
        <div className="measure-table-wrap">
          <table className="data-table measure-table">
            <caption>Topics{report.topicCount > report.topics.length ? ` (the ${report.topics.length} busiest of ${grouped(report.topicCount)})` : ''}</caption>
            <thead>
              <tr>
                <th scope="col">Topic</th>
                <th scope="col">Received</th>
                <th scope="col">Lost</th>
                <th scope="col">Loss rate</th>
                <th scope="col">Duplicates</th>
                <th scope="col">Out of order</th>
                <th scope="col">Resets</th>
                <th scope="col">Throughput (msg/s)</th>
                <th scope="col">Latency p50</th>
              </tr>
            </thead>
            <tbody>
              {report.topics.map((t) => (
                <tr key={t.topic}>
                  <th scope="row" className="mono">
                    {escapeInvisible(t.topic)}
                  </th>
                  <td>{grouped(t.received)}</td>
                  <td>{grouped(t.lost)}</td>
                  <td>{percentText(t.lossRate)}</td>
                  <td>{grouped(t.duplicates)}</td>
                  <td>{grouped(t.outOfOrder)}</td>
                  <td>{grouped(t.resets + t.wraps)}</td>
                  <td>{rateText(t.throughputMsgS)}</td>
                  <td>{t.latency ? msText(t.latency.p50) : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
