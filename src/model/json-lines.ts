import { LIMITS } from './limits.ts'
import { escapeInvisible } from './payload-preview.ts'

/**
 * One line of the collapsible JSON view: a container's opening bracket (with its key), its closing
 * bracket, or one value (a scalar, or an empty container as `{}` / `[]`). Text fields are safe to
 * render as text: control, bidi and invisible characters are escaped.
 */
export interface JsonLine {
  /** 0 for the root. */
  depth: number
  /** Raw member name (object) or index (array); undefined for the root and for close lines. */
  key?: string | number
  /** The key as shown: a JSON-quoted, escaped name, or the index. */
  keyText?: string
  kind: 'open' | 'close' | 'value'
  bracket?: '{' | '[' | '}' | ']'
  /** Value lines: the value as JSON text (numbers as JavaScript prints them: 1e+21, -0). */
  text?: string
  /**
   * JSONPath-like, for display: $.a.b[3], $["odd key"]. Paths longer than PATH_CHARS keep only
   * their end, after "$…", so a 10,000-level document does not cost 10,000 × 30,000 characters;
   * jsonPathAt gives the whole path of any line.
   */
  path: string
  /** Open lines: members or elements in the container. Empty containers: 0. */
  childCount?: number
  /** Open lines: index of the matching close line; undefined when it is beyond the line budget. */
  closeIndex?: number
  /** A number that is an integer outside ±2^53: it may not be what the payload said. */
  lossy?: true
}

export interface JsonLines {
  lines: JsonLine[]
  /** The document has more lines than the budget: the view must say it shows only the first ones. */
  truncated: boolean
}

/** Longest display path kept whole; longer ones keep their last PATH_CHARS characters. */
export const PATH_CHARS = 240

interface Frame {
  readonly container: object
  /** Object member names, or undefined for an array. */
  readonly keys: string[] | undefined
  readonly length: number
  next: number
  readonly openIndex: number
  readonly path: string
  readonly depth: number
}

/**
 * Flattens a parsed JSON value (from JSON.parse) into lines, in document order, with an explicit
 * stack: JSON.parse handles 100,000 levels of nesting, and so must everything after it (a
 * recursive walk, JSON.stringify and structuredClone all overflow the call stack there). At most
 * `limit` lines are built (at least the first), so a huge document costs only what is shown.
 * What JSON.parse does not keep cannot be shown: members come in JavaScript's key order (integer-
 * like names first), and of duplicate names only the last survives.
 */
export function jsonLines(value: unknown, limit: number = LIMITS.display.jsonLines): JsonLines {
  const lines: JsonLine[] = []
  const stack: Frame[] = []
  const emit = (v: unknown, key: string | number | undefined, path: string, depth: number): void => {
    const line: JsonLine = { depth, kind: 'value', path }
    if (key !== undefined) {
      line.key = key
      line.keyText = typeof key === 'number' ? String(key) : escapeInvisible(JSON.stringify(key))
    }
    if (v !== null && typeof v === 'object') {
      const keys = Array.isArray(v) ? undefined : Object.keys(v)
      const length = keys === undefined ? (v as unknown[]).length : keys.length
      line.childCount = length
      if (length === 0) line.text = keys === undefined ? '[]' : '{}'
      else {
        line.kind = 'open'
        line.bracket = keys === undefined ? '[' : '{'
        stack.push({ container: v, keys, length, next: 0, openIndex: lines.length, path, depth })
      }
    } else {
      line.text = scalarText(v)
      if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) line.lossy = true
      if (typeof v === 'number' && !Number.isFinite(v)) line.lossy = true
    }
    lines.push(line)
  }

  emit(value, undefined, '$', 0)
  while (stack.length > 0 && lines.length < limit) {
    const frame = stack[stack.length - 1]!
    if (frame.next < frame.length) {
      const index = frame.next++
      if (frame.keys === undefined) {
        emit((frame.container as unknown[])[index], index, childPath(frame.path, index), frame.depth + 1)
      } else {
        const key = frame.keys[index]!
        emit((frame.container as Record<string, unknown>)[key], key, childPath(frame.path, key), frame.depth + 1)
      }
    } else {
      stack.pop()
      const open = lines[frame.openIndex]!
      open.closeIndex = lines.length
      lines.push({ depth: frame.depth, kind: 'close', bracket: open.bracket === '{' ? '}' : ']', path: frame.path })
    }
  }
  return { lines, truncated: stack.length > 0 }
}

function scalarText(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v) // JSON.stringify would print Infinity as null
  if (typeof v === 'string') return escapeInvisible(JSON.stringify(v))
  return String(v) // true, false, null
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** `$.a` / `$["a b"]` / `$[3]`, exact (not escaped for display). */
function segment(key: string | number): string {
  if (typeof key === 'number') return `[${key}]`
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`
}

function childPath(parent: string, key: string | number): string {
  const seg = typeof key === 'number' ? segment(key) : escapeInvisible(segment(key))
  const path = parent + seg
  return path.length <= PATH_CHARS ? path : '$…' + path.slice(path.length - PATH_CHARS + 2)
}

/**
 * The whole path of lines[index] (for "copy path"), exact, not escaped. Walks back through the
 * parents: the parent of a line is the nearest open line before it one level up.
 */
export function jsonPathAt(lines: readonly JsonLine[], index: number): string {
  let at = index
  if (lines[at]?.kind === 'close') {
    // A close line belongs to its container: the open line whose closeIndex points at it.
    while (at >= 0 && lines[at]!.closeIndex !== index) at--
  }
  const segments: string[] = []
  for (let line = lines[at]; line !== undefined && line.key !== undefined; line = lines[at]) {
    segments.push(segment(line.key))
    const parentDepth = line.depth - 1
    do at--
    while (at >= 0 && !(lines[at]!.kind === 'open' && lines[at]!.depth === parentDepth))
  }
  return '$' + segments.reverse().join('')
}

/** Indentation stops growing here, so a 2,500-level document does not print megabytes of spaces. */
const MAX_INDENT = 32

/**
 * One line as pretty-printed JSON text (two-space indent, no trailing commas), for line diffs:
 * without commas, appending a member changes one line, not two.
 */
export function jsonLineText(line: JsonLine): string {
  const indent = line.depth <= MAX_INDENT ? '  '.repeat(line.depth) : `${'  '.repeat(MAX_INDENT)}⋯${line.depth} `
  const key = line.key !== undefined && typeof line.key === 'string' ? `${line.keyText}: ` : ''
  return indent + key + (line.text ?? line.bracket ?? '')
}
