import type { TreeRow } from '@/model/batch-types.ts'

/**
 * Two snapshots of a row show the same thing. Every batch brings new row objects, so a row whose
 * figures did not change would render again on every batch (at 100,000 topics most rows on
 * screen are unchanged in a given batch); comparing the fields lets it skip that render.
 */
export function sameRow(a: TreeRow, b: TreeRow): boolean {
  if (a === b) return true
  for (const key of Object.keys(a) as Array<keyof TreeRow>) if (a[key] !== b[key]) return false
  return Object.keys(a).length === Object.keys(b).length
}

/** Props equal, the row compared by its fields and everything else by identity. */
export function sameRowProps<P extends { readonly row: TreeRow }>(prev: P, next: P): boolean {
  for (const key of Object.keys(next) as Array<keyof P>) {
    if (key === 'row') continue
    if (prev[key] !== next[key]) return false
  }
  return sameRow(prev.row, next.row)
}
