import { escapeInvisible } from './payload-preview.ts'

/** Where JSON text stops being JSON, for a message a person can act on. */
export interface JsonSyntaxError {
  /** UTF-16 offset of the offending character (text.length: the text ended too soon). */
  readonly offset: number
  /** 1-based. */
  readonly line: number
  /** 1-based, in characters (code points) from the start of the line. */
  readonly column: number
  /** What was expected, e.g. "expected ',' or '}'". */
  readonly reason: string
  /** Up to ~24 characters either side, escaped for display, "⟦here⟧" marking the offset. */
  readonly excerpt: string
}

const EXCERPT_CHARS = 24

/**
 * The first syntax error in `text` by RFC 8259's grammar, or undefined when it is valid JSON.
 * Engines word (and place) JSON.parse errors differently (Safari gives no position at all), so the
 * inspector finds the position itself, after JSON.parse failed. Iterative: a stack of open
 * brackets, never recursion, so 100,000 nested '[' cost an array, not the call stack.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const open: number[] = [] // char codes of the open '{' / '['
  // 'value': a value must come; 'after': a value just ended; 'key': a property name must come
  // ('keyOrEnd' also accepts '}', 'valueOrEnd' also accepts ']'); 'colon': ':' must come.
  let expect: 'value' | 'valueOrEnd' | 'key' | 'keyOrEnd' | 'colon' | 'after' = 'value'
  let i = 0
  const n = text.length
  const fail = (at: number, reason: string) => describeError(text, at, reason)
  for (;;) {
    while (i < n && isSpace(text.charCodeAt(i))) i++
    if (i >= n) break
    const c = text.charCodeAt(i)
    if ((expect === 'valueOrEnd' && c === 0x5d) /* ] */ || (expect === 'keyOrEnd' && c === 0x7d) /* } */) {
      open.pop()
      expect = 'after'
      i++
      continue
    }
    switch (expect) {
      case 'value':
      case 'valueOrEnd': {
        if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
          open.push(c)
          expect = c === 0x7b ? 'keyOrEnd' : 'valueOrEnd'
          i++
          break
        }
        const end = c === 0x22 ? scanString(text, i) : c === 0x2d || isDigit(c) ? scanNumber(text, i) : scanLiteral(text, i)
        if (end < 0) return fail(-end - 1, describeBadValue(text, i, -end - 1))
        i = end
        expect = 'after'
        break
      }
      case 'key':
      case 'keyOrEnd': {
        if (c !== 0x22) return fail(i, expect === 'key' ? 'expected a property name in double quotes' : "expected a property name in double quotes or '}'")
        const end = scanString(text, i)
        if (end < 0) return fail(-end - 1, describeBadValue(text, i, -end - 1))
        i = end
        expect = 'colon'
        break
      }
      case 'colon':
        if (c !== 0x3a) return fail(i, "expected ':' after the property name")
        i++
        expect = 'value'
        break
      case 'after': {
        const top = open[open.length - 1]
        if (top === undefined) return fail(i, 'unexpected text after the JSON value')
        if (c === 0x2c /* , */) expect = top === 0x7b ? 'key' : 'value'
        else if (c === (top === 0x7b ? 0x7d : 0x5d))
          open.pop() // expect stays 'after'
        else return fail(i, top === 0x7b ? "expected ',' or '}'" : "expected ',' or ']'")
        i++
        break
      }
    }
  }
  if (expect === 'after' && open.length === 0) return undefined
  return fail(n, n === 0 ? 'empty: no JSON value' : 'unexpected end of the text')
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09
const isDigit = (c: number) => c >= 0x30 && c <= 0x39

// The scanners return the offset after the token, or -(offset of the bad character) - 1.

function scanString(text: string, start: number): number {
  let i = start + 1
  for (;;) {
    if (i >= text.length) return -text.length - 1
    const c = text.charCodeAt(i)
    if (c === 0x22) return i + 1
    if (c < 0x20) return -i - 1
    if (c === 0x5c /* \ */) {
      const e = text.charCodeAt(i + 1)
      if (e === 0x75 /* u */) {
        for (let k = 2; k < 6; k++) if (!/[0-9a-fA-F]/.test(text.charAt(i + k))) return -(i + k) - 1
        i += 6
      } else if (i + 1 < text.length && '"\\/bfnrt'.includes(text.charAt(i + 1))) i += 2
      else return -(i + 1) - 1
    } else i++
  }
}

