/**
 * A run of a line diff, for rendering. `same` runs far from any change are collapsed into
 * `skipped` (the UI shows "N unchanged lines"). Line numbers are 1-based: where the run starts in
 * the old text and in the new one.
 */
export type DiffHunk =
  | { readonly op: 'same' | 'added' | 'removed'; readonly lines: string[]; readonly oldLine: number; readonly newLine: number }
  | { readonly op: 'skipped'; readonly count: number; readonly oldLine: number; readonly newLine: number }

export interface LineDiff {
  readonly hunks: DiffHunk[]
  readonly added: number
  readonly removed: number
}

export interface LineDiffOptions {
  /**
   * Most added + removed lines worth computing. Myers' algorithm costs O((N + M) · D) for D
   * changed lines, so this bound is what keeps a diff of two unrelated 5,000-line texts fast.
   */
  readonly maxEditDistance: number
  /** Unchanged lines kept before and after each change. */
  readonly context: number
  /** Maps a line to what the view shows (escaping); applied only to the lines in the result. */
  readonly show?: (line: string) => string
}

type Op = 0 | 1 | 2 // same, removed, added
interface Run {
  op: Op
  a: number // start in old
  b: number // start in new
  count: number
}

/**
 * A line diff of `before` → `after` (Myers' O(ND) algorithm over line ids, with common prefix and
 * suffix trimmed first), or undefined when more than maxEditDistance lines changed. Within a
 * change, removed lines come before added ones, as in unified diffs.
 */
export function diffLines(before: readonly string[], after: readonly string[], options: LineDiffOptions): LineDiff | undefined {
  // Compare small integers, not strings: equal lines get equal ids.
  const ids = new Map<string, number>()
  const toIds = (lines: readonly string[]): Int32Array => {
    const out = new Int32Array(lines.length)
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!
      let id = ids.get(line)
      if (id === undefined) ids.set(line, (id = ids.size))
      out[i] = id
    }
    return out
  }
  const a = toIds(before)
  const b = toIds(after)

  let prefix = 0
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++
  let suffix = 0
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++

  const middle = myers(a.subarray(prefix, a.length - suffix), b.subarray(prefix, b.length - suffix), options.maxEditDistance)
  if (middle === undefined) return undefined
  const runs: Run[] = []
  push(runs, { op: 0, a: 0, b: 0, count: prefix })
  for (const run of middle) push(runs, { op: run.op, a: run.a + prefix, b: run.b + prefix, count: run.count })
  push(runs, { op: 0, a: a.length - suffix, b: b.length - suffix, count: suffix })
  return toHunks(groupChanges(runs), before, after, options)
}

/** Appends a run, merging it into the previous one when both have the same op. */
function push(runs: Run[], run: Run): void {
  if (run.count === 0) return
  const last = runs[runs.length - 1]
  if (last !== undefined && last.op === run.op) last.count += run.count
  else runs.push({ ...run })
}

/**
 * Myers' forward algorithm. After each d, the furthest-reaching x of diagonals -d..d is saved
 * (O(D²) integers in all, in one growing Int32Array: snapshot d starts at d², since snapshots 0..d-1
 * hold 1 + 3 + ... + (2d-1) = d² values; a typed array per d costs more to allocate than the
 * search itself), then the path is walked back through the snapshots. Iterative throughout.
 */
function myers(a: Int32Array, b: Int32Array, maxD: number): Run[] | undefined {
  const n = a.length
  const m = b.length
  if (n === 0 || m === 0) {
    if (n + m > maxD) return undefined
    return n > 0 ? [{ op: 1, a: 0, b: 0, count: n }] : m > 0 ? [{ op: 2, a: 0, b: 0, count: m }] : []
  }
  const limit = Math.min(n + m, maxD)
  const offset = limit + 1
  const v = new Int32Array(2 * limit + 3)
  let trace = new Int32Array(Math.min(1024, (limit + 1) * (limit + 1)))
  for (let d = 0; d <= limit; d++) {
    for (let k = -d; k <= d; k += 2) {
      // Step down (take b[y]) from diagonal k+1, or right (drop a[x]) from k-1: whichever went further.
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1
      let y = x - k
      while (x < n && y < m && a[x] === b[y]) {
        x++
        y++
      }
      v[offset + k] = x
      if (x >= n && y >= m) return backtrack(trace, d, n, m)
    }
    const end = (d + 1) * (d + 1)
    if (end > trace.length) {
      const grown = new Int32Array(Math.min(Math.max(end, trace.length * 2), (limit + 1) * (limit + 1)))
      grown.set(trace)
      trace = grown
    }
    trace.set(v.subarray(offset - d, offset + d + 1), d * d)
  }
  return undefined
}

