/** The Packets panel's text of one entry (pure; the panel renders it as text, never HTML). */
import type { PacketEntry, PacketValue } from './packet-types.ts'

/** "+3.2 ms since request" / "+1.25 s since request". */
export function ackText(ms: number): string {
  return ms < 1000 ? `+${ms.toFixed(1)} ms since request` : `+${(ms / 1000).toFixed(2)} s since request`
}

function valueText(value: PacketValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** "key=value key=value": an object's fields on one line. */
export function fieldsText(fields: { readonly [key: string]: PacketValue } | undefined): string {
  if (fields === undefined) return ''
  return Object.entries(fields)
    .map(([key, value]) => `${key}=${valueText(value)}`)
    .join(' ')
}

/** Everything after type and flags: topic, reasons, options, properties. */
export function packetSummary(entry: PacketEntry): string {
  const parts: string[] = []
  if (entry.topic !== undefined) parts.push(entry.topic)
  if (entry.reasons) parts.push(entry.reasons.join(', '))
  const details = fieldsText(entry.details)
  if (details !== '') parts.push(details)
  if (entry.properties) parts.push(`properties: ${fieldsText(entry.properties)}`)
  return parts.join(' · ')
}
