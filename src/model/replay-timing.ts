/**
 * When a replayed message goes out: its original gap to the first message divided by `speed`
 * (0 = as fast as possible). Measured from the start, not message to message, so timer lateness
 * does not add up over a long replay.
 */
export function replayDelayMs(firstTs: number, ts: number, speed: number): number {
  if (speed <= 0) return 0
  return Math.max(0, (ts - firstTs) / speed)
}
