// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { splitStorage } from './split-storage.ts'

interface State {
  small: string
  big: number[]
}

afterEach(() => localStorage.clear())

describe('splitStorage', () => {
  it('keeps the big field under its own key and writes it only when it changed', () => {
    const storage = splitStorage<State>(['big'])
    const big = [1, 2, 3]
    storage.setItem('app', { state: { small: 'a', big }, version: 1 })
    expect(JSON.parse(localStorage.getItem('app')!)).toEqual({ state: { small: 'a' }, version: 1 })
    expect(JSON.parse(localStorage.getItem('app/big')!)).toEqual([1, 2, 3])

    localStorage.removeItem('app/big')
    storage.setItem('app', { state: { small: 'b', big }, version: 1 })
    expect(localStorage.getItem('app/big')).toBeNull()
    expect(JSON.parse(localStorage.getItem('app')!).state.small).toBe('b')

    storage.setItem('app', { state: { small: 'b', big: [4] }, version: 1 })
    expect(JSON.parse(localStorage.getItem('app/big')!)).toEqual([4])
  })

  it('writes the small fields only when their text changed (a batch changes no setting)', () => {
    const storage = splitStorage<State>(['big'])
    const big = [1]
    storage.setItem('app', { state: { small: 'a', big }, version: 1 })
    localStorage.setItem('app', 'sentinel')
    storage.setItem('app', { state: { small: 'a', big }, version: 1 })
    expect(localStorage.getItem('app')).toBe('sentinel')
    storage.setItem('app', { state: { small: 'b', big }, version: 1 })
    expect(JSON.parse(localStorage.getItem('app')!).state.small).toBe('b')
    storage.removeItem('app')
    storage.setItem('app', { state: { small: 'b', big }, version: 1 })
    expect(JSON.parse(localStorage.getItem('app')!).state.small).toBe('b')
  })

  it('reads both back as one state, and a store written before the split as it was', () => {
    localStorage.setItem('app', JSON.stringify({ state: { small: 'old' }, version: 1 }))
    expect(splitStorage<State>(['big']).getItem('app')).toEqual({ state: { small: 'old' }, version: 1 })
    localStorage.setItem('app/big', '[7]')
    expect(splitStorage<State>(['big']).getItem('app')).toEqual({ state: { small: 'old', big: [7] }, version: 1 })
    localStorage.clear()
    expect(splitStorage<State>(['big']).getItem('app')).toBeNull()
  })

  it('writes a deferred field once per burst, with its last value, when the scheduled flush runs', () => {
    const runs: Array<() => void> = []
    const writes: string[] = []
    const counting = {
      setItem: (key: string, value: string) => {
        writes.push(key)
        localStorage.setItem(key, value)
      },
      getItem: (key: string) => localStorage.getItem(key),
      removeItem: (key: string) => localStorage.removeItem(key),
    } as unknown as Storage
    const storage = splitStorage<State>(['big'], () => counting, { deferred: ['big'], schedule: (run) => runs.push(run), leaving: {} })
    for (const big of [[1], [2], [3]]) storage.setItem('app', { state: { small: 'a', big }, version: 1 })
    // The small fields as before; the deferred one not yet, and one flush scheduled for the burst.
    expect(writes).toEqual(['app'])
    expect(localStorage.getItem('app/big')).toBeNull()
    expect(runs).toHaveLength(1)
    runs[0]!()
    expect(writes).toEqual(['app', 'app/big'])
    expect(JSON.parse(localStorage.getItem('app/big')!)).toEqual([3])
    // Nothing pending: a second run writes nothing; the next change schedules again.
    runs[0]!()
    expect(writes).toHaveLength(2)
    storage.setItem('app', { state: { small: 'a', big: [4] }, version: 1 })
    expect(runs).toHaveLength(2)
    storage.flush()
    expect(JSON.parse(localStorage.getItem('app/big')!)).toEqual([4])
  })

  it('never loses a deferred write: the page hidden or left, or the state read back, writes it first', () => {
    const window = new EventTarget()
    const document = Object.assign(new EventTarget(), { visibilityState: 'visible' })
    const storage = splitStorage<State>(['big'], undefined, { deferred: ['big'], schedule: () => {}, leaving: { window, document } })
    storage.setItem('app', { state: { small: 'a', big: [1] }, version: 1 })
    window.dispatchEvent(new Event('pagehide'))
    expect(JSON.parse(localStorage.getItem('app/big')!)).toEqual([1])

    storage.setItem('app', { state: { small: 'a', big: [2] }, version: 1 })
    document.dispatchEvent(new Event('visibilitychange'))
    expect(JSON.parse(localStorage.getItem('app/big')!)).toEqual([1])
    document.visibilityState = 'hidden'
    document.dispatchEvent(new Event('visibilitychange'))
    expect(JSON.parse(localStorage.getItem('app/big')!)).toEqual([2])

    storage.setItem('app', { state: { small: 'a', big: [3] }, version: 1 })
    expect(storage.getItem('app')).toEqual({ state: { small: 'a', big: [3] }, version: 1 })
  })

  it('a full storage does not break the state change that tried to write', () => {
    const full = {
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError')
      },
      getItem: () => null,
      removeItem: () => {},
    } as unknown as Storage
    const warn = console.warn
    console.warn = () => {}
    try {
      expect(() => splitStorage<State>(['big'], () => full).setItem('app', { state: { small: 'a', big: [1] }, version: 1 })).not.toThrow()
    } finally {
      console.warn = warn
    }
  })
})
