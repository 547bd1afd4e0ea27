/**
 * Runs `run` when the page has nothing else to do, and within a second even if it never has
 * (after 200 ms where there is no requestIdleCallback: a worker, Node in tests).
 */
export function whenIdle(run: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 1000 })
  else setTimeout(run, 200)
}
