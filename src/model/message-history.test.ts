import { describe, expect, it } from 'vitest'
import { LIMITS } from './limits.ts'
import { type HistoryBudget, HistoryStore, type StoredMessage } from './message-history.ts'

const BIG: HistoryBudget = { perTopicCount: 1e9, perTopicBytes: 1e12, totalCount: 1e9, totalBytes: 1e12 }

let seq = 0
function msg(size: number, receivedAt = 0): StoredMessage {
  return { seq: ++seq, payload: new Uint8Array(size), qos: 0, retain: false, dup: false, receivedAt }
}

function seqs(store: HistoryStore, owner: object): number[] {
  return store.entries(owner).map((m) => m.seq)
}

describe('HistoryStore', () => {
  it("forget: a topic's messages leave the totals (not counted as evicted); the global budget then skips them", () => {
    const store = new HistoryStore({ perTopicCount: 10, perTopicBytes: 1000, totalCount: 5, totalBytes: 1000 })
    const a = {}
    const b = {}
    for (let i = 0; i < 3; i++) store.add(a, msg(10))
    store.add(b, msg(7))
    store.forget(a)
    expect([store.totalCount, store.totalBytes, store.evictedCount, store.countOf(a), store.entries(a)]).toEqual([1, 7, 0, 0, []])
    for (let i = 0; i < 4; i++) store.add(b, msg(1))
    // b's oldest is the globally oldest now: a's stale pairs are skipped, not evicted a second time.
    store.add(b, msg(1))
    expect([store.totalCount, store.countOf(b), store.evictedCount, store.evictedBytes]).toEqual([5, 5, 1, 7])
    store.forget({})
    store.add(a, msg(2))
    expect([store.countOf(a), store.totalCount]).toEqual([1, 5])
  })

  it('keeps each topic oldest first and counts bytes exactly', () => {
    const store = new HistoryStore(BIG)
    const a = {}
    const b = {}
    const a1 = msg(3)
    const b1 = msg(5)
    const a2 = msg(7)
    store.add(a, a1)
    store.add(b, b1)
    store.add(a, a2)
    expect(store.entries(a)).toEqual([a1, a2])
    expect(store.entries(b)).toEqual([b1])
    expect(store.latest(a)).toBe(a2)
    expect(store.latest({})).toBeUndefined()
    expect(store.entries({})).toEqual([])
    expect([store.totalCount, store.totalBytes, store.countOf(a), store.bytesOf(a)]).toEqual([3, 15, 2, 10])
    expect([store.evictedCount, store.evictedBytes, store.cutCount]).toEqual([0, 0, 0])
  })

  it('entries() is a copy that later adds do not change', () => {
    const store = new HistoryStore({ ...BIG, perTopicCount: 2 })
    const a = {}
    store.add(a, msg(1))
    const before = store.entries(a)
    store.add(a, msg(1))
    store.add(a, msg(1))
    expect(before).toHaveLength(1)
  })

  it('per-topic count budget: a topic drops its own oldest', () => {
    const store = new HistoryStore({ ...BIG, perTopicCount: 3 })
    const a = {}
    const b = {}
    const bFirst = msg(1)
    store.add(b, bFirst)
    const added: StoredMessage[] = []
    for (let i = 0; i < 10; i++) {
      const m = msg(2)
      added.push(m)
      store.add(a, m)
    }
    expect(store.entries(a)).toEqual(added.slice(-3))
    expect(store.entries(b)).toEqual([bFirst])
    expect([store.totalCount, store.totalBytes, store.evictedCount, store.evictedBytes]).toEqual([4, 7, 7, 14])
    expect(store.evictedOf(a)).toBe(7)
    expect(store.evictedOf(b)).toBe(0)
  })

  it('per-topic byte budget: drops the oldest until the topic fits', () => {
    const store = new HistoryStore({ ...BIG, perTopicBytes: 100 })
    const a = {}
    for (const size of [40, 40, 10, 30]) store.add(a, msg(size)) // 120 > 100: the first 40 goes
    expect(store.entries(a).map((m) => m.payload.length)).toEqual([40, 10, 30])
    store.add(a, msg(60)) // 140: 40 goes (100 fits)
    expect(store.entries(a).map((m) => m.payload.length)).toEqual([10, 30, 60])
    expect([store.evictedCount, store.evictedBytes, store.bytesOf(a), store.totalBytes]).toEqual([2, 80, 100, 100])
  })

  it('a payload larger than perTopicBytes is kept, alone, and counted in cutCount', () => {
    const store = new HistoryStore({ ...BIG, perTopicBytes: 100 })
    const a = {}
    store.add(a, msg(30))
    store.add(a, msg(30))
    const huge = msg(1000)
    store.add(a, huge)
    expect(store.entries(a)).toEqual([huge])
    expect([store.cutCount, store.evictedCount, store.evictedBytes, store.totalBytes]).toEqual([1, 2, 60, 1000])
    const next = msg(10)
    store.add(a, next)
    expect(store.entries(a)).toEqual([next])
    expect([store.cutCount, store.evictedCount, store.evictedBytes, store.totalBytes]).toEqual([1, 3, 1060, 10])
  })

  it('total count budget: the globally oldest go first, whatever their topic', () => {
    const store = new HistoryStore({ ...BIG, totalCount: 4 })
    const a = {}
    const b = {}
    const c = {}
    // a1 b1 a2 c1 | b2 -> a1 goes | c2 -> b1 goes
    const [a1, b1, a2, c1, b2, c2] = [msg(1), msg(2), msg(3), msg(4), msg(5), msg(6)] as const
    store.add(a, a1)
    store.add(b, b1)
    store.add(a, a2)
    store.add(c, c1)
    expect(store.evictedCount).toBe(0)
    store.add(b, b2)
    expect(store.entries(a)).toEqual([a2])
    store.add(c, c2)
    expect(store.entries(a)).toEqual([a2])
    expect(store.entries(b)).toEqual([b2])
    expect(store.entries(c)).toEqual([c1, c2])
    expect([store.totalCount, store.totalBytes, store.evictedCount, store.evictedBytes]).toEqual([4, 18, 2, 3])
  })

  it('total byte budget: evicts the globally oldest until the total fits, never the new message', () => {
    const store = new HistoryStore({ ...BIG, totalBytes: 100 })
    const a = {}
    const b = {}
    store.add(a, msg(50))
    store.add(b, msg(40))
    store.add(a, msg(30)) // 120: a's 50 goes
    expect(seqs(store, a)).toHaveLength(1)
    expect([store.totalBytes, store.evictedCount, store.evictedBytes]).toEqual([70, 1, 50])
    const huge = msg(500) // bigger than the whole budget: kept alone
    store.add(b, huge)
    expect(store.entries(a)).toEqual([])
    expect(store.entries(b)).toEqual([huge])
    expect([store.totalCount, store.totalBytes, store.evictedCount, store.evictedBytes]).toEqual([1, 500, 3, 120])
  })

  it('global eviction skips entries a topic already dropped (stale FIFO entries)', () => {
    const store = new HistoryStore({ perTopicCount: 2, perTopicBytes: 1e12, totalCount: 5, totalBytes: 1e12 })
    const a = {}
    const b = {}
    const aMsgs: StoredMessage[] = []
    for (let i = 0; i < 6; i++) {
      const m = msg(1)
      aMsgs.push(m)
      store.add(a, m) // a keeps its last 2; 4 stale FIFO entries remain ahead
    }
    const others = [b, {}, {}, {}]
    for (const owner of others) store.add(owner, msg(1))
    // 6 live (2 of a, 1 each of 4 others) > 5: the oldest live is a's 5th message, not a stale one
    expect(store.entries(a)).toEqual([aMsgs[5]])
    for (const owner of others) expect(store.countOf(owner)).toBe(1)
    expect([store.totalCount, store.evictedCount]).toEqual([5, 5])
  })

  it('a topic flooding under its own budget while the total is never hit stays exact (stale entries compacted)', () => {
    const store = new HistoryStore({ perTopicCount: 3, perTopicBytes: 1e12, totalCount: 10, totalBytes: 1e12 })
    const flood = {}
    const quiet = [{}, {}, {}]
    for (const owner of quiet) store.add(owner, msg(1))
    const last: StoredMessage[] = []
    for (let i = 0; i < 50_000; i++) {
      const m = msg(2)
      store.add(flood, m)
      last.push(m)
    }
    expect(store.entries(flood)).toEqual(last.slice(-3))
    expect([store.totalCount, store.totalBytes, store.evictedCount, store.evictedBytes]).toEqual([6, 9, 49_997, 99_994])
    // Now the total budget bites: the quiet topics' messages are the globally oldest.
    const extra = Array.from({ length: 3 }, () => ({}))
    for (const owner of extra) store.add(owner, msg(1)) // 9 live
    store.add({}, msg(1)) // 10 live
    store.add({}, msg(1)) // 11 > 10: the first quiet message goes
    expect(store.countOf(quiet[0]!)).toBe(0)
    expect(store.countOf(quiet[1]!)).toBe(1)
    expect(store.entries(flood)).toEqual(last.slice(-3))
    expect([store.totalCount, store.evictedCount]).toEqual([10, 49_998])
  })

  it('stays exact over a long random run (model check, incl. FIFO compaction)', () => {
    const budget: HistoryBudget = { perTopicCount: 7, perTopicBytes: 400, totalCount: 300, totalBytes: 20_000 }
    const store = new HistoryStore(budget)
    const owners = Array.from({ length: 60 }, () => ({}))
    // The reference model: one array, evicting the same way with linear scans.
    const model: { owner: object; m: StoredMessage }[] = []
    let evictedCount = 0
    let evictedBytes = 0
    let random = 12345
    const next = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    for (let i = 0; i < 30_000; i++) {
      // A few topics flood, so stale FIFO entries pile up and get compacted.
      const owner = owners[next() < 0.7 ? Math.floor(next() * 3) : Math.floor(next() * owners.length)]!
      const m = msg(Math.floor(next() * (next() < 0.01 ? 1000 : 120)))
      store.add(owner, m)
      model.push({ owner, m })
      const mine = () => model.filter((e) => e.owner === owner)
      const drop = (e: { m: StoredMessage }) => {
        model.splice(model.indexOf(e as (typeof model)[number]), 1)
        evictedCount++
        evictedBytes += e.m.payload.length
      }
      for (
        let own = mine();
        own.length > 1 && (own.length > budget.perTopicCount || own.reduce((s, e) => s + e.m.payload.length, 0) > budget.perTopicBytes);
        own = mine()
      )
        drop(own[0]!)
      const bytes = () => model.reduce((s, e) => s + e.m.payload.length, 0)
      while (model.length > 1 && (model.length > budget.totalCount || bytes() > budget.totalBytes)) drop(model[0]!)
    }
    for (const owner of owners) expect(store.entries(owner)).toEqual(model.filter((e) => e.owner === owner).map((e) => e.m))
    expect(store.totalCount).toBe(model.length)
    expect(store.totalBytes).toBe(model.reduce((s, e) => s + e.m.payload.length, 0))
    expect([store.evictedCount, store.evictedBytes]).toEqual([evictedCount, evictedBytes])
  })

  it('clear() forgets messages and counters', () => {
    const store = new HistoryStore({ ...BIG, perTopicCount: 1 })
    const a = {}
    store.add(a, msg(3))
    store.add(a, msg(3))
    store.clear()
    expect([store.totalCount, store.totalBytes, store.evictedCount, store.evictedBytes, store.cutCount]).toEqual([0, 0, 0, 0, 0])
    expect(store.entries(a)).toEqual([])
    store.add(a, msg(2))
    expect(store.totalBytes).toBe(2)
  })

  it('rejects a budget that keeps nothing', () => {
    expect(() => new HistoryStore({ ...BIG, perTopicCount: 0 })).toThrow(RangeError)
  })

  it('defaults to LIMITS.history, sized for 100,000 topics', () => {
    expect(new HistoryStore().budget).toBe(LIMITS.history)
    expect(LIMITS.history).toEqual({ perTopicCount: 1000, perTopicBytes: 16 * 2 ** 20, totalCount: 500_000, totalBytes: 256 * 2 ** 20 })
  })

  it('setBudget: shrinking evicts per topic, then the globally oldest, and counts every eviction', () => {
    const store = new HistoryStore(BIG)
    const a = {}
    const b = {}
    for (let i = 0; i < 10; i++) store.add(a, msg(10))
    for (let i = 0; i < 4; i++) store.add(b, msg(5))
    const bNewest = store.entries(b)
    store.setBudget({ ...BIG, perTopicCount: 5 })
    expect(store.countOf(a)).toBe(5)
    expect(store.countOf(b)).toBe(4)
    expect([store.evictedCount, store.evictedBytes, store.evictedOf(a), store.evictedOf(b)]).toEqual([5, 50, 5, 0])
    // 9 kept, 70 bytes; the globally oldest are a's.
    store.setBudget({ ...BIG, perTopicCount: 5, totalCount: 6 })
    expect(store.countOf(a)).toBe(2)
    expect(store.entries(b)).toEqual(bNewest)
    expect([store.totalCount, store.totalBytes, store.evictedCount]).toEqual([6, 40, 8])
    store.setBudget({ ...BIG, totalBytes: 25 })
    expect([store.totalCount, store.totalBytes]).toEqual([4, 20])
    expect(store.budget.totalBytes).toBe(25)
    // Growing evicts nothing, and later messages follow the new budget.
    store.setBudget(BIG)
    expect(store.totalCount).toBe(4)
    for (let i = 0; i < 20; i++) store.add(a, msg(1))
    expect(store.countOf(a)).toBe(20)
    expect(() => store.setBudget({ ...BIG, totalCount: 0 })).toThrow(RangeError)
  })

  it('setBudget keeps each topic its newest message, however small the budget', () => {
    const store = new HistoryStore(BIG)
    const a = {}
    const big = msg(100)
    store.add(a, msg(100))
    store.add(a, big)
    store.setBudget({ ...BIG, perTopicBytes: 10, totalBytes: 10 })
    expect(store.entries(a)).toEqual([big])
  })

  it('newest() pages newest first; find() gives a message and the one kept before it', () => {
    const store = new HistoryStore({ ...BIG, perTopicCount: 5 })
    const a = {}
    const added: StoredMessage[] = []
    for (let i = 0; i < 8; i++) {
      const m = msg(1)
      added.push(m)
      store.add(a, m)
      store.add({}, msg(1)) // other topics interleave: seqs are not consecutive per topic
    }
    const kept = added.slice(-5)
    expect(store.newest(a, 0, 2)).toEqual([kept[4], kept[3]])
    expect(store.newest(a, 3, 10)).toEqual([kept[1], kept[0]])
    expect(store.newest(a, 9, 10)).toEqual([])
    expect(store.newest({}, 0, 10)).toEqual([])
    expect(store.find(a, kept[2]!.seq)).toEqual({ message: kept[2], previous: kept[1] })
    expect(store.find(a, kept[0]!.seq)).toEqual({ message: kept[0], previous: undefined })
    expect(store.find(a, added[0]!.seq)).toBeUndefined()
    expect(store.find(a, kept[2]!.seq + 1)).toBeUndefined()
  })

  it('newerThan() counts the kept messages that arrived after a seq, evicted or unknown seqs too', () => {
    const store = new HistoryStore({ ...BIG, perTopicCount: 5 })
    const a = {}
    const added: StoredMessage[] = []
    for (let i = 0; i < 8; i++) {
      const m = msg(1)
      added.push(m)
      store.add(a, m)
      store.add({}, msg(1))
    }
    const kept = added.slice(-5)
    expect(store.newerThan(a, kept[4]!.seq)).toBe(0)
    expect(store.newerThan(a, kept[2]!.seq)).toBe(2)
    // A seq between two of this topic's messages (another topic's), and an evicted one.
    expect(store.newerThan(a, kept[2]!.seq + 1)).toBe(2)
    expect(store.newerThan(a, added[0]!.seq)).toBe(5)
    expect(store.newerThan({}, 1)).toBe(0)
    // With newest(), the list held at an anchor: the anchor's message first.
    expect(store.newest(a, store.newerThan(a, kept[2]!.seq), 2)).toEqual([kept[2], kept[1]])
  })
})
