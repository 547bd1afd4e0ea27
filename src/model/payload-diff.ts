import { formatBytes } from './display-window.ts'
import { diffJsonKeys, type KeyDiff } from './json-key-diff.ts'
import { jsonLines, jsonLineText } from './json-lines.ts'
import { type DiffHunk, diffLines } from './line-diff.ts'
import { LIMITS } from './limits.ts'
import { escapeInvisible } from './payload-preview.ts'
import { looksBinary, parseJsonText } from './payload-decoders.ts'
import { decodeUtf8 } from './utf8-text.ts'

export type { DiffHunk } from './line-diff.ts'
export type { KeyChange } from './json-key-diff.ts'

/** How two JSON documents are compared: key by key (json-key-diff.ts), or as pretty-printed lines. */
export type JsonDiffMode = 'keys' | 'lines'

/** A message compared with another message of its topic (by default the one before it). */
export type PayloadDiff =
  /** Byte for byte the same. */
  | { readonly kind: 'identical' }
  /**
   * Text compared line by line: JSON (format 'json') as its pretty-printed lines, so a reformatted
   * document shows only real changes (added = removed = 0 when only the formatting changed).
   * Lines are safe to render as text (control/bidi characters escaped).
   */
  | { readonly kind: 'lines'; readonly format: 'json' | 'text'; readonly hunks: DiffHunk[]; readonly added: number; readonly removed: number }
  /**
   * Two JSON objects or arrays compared key by key (JsonDiffMode 'keys'): the key paths that were
   * added, removed or changed, with their values. No changes: only the formatting or key order differs.
   */
  | ({ readonly kind: 'keys' } & KeyDiff)
  /**
   * Binary payloads (or text against binary): where they differ. firstDifference is the first
   * differing offset (the shorter length when one is a prefix of the other); changedBytes counts
   * the offsets both have that differ, plus the length difference.
   */
  | {
      readonly kind: 'bytes'
      readonly sameLength: boolean
      readonly firstDifference: number
      readonly changedBytes: number
      readonly oldBytes: number
      readonly newBytes: number
    }
  /** Past a bound of LIMITS.diff: `reason` says which, for the view to show. */
  | { readonly kind: 'too-large'; readonly reason: string }

/** Characters of a value a key change shows (its compact JSON, cut with '…'). */
const KEY_VALUE_CHARS = 160

export interface DiffLimits {
  readonly textBytes: number
  readonly lines: number
  readonly editDistance: number
  readonly binaryBytes: number
  readonly contextLines: number
}

/** What a payload is, for diffing: each side is decoded and parsed once. */
type Side = { kind: 'binary' } | { kind: 'big-text' } | { kind: 'text'; text: string } | { kind: 'json'; text: string; value: unknown }

/**
 * Diffs `current` against `previous`. Bounded by `limits` so it stays in tens of milliseconds
 * whatever the payloads (it runs in the worker, between batches): text over textBytes or
 * `lines` lines, more than editDistance changed lines, or binary payloads over binaryBytes give
 * 'too-large' with the reason instead of a long computation. Two JSON objects or arrays are
 * compared as `json` says: by key path (at most editDistance changes listed, all counted) or by line.
 */
export function diffPayloads(previous: Uint8Array, current: Uint8Array, limits: DiffLimits = LIMITS.diff, json: JsonDiffMode = 'lines'): PayloadDiff {
  if (Math.max(previous.length, current.length) > limits.binaryBytes) {
    return { kind: 'too-large', reason: `payload larger than ${formatBytes(limits.binaryBytes)}` }
  }
  const first = firstDifference(previous, current)
  if (first === undefined) return { kind: 'identical' }

  const before = classify(previous, limits)
  const after = classify(current, limits)
  if (before.kind === 'binary' || after.kind === 'binary') return bytesDiff(previous, current, first)
  if (before.kind === 'big-text' || after.kind === 'big-text') {
    return { kind: 'too-large', reason: `text larger than ${formatBytes(limits.textBytes)}` }
  }

  const format = before.kind === 'json' && after.kind === 'json' ? 'json' : 'text'
  if (format === 'json' && json === 'keys' && before.kind === 'json' && after.kind === 'json') {
    return { kind: 'keys', ...diffJsonKeys(before.value, after.value, { maxChanges: limits.editDistance, valueChars: KEY_VALUE_CHARS }) }
  }
  const a = format === 'json' ? prettyLines(before, limits.lines) : before.text.split('\n')
  const b = format === 'json' ? prettyLines(after, limits.lines) : after.text.split('\n')
  if (a === undefined || b === undefined || a.length > limits.lines || b.length > limits.lines) {
    return { kind: 'too-large', reason: `more than ${limits.lines.toLocaleString('en')} lines` }
  }
  // JSON lines are escaped already (json-lines.ts); escaping is idempotent, so one `show` fits both.
  const diff = diffLines(a, b, { maxEditDistance: limits.editDistance, context: limits.contextLines, show: escapeInvisible })
  if (diff === undefined) return { kind: 'too-large', reason: `more than ${limits.editDistance.toLocaleString('en')} changed lines` }
  return { kind: 'lines', format, ...diff }
}