function backtrack(trace: Int32Array, dEnd: number, n: number, m: number): Run[] {
  const reversed: Run[] = []
  let x = n
  let y = m
  for (let d = dEnd; d > 0; d--) {
    // x per diagonal after d-1 edits: snapshot d-1 starts at (d-1)², diagonal k at index k + (d-1).
    const base = (d - 1) * (d - 1) + d - 1
    const at = (diagonal: number) => trace[base + diagonal]!
    const k = x - y
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1))
    const prevK = down ? k + 1 : k - 1
    const prevX = at(prevK)
    const prevY = prevX - prevK
    const midX = down ? prevX : prevX + 1
    const snake = x - midX
    if (snake > 0) reversed.push({ op: 0, a: midX, b: midX - k, count: snake })
    reversed.push(down ? { op: 2, a: prevX, b: prevY, count: 1 } : { op: 1, a: prevX, b: prevY, count: 1 })
    x = prevX
    y = prevY
  }
  if (x > 0) reversed.push({ op: 0, a: 0, b: 0, count: x })
  const runs: Run[] = []
  for (let i = reversed.length - 1; i >= 0; i--) push(runs, reversed[i]!)
  return runs
}

/** Within each block of changes between two `same` runs: all removed lines, then all added. */
function groupChanges(runs: readonly Run[]): Run[] {
  const out: Run[] = []
  let i = 0
  while (i < runs.length) {
    const run = runs[i]!
    if (run.op === 0) {
      out.push(run)
      i++
      continue
    }
    let removed: Run | undefined
    let added: Run | undefined
    for (; i < runs.length && runs[i]!.op !== 0; i++) {
      const r = runs[i]!
      if (r.op === 1) removed = removed ? { ...removed, count: removed.count + r.count } : { ...r }
      else added = added ? { ...added, count: added.count + r.count } : { ...r }
    }
    if (removed) out.push(removed)
    if (added) out.push(added)
  }
  return out
}

function toHunks(runs: readonly Run[], before: readonly string[], after: readonly string[], options: LineDiffOptions): LineDiff {
  const show = options.show ?? ((line: string) => line)
  const context = Math.max(0, options.context)
  const hunks: DiffHunk[] = []
  let added = 0
  let removed = 0
  const same = (a: number, b: number, count: number) => {
    if (count > 0) hunks.push({ op: 'same', lines: before.slice(a, a + count).map(show), oldLine: a + 1, newLine: b + 1 })
  }
  runs.forEach((run, i) => {
    if (run.op === 1) {
      removed += run.count
      hunks.push({ op: 'removed', lines: before.slice(run.a, run.a + run.count).map(show), oldLine: run.a + 1, newLine: run.b + 1 })
    } else if (run.op === 2) {
      added += run.count
      hunks.push({ op: 'added', lines: after.slice(run.b, run.b + run.count).map(show), oldLine: run.a + 1, newLine: run.b + 1 })
    } else {
      // Keep `context` lines next to each neighbouring change; collapse the rest.
      let keepHead = i > 0 ? Math.min(context, run.count) : 0
      const keepTail = i < runs.length - 1 ? Math.min(context, run.count - keepHead) : 0
      // A marker for one line takes the line's own room: show it instead.
      if (run.count - keepHead - keepTail === 1 && (keepHead > 0 || keepTail > 0)) keepHead++
      const skipped = run.count - keepHead - keepTail
      same(run.a, run.b, keepHead)
      if (skipped > 0) hunks.push({ op: 'skipped', count: skipped, oldLine: run.a + keepHead + 1, newLine: run.b + keepHead + 1 })
      same(run.a + keepHead + skipped, run.b + keepHead + skipped, keepTail)
    }
  })
  return { hunks, added, removed }
}
