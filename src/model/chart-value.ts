import { type JsonPath, type Segment, valueAtPath } from './json-path.ts'
import { LIMITS } from './limits.ts'

/**
 * Why a message gave no point to a series; each is counted per series and shown ("12 values not
 * numeric"), never plotted as 0.
 * - 'not-numeric': the value is there but is not a number or boolean (text, null, an object, a
 *   numeric string such as "23.5" in JSON, a number JSON cannot hold such as 1e400).
 * - 'missing': the payload is JSON but has nothing at the path.
 * - 'invalid-json': a path is pinned but the payload is not JSON (or not UTF-8).
 * - 'too-large': a path is pinned but the payload is over LIMITS.charts.jsonBytes, so it was not parsed.
 * - 'undecodable': a decoded series (Sparkplug B, CBOR, MessagePack) whose payload does not decode.
 * - 'inexact': an integer beyond ±2^53 (a 64-bit value): a double would change its digits, so it
 *   is refused rather than plotted near its value.
 */
export const SKIP_REASONS = ['not-numeric', 'missing', 'invalid-json', 'too-large', 'undecodable', 'inexact'] as const
export type SkipReason = (typeof SKIP_REASONS)[number]
export interface Skip {
  readonly skip: SkipReason
}

/** A point's value, or why there is none. */
export type Extracted = number | Skip

// One frozen object per reason: extraction allocates nothing for a skip.
const SKIP: { readonly [R in SkipReason]: Skip } = {
  'not-numeric': Object.freeze({ skip: 'not-numeric' }),
  missing: Object.freeze({ skip: 'missing' }),
  'invalid-json': Object.freeze({ skip: 'invalid-json' }),
  'too-large': Object.freeze({ skip: 'too-large' }),
  undecodable: Object.freeze({ skip: 'undecodable' }),
  inexact: Object.freeze({ skip: 'inexact' }),
}

/** The shared skip value for a reason (decoded series use these too). */
export function skipOf(reason: SkipReason): Skip {
  return SKIP[reason]
}

const SKIP_TEXT: { readonly [R in SkipReason]: string } = {
  'not-numeric': 'not numeric',
  missing: 'missing',
  'invalid-json': 'not JSON',
  'too-large': 'too large to parse',
  undecodable: 'not decodable',
  inexact: 'beyond ±2^53 (64-bit integers, not exact as numbers)',
}

