import { PATH_CHARS } from './json-lines.ts'
import { formatPath, type Segment } from './json-path.ts'
import { compactJson } from './compact-json.ts'

// The decoded previews use it without the diff (in the worker's first load; the diff is not).
export { compactJson }

/**
 * One difference between two parsed JSON values, at a key path (json-path.ts: `sensor.temp`,
 * `tags[1]`, `''` for the whole value; a path longer than PATH_CHARS keeps its end, after '…'). `before` / `after` are the values as compact JSON, cut at
 * `valueChars` with '…', control and bidi characters escaped: safe to render as text.
 */
export interface KeyChange {
  readonly path: string
  readonly change: 'added' | 'removed' | 'changed'
  /** Undefined for an added key. */
  readonly before: string | undefined
  /** Undefined for a removed key. */
  readonly after: string | undefined
}

export interface KeyDiff {
  /** In document order (object members in key order, array elements by index), at most maxChanges. */
  readonly changes: KeyChange[]
  readonly added: number
  readonly removed: number
  readonly changed: number
  /** Changes counted in added/removed/changed but not listed (past maxChanges). */
  readonly unlisted: number
}

export interface KeyDiffLimits {
  readonly maxChanges: number
  readonly valueChars: number
}

const DEFAULT_LIMITS: KeyDiffLimits = { maxChanges: 500, valueChars: 120 }

type Json = unknown
/** A path as a chain to its parent: extending it costs O(1), whatever the depth. */
interface Path {
  readonly parent: Path | undefined
  readonly segment: Segment
}

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v)
const has = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key)

/**
 * What changed from `before` to `after`, key by key: objects are compared member by member, arrays
 * element by element (by index: an insertion in the middle shows as changes to the elements after
 * it, then one addition), anything else by value. A value whose type changed (an object that became
 * a number) is one 'changed' at its path. Only the leaves that differ are listed; an added or removed
 * member is listed once, with its whole value. Iterative (a stack, no recursion), so any nesting depth
 * parses and diffs; linear in the size of the values.
 */
export function diffJsonKeys(before: Json, after: Json, limits: KeyDiffLimits = DEFAULT_LIMITS): KeyDiff {
  const changes: KeyChange[] = []
  let added = 0
  let removed = 0
  let changed = 0
  const note = (path: Path | undefined, change: KeyChange['change'], a: Json, b: Json) => {
    if (change === 'added') added++
    else if (change === 'removed') removed++
    else changed++
    if (changes.length >= limits.maxChanges) return
    changes.push({
      path: pathText(path),
      change,
      before: change === 'added' ? undefined : compactJson(a, limits.valueChars),
      after: change === 'removed' ? undefined : compactJson(b, limits.valueChars),
    })
  }

  // Depth first, in document order: children are pushed in reverse so the first is handled first.
  // An entry with only `a` or only `b` set (the other side missing) is an addition or a removal.
  type Item = { readonly path: Path | undefined } & ({ readonly a: Json; readonly b: Json } | { readonly only: 'a' | 'b'; readonly value: Json })
  const stack: Item[] = [{ path: undefined, a: before, b: after }]
  while (stack.length > 0) {
    const item = stack.pop()!
    if ('only' in item) {
      if (item.only === 'a') note(item.path, 'removed', item.value, undefined)
      else note(item.path, 'added', undefined, item.value)
      continue
    }
    const { path, a, b } = item
    const children: Item[] = []
    if (Array.isArray(a) && Array.isArray(b)) {
      const n = Math.max(a.length, b.length)
      for (let i = 0; i < n; i++) {
        const at: Path = { parent: path, segment: i }
        if (i >= b.length) children.push({ path: at, only: 'a', value: a[i] })
        else if (i >= a.length) children.push({ path: at, only: 'b', value: b[i] })
        else children.push({ path: at, a: a[i], b: b[i] })
      }
    } else if (isObject(a) && isObject(b)) {
      for (const key of Object.keys(a)) {
        const at: Path = { parent: path, segment: key }
        children.push(has(b, key) ? { path: at, a: a[key], b: b[key] } : { path: at, only: 'a', value: a[key] })
      }
      for (const key of Object.keys(b)) if (!has(a, key)) children.push({ path: { parent: path, segment: key }, only: 'b', value: b[key] })
    } else {
      if (!sameScalar(a, b)) note(path, 'changed', a, b)
      continue
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!)
  }
  return { changes, added, removed, changed, unlisted: added + removed + changed - changes.length }
}

/**
 * The path as formatPath writes it; past PATH_CHARS characters only its end, after '…' (a
 * 100,000-level path reads no more than its last PATH_CHARS segments).
 */
function pathText(path: Path | undefined): string {
  const tail: Segment[] = []
  let at = path
  for (; at !== undefined && tail.length <= PATH_CHARS; at = at.parent) tail.push(at.segment)
  tail.reverse()
  const text = formatPath(tail)
  if (at === undefined && text.length <= PATH_CHARS) return text
  const end = text.slice(Math.max(0, text.length - PATH_CHARS))
  return `…${/^[\w$]/.test(end) ? '.' : ''}${end}`
}

/** Equal JSON scalars; a container against anything else (or against a scalar) is never equal here. */
function sameScalar(a: Json, b: Json): boolean {
  if (typeof a === 'object' && a !== null) return false
  if (typeof b === 'object' && b !== null) return false
  return a === b
}
