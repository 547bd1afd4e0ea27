import { useEffect, useRef } from 'react'
import type { TreeRange } from '@/model/batch-types.ts'

/** Rows asked for beyond the visible window on each side, so a scroll rarely shows placeholders. */
export const OVERSCAN_ROWS = 30
/** Ask again once the visible window comes this close to the edge of what was asked for. */
const MARGIN = 10

/**
 * Tells the worker which rows to send: the visible window plus OVERSCAN_ROWS each side. A new
 * request goes out only when the window nears the edge of the last one (or `epoch` changes, e.g.
 * after reconnecting), so scrolling costs a few commands, not one per frame.
 */
export function useRowRange(first: number, last: number, epoch: unknown, setRange: (range: TreeRange) => void): void {
  const sent = useRef<TreeRange | undefined>(undefined)
  const sentEpoch = useRef<unknown>(undefined)
  useEffect(() => {
    const prev = sent.current
    const covered =
      prev !== undefined &&
      sentEpoch.current === epoch &&
      Math.max(0, first - MARGIN) >= prev.start &&
      last + MARGIN < prev.start + prev.count &&
      // shrink the request again once the view got much smaller (e.g. the pane was resized)
      prev.count <= last - first + 1 + 2 * OVERSCAN_ROWS + 2 * MARGIN
    if (covered) return
    const start = Math.max(0, first - OVERSCAN_ROWS)
    const range = { start, count: last + OVERSCAN_ROWS + 1 - start }
    sent.current = range
    sentEpoch.current = epoch
    setRange(range)
  }, [first, last, epoch, setRange])
}
