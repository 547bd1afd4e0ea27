import { type DisplayWindow, describeWindow, displayWindow, formatBytes, utf8SafeCut } from './display-window.ts'
import { base64Window } from './base64.ts'
import { type HexLine, hexDump } from './hex-dump.ts'
import { countImpreciseIntegers, findJsonSyntaxError, formatJsonSyntaxError } from './json-source.ts'
import { type JsonLine, jsonLines } from './json-lines.ts'
import { LIMITS } from './limits.ts'
import { decodeTextLossy, decodeUtf8, findInvalidUtf8, textForDisplay } from './utf8-text.ts'

/**
 * One way of showing a payload. Decoders are plain objects in a list (PAYLOAD_DECODERS) and return
 * failure as a value: a payload that is not JSON is an everyday case, not an exception. Every
 * decoder reads at most LIMITS.display.bytes of the payload and says so in its window, so a
 * payload of hundreds of MB costs what a view shows. Values are plain data, safe to postMessage.
 */
export interface PayloadDecoder<T> {
  readonly id: 'json' | 'text' | 'hex' | 'base64'
  readonly label: 'JSON' | 'Text' | 'Hex' | 'Base64'
  decode(bytes: Uint8Array): { value: T } | { error: string }
}

export type PayloadViewId = PayloadDecoder<unknown>['id']
export type DecodeResult<T> = { value: T } | { error: string }

export interface TextView {
  /** The decoded text, exactly (for copying). */
  readonly text: string
  /** The text to render (as a text node): escapes for control/bidi/invisible characters, real \n and \t. */
  readonly display: string
  /** Bytes shown as \xNN escapes (lossyTextView only; 0 when the text is the payload's exact UTF-8). */
  readonly invalidBytes: number
  readonly window: DisplayWindow
}

/**
 * The JSON view. It carries lines, not the parsed value: structuredClone (postMessage) and
 * JSON.stringify recurse, and overflow the stack on a deeply nested value that JSON.parse accepted.
 */
export interface JsonView {
  readonly lines: JsonLine[]
  /** More lines than lineLimit: only the first lineLimit are in `lines`. */
  readonly truncated: boolean
  readonly lineLimit: number
  /** Some integer in the payload is not exactly what JSON.parse made of it (see impreciseIntegers). */
  readonly precisionLoss: boolean
  /** How many integer literals lost precision (best effort: integers only, json-source.ts). */
  readonly impreciseIntegers: number
  /** The payload starts with a UTF-8 byte order mark, which JSON.parse would refuse; it was skipped. */
  readonly bom: boolean
  readonly window: DisplayWindow
}

export interface HexView {
  readonly lines: HexLine[]
  readonly window: DisplayWindow
}

export interface Base64View {
  readonly text: string
  readonly window: DisplayWindow
}

/** A parsed JSON payload. The value itself can be nested 100,000 deep: walk it without recursion. */
export interface ParsedJson {
  readonly value: unknown
  readonly impreciseIntegers: number
  readonly bom: boolean
}

/**
 * Parses a payload as JSON (strict UTF-8, then JSON.parse). Errors say where: the byte offset of
 * invalid UTF-8, or the line and column of the first JSON syntax error with an excerpt. Payloads
 * over `limit` bytes are not parsed (a cut JSON text is never valid, and parsing 200 MB would
 * freeze the worker).
 */
export function parseJsonPayload(bytes: Uint8Array, limit: number = LIMITS.display.bytes): DecodeResult<ParsedJson> {
  if (bytes.length > limit) return { error: `too large to parse as JSON: ${formatBytes(bytes.length)} (the limit is ${formatBytes(limit)})` }
  const decoded = decodeUtf8(bytes)
  if ('error' in decoded) return { error: decoded.error }
  return parseJsonText(decoded.value)
}

/** parseJsonPayload for text already decoded (strict UTF-8). A leading BOM is skipped. */
export function parseJsonText(decoded: string): DecodeResult<ParsedJson> {
  const bom = decoded.charCodeAt(0) === 0xfeff
  const text = bom ? decoded.slice(1) : decoded
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    const syntax = findJsonSyntaxError(text)
    // No syntax error found: the engine refused valid JSON (some engines cap nesting depth).
    return { error: syntax ? formatJsonSyntaxError(syntax) : `could not parse JSON: ${e instanceof Error ? e.message : String(e)}` }
  }
  return { value: { value, impreciseIntegers: countImpreciseIntegers(text), bom } }
}

