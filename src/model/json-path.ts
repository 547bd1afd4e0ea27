import type { JsonLine } from './json-lines.ts'

/**
 * A path into a parsed JSON value, as segments: a string is an object member name, a number an
 * array index. `[]` is the root: the whole payload. `["0"]` (member "0") and `[0]` (element 0) are
 * different paths, as they are different places in JSON.
 */
export type Segment = string | number
export type JsonPath = readonly Segment[]

// Names written bare. No '$', so a formatted path never starts with one and parsePath can accept
// a leading '$' (the inspector's "$.a[0]" form) without ambiguity.
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

// The characters escapeInvisible (payload-preview.ts) makes visible, plus lone surrogates (which
// JSON.stringify escapes itself): written as \uXXXX so a label never hides or reorders text, and
// JSON.parse still reads the name back exactly.
const INVISIBLE = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g

function quoteName(name: string): string {
  return JSON.stringify(name).replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/**
 * The path as people read it and as the UI names its buttons ("Chart sensors[0].value"):
 * `temp`, `a.b`, `sensors[0].value`, `["odd key"].x`, `a["0"]` (a member named "0"), `[2]` (an
 * element of a top-level array); `''` for the root. Names that are not identifiers are written as
 * JSON strings, with control, bidi and zero-width characters escaped (\u202e), so the text is
 * exact and safe to show; parsePath reads it back to the same segments.
 */
export function formatPath(path: JsonPath): string {
  let out = ''
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`
    else out += `[${quoteName(segment)}]`
  }
  return out
}

export interface PathError {
  readonly error: string
  /** UTF-16 offset in the text where it went wrong. */
  readonly offset: number
}

/**
 * The inverse of formatPath: `''` is the root; a leading `$` (the inspector's "Copy path" form,
 * `$.a[0]`) or `.` (jq's `.a`) is accepted. Indexes are decimal, without leading zeros, at most
 * 2^53 - 1; quoted names are JSON strings (double quotes, JSON escapes, no raw control
 * characters). No spaces anywhere. Errors are values.
 */
export function parsePath(text: string): { path: Segment[] } | PathError {
  const path: Segment[] = []
  const dollar = text.startsWith('$')
  let i = dollar ? 1 : 0
  const fail = (offset: number, error: string): PathError => ({ error, offset })
  while (i < text.length) {
    const c = text[i]!
    if (c === '[') {
      const close = text[i + 1] === '"' ? scanString(text, i + 1) : text.indexOf(']', i)
      if (close < 0) return fail(i, text[i + 1] === '"' ? 'unterminated name' : "missing ']'")
      if (text[i + 1] === '"') {
        if (text[close] !== ']') return fail(close, "expected ']' after the name")
        let name: unknown
        try {
          name = JSON.parse(text.slice(i + 1, close))
        } catch {
          return fail(i + 1, 'the name is not a valid JSON string')
        }
        path.push(name as string)
      } else {
        const digits = text.slice(i + 1, close)
        if (!/^(0|[1-9][0-9]*)$/.test(digits)) return fail(i + 1, 'expected an index (0, 1, 2, ...) or a quoted name')
        const index = Number(digits)
        if (!Number.isSafeInteger(index)) return fail(i + 1, 'index too large')
        path.push(index)
      }
      i = close + 1
    } else {
      const dotted = c === '.'
      // Only a path's first name may be bare (`a.b`, `a[0].b`, `$.a`); a leading '.' (jq's `.a`) is fine.
      if (!dotted && (dollar || i !== 0)) return fail(i, "expected '.' or '['")
      const start = dotted ? i + 1 : i
      let end = start
      while (end < text.length && /[A-Za-z0-9_]/.test(text[end]!)) end++
      const name = text.slice(start, end)
      if (!IDENTIFIER.test(name)) return fail(start, name === '' ? 'expected a name' : 'a bare name starts with a letter or _ (quote others: ["1a"])')
      path.push(name)
      i = end
    }
  }
  return { path }
}

/** The index of the closing quote's successor for a JSON string starting at text[start] === '"'; -1 if unterminated. */
function scanString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]
    if (c === '\\') i++
    else if (c === '"') return i + 1
  }
  return -1
}

/**
 * The value at `path` in a parsed JSON value (from JSON.parse), or undefined when the path does
 * not exist. A name matches only an object's own member (never an array's "length", never
 * "__proto__" or "toString" from the prototype); an index matches only an array element.
 * JSON has no undefined, so `undefined` means missing, and `{ value: null }` is a null that is there.
 */
export function valueAtPath(parsed: unknown, path: JsonPath): { value: unknown } | undefined {
  let at: unknown = parsed
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(at) || !Number.isInteger(segment) || segment < 0 || segment >= at.length) return undefined
      at = at[segment]
    } else {
      if (at === null || typeof at !== 'object' || Array.isArray(at) || !Object.hasOwn(at, segment)) return undefined
      at = (at as Record<string, unknown>)[segment]
    }
  }
  return { value: at }
}

/**
 * The segments of lines[index] in the inspector's JSON view (json-lines.ts), for its "Chart
 * <path>" buttons: the same walk as jsonPathAt, giving segments instead of text (a close line
 * gives its container's path).
 */
export function pathOfLine(lines: readonly JsonLine[], index: number): Segment[] {
  const path: Segment[] = []
  let at = index
  if (lines[at]?.kind === 'close') {
    // A close line belongs to its container: the open line whose closeIndex points at it.
    while (at >= 0 && lines[at]!.closeIndex !== index) at--
  }
  for (let line = lines[at]; line !== undefined && line.key !== undefined; line = lines[at]) {
    path.push(line.key)
    const parentDepth = line.depth - 1
    do at--
    while (at >= 0 && !(lines[at]!.kind === 'open' && lines[at]!.depth === parentDepth))
  }
  return path.reverse()
}

/** Same segments, in the same order. */
export function samePath(a: JsonPath, b: JsonPath): boolean {
  return a.length === b.length && a.every((segment, i) => segment === b[i])
}