function scanNumber(text: string, start: number): number {
  let i = start
  if (text.charCodeAt(i) === 0x2d) i++
  if (text.charCodeAt(i) === 0x30) i++
  else if (isDigit(text.charCodeAt(i))) while (isDigit(text.charCodeAt(i))) i++
  else return -i - 1
  if (text.charCodeAt(i) === 0x2e /* . */) {
    i++
    if (!isDigit(text.charCodeAt(i))) return -i - 1
    while (isDigit(text.charCodeAt(i))) i++
  }
  const e = text.charCodeAt(i)
  if (e === 0x65 || e === 0x45) {
    i++
    const sign = text.charCodeAt(i)
    if (sign === 0x2b || sign === 0x2d) i++
    if (!isDigit(text.charCodeAt(i))) return -i - 1
    while (isDigit(text.charCodeAt(i))) i++
  }
  return i
}

function scanLiteral(text: string, start: number): number {
  for (const word of ['true', 'false', 'null']) {
    if (text.charCodeAt(start) !== word.charCodeAt(0)) continue
    for (let k = 1; k < word.length; k++) if (text.charCodeAt(start + k) !== word.charCodeAt(k)) return -(start + k) - 1
    return start + word.length
  }
  return -start - 1
}

function describeBadValue(text: string, start: number, at: number): string {
  const first = text.charCodeAt(start)
  if (at >= text.length) return first === 0x22 ? 'unterminated string' : 'unexpected end of the text'
  if (first === 0x22) return text.charCodeAt(at) < 0x20 ? 'control character in a string (escape it)' : 'invalid escape in a string'
  if (first === 0x2d || isDigit(first)) return 'invalid number'
  if (at > start) return 'invalid literal (true, false or null)'
  if (first === 0x27 /* ' */) return 'unexpected single quote (JSON strings use double quotes)'
  return 'expected a value'
}

function describeError(text: string, offset: number, reason: string): JsonSyntaxError {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1
  let line = 1
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++
  const column = countCodePoints(text, lineStart, offset) + 1
  const from = avoidSplitPair(text, Math.max(0, offset - EXCERPT_CHARS))
  const to = avoidSplitPair(text, Math.min(text.length, offset + EXCERPT_CHARS))
  const excerpt =
    (from > 0 ? '…' : '') +
    escapeInvisible(text.slice(from, offset)) +
    '⟦' +
    escapeInvisible(text.slice(offset, offset + 1)) +
    '⟧' +
    escapeInvisible(text.slice(offset + 1, to)) +
    (to < text.length ? '…' : '')
  return { offset, line, column, reason, excerpt }
}

function countCodePoints(text: string, from: number, to: number): number {
  let count = 0
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i)
    if (c < 0xdc00 || c > 0xdfff || i === from) count++
    else if (!(text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff)) count++
  }
  return count
}

/** Moves a slice boundary off the middle of a surrogate pair (half a pair would render as U+FFFD). */
function avoidSplitPair(text: string, at: number): number {
  const c = text.charCodeAt(at)
  return at > 0 && c >= 0xdc00 && c <= 0xdfff ? at - 1 : at
}

/** "line 3, column 7: expected ',' or '}' near …"a": 1 ⟦x⟧…" */
export function formatJsonSyntaxError(e: JsonSyntaxError): string {
  return `not valid JSON at line ${e.line}, column ${e.column}: ${e.reason}, near ${e.excerpt}`
}

/**
 * Integer literals in valid JSON `text` that JSON.parse cannot hold exactly (beyond 2^53, such as
 * 64-bit ids), by comparing the literal with the number it became. Best effort: only integers
 * without fraction or exponent are checked; only literals of 16+ digits can lose precision, so
 * text without such a run of digits is not scanned at all. Strings are skipped.
 */
export function countImpreciseIntegers(text: string): number {
  if (!/\d{16}/.test(text)) return 0
  let count = 0
  let i = 0
  const n = text.length
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c === 0x22) {
      i = Math.abs(scanString(text, i)) // valid JSON: always a proper end
      continue
    }
    if (c === 0x2d || isDigit(c)) {
      const end = scanNumber(text, i)
      const literal = text.slice(i, end)
      if (/^-?\d{16,}$/.test(literal)) {
        const parsed = Number(literal) // a 400-digit literal becomes Infinity, which BigInt refuses
        if (!Number.isFinite(parsed) || BigInt(literal) !== BigInt(parsed)) count++
      }
      i = Math.max(end, i + 1)
      continue
    }
    i++
  }
  return count
}