/**
 * Two decoded binary payloads (CBOR, MessagePack, Protobuf, Sparkplug B: model/decoded-value.ts)
 * compared as JSON documents are: by key path or by their pretty-printed lines, within `limits`.
 */
export function diffDecoded(before: unknown, after: unknown, limits: DiffLimits = LIMITS.diff, json: JsonDiffMode = 'keys'): PayloadDiff {
  if (json === 'keys') {
    const keys = diffJsonKeys(before, after, { maxChanges: limits.editDistance, valueChars: KEY_VALUE_CHARS })
    return keys.added + keys.removed + keys.changed === 0 ? { kind: 'identical' } : { kind: 'keys', ...keys }
  }
  const a = prettyLines({ kind: 'json', text: '', value: before }, limits.lines)
  const b = prettyLines({ kind: 'json', text: '', value: after }, limits.lines)
  if (a === undefined || b === undefined) return { kind: 'too-large', reason: `more than ${limits.lines.toLocaleString('en')} lines` }
  const diff = diffLines(a, b, { maxEditDistance: limits.editDistance, context: limits.contextLines, show: escapeInvisible })
  if (diff === undefined) return { kind: 'too-large', reason: `more than ${limits.editDistance.toLocaleString('en')} changed lines` }
  return { kind: 'lines', format: 'json', ...diff }
}

/** Binary or not as detectView decides, so the diff compares what the view shows. */
function classify(bytes: Uint8Array, limits: DiffLimits): Side {
  if (looksBinary(bytes)) return { kind: 'binary' }
  if (bytes.length > limits.textBytes) return { kind: 'big-text' }
  const decoded = decodeUtf8(bytes) // invalid beyond the sniffed start: compared as bytes
  if ('error' in decoded) return { kind: 'binary' }
  const text = decoded.value
  // Only objects and arrays are worth pretty-printing; a scalar reads the same as its text.
  const first = text.trimStart().charAt(0) // trimStart also skips a BOM, as parseJsonText does
  if (first === '{' || first === '[') {
    const parsed = parseJsonText(text)
    if ('value' in parsed) return { kind: 'json', text, value: parsed.value.value }
  }
  return { kind: 'text', text }
}

/** The pretty-printed lines of a JSON side, or undefined past maxLines. */
function prettyLines(side: Side, maxLines: number): string[] | undefined {
  if (side.kind !== 'json') return undefined
  const { lines, truncated } = jsonLines(side.value, maxLines + 1)
  return truncated || lines.length > maxLines ? undefined : lines.map(jsonLineText)
}

/** `first`: the first differing offset (firstDifference), so the equal prefix is not read twice. */
function bytesDiff(previous: Uint8Array, current: Uint8Array, first: number): PayloadDiff {
  const common = Math.min(previous.length, current.length)
  let changed = 0
  for (let i = first; i < common; i++) if (previous[i] !== current[i]) changed++
  return {
    kind: 'bytes',
    sameLength: previous.length === current.length,
    firstDifference: first,
    changedBytes: changed + Math.abs(previous.length - current.length),
    oldBytes: previous.length,
    newBytes: current.length,
  }
}

/** The first offset where the payloads differ (the shorter one's length if one is a prefix of the other). */
function firstDifference(a: Uint8Array, b: Uint8Array): number | undefined {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i
  return a.length === b.length ? undefined : n
}
