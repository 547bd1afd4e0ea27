import { useCallback, useRef } from 'react'

/** Letters typed closer together than this make one search ("te" finds "temp"); a pause starts anew. */
const TYPE_AHEAD_RESET_MS = 700

/**
 * Type-ahead (WAI-ARIA tree pattern): a letter moves focus to the next row whose name starts with
 * it; letters typed in quick succession search for the whole string from the focused row on; the
 * same letter again goes on to the next row starting with it. The worker searches (it holds every
 * row, the page only those on screen) and answers with batch.tree.located.
 */
export function useTypeAhead(findRow: (query: string, start: number) => void): (key: string, focusIndex: number) => void {
  const typed = useRef('')
  const lastAt = useRef(-Infinity)
  return useCallback(
    (key: string, focusIndex: number) => {
      const now = performance.now()
      const fresh = now - lastAt.current > TYPE_AHEAD_RESET_MS
      lastAt.current = now
      typed.current = fresh ? key : typed.current + key
      const query = typed.current.toLowerCase()
      const sameLetter = [...query].every((c) => c === query[0])
      if (query.length === 1 || sameLetter) findRow(key, focusIndex + 1)
      else findRow(typed.current, focusIndex)
    },
    [findRow],
  )
}

/** A key that types a character into the search (not space, not "/", which focuses the filter, not "*"). */
export function isTypeAheadKey(key: string): boolean {
  return [...key].length === 1 && key !== '/' && key !== '*' && /\S/u.test(key)
}
