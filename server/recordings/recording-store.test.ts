import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { RecordedMessage } from '../../src/model/recording-jsonl.ts'
import { RecordingStore, topicMatcher, type Budgets } from './recording-store.ts'

const LARGE: Budgets = { maxBytes: 1e12, maxMessages: 1e9, totalMaxBytes: 1e12, totalMaxMessages: 1e9 }
const stores: RecordingStore[] = []
const dirs: string[] = []
afterEach(() => {
  for (const store of stores.splice(0)) store.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function open(dir?: string): RecordingStore {
  const store = new RecordingStore(dir)
  stores.push(store)
  return store
}

function msg(ts: number, topic: string, payload: number[] = [ts & 255]): RecordedMessage {
  return { ts, topic, qos: 1, retain: false, payload: Uint8Array.from(payload) }
}

function add(store: RecordingStore, id: string, onFull: 'evict' | 'stop' = 'evict'): void {
  store.create({ id, name: id, target: { url: undefined }, filters: ['#'], qos: 1, onFull, state: 'recording' })
}

describe('RecordingStore', () => {
  it('stores messages in order with counters, and queries by time and topic', () => {
    const store = open()
    add(store, 'r1')
    store.insert('r1', [msg(10, 'a/b'), msg(20, 'a/c'), msg(30, 'x/y'), msg(40, 'a/b')], LARGE)
    const row = store.get('r1')!
    expect(row).toMatchObject({ messages: 4, bytes: 3 + 3 + 3 + 3 + 4, first: 10, last: 40, evicted: 0 })
    expect([...store.messages('r1')].map((m) => m.ts)).toEqual([10, 20, 30, 40])
    expect([...store.messages('r1', { from: 20, to: 30 })].map((m) => m.ts)).toEqual([20, 30])
    expect([...store.messages('r1', { topic: 'a/+' })].map((m) => m.ts)).toEqual([10, 20, 40])
    expect([...store.messages('r1', { topic: 'a/b' })].map((m) => m.ts)).toEqual([10, 40])
  })

  it('lets the recorder insert while an export or a replay is part way through a recording (no open cursor between pages)', () => {
    const store = open()
    add(store, 'r1')
    store.insert(
      'r1',
      Array.from({ length: 1_200 }, (_, i) => msg(i, i % 2 ? 'a' : 'b')),
      LARGE,
    )
    expect(store.countMessages('r1')).toBe(1_200)
    expect(store.countMessages('r1', { from: 100, to: 199 })).toBe(100)
    const seen: number[] = []
    for (const message of store.messages('r1')) {
      seen.push(message.ts)
      // What a live recording does while an export waits for 'drain': this threw "connection is busy".
      if (message.ts % 300 === 0) store.insert('r1', [msg(10_000 + message.ts, 'live')], LARGE)
    }
    // Pages are read as the walk goes: the messages added meanwhile come at the end, once each.
    expect(seen.slice(0, 1_200)).toEqual(Array.from({ length: 1_200 }, (_, i) => i))
    expect(seen.slice(1_200)).toEqual([10_000, 10_300, 10_600, 10_900])
    expect([...store.messages('r1', { topic: 'a', from: 500, to: 1_199 })]).toHaveLength(350)
  })

  it('evicts the oldest messages when the per-recording count budget is reached, and counts them', () => {
    const store = open()
    add(store, 'r1')
    store.insert(
      'r1',
      [1, 2, 3, 4, 5].map((ts) => msg(ts, 't')),
      { ...LARGE, maxMessages: 3 },
    )
    expect([...store.messages('r1')].map((m) => m.ts)).toEqual([3, 4, 5])
    expect(store.get('r1')).toMatchObject({ messages: 3, evicted: 2, first: 3, last: 5 })
  })

  it('evicts by bytes too, and by the total budget over all recordings', () => {
    const store = open()
    add(store, 'r1')
    add(store, 'r2')
    store.insert('r1', [msg(1, 't', [1, 2, 3]), msg(2, 't', [1, 2, 3]), msg(3, 't', [1, 2, 3])], { ...LARGE, maxBytes: 8 })
    expect(store.get('r1')).toMatchObject({ messages: 2, bytes: 8, evicted: 1 })
    store.insert('r2', [msg(5, 't'), msg(6, 't')], { ...LARGE, totalMaxMessages: 3 })
    expect(store.get('r2')).toMatchObject({ messages: 1, evicted: 1 })
    expect(store.totals().messages).toBe(3)
  })

  it('stops at the budget when asked to, keeping what fitted', () => {
    const store = open()
    add(store, 'r1', 'stop')
    expect(
      store.insert(
        'r1',
        [1, 2, 3].map((ts) => msg(ts, 't')),
        { ...LARGE, maxMessages: 2 },
      ),
    ).toBe('full')
    expect(store.get('r1')).toMatchObject({ messages: 2, evicted: 0 })
  })

  it('keeps binary payloads and properties across a reopen of the file, and deletes a recording whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rec-store-'))
    dirs.push(dir)
    const first = open(dir)
    add(first, 'r1')
    const binary = Uint8Array.from({ length: 256 }, (_, i) => i)
    first.insert('r1', [{ ts: 1, topic: 'b', qos: 2, retain: true, payload: binary, properties: { contentType: 'c', correlationData_base64: 'AA==' } }], LARGE)
    first.close()
    stores.length = 0
    const second = open(dir)
    const [stored] = [...second.messages('r1')]
    expect(stored).toEqual({ ts: 1, topic: 'b', qos: 2, retain: true, payload: binary, properties: { contentType: 'c', correlationData_base64: 'AA==' } })
    expect(second.delete('r1')).toBe(true)
    expect(second.list()).toEqual([])
    expect([...second.messages('r1')]).toEqual([])
  })

  it('matches topics like MQTT filters', () => {
    expect(topicMatcher('a/#')('a')).toBe(true)
    expect(topicMatcher('a/#')('a/b/c')).toBe(true)
    expect(topicMatcher('a/+')('a/b/c')).toBe(false)
    expect(topicMatcher('+/b')('x/b')).toBe(true)
  })
})
