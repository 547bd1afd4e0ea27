import { describe, expect, it } from 'vitest'
import { CONNECTIONS_KEY, readOpenConnections, writeOpenConnections } from './connections-persist.ts'

function storageWith(value: string | null) {
  return { getItem: (key: string) => (key === CONNECTIONS_KEY ? value : null) }
}

describe('readOpenConnections', () => {
  it('reads back what was written', () => {
    const stored = {
      tabs: [
        { primary: true, profileId: 'embedded' },
        { primary: false, profileId: 'p-2' },
      ],
      active: 1,
      sideBySide: true,
    }
    let text: string | null = null
    writeOpenConnections(stored, { setItem: (_key, value) => (text = value) })
    expect(readOpenConnections(storageWith(text))).toEqual(stored)
  })

  it('is undefined when nothing (or nothing usable) is stored', () => {
    expect(readOpenConnections(storageWith(null))).toBeUndefined()
    expect(readOpenConnections(storageWith('{not json'))).toBeUndefined()
    expect(readOpenConnections(storageWith('[]'))).toBeUndefined()
    expect(readOpenConnections(storageWith('{"tabs":"x"}'))).toBeUndefined()
    expect(readOpenConnections(storageWith('{"tabs":[{"profileId":""},{"profileId":3},null]}'))).toBeUndefined()
  })

  it('checks every field: one first connection, at most 10 tabs, an active index within them', () => {
    const tabs = Array.from({ length: 14 }, (_, i) => ({ primary: true, profileId: `p${i}` }))
    const read = readOpenConnections(storageWith(JSON.stringify({ tabs, active: 99, sideBySide: 'yes' })))!
    expect(read.tabs).toHaveLength(10)
    expect(read.tabs.filter((t) => t.primary)).toEqual([{ primary: true, profileId: 'p0' }])
    expect(read.active).toBe(9)
    expect(read.sideBySide).toBe(false)
    expect(readOpenConnections(storageWith(JSON.stringify({ tabs, active: -1 })))!.active).toBe(0)
    expect(readOpenConnections(storageWith(JSON.stringify({ tabs, active: 1.5 })))!.active).toBe(0)
  })

  it('a storage that refuses to write loses only the tabs, quietly', () => {
    expect(() =>
      writeOpenConnections(
        { tabs: [], active: 0, sideBySide: false },
        {
          setItem: () => {
            throw new Error('QuotaExceededError')
          },
        },
      ),
    ).not.toThrow()
  })
})
