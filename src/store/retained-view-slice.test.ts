// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { useAppStore } from './app-store.ts'
import { freshStorePerTest } from './test-support/fresh-store.ts'

const sent = freshStorePerTest()
const store = () => useAppStore.getState()

describe('the Retained view slice', () => {
  it('lists a valid filter, refuses a bad one, and keeps only the answer to the latest request', () => {
    store().setRetainedFilter('a/#/b')
    store().listRetained()
    expect(store().retainedFilterError).toBeDefined()
    expect(sent).toEqual([])

    store().setRetainedFilter(' home/# ')
    store().listRetained()
    const command = sent.at(-1)
    expect(command).toMatchObject({ type: 'retained-list', filter: 'home/#' })
    const id = (command as { id: number }).id
    store().applyRetainedListing({ id: id - 1, filter: 'old', entries: [], leftOut: 0, partial: false, at: 1 })
    expect(store().retainedListing).toBeUndefined()
    store().applyRetainedListing({ id, filter: 'home/#', entries: [], leftOut: 0, partial: false, at: 2 })
    expect(store().retainedListing?.filter).toBe('home/#')
    expect(store().retainedLoading).toBeUndefined()
  })

  it('"Clear selected" goes through the clear confirmation, and the view lists again after the report', () => {
    store().askClearSelected(['a', 'b'])
    expect(store().clearDialog).toMatchObject({ phase: 'confirm', selection: true, topics: ['a', 'b'] })
    store().confirmClearRetained()
    const clear = sent.at(-1) as { type: string; id: number; subtree: boolean; topics: string[] }
    expect(clear).toMatchObject({ type: 'clear-retained', topics: ['a', 'b'] })
    store().applyClearProgress({ id: clear.id, subtree: clear.subtree, total: 2, done: 2, failed: 0, finished: true, errors: [] })
    expect(store().clearDialog).toMatchObject({ phase: 'done', selection: true })
    expect(sent.at(-1)).toMatchObject({ type: 'retained-list', filter: '#' })
  })

  it('restores to the current connection only when connected, or to another profile by its options', () => {
    const message = { ts: 1, topic: 't', qos: 1 as const, retain: true, payload: new Uint8Array([1]) }
    expect(store().startRestore([message], { kind: 'current' })).toMatch(/not connected/)
    expect(store().startRestore([message], { kind: 'profile', profileId: 'nope' })).toMatch(/no longer exists/)
    const embedded = store().profiles[0]!
    expect(store().startRestore([message], { kind: 'profile', profileId: embedded.id })).toBeUndefined()
    const restore = sent.at(-1) as { type: string; id: number; target?: { url: string } }
    expect(restore).toMatchObject({ type: 'retained-restore', messages: [message] })
    expect(restore.target?.url).toBe(embedded.url)
    // One at a time.
    expect(store().startRestore([message], { kind: 'profile', profileId: embedded.id })).toMatch(/still running/)
    store().applyRestoreProgress({ id: restore.id, total: 1, done: 1, refused: 0, finished: true, reasons: [] })
    expect(store().restoreProgress?.finished).toBe(true)
  })
})

describe('the Retained view across connections', () => {
  it('forgets the list (and drops a listing under way) when a connection starts', () => {
    store().listRetained()
    const id = (sent.at(-1) as { id: number }).id
    store().applyRetainedListing({ id, filter: '#', entries: [], leftOut: 0, partial: false, at: 2 })
    store().listRetained()
    const pending = (sent.at(-1) as { id: number }).id
    store().connect()
    expect(store().retainedListing).toBeUndefined()
    store().applyRetainedListing({ id: pending, filter: '#', entries: [], leftOut: 0, partial: false, at: 3 })
    expect(store().retainedListing).toBeUndefined()
  })
})
