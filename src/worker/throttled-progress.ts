import { LIMITS } from '../model/limits.ts'

/**
 * A progress callback that passes a state on at most once per flush interval, and always the
 * finished one: a long job reports without flooding the page with a message per item.
 */
export function throttledProgress<S extends { readonly finished: boolean }>(
  report: (state: S) => void,
  intervalMs = LIMITS.flushIntervalMs,
): (state: S) => void {
  let last = 0
  return (state) => {
    const now = Date.now()
    if (!state.finished && now - last < intervalMs) return
    last = now
    report(state)
  }
}
