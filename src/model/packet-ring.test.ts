import { describe, expect, it } from 'vitest'
import { LIMITS } from './limits.ts'
import { PacketRing } from './packet-ring.ts'

const T = 1_700_000_000_000
const all = { types: [], topic: '' }

describe('PacketRing: time since the request', () => {
  it('matches each acknowledgement to its request by type, packet id and direction', () => {
    const ring = new PacketRing()
    ring.record({ cmd: 'connect', clientId: 'c' }, 'sent', 4, T)
    ring.record({ cmd: 'connack', returnCode: 0 }, 'received', 4, T + 5)
    ring.record({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: '#', qos: 2 }] }, 'sent', 4, T + 6)
    ring.record({ cmd: 'suback', messageId: 1, granted: [2] }, 'received', 4, T + 9)
    ring.record({ cmd: 'publish', topic: 'a', qos: 1, messageId: 2 }, 'sent', 4, T + 10)
    ring.record({ cmd: 'publish', topic: 'b', qos: 2, messageId: 3 }, 'sent', 4, T + 11)
    // The broker's own PUBLISH with the same packet id: its PUBACK is ours, not the answer to ours.
    ring.record({ cmd: 'publish', topic: 'a', qos: 1, messageId: 2 }, 'received', 4, T + 12)
    ring.record({ cmd: 'puback', messageId: 2 }, 'sent', 4, T + 13)
    ring.record({ cmd: 'puback', messageId: 2 }, 'received', 4, T + 20)
    ring.record({ cmd: 'pubrec', messageId: 3 }, 'received', 4, T + 21)
    ring.record({ cmd: 'pubrel', messageId: 3 }, 'sent', 4, T + 22)
    ring.record({ cmd: 'pubcomp', messageId: 3 }, 'received', 4, T + 30)
    ring.record({ cmd: 'unsubscribe', messageId: 4, unsubscriptions: ['#'] }, 'sent', 4, T + 31)
    ring.record({ cmd: 'unsuback', messageId: 4 }, 'received', 4, T + 33)
    ring.record({ cmd: 'pingreq' }, 'sent', 4, T + 40)
    ring.record({ cmd: 'pingresp' }, 'received', 4, T + 41)
    ring.record({ cmd: 'pubcomp', messageId: 99 }, 'received', 4, T + 42)
    const timed = ring.query(all).entries.map((e) => [e.direction, e.type, e.ackMs])
    expect(timed).toEqual([
      ['sent', 'CONNECT', undefined],
      ['received', 'CONNACK', 5],
      ['sent', 'SUBSCRIBE', undefined],
      ['received', 'SUBACK', 3],
      ['sent', 'PUBLISH', undefined],
      ['sent', 'PUBLISH', undefined],
      ['received', 'PUBLISH', undefined],
      ['sent', 'PUBACK', 1],
      ['received', 'PUBACK', 10],
      ['received', 'PUBREC', 10],
      ['sent', 'PUBREL', undefined],
      ['received', 'PUBCOMP', 8],
      ['sent', 'UNSUBSCRIBE', undefined],
      ['received', 'UNSUBACK', 2],
      ['sent', 'PINGREQ', undefined],
      ['received', 'PINGRESP', 1],
      ['received', 'PUBCOMP', undefined],
    ])
    expect(ring.query(all).entries.map((e) => e.seq)).toEqual([...Array(17).keys()].map((i) => i + 1))
  })
})

