import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { TopicTree } from '../model/topic-tree.ts'
import { clearRetained } from './retained-clear.ts'
import { knownRetained, scanRetained, type ScanClient } from './retained-scan.ts'

/** A scripted broker connection: the test fires its events. */
class FakeClient implements ScanClient {
  connect = () => {}
  message: (topic: string, length: number, retain: boolean) => void = () => {}
  failure: (reason: string) => void = () => {}
  subscribed: { filters: readonly string[]; done: (refused: readonly string[], error?: string) => void } | undefined
  ended = false
  onConnect(listener: () => void) {
    this.connect = listener
  }
  onMessage(listener: (topic: string, length: number, retain: boolean) => void) {
    this.message = listener
  }
  onFailure(listener: (reason: string) => void) {
    this.failure = listener
  }
  subscribe(filters: readonly string[], done: (refused: readonly string[], error?: string) => void) {
    this.subscribed = { filters, done }
  }
  end() {
    this.ended = true
  }
}

const LIMITS = { quietMs: 500, scanMs: 10_000 }

describe('scanRetained (which topics hold a retained message, asked of the broker)', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('[MQTT-4.7.1-2] subscribes to topic/# (and the topic), keeps retained non-empty messages, ends 500 ms after the last one', async () => {
    const client = new FakeClient()
    const result = scanRetained(client, 'home', LIMITS)
    client.connect()
    expect(client.subscribed?.filters).toEqual(['home/#', 'home'])
    // [MQTT-3.3.1-9] a live message under 3.1.1 arrives without the flag: not counted.
    client.message('home/live', 3, false)
    client.subscribed!.done([])
    client.message('home/a', 2, true)
    await vi.advanceTimersByTimeAsync(400)
    client.message('home/b/c', 2, true)
    client.message('home/a', 2, true) // duplicate (overlapping subscriptions)
    client.message('home/empty', 0, true) // an empty retained message is no retained message
    await vi.advanceTimersByTimeAsync(400)
    expect(client.ended).toBe(false)
    await vi.advanceTimersByTimeAsync(200)
    expect(client.ended).toBe(true)
    const scan = await result
    expect([...scan.topics].sort()).toEqual(['home/a', 'home/b/c'])
    expect(scan.partial).toBe(false)
    expect(scan.error).toBeUndefined()
  })

  it('stops at the overall bound and says the list may be partial', async () => {
    const client = new FakeClient()
    const result = scanRetained(client, 'flood', LIMITS)
    client.connect()
    client.subscribed!.done([])
    for (let t = 0; t < 10_500; t += 100) {
      client.message(`flood/${t}`, 1, true)
      await vi.advanceTimersByTimeAsync(100)
    }
    const scan = await result
    expect(scan.partial).toBe(true)
    expect(scan.topics.size).toBe(100)
    expect(client.ended).toBe(true)
  })

  it('reports a refused subscription and a failed connection', async () => {
    const refused = new FakeClient()
    const a = scanRetained(refused, 'secret', LIMITS)
    refused.connect()
    refused.subscribed!.done(['secret/#', 'secret'])
    expect((await a).error).toBe('the broker refused the subscription to secret/# and secret')

    const down = new FakeClient()
    const b = scanRetained(down, 'x', LIMITS)
    down.failure('scan connection: connect ECONNREFUSED')
    expect(await b).toMatchObject({ error: 'scan connection: connect ECONNREFUSED', partial: true })

    const silent = new FakeClient()
    const c = scanRetained(silent, 'x', LIMITS)
    await vi.advanceTimersByTimeAsync(10_000)
    expect((await c).error).toMatch(/did not answer/)
  })

  it('asks only "/#" for an empty first level (an empty topic is no topic)', () => {
    const client = new FakeClient()
    void scanRetained(client, '', LIMITS)
    client.connect()
    expect(client.subscribed?.filters).toEqual(['/#'])
  })
})

describe('knownRetained (what the tree knows)', () => {
  it('lists the retained topics at and below a node, skipping subtrees without any', () => {
    const tree = new TopicTree()
    const bytes = new Uint8Array([1])
    tree.ingest('a', bytes, { qos: 0, retain: true }, 1)
    tree.ingest('a/b', bytes, { qos: 0, retain: true }, 1)
    tree.ingest('a/c/d', bytes, { qos: 0, retain: false }, 1)
    tree.ingest('a/c/e', bytes, { qos: 0, retain: true }, 1)
    tree.ingest('a/c/e', new Uint8Array(0), { qos: 0, retain: true }, 2) // cleared
    tree.ingest('a/f', bytes, { qos: 0, retain: true }, 1)
    tree.ingest('z', bytes, { qos: 0, retain: true }, 1)
    const a = tree.find('a')!
    expect(knownRetained(a, true).sort()).toEqual(['a', 'a/b', 'a/f'])
    expect(knownRetained(a, false)).toEqual(['a'])
    expect(knownRetained(tree.find('a/c')!, false)).toEqual([])
  })
})

describe('clearRetained (empty retained messages at QoS 1, pipelined)', () => {
  it('keeps at most `concurrency` in flight and reports progress and a final state', async () => {
    const topics = Array.from({ length: 120 }, (_, i) => `t/${i}`)
    let inFlight = 0
    let peak = 0
    const published: string[] = []
    const progress: number[] = []
    const final = await clearRetained(
      topics,
      async (topic) => {
        inFlight++
        peak = Math.max(peak, inFlight)
        await new Promise((r) => setTimeout(r, 1))
        inFlight--
        published.push(topic)
        if (topic === 't/7') throw new Error('Not authorized')
      },
      (state) => progress.push(state.done + state.failed),
      { concurrency: 50, timeoutMs: 1000, reportedErrors: 10 },
    )
    expect(peak).toBe(50)
    expect(published.sort()).toEqual([...topics].sort())
    expect(final).toEqual({ total: 120, done: 119, failed: 1, finished: true, errors: [{ topic: 't/7', reason: 'Not authorized' }] })
    expect(progress.at(-1)).toBe(120)
    expect(progress).toHaveLength(121)
  })

  it('fails a clear whose PUBACK never comes (the socket closed) after the timeout', async () => {
    vi.useFakeTimers()
    try {
      const result = clearRetained(
        ['a', 'b'],
        (topic) => (topic === 'a' ? Promise.resolve() : new Promise<void>(() => {})),
        () => {},
        { concurrency: 5, timeoutMs: 10_000, reportedErrors: 10 },
      )
      await vi.advanceTimersByTimeAsync(10_000)
      expect(await result).toMatchObject({ done: 1, failed: 1, errors: [{ topic: 'b', reason: 'no PUBACK within 10 s' }] })
    } finally {
      vi.useRealTimers()
    }
  })

  it('finishes at once with nothing to clear', async () => {
    expect(
      await clearRetained(
        [],
        () => Promise.resolve(),
        () => {},
      ),
    ).toEqual({ total: 0, done: 0, failed: 0, finished: true, errors: [] })
  })
})
