/**
 * The arithmetic of a virtual list whose rows all have one height (the topic tree): which rows a
 * scroll position shows, and where to scroll to bring a row into view. Plain functions, so the
 * tree needs no virtualizer library on the first screen (issue 18: first load).
 */

export interface RowItem {
  readonly index: number
  /** Pixels from the top of the list. */
  readonly start: number
}

/** The rows from `offset` over `height` pixels, plus `overscan` rows each side. */
export function rowsInView(count: number, rowHeight: number, offset: number, height: number, overscan: number): RowItem[] {
  if (count <= 0) return []
  const first = Math.max(0, Math.min(count - 1, Math.floor(offset / rowHeight)))
  const last = Math.max(first, Math.min(count - 1, Math.ceil((offset + height) / rowHeight) - 1))
  const from = Math.max(0, first - overscan)
  const to = Math.min(count - 1, last + overscan)
  const items: RowItem[] = []
  for (let index = from; index <= to; index++) items.push({ index, start: index * rowHeight })
  return items
}

/**
 * The scroll position that shows row `index`: 'auto' scrolls as little as it takes (not at all
 * when the row is in view already), 'center' puts it in the middle. Within the list's bounds.
 */
export function scrollTopFor(index: number, align: 'auto' | 'center', rowHeight: number, count: number, offset: number, height: number): number {
  const start = index * rowHeight
  const end = start + rowHeight
  const max = Math.max(0, count * rowHeight - height)
  let target = offset
  if (align === 'center') target = start - (height - rowHeight) / 2
  else if (start < offset) target = start
  else if (end > offset + height) target = end - height
  return Math.max(0, Math.min(max, target))
}
