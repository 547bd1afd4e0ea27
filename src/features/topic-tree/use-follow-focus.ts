import { useCallback, useEffect, useRef } from 'react'

/** How long focus rests on a row before it is selected: holding an arrow key does not ask for every topic passed. */
export const FOLLOW_FOCUS_MS = 150

/**
 * Selection follows focus (the WAI-ARIA tree pattern's single-select option): after a key moved
 * focus (`follow()`), the focused row is selected once focus rested on it FOLLOW_FOCUS_MS, so the
 * inspector shows the topic the arrows reached. A row the page has not received yet is selected
 * when it arrives. `cancel()` drops a pending selection (a click selects at once).
 */
export function useFollowFocus(focusedId: number | undefined, selectedId: number | undefined, select: (id: number) => void) {
  const armed = useRef(false)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const latest = useRef(select)
  useEffect(() => {
    latest.current = select
  })
  useEffect(() => {
    if (!armed.current || focusedId === undefined) return
    armed.current = false
    clearTimeout(timer.current)
    if (focusedId === selectedId) return
    timer.current = setTimeout(() => latest.current(focusedId), FOLLOW_FOCUS_MS)
  }, [focusedId, selectedId])
  useEffect(() => () => clearTimeout(timer.current), [])
  const follow = useCallback(() => {
    armed.current = true
  }, [])
  const cancel = useCallback(() => {
    armed.current = false
    clearTimeout(timer.current)
  }, [])
  return { follow, cancel }
}