export const jsonDecoder: PayloadDecoder<JsonView> = {
  id: 'json',
  label: 'JSON',
  decode(bytes) {
    const parsed = parseJsonPayload(bytes)
    if ('error' in parsed) return parsed
    const { value, impreciseIntegers, bom } = parsed.value
    const lineLimit = LIMITS.display.jsonLines
    const { lines, truncated } = jsonLines(value, lineLimit)
    const window = describeWindow(bytes.length, bytes.length)
    return { value: { lines, truncated, lineLimit, precisionLoss: impreciseIntegers > 0, impreciseIntegers, bom, window } }
  },
}

export const textDecoder: PayloadDecoder<TextView> = {
  id: 'text',
  label: 'Text',
  decode(bytes) {
    // Validity is judged on the shown window: bytes beyond it are not read.
    const shown = utf8SafeCut(bytes, LIMITS.display.bytes)
    const decoded = decodeUtf8(shown)
    if ('error' in decoded) return { error: decoded.error }
    const display = textForDisplay(decoded.value, { multiline: true })
    return { value: { text: decoded.value, display, invalidBytes: 0, window: describeWindow(shown.length, bytes.length) } }
  },
}

/** The Text view for a payload the text decoder refused: invalid bytes shown as \xNN, never U+FFFD. */
export function lossyTextView(bytes: Uint8Array): TextView {
  const shown = utf8SafeCut(bytes, LIMITS.display.bytes)
  const { text, invalidBytes } = decodeTextLossy(shown)
  return { text, display: textForDisplay(text, { multiline: true }), invalidBytes, window: describeWindow(shown.length, bytes.length) }
}

export const hexDecoder: PayloadDecoder<HexView> = {
  id: 'hex',
  label: 'Hex',
  decode(bytes) {
    // The first window; hexDump(bytes, { offset, length }) pages through the rest.
    const window = displayWindow(bytes.length)
    return { value: { lines: hexDump(bytes, { offset: 0, length: window.shownBytes }), window } }
  },
}

export const base64Decoder: PayloadDecoder<Base64View> = {
  id: 'base64',
  label: 'Base64',
  decode(bytes) {
    // Whole 3-byte groups only, so the text is a prefix of the whole payload's Base64.
    const limit = Math.floor(LIMITS.display.bytes / 3) * 3
    const { text, byteLength } = base64Window(bytes, 0, limit)
    return { value: { text, window: describeWindow(byteLength, bytes.length) } }
  },
}

/** Every view, in the order the inspector offers them. */
export const PAYLOAD_DECODERS = [jsonDecoder, textDecoder, hexDecoder, base64Decoder] as const

/** The value each view's decoder returns. */
export interface PayloadViews {
  json: JsonView
  text: TextView
  hex: HexView
  base64: Base64View
}

const BY_ID: { [K in PayloadViewId]: PayloadDecoder<PayloadViews[K]> } = {
  json: jsonDecoder,
  text: textDecoder,
  hex: hexDecoder,
  base64: base64Decoder,
}

export function decodeAs<K extends PayloadViewId>(id: K, bytes: Uint8Array): DecodeResult<PayloadViews[K]> {
  return BY_ID[id].decode(bytes)
}

/**
 * The view a payload opens in. JSON when it is a JSON object, array or string (a quoted string is
 * shown unescaped); a bare number, true, false or null stays Text, where it reads the same. Hex
 * when the payload looksBinary; Text otherwise (and for an empty payload). Costs O(sniffBytes),
 * plus one JSON.parse only when the payload fits the display limit and starts like JSON.
 */
export function detectView(bytes: Uint8Array): 'json' | 'text' | 'hex' {
  if (bytes.length === 0) return 'text'
  if (looksBinary(bytes)) return 'hex'
  if (bytes.length <= LIMITS.display.bytes && startsLikeJson(bytes)) {
    const parsed = parseJsonPayload(bytes)
    if ('value' in parsed) {
      const v = parsed.value.value
      if ((v !== null && typeof v === 'object') || typeof v === 'string') return 'json'
    }
  }
  return 'text'
}

/**
 * Binary, judged from the first LIMITS.display.sniffBytes: not valid UTF-8 there, or more than 1
 * control byte in 32 (\t \n \r and form feed are text). O(sniffBytes) whatever the payload size.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const head = utf8SafeCut(bytes, LIMITS.display.sniffBytes)
  if (findInvalidUtf8(head) !== undefined) return true
  let controls = 0
  for (let i = 0; i < head.length; i++) {
    const b = head[i]!
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f) controls++
  }
  return controls * 32 > head.length
}

/** The first byte after whitespace (and a BOM) is '{', '[' or '"'. */
function startsLikeJson(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++
  const b = bytes[i]
  return b === 0x7b || b === 0x5b || b === 0x22
}
