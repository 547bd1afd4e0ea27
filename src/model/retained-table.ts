import { LIMITS } from './limits.ts'
import { previewPayload } from './payload-preview.ts'
import type { RetainedEntry } from './retained-types.ts'

/** The Retained view's columns, by what they sort on. */
export type RetainedColumn = 'topic' | 'size' | 'qos' | 'payload' | 'lastSet'

export interface RetainedSort {
  readonly column: RetainedColumn
  readonly descending: boolean
}

/** One row: the entry and its preview, made once per listing (not per render or keystroke). */
export interface RetainedRow {
  readonly entry: RetainedEntry
  /** Escaped one-line text (payload-preview.ts): safe to render as text. */
  readonly preview: string
  readonly binary: boolean
  /** Lower-cased topic and preview, what the row filter searches. */
  readonly haystack: string
}

export function buildRows(entries: readonly RetainedEntry[], previewChars: number = LIMITS.retainedView.previewChars): RetainedRow[] {
  return entries.map((entry) => {
    const p = previewPayload(entry.payload, previewChars)
    const preview = p.cut ? `${p.text}…` : p.text
    return { entry, preview, binary: p.binary, haystack: `${entry.topic}\n${preview}`.toLowerCase() }
  })
}

/** Rows whose topic or payload preview contains `query` (case-insensitive); all for an empty query. */
export function filterRows(rows: readonly RetainedRow[], query: string): readonly RetainedRow[] {
  const q = query.trim().toLowerCase()
  if (q === '') return rows
  return rows.filter((r) => r.haystack.includes(q))
}

const byTopic = (a: RetainedRow, b: RetainedRow): number => (a.entry.topic < b.entry.topic ? -1 : a.entry.topic > b.entry.topic ? 1 : 0)

function compare(column: RetainedColumn): (a: RetainedRow, b: RetainedRow) => number {
  switch (column) {
    case 'topic':
      return byTopic
    case 'size':
      return (a, b) => a.entry.payload.length - b.entry.payload.length
    case 'qos':
      return (a, b) => a.entry.qos - b.entry.qos
    case 'payload':
      return (a, b) => (a.preview < b.preview ? -1 : a.preview > b.preview ? 1 : 0)
    case 'lastSet':
      // Unknown sorts as the oldest.
      return (a, b) => (a.entry.lastSet ?? -1) - (b.entry.lastSet ?? -1)
  }
}

/** A sorted copy; ties go by topic (ascending either way), so the order is stable and total. */
export function sortRows(rows: readonly RetainedRow[], sort: RetainedSort): RetainedRow[] {
  const primary = compare(sort.column)
  const sign = sort.descending ? -1 : 1
  return [...rows].sort((a, b) => sign * primary(a, b) || byTopic(a, b))
}

/** What the table shows: the filtered rows in the chosen order. */
export function shownRows(rows: readonly RetainedRow[], query: string, sort: RetainedSort): RetainedRow[] {
  return sortRows(filterRows(rows, query), sort)
}

/** The next sort when a column header is pressed: the same column flips, another starts ascending. */
export function nextSort(current: RetainedSort, column: RetainedColumn): RetainedSort {
  return current.column === column ? { column, descending: !current.descending } : { column, descending: false }
}

/** Selection by topic (a topic holds one retained message, so it names the row). */
export function toggleSelected(selected: ReadonlySet<string>, topic: string, on?: boolean): Set<string> {
  const next = new Set(selected)
  if (on ?? !next.has(topic)) next.add(topic)
  else next.delete(topic)
  return next
}

/** "Select all shown": the shown rows join the selection (rows hidden by the filter keep their state). */
export function selectAllShown(selected: ReadonlySet<string>, shown: readonly RetainedRow[]): Set<string> {
  const next = new Set(selected)
  for (const r of shown) next.add(r.entry.topic)
  return next
}

/** Only the selected topics still listed (after a new listing). */
export function pruneSelection(selected: ReadonlySet<string>, rows: readonly RetainedRow[]): Set<string> {
  const next = new Set<string>()
  for (const r of rows) if (selected.has(r.entry.topic)) next.add(r.entry.topic)
  return next
}

/** What Export and Clear act on: the selected rows, or every shown row when none is selected. */
export function actedOn(rows: readonly RetainedRow[], shown: readonly RetainedRow[], selected: ReadonlySet<string>): readonly RetainedRow[] {
  return selected.size === 0 ? shown : rows.filter((r) => selected.has(r.entry.topic))
}
