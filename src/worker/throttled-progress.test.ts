import { afterEach, describe, expect, it, vi } from 'vitest'
import { throttledProgress } from './throttled-progress.ts'

afterEach(() => vi.useRealTimers())

describe('throttledProgress', () => {
  it('passes on one state per interval, and the finished one always', () => {
    vi.useFakeTimers({ now: 1_000_000 })
    const seen: number[] = []
    const report = throttledProgress<{ done: number; finished: boolean }>((s) => seen.push(s.done), 100)
    report({ done: 1, finished: false })
    report({ done: 2, finished: false })
    vi.advanceTimersByTime(100)
    report({ done: 3, finished: false })
    report({ done: 4, finished: true })
    expect(seen).toEqual([1, 3, 4])
  })
})
