import { describe, expect, it } from 'vitest'
import { brokerStatsKey, counterRate, OTHER_STATS, parseStatNumber, readBrokerStats as readAt, ROUND_SLACK_MS } from './broker-stats.ts'
import { TopicTree } from './topic-tree.ts'

const encoder = new TextEncoder()
/** Long after every value below arrived: every round is over. */
const LATER = 1e9
const readBrokerStats = (tree: TopicTree) => readAt(tree, LATER)

/** One $SYS message as a subscriber receives it: live (retain 0 on MQTT 3.1.1) unless said otherwise. */
function receive(tree: TopicTree, topic: string, payload: string, at: number, retain = false): void {
  tree.ingest(topic, encoder.encode(payload), { qos: 0, retain }, at)
}

describe('parseStatNumber', () => {
  it('reads plain numbers and a number followed by a unit word', () => {
    expect(parseStatNumber('42')).toBe(42)
    expect(parseStatNumber('12.5')).toBe(12.5)
    expect(parseStatNumber('-3')).toBe(-3)
    expect(parseStatNumber(' 1234 seconds ')).toBe(1234)
    expect(parseStatNumber('1e3')).toBe(1000)
  })

  it('is undefined for anything else', () => {
    for (const text of ['', 'n/a', '2.0.18', '12abc', 'mosquitto version 2.0.18', '1 2', '0x10', 'NaN', 'Infinity']) {
      expect(parseStatNumber(text), text).toBeUndefined()
    }
  })
})

describe('counterRate (two samples of a counter)', () => {
  it('is the change per second between two live values', () => {
    expect(counterRate({ value: 100, at: 10_000, retain: false }, { value: 150, at: 20_000, retain: false }, false)).toBe(5)
    expect(counterRate({ value: 7, at: 0, retain: false }, { value: 7, at: 1_000, retain: false }, false)).toBe(0)
  })

  it('says nothing when the older value was a retained replay (its time is when we subscribed)', () => {
    // MQTT 3.1.1: the replay has the flag, the live one does not.
    expect(counterRate({ value: 100, at: 9_900, retain: true }, { value: 150, at: 10_000, retain: false }, false)).toBeUndefined()
    // MQTT 5 with retain-as-published: both have it; the replay is the topic's first message.
    expect(counterRate({ value: 100, at: 9_900, retain: true }, { value: 150, at: 10_000, retain: true }, true)).toBeUndefined()
    // ...but two live retained-as-published values are fine.
    expect(counterRate({ value: 100, at: 0, retain: true }, { value: 150, at: 10_000, retain: true }, false)).toBe(5)
  })

  it('says nothing when the counter went down (a restart) or no time passed', () => {
    expect(counterRate({ value: 500, at: 0, retain: false }, { value: 3, at: 10_000, retain: false }, false)).toBeUndefined()
    expect(counterRate({ value: 1, at: 5, retain: false }, { value: 2, at: 5, retain: false }, false)).toBeUndefined()
  })
})

