import type { ChartDecoder } from '@/model/chart-types.ts'
import type { BinaryFormatId } from '@/model/decoded-value.ts'
import { escapeInvisible } from '@/model/payload-preview.ts'
import type { LineChartTarget } from './json-chart.ts'

/** The chart decoder of a decoded view's format (Protobuf series decode with the topic's rule in the worker). */
export function chartDecoderOf(format: BinaryFormatId): ChartDecoder | undefined {
  return format
}

/**
 * What a decoded view's "Chart" button pins. Sparkplug B: only a metric's value line
 * (metrics.<name>.value), pinned as the metric by name (path [name]), so the series follows the
 * metric across rebirths whatever its alias; seq, aliases and timestamps are not offered. CBOR,
 * MessagePack and Protobuf: every number and boolean (and arrays of them), by its path, like JSON.
 */
export function decodedChartTarget(decoder: ChartDecoder, target: LineChartTarget): LineChartTarget | undefined {
  if (decoder !== 'sparkplug') return target
  const [metrics, name, value] = target.path
  if (target.elements !== undefined || target.path.length !== 3 || metrics !== 'metrics' || value !== 'value' || typeof name !== 'string') return undefined
  return { path: [name], label: `Chart ${escapeInvisible(name)}` }
}
