import type { ChartDecoder } from '../chart-types.ts'
import type { QoS } from '../connection-types.ts'
import { formatPath, parsePath, type JsonPath } from '../json-path.ts'
import { validateFilter } from '../topic-rules.ts'

/** A passive watch over a device stream: a filter, and where each payload keeps its sequence number and timestamp. */
export interface WatchSettings {
  readonly filter: string
  /** JSON path of the sequence number (undefined: none, no loss figures). */
  readonly seqPath: JsonPath | undefined
  /** JSON path of the send time (undefined: none, no latency figures). */
  readonly timePath: JsonPath | undefined
  /** The watch subscription's QoS. */
  readonly qos: QoS
  /** Payloads decoded as Sparkplug B, CBOR or MessagePack before the paths are read (absent: JSON). */
  readonly format?: ChartDecoder
}

/** The page's watch form, or the CLI's flags, as text. */
export interface WatchDraft {
  readonly filter: string
  readonly seqPath: string
  readonly timePath: string
  readonly qos: QoS
  /** 'json' or absent: JSON payloads. */
  readonly format?: 'json' | ChartDecoder
}

/** The settings, or every problem with them (paths as the inspector writes them: seq, data.seq, $.a[0]). */
export function parseWatchDraft(draft: WatchDraft): { settings: WatchSettings } | { problems: string[] } {
  const problems: string[] = []
  const filterProblem = validateFilter(draft.filter)
  if (filterProblem) problems.push(`Watch filter: ${filterProblem}`)
  const path = (label: string, text: string): JsonPath | undefined => {
    if (text.trim() === '') return undefined
    const parsed = parsePath(text.trim())
    if ('error' in parsed) {
      problems.push(`${label}: ${parsed.error} at character ${parsed.offset + 1} of "${text.trim()}"`)
      return undefined
    }
    if (parsed.path.length === 0) problems.push(`${label}: "${text.trim()}" is the whole payload; give a field such as seq or data.seq`)
    return parsed.path
  }
  const seqPath = path('Sequence path', draft.seqPath)
  const timePath = path('Timestamp path', draft.timePath)
  if (draft.qos !== 0 && draft.qos !== 1 && draft.qos !== 2) problems.push('QoS: 0, 1 or 2')
  const format = draft.format === undefined || draft.format === 'json' ? undefined : draft.format
  return problems.length > 0 ? { problems } : { settings: { filter: draft.filter, seqPath, timePath, qos: draft.qos, ...(format ? { format } : {}) } }
}

/** A path as the user wrote it ("" for none). */
export function pathText(path: JsonPath | undefined): string {
  return path === undefined ? '' : formatPath(path)
}

/**
 * A sequence number: a whole JSON number from 0 to 2^53 − 1, or a string of decimal digits (some
 * devices send "17"). Anything else (a fraction, a negative number, "abc", null, an object) is not one.
 */
export function sequenceNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined
  if (typeof value === 'string' && /^\d{1,16}$/.test(value)) {
    const n = Number(value)
    return Number.isSafeInteger(n) ? n : undefined
  }
  return undefined
}
