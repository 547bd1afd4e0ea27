import { useId } from 'react'
import type { MeasureFigures } from '@/model/measure/measure-figures.ts'
import { msText, percentText, rateText } from '@/model/measure/measure-format.ts'
import { grouped } from '@/model/measure/probe-settings.ts'

export interface Figure {
  readonly label: string
  readonly value: string
  readonly detail?: string
}

/** The article's figures first (throughput, latency, loss rate), then what they come from. */
export function mainFigures(f: MeasureFigures, latencyDetail?: string): Figure[] {
  return [
    { label: 'Throughput', value: `${rateText(f.throughputMsgS)} msg/s`, detail: `${rateText(f.throughputMsgMin)} msg/min` },
    { label: 'Latency p50', value: f.latency ? msText(f.latency.p50) : '–', ...(latencyDetail ? { detail: latencyDetail } : {}) },
    { label: 'Latency p99', value: f.latency ? msText(f.latency.p99) : '–', ...(f.latency ? { detail: `max ${msText(f.latency.max)}` } : {}) },
    { label: 'Loss rate', value: percentText(f.lossRate), detail: `${grouped(f.lost)} of ${grouped(f.sent)} lost` },
    { label: 'Duplicates', value: grouped(f.duplicates) },
    { label: 'Out of order', value: grouped(f.outOfOrder) },
    { label: 'Sent', value: grouped(f.sent) },
    { label: 'Received', value: grouped(f.received) },
  ]
}

/**
 * Labelled figures, each a group named by its label (like the broker dashboard's cards), so a figure
 * is found by what it shows: the group "Loss rate" holds "0 %".
 */
export function FigureList({ figures, label }: { figures: readonly Figure[]; label: string }) {
  const id = useId()
  return (
    <div className="measure-figures" role="group" aria-label={label}>
      {figures.map((figure, i) => (
        <div className="measure-figure" role="group" aria-labelledby={`${id}-${i}`} key={figure.label}>
          <dl>
            <dt id={`${id}-${i}`}>{figure.label}</dt>
            <dd className="measure-value">{figure.value}</dd>
            {figure.detail !== undefined && <dd className="measure-detail">{figure.detail}</dd>}
          </dl>
        </div>
      ))}
    </div>
  )
}
