import { describe, expect, it } from 'vitest'
import { busiestTopics } from './busiest.ts'
import { TopicTree } from './topic-tree.ts'

const T0 = 1_700_000_000_000
const QOS0 = { qos: 0, retain: false } as const

describe('busiestTopics', () => {
  it('ranks a flooding topic first, by its own rate (not its subtree)', () => {
    const tree = new TopicTree()
    for (let i = 0; i < 500; i++) tree.ingest(`quiet/${i}`, new Uint8Array(10), QOS0, T0 + i * 10)
    for (let ms = 0; ms < 5000; ms++) tree.ingest('noisy/flood', new Uint8Array(1), QOS0, T0 + ms)
    const now = T0 + 5000
    const top = busiestTopics(tree, now, 'messages', 5)
    expect(top).toHaveLength(5)
    expect(top[0]!.node.topic).toBe('noisy/flood')
    expect(top[0]!.messagesPerSecond).toBeCloseTo(tree.ownMessageRate(tree.find('noisy/flood')!, now), 9)
    expect(top[0]!.bytesPerSecond).toBeCloseTo(tree.ownByteRate(tree.find('noisy/flood')!, now), 9)
    // Only nodes with own messages: "quiet" and "noisy" (whose subtrees are busier) never rank.
    expect(top.map((b) => b.node.topic)).not.toContain('quiet')
    expect(top.map((b) => b.node.topic)).not.toContain('noisy')
    for (let i = 1; i < top.length; i++) expect(top[i - 1]!.messagesPerSecond).toBeGreaterThanOrEqual(top[i]!.messagesPerSecond)
  })

  it("ranks by bytes with by = 'bytes'", () => {
    const tree = new TopicTree()
    for (let s = 0; s < 10; s++) {
      tree.ingest('camera/frame', new Uint8Array(100_000), QOS0, T0 + s * 1000)
      for (let i = 0; i < 100; i++) tree.ingest('sensor/chatty', new Uint8Array(4), QOS0, T0 + s * 1000 + i * 10)
    }
    const now = T0 + 10_000
    expect(busiestTopics(tree, now, 'bytes', 1).map((b) => b.node.topic)).toEqual(['camera/frame'])
    expect(busiestTopics(tree, now, 'messages', 1).map((b) => b.node.topic)).toEqual(['sensor/chatty'])
  })

  it('returns the same top-k as a full sort, over 10,000 topics', () => {
    const tree = new TopicTree()
    let seed = 42
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647
    for (let i = 0; i < 10_000; i++) {
      const count = 1 + Math.floor(random() * 20)
      for (let k = 0; k < count; k++) tree.ingest(`t/${i % 97}/${i}`, new Uint8Array(1 + Math.floor(random() * 50)), QOS0, T0 + Math.floor(random() * 10_000))
    }
    const now = T0 + 10_000
    for (const by of ['messages', 'bytes'] as const) {
      const rate = (n: Parameters<typeof tree.ownMessageRate>[0]) => (by === 'messages' ? tree.ownMessageRate(n, now) : tree.ownByteRate(n, now))
      const expected = [...tree.nodes()]
        .filter((n) => n.ownMessages > 0)
        .sort((a, b) => rate(b) - rate(a))
        .slice(0, 25)
        .map((n) => n.topic)
      expect(busiestTopics(tree, now, by, 25).map((b) => b.node.topic)).toEqual(expected)
    }
  })

  it('handles limits: 0 gives nothing, more than there are gives all, ties by topic', () => {
    const tree = new TopicTree()
    for (const topic of ['c', 'a', 'b']) tree.ingest(topic, new Uint8Array(1), QOS0, T0)
    expect(busiestTopics(tree, T0, 'messages', 0)).toEqual([])
    expect(busiestTopics(tree, T0, 'messages', 10).map((b) => b.node.topic)).toEqual(['a', 'b', 'c'])
    expect(busiestTopics(new TopicTree(), T0, 'bytes', 10)).toEqual([])
  })
})
