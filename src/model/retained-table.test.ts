import { describe, expect, it } from 'vitest'
import { actedOn, buildRows, filterRows, nextSort, pruneSelection, selectAllShown, shownRows, sortRows, toggleSelected } from './retained-table.ts'
import type { RetainedEntry } from './retained-types.ts'

const bytes = (text: string) => new TextEncoder().encode(text)
const entry = (topic: string, payload: Uint8Array, qos: 0 | 1 | 2, lastSet?: number): RetainedEntry => ({
  topic,
  payload,
  qos,
  ...(lastSet !== undefined ? { lastSet } : {}),
})

const ENTRIES = [
  entry('b/lamp', bytes('on'), 1, 2000),
  entry('a/door', bytes('closed and locked'), 0),
  entry('c/raw', new Uint8Array([0xff, 0x00, 0x01]), 2, 1000),
  entry('a/bell', bytes('line\nbreak\u202e'), 1),
]
const rows = buildRows(ENTRIES)
const topics = (r: readonly { entry: RetainedEntry }[]) => r.map((x) => x.entry.topic)

describe('the Retained view table model', () => {
  it('previews payloads as escaped text, binary as hex', () => {
    expect(rows[3]!.preview).toBe('line\\nbreak\\u{202e}')
    expect(rows[2]).toMatchObject({ preview: 'ff 00 01', binary: true })
  })

  it('sorts by every column, both ways, ties by topic', () => {
    expect(topics(sortRows(rows, { column: 'topic', descending: false }))).toEqual(['a/bell', 'a/door', 'b/lamp', 'c/raw'])
    expect(topics(sortRows(rows, { column: 'topic', descending: true }))).toEqual(['c/raw', 'b/lamp', 'a/door', 'a/bell'])
    expect(topics(sortRows(rows, { column: 'size', descending: false }))).toEqual(['b/lamp', 'c/raw', 'a/bell', 'a/door'])
    expect(topics(sortRows(rows, { column: 'qos', descending: true }))).toEqual(['c/raw', 'a/bell', 'b/lamp', 'a/door'])
    expect(topics(sortRows(rows, { column: 'payload', descending: false }))).toEqual(['a/door', 'c/raw', 'a/bell', 'b/lamp'])
    // Unknown "last set" sorts as the oldest.
    expect(topics(sortRows(rows, { column: 'lastSet', descending: true }))).toEqual(['b/lamp', 'c/raw', 'a/bell', 'a/door'])
    expect(topics(rows)).toEqual(['b/lamp', 'a/door', 'c/raw', 'a/bell']) // the input is not reordered
  })

  it('a header press flips its column or starts another ascending', () => {
    expect(nextSort({ column: 'topic', descending: false }, 'topic')).toEqual({ column: 'topic', descending: true })
    expect(nextSort({ column: 'topic', descending: true }, 'size')).toEqual({ column: 'size', descending: false })
  })

  it('filters by topic or payload text, ignoring case', () => {
    expect(topics(filterRows(rows, 'A/'))).toEqual(['a/door', 'a/bell'])
    expect(topics(filterRows(rows, 'LOCKED'))).toEqual(['a/door'])
    expect(filterRows(rows, '  ')).toBe(rows)
    expect(topics(shownRows(rows, 'a/', { column: 'topic', descending: false }))).toEqual(['a/bell', 'a/door'])
  })

  it('selects one, all shown, keeps hidden selections, prunes what is no longer listed', () => {
    let selected = toggleSelected(new Set(), 'c/raw')
    expect([...selected]).toEqual(['c/raw'])
    selected = selectAllShown(selected, filterRows(rows, 'a/'))
    expect([...selected].sort()).toEqual(['a/bell', 'a/door', 'c/raw'])
    selected = toggleSelected(selected, 'a/door', false)
    expect([...selected].sort()).toEqual(['a/bell', 'c/raw'])
    expect([...pruneSelection(selected, buildRows(ENTRIES.filter((e) => e.topic !== 'c/raw')))]).toEqual(['a/bell'])
  })

  it('acts on the selection, or on every shown row when nothing is selected', () => {
    const shown = filterRows(rows, 'b')
    expect(topics(actedOn(rows, shown, new Set()))).toEqual(['b/lamp', 'a/bell'])
    expect(topics(actedOn(rows, shown, new Set(['c/raw'])))).toEqual(['c/raw'])
  })

  it('sorts and filters 100,000 rows quickly enough for typing', () => {
    const many = buildRows(Array.from({ length: 100_000 }, (_, i) => entry(`site/${i % 97}/dev/${i}`, bytes(`v${i}`), (i % 3) as 0 | 1 | 2)))
    const started = performance.now()
    const shown = shownRows(many, 'site/5', { column: 'size', descending: true })
    // Generous: a shared 2-core machine; the point is "not quadratic".
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(shown.length).toBeGreaterThan(1000)
  })
})
