import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { TopicTree } from '../model/topic-tree.ts'
import { lastSetFromTree, listRetained } from './retained-list.ts'
import type { ScanClient, ScannedMessage } from './retained-scan.ts'

/** A scripted broker connection: the test fires its events. */
class FakeClient implements ScanClient {
  connect = () => {}
  message: (topic: string, length: number, retain: boolean, message?: ScannedMessage) => void = () => {}
  subscribed: { filters: readonly string[]; done: (refused: readonly string[]) => void; qos: number | undefined } | undefined
  ended = false
  onConnect(listener: () => void) {
    this.connect = listener
  }
  onMessage(listener: FakeClient['message']) {
    this.message = listener
  }
  onFailure() {}
  subscribe(filters: readonly string[], done: (refused: readonly string[]) => void, qos?: 0 | 1 | 2) {
    this.subscribed = { filters, done, qos }
  }
  end() {
    this.ended = true
  }
  send(topic: string, payload: number[], qos: 0 | 1 | 2 = 1, properties?: Record<string, unknown>) {
    const bytes = new Uint8Array(payload)
    this.message(topic, bytes.length, true, { payload: bytes, qos, properties })
  }
}

describe('listRetained (the Retained view listing)', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('subscribes to the filter at QoS 2 and keeps each retained message with its bytes, QoS, properties and last-set time', async () => {
    const client = new FakeClient()
    const pending = listRetained(client, 'home/#', (topic) => (topic === 'home/a' ? 1234 : undefined), { count: 10, bytes: 100, quietMs: 500, scanMs: 10_000 })
    client.connect()
    expect(client.subscribed).toMatchObject({ filters: ['home/#'], qos: 2 })
    client.subscribed!.done([])
    client.send('home/a', [1, 2, 3], 2)
    client.send('home/b', [0xff], 0, { contentType: 'x', userProperties: { k: 'v' } })
    client.send('home/empty', []) // an empty retained message is none
    client.message('home/live', 2, false) // a live message
    await vi.advanceTimersByTimeAsync(600)
    const listing = await pending
    expect(listing.entries).toEqual([
      { topic: 'home/a', qos: 2, payload: new Uint8Array([1, 2, 3]), lastSet: 1234 },
      { topic: 'home/b', qos: 0, payload: new Uint8Array([0xff]), properties: { contentType: 'x', userProperties: { k: 'v' } } },
    ])
    expect(listing).toMatchObject({ filter: 'home/#', leftOut: 0, partial: false })
    expect(listing.cutBy).toBeUndefined()
  })

  it('cuts the list at its count and byte budgets and says how many were left out', async () => {
    const byCount = new FakeClient()
    const counted = listRetained(byCount, '#', () => undefined, { count: 2, bytes: 100, quietMs: 500, scanMs: 10_000 })
    byCount.connect()
    byCount.subscribed!.done([])
    for (const t of ['a', 'b', 'c']) byCount.send(t, [1])
    await vi.advanceTimersByTimeAsync(600)
    expect(await counted).toMatchObject({ cutBy: 'count', leftOut: 1 })
    expect((await counted).entries.map((e) => e.topic)).toEqual(['a', 'b'])

    const byBytes = new FakeClient()
    const sized = listRetained(byBytes, '#', () => undefined, { count: 10, bytes: 5, quietMs: 500, scanMs: 10_000 })
    byBytes.connect()
    byBytes.subscribed!.done([])
    byBytes.send('a', [1, 2, 3])
    byBytes.send('b', [1, 2, 3])
    byBytes.send('c', [1, 2])
    await vi.advanceTimersByTimeAsync(600)
    expect(await sized).toMatchObject({ cutBy: 'bytes', leftOut: 1 })
    expect((await sized).entries.map((e) => e.topic)).toEqual(['a', 'c'])
  })
})

describe('lastSetFromTree (when a retained message was set, from the explorer history)', () => {
  it('knows the time of a live arrival with the same bytes on a retained topic, and nothing else', () => {
    const tree = new TopicTree()
    const lookup = lastSetFromTree(tree)
    const bytes = new Uint8Array([1, 2])
    // Delivered flagged (maybe re-sent on subscribe, long after it was set): unknown.
    tree.ingest('a', bytes, { qos: 1, retain: true }, 1000)
    expect(lookup('a', bytes)).toBeUndefined()
    // Arrived live (3.1.1: retain = 0) and the topic is marked retained: set then.
    const node = tree.ingest('a', bytes.slice(), { qos: 1, retain: false }, 2000)
    tree.setRetained(node, true)
    expect(lookup('a', bytes)).toBe(2000)
    // Other bytes than the broker holds now, or a topic the tree never saw: unknown.
    expect(lookup('a', new Uint8Array([9]))).toBeUndefined()
    expect(lookup('b', bytes)).toBeUndefined()
  })
})