/** "12 values not numeric", "1 value missing": what a skip counter says. */
export function skipText(reason: SkipReason, count: number): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? 'value' : 'values'} ${SKIP_TEXT[reason]}`
}

// Decimal only: optional sign, digits with an optional fraction (or a bare fraction), optional
// exponent. No hex/octal/binary (0x10 is more likely an id than sixteen), no "Infinity"/"NaN",
// no digit separators, no units.
const DECIMAL = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/

/**
 * A plain payload's text as a number, by the chart rules: surrounding whitespace ignored; a finite
 * decimal number (`23.5`, `-4`, `1e3`, `.5`, `5.`, `007`, and `+2`: devices that print an explicit
 * sign mean the number); `true` / `false` as 1 / 0 (lowercase, as JSON writes them). Not numbers:
 * `''`, hex (`0x10`), `NaN`, `Infinity`, `1_000`, `23.5 °C`, `"23.5"` (quoted), and decimals too big
 * for a double (`1e400`).
 */
export function plainNumber(text: string): number | undefined {
  const trimmed = text.trim()
  if (trimmed === 'true') return 1
  if (trimmed === 'false') return 0
  if (!DECIMAL.test(trimmed)) return undefined
  const n = Number(trimmed)
  return Number.isFinite(n) ? n : undefined
}

/**
 * A parsed JSON value as a chart value: a finite number as it is, a boolean as 1 / 0; anything
 * else (a string, even "23.5" — strings holding digits are usually ids, serials or codes, and the
 * counter says why nothing is plotted — null, an array, an object) is not chartable.
 */
export function chartableNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) && BigInt(Number(value)) === value ? Number(value) : undefined
  if (typeof value === 'boolean') return value ? 1 : 0
  return undefined
}

// Lenient about a leading BOM (stripped; RFC 8259 allows ignoring it); strict about UTF-8 for JSON.
const lenient = new TextDecoder()
const strict = new TextDecoder('utf-8', { fatal: true })

/**
 * Parses a payload as JSON for path extraction, with the bounds of the chart rules: a payload over
 * LIMITS.charts.jsonBytes is not parsed ('too-large'); one that is not UTF-8 or not JSON is
 * 'invalid-json'.
 */
export function parsePayloadJson(payload: Uint8Array): { value: unknown } | Skip {
  if (payload.length > LIMITS.charts.jsonBytes) return SKIP['too-large']
  try {
    return { value: JSON.parse(strict.decode(payload)) }
  } catch {
    return SKIP['invalid-json']
  }
}

/** The chart value at `path` in an already parsed JSON value: a number, 'missing' or 'not-numeric' ('inexact' for a bigint beyond ±2^53). */
export function numberAtPath(parsed: unknown, path: JsonPath): Extracted {
  const found = valueAtPath(parsed, path)
  if (found === undefined) return SKIP.missing
  return chartableNumber(found.value) ?? (typeof found.value === 'bigint' ? SKIP.inexact : SKIP['not-numeric'])
}

function plainPayloadNumber(payload: Uint8Array): Extracted {
  if (payload.length > LIMITS.charts.plainBytes) return SKIP['not-numeric']
  return plainNumber(lenient.decode(payload)) ?? SKIP['not-numeric']
}

/**
 * The value a series pinned on `path` takes from one message. The root path (`[]`, "the payload")
 * reads the payload as plain text by plainNumber's rules, without parsing JSON (a JSON number or
 * boolean payload reads the same either way). Any other path parses the payload as JSON
 * (parsePayloadJson) and takes the number or boolean at the path (chartableNumber).
 */
export function extractNumber(payload: Uint8Array, path: JsonPath): Extracted {
  if (path.length === 0) return plainPayloadNumber(payload)
  const parsed = parsePayloadJson(payload)
  return 'skip' in parsed ? parsed : numberAtPath(parsed.value, path)
}

/**
 * extractNumber for several series on one topic: the payload is parsed as JSON at most once, and
 * only when some path is not the root. Results are in the order of `paths`.
 */
export function extractNumbers(payload: Uint8Array, paths: readonly JsonPath[]): Extracted[] {
  let parsed: { value: unknown } | Skip | undefined
  return paths.map((path) => {
    if (path.length === 0) return plainPayloadNumber(payload)
    parsed ??= parsePayloadJson(payload)
    return 'skip' in parsed ? parsed : numberAtPath(parsed.value, path)
  })
}

/** Every chartable value and number array in a payload, for the inspector's "Chart <path>" buttons. */
export interface ChartablePaths {
  /** Paths to a finite number or a boolean, in document order. */
  readonly values: readonly { readonly path: Segment[]; readonly kind: 'number' | 'boolean' }[]
  /**
   * Paths to non-empty arrays whose every element is chartable: the UI can offer them
   * element-wise (one series per index, path + [i] for i < length).
   */
  readonly arrays: readonly { readonly path: Segment[]; readonly length: number }[]
  /** Some were left out: more than LIMITS.charts.numericPaths entries, or deeper than LIMITS.charts.pathDepth. */
  readonly truncated: boolean
}

interface Frame {
  readonly container: object
  readonly keys: string[] | undefined
  readonly length: number
  next: number
  readonly path: Segment[]
}

/**
 * The chartable paths of a parsed JSON value (a number or boolean root gives the root path, `[]`).
 * At most `limit` entries (values and arrays together), paths at most `maxDepth` segments long.
 * Iterative (an explicit stack), so a 100,000-level document costs an array, not the call stack,
 * and the walk stops as soon as the budget is spent.
 */
export function numericPaths(parsed: unknown, limit: number = LIMITS.charts.numericPaths, maxDepth: number = LIMITS.charts.pathDepth): ChartablePaths {
  const values: { path: Segment[]; kind: 'number' | 'boolean' }[] = []
  const arrays: { path: Segment[]; length: number }[] = []
  const stack: Frame[] = []
  let truncated = false
  const full = () => values.length + arrays.length >= limit

  const visit = (value: unknown, path: Segment[]): void => {
    if (chartableNumber(value) !== undefined) {
      values.push({ path, kind: typeof value === 'boolean' ? 'boolean' : 'number' })
      return
    }
    if (value === null || typeof value !== 'object') return
    const keys = Array.isArray(value) ? undefined : Object.keys(value)
    const length = keys === undefined ? (value as unknown[]).length : keys.length
    if (length === 0) return
    if (keys === undefined && (value as unknown[]).every((v) => chartableNumber(v) !== undefined)) arrays.push({ path, length })
    if (path.length >= maxDepth) truncated = true
    else stack.push({ container: value, keys, length, next: 0, path })
  }

  visit(parsed, [])
  while (stack.length > 0 && !full()) {
    const frame = stack[stack.length - 1]!
    if (frame.next >= frame.length) {
      stack.pop()
      continue
    }
    const index = frame.next++
    const key: Segment = frame.keys === undefined ? index : frame.keys[index]!
    visit((frame.container as Record<Segment, unknown>)[key], [...frame.path, key])
  }
  // Stopped on the budget with something left to walk: say so.
  if (stack.some((frame) => frame.next < frame.length)) truncated = true
  if (values.length + arrays.length > limit) {
    truncated = true
    if (values.length > limit) values.length = limit
    arrays.length = Math.max(0, Math.min(arrays.length, limit - values.length))
  }
  return { values, arrays, truncated }
}
