import { bytesText, countOf, latencyLine, percentText, rateText } from '../../src/model/measure/measure-format.ts'
import type { MeasureFigures } from '../../src/model/measure/measure-figures.ts'
import type { ProbeReport } from '../../src/model/measure/probe-run.ts'
import { grouped } from '../../src/model/measure/probe-settings.ts'
import type { WatchFigures } from '../../src/model/measure/watch-recorder.ts'
import type { WatchReport } from '../../src/model/measure/watch-run.ts'

/** The lines every result shares: counts, throughput and latency. */
function figureLines(f: MeasureFigures, latencyNote = ''): string[] {
  return [
    `  sent ${grouped(f.sent)}, received ${grouped(f.received)}, lost ${grouped(f.lost)}, loss rate ${percentText(f.lossRate)}`,
    `  duplicates ${grouped(f.duplicates)}, out of order ${grouped(f.outOfOrder)}`,
    `  throughput ${rateText(f.throughputMsgS)} msg/s = ${rateText(f.throughputMsgMin)} msg/min (${bytesText(f.bytesPerS)}/s) over ${f.durationS.toFixed(3)} s`,
    f.latency ? `  latency${latencyNote}: ${latencyLine(f.latency)}` : '  latency: no message measured',
  ]
}

/** A probe's result as people read it (the same figures as --json). */
export function probeText(report: ProbeReport, url: string, subscriberUrl: string | undefined): string {
  const s = report.settings
  const rate = s.rate === undefined ? 'as fast as the connection took them' : `at ${rateText(s.rate)} msg/s`
  const lines = [
    `Probe ${report.runId} of ${url}${subscriberUrl ? `, received on ${subscriberUrl}` : ''}, topic ${s.topic}`,
    `  ${grouped(s.count)} messages of ${grouped(s.size)} bytes ${rate}, QoS ${report.publishQos ?? s.qos} (subscription granted QoS ${report.subscribedQos ?? '-'})`,
  ]
  const f = report.figures
  if (f) {
    lines.push(...figureLines(f))
    if (f.ack) lines.push(`  acknowledgement (${report.publishQos === 2 ? 'PUBREC to PUBCOMP' : 'PUBACK'}): ${latencyLine(f.ack)}`)
    if (f.unacked > 0 || f.refused > 0) lines.push(`  unacknowledged ${grouped(f.unacked)}, refused by the broker ${grouped(f.refused)}`)
    if (f.foreign > 0) lines.push(`  ${grouped(f.foreign)} other messages on the topic (not this run's) were ignored`)
  }
  for (const note of report.notes) lines.push(`  note: ${note}`)
  if (report.incomplete !== undefined) lines.push(`  INCOMPLETE: ${report.incomplete}`)
  return lines.join('\n') + '\n'
}

function watchCounts(f: WatchFigures, seq: boolean, time: boolean): string[] {
  const out: string[] = []
  if (seq) out.push(`  counter resets ${grouped(f.resets)}, wrap-arounds ${grouped(f.wraps)} (neither counted as loss)`)
  if (seq && (f.noSequence > 0 || f.badSequence > 0)) {
    out.push(`  ${countOf(f.noSequence, 'message')} without a sequence number at the path, ${grouped(f.badSequence)} with one that is not a whole number ≥ 0`)
  }
  if (time && (f.noTimestamp > 0 || f.badTimestamp > 0))
    out.push(`  ${countOf(f.noTimestamp, 'message')} without a timestamp at the path, ${grouped(f.badTimestamp)} with one that is no time`)
  return out
}

/** A watch's result: the total, then each topic. */
export function watchText(report: WatchReport, url: string): string {
  const seq = report.seqPath !== ''
  const time = report.timePath !== ''
  const note = ' (clock offset included)'
  const lines = [
    `Watch of ${report.filter} on ${url}${seq ? `, sequence at ${report.seqPath}` : ''}${time ? `, timestamp at ${report.timePath}` : ''}`,
    `  ${countOf(report.topicCount, 'topic')}${report.retainedSkipped > 0 ? `, ${countOf(report.retainedSkipped, 'retained message')} skipped` : ''}`,
    ...figureLines(report.total, note),
    ...watchCounts(report.total, seq, time),
  ]
  if (report.untrackedTopics > 0) lines.push(`  ${countOf(report.untrackedTopics, 'topic')} beyond the first ones counted in the total only`)
  for (const t of report.topics) {
    lines.push(`${t.topic}`, ...figureLines(t, note), ...watchCounts(t, seq, time))
  }
  for (const n of report.notes) lines.push(`  note: ${n}`)
  if (report.incomplete !== undefined) lines.push(`  INCOMPLETE: ${report.incomplete}`)
  return lines.join('\n') + '\n'
}
