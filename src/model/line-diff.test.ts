import { describe, expect, it } from 'vitest'
import { type DiffHunk, diffLines } from './line-diff.ts'

const ALL = { maxEditDistance: 1e9, context: 1e9 } // no bound, no collapsing

/** Rebuilds both sides from uncollapsed hunks. */
function sides(hunks: readonly DiffHunk[]): { before: string[]; after: string[] } {
  const before: string[] = []
  const after: string[] = []
  for (const h of hunks) {
    if (h.op === 'skipped') throw new Error('collapsed')
    if (h.op !== 'added') before.push(...h.lines)
    if (h.op !== 'removed') after.push(...h.lines)
  }
  return { before, after }
}

function lcsLength(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0)
  for (let i = 1; i <= a.length; i++) {
    let diag = 0
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!
      row[j] = a[i - 1] === b[j - 1] ? diag + 1 : Math.max(up, row[j - 1]!)
      diag = up
    }
  }
  return row[b.length]!
}

describe('diffLines', () => {
  it('shows removed lines before added ones, with line numbers', () => {
    expect(diffLines(['a', 'b', 'c'], ['a', 'x', 'c', 'd'], ALL)).toEqual({
      hunks: [
        { op: 'same', lines: ['a'], oldLine: 1, newLine: 1 },
        { op: 'removed', lines: ['b'], oldLine: 2, newLine: 2 },
        { op: 'added', lines: ['x'], oldLine: 3, newLine: 2 },
        { op: 'same', lines: ['c'], oldLine: 3, newLine: 3 },
        { op: 'added', lines: ['d'], oldLine: 4, newLine: 4 },
      ],
      added: 2,
      removed: 1,
    })
  })

  it('handles empty sides', () => {
    expect(diffLines([], [], ALL)).toEqual({ hunks: [], added: 0, removed: 0 })
    expect(diffLines([], ['a', 'b'], ALL)).toEqual({ hunks: [{ op: 'added', lines: ['a', 'b'], oldLine: 1, newLine: 1 }], added: 2, removed: 0 })
    expect(diffLines(['a'], [], ALL)).toEqual({ hunks: [{ op: 'removed', lines: ['a'], oldLine: 1, newLine: 1 }], added: 0, removed: 1 })
  })

  it('collapses unchanged runs, keeping `context` lines around each change', () => {
    const before = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`)
    const after = before.map((l, i) => (i === 9 || i === 24 ? `${l} changed` : l))
    const diff = diffLines(before, after, { maxEditDistance: 100, context: 3 })!
    expect(diff.hunks.map((h) => (h.op === 'skipped' ? `skip ${h.count} @${h.oldLine}` : `${h.op} ${h.lines.join(',')}`))).toEqual([
      'skip 6 @1',
      'same line 7,line 8,line 9',
      'removed line 10',
      'added line 10 changed',
      'same line 11,line 12,line 13',
      'skip 8 @14',
      'same line 22,line 23,line 24',
      'removed line 25',
      'added line 25 changed',
      'same line 26,line 27,line 28',
      'skip 2 @29',
    ])
  })

  it('does not collapse a gap of one line (the marker would take the same room)', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']
    const after = ['A', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'I']
    const diff = diffLines(before, after, { maxEditDistance: 10, context: 3 })!
    expect(diff.hunks.some((h) => h.op === 'skipped')).toBe(false)
  })

  it('collapses everything when nothing changed', () => {
    expect(diffLines(['a', 'b'], ['a', 'b'], { maxEditDistance: 10, context: 3 })).toEqual({
      hunks: [{ op: 'skipped', count: 2, oldLine: 1, newLine: 1 }],
      added: 0,
      removed: 0,
    })
  })

  it('maps only the shown lines through `show`', () => {
    const seen: string[] = []
    const show = (l: string) => (seen.push(l), l.toUpperCase())
    const before = Array.from({ length: 100 }, (_, i) => `l${i}`)
    const diff = diffLines(before, [...before, 'new'], { maxEditDistance: 10, context: 1, show })!
    expect(diff.hunks.at(-1)).toMatchObject({ op: 'added', lines: ['NEW'] })
    expect(seen).toEqual(['l99', 'new'])
  })

  it('finds a shortest edit script (checked against LCS) that rebuilds both sides', () => {
    let seed = 1
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
    for (let n = 0; n < 300; n++) {
      const pick = () => Array.from({ length: Math.floor(random() * 12) }, () => 'abcd'.charAt(Math.floor(random() * 4)))
      const before = pick()
      const after = pick()
      const diff = diffLines(before, after, ALL)!
      expect(sides(diff.hunks)).toEqual({ before, after })
      expect(diff.added + diff.removed).toBe(before.length + after.length - 2 * lcsLength(before, after))
    }
  })

  it('gives up past maxEditDistance changed lines, and not before', () => {
    const before = ['a', 'b', 'c', 'd']
    const after = ['a', 'x', 'y', 'd']
    expect(diffLines(before, after, { maxEditDistance: 3, context: 3 })).toBeUndefined()
    expect(diffLines(before, after, { maxEditDistance: 4, context: 3 })).toMatchObject({ added: 2, removed: 2 })
    expect(diffLines([], ['a', 'b'], { maxEditDistance: 1, context: 3 })).toBeUndefined()
  })

  it('stays fast on unrelated 5,000-line texts (the bound stops it)', () => {
    const before = Array.from({ length: 5000 }, (_, i) => `before ${i}`)
    const after = Array.from({ length: 5000 }, (_, i) => `after ${i}`)
    const started = performance.now()
    expect(diffLines(before, after, { maxEditDistance: 500, context: 3 })).toBeUndefined()
    expect(performance.now() - started).toBeLessThan(1_000)
  })
})
