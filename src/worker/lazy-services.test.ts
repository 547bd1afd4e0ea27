import { describe, expect, it } from 'vitest'
import { waitUntil } from '../../server/test-support/timeout.ts'
import { Explorer } from './explorer.ts'
import { LazyInspector } from './lazy-inspector.ts'
import type { RetainedTracker } from './retained-tracker.ts'
import { LazyRetained } from './lazy-retained.ts'
import type { WorkerEvent } from './protocol.ts'

const utf8 = new TextEncoder()

describe('LazyInspector (the inspector loaded with the first topic inspected)', () => {
  it('loads with the first request for a topic, applies the requests made meanwhile in order, then answers', async () => {
    const explorer = new Explorer()
    explorer.ingest({ topic: 'a', payload: utf8.encode('1'), qos: 0, retain: false, dup: false, properties: undefined }, 1000)
    explorer.ingest({ topic: 'b', payload: utf8.encode('2'), qos: 0, retain: false, dup: false, properties: undefined }, 1001)
    const events: WorkerEvent[] = []
    let loaded = 0
    const inspector = new LazyInspector(
      explorer.tree,
      () => {},
      (e) => events.push(e),
      () => loaded++,
    )
    inspector.invalidate()
    inspector.setRequest({ id: undefined }) // nothing asked yet: nothing to load
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(loaded).toBe(0)
    expect(inspector.poll(false)).toBeUndefined()
    inspector.setRequest({ id: explorer.tree.find('a')!.id })
    inspector.setRequest({ id: explorer.tree.find('b')!.id })
    inspector.invalidate()
    expect(inspector.poll(false)).toBeUndefined()
    await waitUntil(() => loaded > 0, 5_000, 'the inspector loaded')
    expect(inspector.poll(false)?.inspection).toMatchObject({ topic: 'b', received: 1 })
    expect(inspector.poll(false)).toBeUndefined()
    inspector.setRequest({ id: undefined })
    expect(inspector.poll(false)).toEqual({ seq: expect.any(Number), inspection: undefined })
    expect(loaded).toBe(2) // a flush asked for by each queued request (the worker's flushNow makes one of them), none after
    expect(events).toEqual([])
  })
})

describe('LazyRetained (scan, clear, listing and restore loaded with the first asked)', () => {
  function setup() {
    const explorer = new Explorer()
    const events: WorkerEvent[] = []
    let session: object | undefined = undefined
    const retained = new LazyRetained(
      { tree: explorer.tree, tracker: {} as RetainedTracker, current: () => session as never, emit: (e) => events.push(e) },
      { tree: explorer.tree, current: () => undefined, post: (e) => events.push(e) },
    )
    return { retained, events, connect: (s: object | undefined) => (session = s) }
  }

  it('does not clear on a session switched to while the code loaded', async () => {
    const { retained, events, connect } = setup()
    connect({ name: 'first' })
    retained.clear(7, false, ['x/1', 'x/2'])
    connect({ name: 'second' })
    await waitUntil(() => events.length > 0, 5_000, 'the clear answered')
    expect(events).toEqual([
      {
        type: 'clear-progress',
        progress: { id: 7, subtree: false, total: 2, done: 0, failed: 2, finished: true, errors: [{ topic: '', reason: 'the connection changed' }] },
      },
    ])
  })

  it('answers a listing once loaded, and a restore with nowhere to go at once', async () => {
    const { retained, events } = setup()
    retained.restore(3, [], undefined)
    expect(events).toEqual([
      { type: 'restore-progress', progress: { id: 3, total: 0, done: 0, refused: 0, finished: true, reasons: [], error: 'not connected' } },
    ])
    retained.list(4, '#')
    await waitUntil(() => events.length > 1, 5_000, 'the listing answered')
    expect(events[1]).toMatchObject({ type: 'retained-list', listing: { id: 4, filter: '#', entries: [], error: 'not connected' } })
  })
})