describe('readBrokerStats (the dashboard, read from the tree)', () => {
  it('is undefined without $SYS/broker values', () => {
    const tree = new TopicTree()
    expect(readBrokerStats(tree)).toBeUndefined()
    receive(tree, '$SYS/other/thing', '1', 1)
    receive(tree, 'SYS/broker/uptime', '1 seconds', 1)
    expect(readBrokerStats(tree)).toBeUndefined()
    receive(tree, '$SYS/broker/uptime', '', 1, true) // a cleared retained value is no value
    expect(readBrokerStats(tree)).toBeUndefined()
  })

  it('reads each known statistic: its text, its number and when it arrived', () => {
    const tree = new TopicTree()
    receive(tree, '$SYS/broker/version', 'mqtt-scope 0.1.0 (aedes 1.2.0)', 1_000)
    receive(tree, '$SYS/broker/uptime', '7380 seconds', 1_001)
    receive(tree, '$SYS/broker/clients/connected', '3', 1_002)
    receive(tree, '$SYS/broker/retained messages/count', '12', 1_003)
    const stats = readBrokerStats(tree)!
    expect(stats.stats.version).toEqual({ text: 'mqtt-scope 0.1.0 (aedes 1.2.0)', cut: false, value: undefined, receivedAt: 1_000 })
    expect(stats.stats.uptime).toMatchObject({ text: '7380 seconds', value: 7380 })
    expect(stats.stats.clientsConnected).toMatchObject({ text: '3', value: 3, receivedAt: 1_002 })
    expect(stats.stats.retainedCount?.value).toBe(12)
    expect(stats.stats.heapCurrent).toBeUndefined()
    expect(stats.updatedAt).toBe(1_003)
    expect(stats.others).toEqual([])
    expect(stats.othersNotShown).toBe(0)
  })

  it('shows the latest value of a topic, escaped like the tree, and no number from hostile text', () => {
    const tree = new TopicTree()
    receive(tree, '$SYS/broker/clients/connected', '3', 1)
    receive(tree, '$SYS/broker/clients/connected', '4\u202e\n<b>x</b>', 2)
    receive(tree, '$SYS/broker/version', 'v'.repeat(5_000), 3)
    tree.ingest('$SYS/broker/heap/current', new Uint8Array([0xff, 0xfe, 0x00]), { qos: 0, retain: false }, 4)
    const { stats } = readBrokerStats(tree)!
    expect(stats.clientsConnected).toMatchObject({ text: '4\\u{202e}\\n<b>x</b>', value: undefined, receivedAt: 2 })
    expect(stats.version!.cut).toBe(true)
    expect(stats.version!.text.length).toBeLessThanOrEqual(120)
    expect(stats.heapCurrent).toMatchObject({ text: 'ff fe 00', value: undefined })
  })

  it('gives counters a rate from their last two live values, and none from one value', () => {
    const tree = new TopicTree()
    receive(tree, '$SYS/broker/messages/received', '1000', 10_000)
    receive(tree, '$SYS/broker/bytes/sent', '4096', 10_000)
    expect(readBrokerStats(tree)!.stats.messagesReceived?.perSecond).toBeUndefined()
    receive(tree, '$SYS/broker/messages/received', '1250', 20_000)
    receive(tree, '$SYS/broker/bytes/sent', '1052672', 20_000)
    receive(tree, '$SYS/broker/clients/connected', '2', 10_000)
    receive(tree, '$SYS/broker/clients/connected', '9', 20_000)
    const { stats } = readBrokerStats(tree)!
    expect(stats.messagesReceived).toMatchObject({ value: 1250, perSecond: 25 })
    expect(stats.bytesSent).toMatchObject({ value: 1052672, perSecond: 104857.6 })
    // Not a counter: no rate.
    expect(stats.clientsConnected!.perSecond).toBeUndefined()
  })

  it('gives no rate across a retained replay (the value came when subscribing, not when published)', () => {
    const tree = new TopicTree()
    receive(tree, '$SYS/broker/messages/sent', '500', 19_900, true) // replayed on subscribing
    receive(tree, '$SYS/broker/messages/sent', '510', 20_000) // the next round, 100 ms later
    expect(readBrokerStats(tree)!.stats.messagesSent?.perSecond).toBeUndefined()
    receive(tree, '$SYS/broker/messages/sent', '610', 30_000)
    expect(readBrokerStats(tree)!.stats.messagesSent?.perSecond).toBe(10)
  })

  it('a counter left out of a round that is over (unchanged, so not republished) has rate 0', () => {
    const tree = new TopicTree()
    receive(tree, '$SYS/broker/uptime', '10 seconds', 10_000)
    receive(tree, '$SYS/broker/publish/messages/dropped', '4', 10_001)
    receive(tree, '$SYS/broker/uptime', '20 seconds', 20_000)
    receive(tree, '$SYS/broker/publish/messages/dropped', '24', 20_002)
    const twoPerSecond = 20 / 10.001
    expect(readAt(tree, 20_002)!.stats.publishDropped?.perSecond).toBeCloseTo(twoPerSecond, 6)
    expect(readAt(tree, 25_000)!.stats.publishDropped?.perSecond).toBeCloseTo(twoPerSecond, 6)
    // The next round has begun: the counter may still be on its way, so its rate stays...
    receive(tree, '$SYS/broker/uptime', '30 seconds', 30_000)
    expect(readAt(tree, 30_000 + ROUND_SLACK_MS - 1)!.stats.publishDropped?.perSecond).toBeCloseTo(twoPerSecond, 6)
    // ...until the round is over without it.
    expect(readAt(tree, 30_000 + ROUND_SLACK_MS)!.stats.publishDropped?.perSecond).toBe(0)
    // Coming with a round, it has its own rate again.
    receive(tree, '$SYS/broker/uptime', '40 seconds', 40_000)
    receive(tree, '$SYS/broker/publish/messages/dropped', '124', 40_003)
    expect(readAt(tree, 50_000)!.stats.publishDropped?.perSecond).toBeCloseTo(100 / 20.001, 6)
  })

  it('brokerStatsKey changes with a new value and when a round is over, and only then', () => {
    const tree = new TopicTree()
    expect(brokerStatsKey(tree, 0)).toBe('none')
    receive(tree, 'a/b', '1', 0)
    expect(brokerStatsKey(tree, 0)).toBe('none')
    receive(tree, '$SYS/broker/uptime', '1 seconds', 1_000)
    const fresh = brokerStatsKey(tree, 1_000)
    expect(brokerStatsKey(tree, 1_000 + ROUND_SLACK_MS - 1)).toBe(fresh)
    const over = brokerStatsKey(tree, 1_000 + ROUND_SLACK_MS)
    expect(over).not.toBe(fresh)
    expect(brokerStatsKey(tree, 9_000)).toBe(over)
    receive(tree, '$SYS/broker/bytes/sent', '10', 9_000)
    const withBytes = brokerStatsKey(tree, 9_000)
    expect(withBytes).not.toBe(over)
    receive(tree, 'a/b', '2', 9_001) // not a statistic
    receive(tree, '$SYS/other', '2', 9_001)
    expect(brokerStatsKey(tree, 9_000)).toBe(withBytes)
    tree.clear()
    expect(brokerStatsKey(tree, 9_000)).toBe('none')
  })

  it('gives no rate after a restart (the counter went down) or when the history budget kept one value', () => {
    const restarted = new TopicTree()
    receive(restarted, '$SYS/broker/bytes/received', '90000', 0)
    receive(restarted, '$SYS/broker/bytes/received', '120', 10_000)
    expect(readBrokerStats(restarted)!.stats.bytesReceived).toMatchObject({ value: 120 })
    expect(readBrokerStats(restarted)!.stats.bytesReceived!.perSecond).toBeUndefined()

    const small = new TopicTree()
    small.history.setBudget({ perTopicCount: 1, perTopicBytes: 1024, totalCount: 10, totalBytes: 1024 })
    receive(small, '$SYS/broker/bytes/received', '100', 0)
    receive(small, '$SYS/broker/bytes/received', '200', 10_000)
    expect(readBrokerStats(small)!.stats.bytesReceived).toMatchObject({ value: 200 })
    expect(readBrokerStats(small)!.stats.bytesReceived!.perSecond).toBeUndefined()
  })

  it('lists other $SYS/broker values by name, at most OTHER_STATS.shown, and counts the rest', () => {
    const tree = new TopicTree()
    receive(tree, '$SYS/broker/uptime', '5 seconds', 1)
    receive(tree, '$SYS/broker/load/messages/received/1min', '12.34', 2)
    receive(tree, '$SYS/broker/load/bytes/sent/5min', '99.5', 3)
    let stats = readBrokerStats(tree)!
    expect(stats.others.map((o) => [o.name, o.text, o.value])).toEqual([
      ['load/bytes/sent/5min', '99.5', 99.5],
      ['load/messages/received/1min', '12.34', 12.34],
    ])
    expect(stats.othersNotShown).toBe(0)

    for (let i = 0; i < 300; i++) receive(tree, `$SYS/broker/per-client/c${i}/bytes`, String(i), 10 + i)
    stats = readBrokerStats(tree)!
    expect(stats.others).toHaveLength(OTHER_STATS.shown)
    expect(stats.othersNotShown).toBe(302 - OTHER_STATS.shown)
    expect(stats.stats.uptime?.value).toBe(5)
  })

  it('visits a bounded number of nodes however many levels sit under $SYS/broker', () => {
    const tree = new TopicTree()
    // 3,000 levels without a value before the first value: the walk gives up first, and says so.
    receive(tree, `$SYS/broker/${'l/'.repeat(3_000)}v`, '1', 1)
    receive(tree, '$SYS/broker/z', '2', 2)
    const stats = readBrokerStats(tree)!
    expect(stats.others).toEqual([])
    expect(stats.othersNotShown).toBe(2)
  })
})
