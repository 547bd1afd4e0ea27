import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { WebSocket } from 'ws'
import { PageFrames } from './page-frames.ts'

/** The slice of ws's WebSocket PageFrames uses, recording what it sends. */
function fakeSocket() {
  const frames: Buffer[] = []
  const ws = {
    OPEN: 1,
    readyState: 1,
    bufferedAmount: 0,
    send(data: Buffer, _options: unknown, done: () => void) {
      frames.push(Buffer.from(data))
      done()
    },
  }
  return { ws: ws as unknown as WebSocket, frames }
}

const MAX = 1_000
const INTERVAL = 8

describe('PageFrames', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'performance'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('bytes after a quiet moment go out at the end of the turn, gathered into one frame', () => {
    const { ws, frames } = fakeSocket()
    const sent = vi.fn()
    const toPage = new PageFrames(ws, sent, MAX, INTERVAL)
    toPage.push(Buffer.from('ab'))
    toPage.push(Buffer.from('cd'))
    expect(frames).toHaveLength(0)
    expect(toPage.queuedBytes).toBe(4)
    vi.advanceTimersToNextTimer() // the setImmediate, no interval waited
    expect(frames.map(String)).toEqual(['abcd'])
    expect(sent).toHaveBeenCalledTimes(1)
    expect(toPage.queuedBytes).toBe(0)
  })

  it('while bytes keep coming, at most one frame per interval that is not full', () => {
    const { ws, frames } = fakeSocket()
    const toPage = new PageFrames(ws, () => {}, MAX, INTERVAL)
    toPage.push(Buffer.from('a'))
    vi.advanceTimersToNextTimer()
    expect(frames.map(String)).toEqual(['a'])
    // 100 pushes over the next ~5 ms: held until the interval has passed since 'a' went out.
    for (let i = 0; i < 100; i++) {
      toPage.push(Buffer.from('b'))
      vi.advanceTimersByTime(0.05)
    }
    expect(frames).toHaveLength(1)
    vi.advanceTimersByTime(INTERVAL)
    expect(frames.map(String)).toEqual(['a', 'b'.repeat(100)])
    // Quiet again for longer than the interval: the next byte goes out at once.
    vi.advanceTimersByTime(INTERVAL * 2)
    toPage.push(Buffer.from('c'))
    vi.advanceTimersToNextTimer()
    expect(frames.map(String)).toEqual(['a', 'b'.repeat(100), 'c'])
  })

  it('a whole frame goes out at once, in order, every frame within the bound; the rest keeps the pace', () => {
    const { ws, frames } = fakeSocket()
    const toPage = new PageFrames(ws, () => {}, MAX, INTERVAL)
    const bytes = Buffer.alloc(2_500)
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 251
    toPage.push(bytes.subarray(0, 700))
    toPage.push(bytes.subarray(700)) // 2,500 gathered: two whole frames now, 500 wait
    expect(frames.map((f) => f.length)).toEqual([MAX, MAX])
    expect(toPage.queuedBytes).toBe(500)
    vi.runAllTimers()
    expect(frames.map((f) => f.length)).toEqual([MAX, MAX, 500])
    expect(Buffer.concat(frames).equals(bytes)).toBe(true)
  })

  it('flush sends what is gathered now and leaves no timer behind (the close path)', () => {
    const { ws, frames } = fakeSocket()
    const toPage = new PageFrames(ws, () => {}, MAX, INTERVAL)
    toPage.push(Buffer.from('x'))
    vi.advanceTimersToNextTimer()
    toPage.push(Buffer.from('last'))
    toPage.flush()
    expect(frames.map(String)).toEqual(['x', 'last'])
    expect(vi.getTimerCount()).toBe(0)
    expect(toPage.frames).toBe(2)
  })

  it('nothing is sent on a socket that is no longer open', () => {
    const { ws, frames } = fakeSocket()
    const toPage = new PageFrames(ws, () => {}, MAX, INTERVAL)
    ;(ws as unknown as { readyState: number }).readyState = 3
    toPage.push(Buffer.alloc(MAX * 2))
    toPage.push(Buffer.from('y'))
    toPage.flush()
    expect(frames).toHaveLength(0)
    expect(toPage.queuedBytes).toBe(0)
  })
})