describe('PacketRing: budgets', () => {
  it('evicts the oldest over the count budget, and counts them', () => {
    const ring = new PacketRing({ count: 3, bytes: 1 << 20 })
    for (let i = 0; i < 5; i++) ring.record({ cmd: 'pingreq' }, 'sent', 4, T + i)
    const snap = ring.query(all)
    expect(snap.entries.map((e) => e.seq)).toEqual([3, 4, 5])
    expect(snap.totals).toMatchObject({ count: 3, evictedCount: 2, maxCount: 3 })
  })

  it('evicts the oldest over the byte budget, and counts them', () => {
    const ring = new PacketRing({ count: 100, bytes: 1000 })
    for (let i = 0; i < 20; i++) ring.record({ cmd: 'publish', topic: 'x'.repeat(50), qos: 0 }, 'received', 4, T + i * 100)
    const { totals } = ring.query(all)
    expect(totals.bytes).toBeLessThanOrEqual(1000)
    expect(totals.count + totals.evictedCount).toBe(20)
    expect(totals.evictedCount).toBeGreaterThan(0)
  })

  it('clear() starts a new session empty', () => {
    const ring = new PacketRing({ count: 2, bytes: 1 << 20 })
    for (let i = 0; i < 3; i++) ring.record({ cmd: 'pingreq' }, 'sent', 4, T)
    ring.clear()
    expect(ring.query(all).totals).toMatchObject({ count: 0, bytes: 0, evictedCount: 0, notKept: 0 })
  })
})

describe('PacketRing: which PUBLISH packets are kept', () => {
  it('automatic: all while at most publishRate arrive per second, then none (counted); control packets always', () => {
    const ring = new PacketRing()
    const rate = LIMITS.packets.publishRate
    for (let i = 0; i < rate + 50; i++) ring.record({ cmd: 'publish', topic: 't', qos: 0 }, 'received', 4, T + 0.5)
    ring.record({ cmd: 'pingreq' }, 'sent', 4, T + 1)
    // The next second follows a busy one: still none.
    ring.record({ cmd: 'publish', topic: 't', qos: 0 }, 'received', 4, T + 1000)
    let totals = ring.totals
    expect(totals.notKept).toBe(51)
    expect(ring.query({ types: ['PINGREQ'], topic: '' }).matching).toBe(1)
    // A quiet second later: kept again.
    ring.record({ cmd: 'publish', topic: 't', qos: 0 }, 'received', 4, T + 3000)
    totals = ring.totals
    expect(totals.count).toBe(rate + 2)
  })

  it('a keep filter keeps only matching topics', () => {
    const ring = new PacketRing()
    ring.setKeepFilter('sensors/#')
    ring.record({ cmd: 'publish', topic: 'sensors/a', qos: 0 }, 'received', 4, T)
    ring.record({ cmd: 'publish', topic: 'other', qos: 0 }, 'received', 4, T)
    ring.record({ cmd: 'puback', messageId: 1 }, 'received', 4, T)
    expect(ring.query(all).entries.map((e) => e.topic ?? e.type)).toEqual(['sensors/a', 'PUBACK'])
    expect(ring.totals).toMatchObject({ notKept: 1, keepFilter: 'sensors/#' })
  })

  it('an acknowledgement is timed even when its PUBLISH was not kept', () => {
    const ring = new PacketRing()
    ring.setKeepFilter('none/kept')
    ring.record({ cmd: 'publish', topic: 'x', qos: 1, messageId: 5 }, 'sent', 4, T)
    ring.record({ cmd: 'puback', messageId: 5 }, 'received', 4, T + 7)
    expect(ring.query(all).entries[0]).toMatchObject({ type: 'PUBACK', ackMs: 7 })
  })
})

describe('PacketRing: query', () => {
  it('filters by type and topic text, newest first limited, oldest first returned', () => {
    const ring = new PacketRing()
    for (let i = 0; i < 10; i++) ring.record({ cmd: 'publish', topic: `Room/${i}`, qos: 0 }, 'received', 4, T + i * 10)
    ring.record({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'room/#', qos: 0 }] }, 'sent', 4, T)
    expect(ring.query({ types: ['SUBSCRIBE'], topic: '' }).entries.map((e) => e.topic)).toEqual(['room/#'])
    const snap = ring.query({ types: [], topic: 'room/' }, 3)
    expect(snap.matching).toBe(11)
    expect(snap.entries.map((e) => e.topic)).toEqual(['Room/8', 'Room/9', 'room/#'])
  })
})
