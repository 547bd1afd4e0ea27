import { describe, expect, it } from 'vitest'
import { LIMITS } from './limits.ts'
import { HistoryStore } from './message-history.ts'
import { previewPayload } from './payload-preview.ts'
import { type TopicNode, TopicTree } from './topic-tree.ts'

const T0 = 1_700_000_000_000
const text = (s: string) => new TextEncoder().encode(s)
const QOS0 = { qos: 0, retain: false } as const
const RETAIN = { qos: 1, retain: true } as const

function node(tree: TopicTree, topic: string): TopicNode {
  const found = tree.find(topic)
  if (!found) throw new Error(`no node for ${topic}`)
  return found
}

describe('TopicTree', () => {
  it('counts exactly after 2,000 topics × k messages (own, subtree, subtreeTopics, bytes)', () => {
    const tree = new TopicTree()
    const k = (i: number) => 1 + (i % 3)
    const size = (i: number) => i % 7
    let expectedMessages = 0
    let expectedBytes = 0
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 2000; i++) {
        if (round >= k(i)) continue
        tree.ingest(`plant/line${i % 20}/machine${i}`, new Uint8Array(size(i)), QOS0, T0 + round)
        expectedMessages++
        expectedBytes += size(i)
      }
    }
    expect([tree.totalMessages, tree.totalBytes]).toEqual([expectedMessages, expectedBytes])
    expect(tree.topicCount).toBe(2000)
    expect(tree.nodeCount).toBe(1 + 20 + 2000)
    for (let i = 0; i < 2000; i++) {
      const leaf = node(tree, `plant/line${i % 20}/machine${i}`)
      expect([leaf.ownMessages, leaf.subtreeMessages, leaf.ownBytes, leaf.subtreeTopics]).toEqual([k(i), k(i), k(i) * size(i), 0])
    }
    for (let line = 0; line < 20; line++) {
      const n = node(tree, `plant/line${line}`)
      let messages = 0
      let bytes = 0
      for (let i = line; i < 2000; i += 20) {
        messages += k(i)
        bytes += k(i) * size(i)
      }
      expect([n.ownMessages, n.subtreeMessages, n.subtreeBytes, n.subtreeTopics, n.children?.size]).toEqual([0, messages, bytes, 100, 100])
    }
    const plant = node(tree, 'plant')
    expect([plant.subtreeMessages, plant.subtreeBytes, plant.subtreeTopics]).toEqual([expectedMessages, expectedBytes, 2000])
    expect([tree.root.subtreeMessages, tree.root.subtreeTopics]).toEqual([expectedMessages, 2000])

    // A message to an intermediate level makes it a topic too; its ancestors count it once.
    tree.ingest('plant/line0', text('x'), QOS0, T0 + 10)
    tree.ingest('plant/line0', text('y'), QOS0, T0 + 11)
    const line0 = node(tree, 'plant/line0')
    expect([line0.ownMessages, line0.subtreeTopics]).toEqual([2, 100])
    expect([plant.subtreeTopics, tree.topicCount, tree.nodeCount]).toEqual([2001, 2001, 2021])
  })

  it('walks levels, keeps parent, depth, name and full topic; ingest returns the node', () => {
    const tree = new TopicTree()
    const leaf = tree.ingest('home/kitchen/temperature', text('21.5'), QOS0, T0)
    expect(leaf).toBe(tree.find('home/kitchen/temperature'))
    expect(tree.ingest('home/kitchen/temperature', text('22'), QOS0, T0 + 1)).toBe(leaf)
    expect([leaf.name, leaf.topic, leaf.depth]).toEqual(['temperature', 'home/kitchen/temperature', 3])
    const kitchen = leaf.parent!
    expect([kitchen.name, kitchen.topic, kitchen.depth, kitchen.parent?.name, kitchen.parent?.parent]).toEqual([
      'kitchen',
      'home/kitchen',
      2,
      'home',
      tree.root,
    ])
    expect([tree.root.id, tree.root.depth, tree.root.parent]).toEqual([0, 0, undefined])
    expect(leaf.children).toBeUndefined()
    expect(tree.find('home/kitchen/temperature/x')).toBeUndefined()
    expect(tree.find('home')?.children?.get('kitchen')).toBe(kitchen)
  })

  it('keeps empty levels as nodes named "" ("/a", "a/", "a//b", "/")', () => {
    const tree = new TopicTree()
    const slashA = tree.ingest('/a', text('1'), QOS0, T0)
    expect([slashA.name, slashA.topic, slashA.depth, slashA.parent?.name, slashA.parent?.topic]).toEqual(['a', '/a', 2, '', ''])
    const aSlash = tree.ingest('a/', text('2'), QOS0, T0)
    expect([aSlash.name, aSlash.topic, aSlash.parent?.topic]).toEqual(['', 'a/', 'a'])
    const ab = tree.ingest('a//b', text('3'), QOS0, T0)
    expect(ab.parent).toBe(aSlash)
    expect(ab.topic).toBe('a//b')
    const slash = tree.ingest('/', text('4'), QOS0, T0)
    expect([slash.name, slash.topic, slash.parent?.topic, slash.parent]).toEqual(['', '/', '', slashA.parent])
    expect(slashA.parent?.subtreeTopics).toBe(2)
    expect(tree.topicCount).toBe(4)
    expect(tree.root.children?.size).toBe(2) // "" and "a"
  })

  it('assigns unique, stable ids > 0; byId is O(1) and finds every node; ids are not reused after clear()', () => {
    const tree = new TopicTree()
    for (let i = 0; i < 100; i++) tree.ingest(`a/${i % 10}/${i}`, text('x'), QOS0, T0)
    const ids = new Set<number>()
    for (const n of tree.nodes()) {
      expect(n.id).toBeGreaterThan(0)
      expect(tree.byId(n.id)).toBe(n)
      ids.add(n.id)
    }
    expect(ids.size).toBe(tree.nodeCount)
    expect(tree.byId(0)).toBe(tree.root)
    for (const id of [999_999, -1, 1.5, NaN]) expect(tree.byId(id)).toBeUndefined()
    const before = tree.find('a/1/1')!.id
    tree.ingest('a/1/1', text('y'), QOS0, T0 + 1)
    expect(tree.find('a/1/1')!.id).toBe(before)
    const maxId = Math.max(...ids)
    tree.clear()
    expect(tree.byId(before)).toBeUndefined()
    const fresh = tree.ingest('a/1/1', text('z'), QOS0, T0 + 2)
    expect(fresh.id).toBeGreaterThan(maxId)
    expect([...tree.nodes()].map((n) => n.topic)).toEqual(['a', 'a/1', 'a/1/1'])
    for (const n of tree.nodes()) expect(tree.byId(n.id)).toBe(n)
    expect(tree.byId(maxId)).toBeUndefined()
  })

  it('retained: set by retain + non-empty payload, cleared by an empty payload; retainedInSubtree follows', () => {
    const tree = new TopicTree()
    const a = tree.ingest('dev/1/state', text('on'), RETAIN, T0)
    tree.ingest('dev/2/state', text('off'), RETAIN, T0)
    tree.ingest('dev/3/state', text('x'), QOS0, T0)
    const dev = node(tree, 'dev')
    expect([a.retained, a.retainedInSubtree, dev.retainedInSubtree, tree.root.retainedInSubtree]).toEqual([true, 1, 2, 2])
    tree.ingest('dev/1/state', text('on'), RETAIN, T0 + 1) // still retained: no double count
    expect(dev.retainedInSubtree).toBe(2)
    tree.ingest('dev/1/state', new Uint8Array(0), RETAIN, T0 + 2) // [MQTT-3.3.1-10] an empty retained payload deletes it
    expect([a.retained, a.retainedInSubtree, a.parent?.retainedInSubtree, dev.retainedInSubtree]).toEqual([false, 0, 0, 1])
    // [MQTT-3.3.1-9] [MQTT-3.3.1-12] a live message without the flag leaves the broker's retained one (or is one, under 3.1.1)
    tree.ingest('dev/2/state', text('again'), QOS0, T0 + 3)
    expect([node(tree, 'dev/2/state').retained, dev.retainedInSubtree, tree.root.retainedInSubtree]).toEqual([true, 1, 1])
    // Under 3.1.1 an empty live message is most likely a clear; under Retain As Published it is not.
    tree.ingest('dev/2/state', new Uint8Array(0), { qos: 0, retain: false, retainAsPublished: true }, T0 + 4)
    expect(node(tree, 'dev/2/state').retained).toBe(true)
    tree.ingest('dev/2/state', new Uint8Array(0), QOS0, T0 + 5)
    expect([node(tree, 'dev/2/state').retained, dev.retainedInSubtree]).toEqual([false, 0])
    tree.ingest('dev', text('parent'), RETAIN, T0 + 6) // a retained intermediate level counts itself
    expect([dev.retained, dev.retainedInSubtree]).toEqual([true, 1])
  })

  it("setRetained: the broker's answer sets or clears the mark, counted in every ancestor; version bumps only on a change", () => {
    const tree = new TopicTree()
    const lamp = tree.ingest('home/lamp', text('on'), QOS0, T0)
    const home = node(tree, 'home')
    const v0 = tree.version
    tree.setRetained(lamp, true)
    expect([lamp.retained, home.retainedInSubtree, tree.root.retainedInSubtree, tree.version]).toEqual([true, 1, 1, v0 + 1])
    tree.setRetained(lamp, true)
    expect([home.retainedInSubtree, tree.version]).toEqual([1, v0 + 1])
    tree.setRetained(lamp, false)
    expect([lamp.retained, home.retainedInSubtree, tree.root.retainedInSubtree]).toEqual([false, 0, 0])
    tree.setRetained(tree.root, true) // the root is no topic
    expect(tree.root.retained).toBe(false)
  })

  it('forget: the subtree leaves with its history; ancestors, totals, topics, retained counts and rates lose exactly its share', () => {
    const tree = new TopicTree()
    tree.ingest('plant/a/x', text('12345'), RETAIN, T0)
    tree.ingest('plant/a/x', text('1'), QOS0, T0 + 10)
    tree.ingest('plant/a/y/z', text('12'), QOS0, T0 + 20)
    tree.ingest('plant/a', text('own'), QOS0, T0 + 30)
    tree.ingest('plant/b', text('1234'), RETAIN, T0 + 40)
    const plant = node(tree, 'plant')
    const a = node(tree, 'plant/a')
    const x = node(tree, 'plant/a/x')
    const rateBefore = tree.messageRate(plant, T0 + 40)
    const onlyB = new TopicTree()
    onlyB.ingest('plant/b', text('1234'), RETAIN, T0 + 40)
    const v0 = tree.version
    tree.forget(a)
    expect(tree.version).toBeGreaterThan(v0)
    expect([plant.subtreeMessages, plant.subtreeBytes, plant.subtreeTopics, plant.retainedInSubtree]).toEqual([1, 4, 1, 1])
    expect([tree.totalMessages, tree.totalBytes, tree.topicCount, tree.nodeCount]).toEqual([1, 4, 1, 2])
    expect([tree.history.totalCount, tree.history.totalBytes, tree.history.evictedCount]).toEqual([1, 4, 0])
    expect(tree.messageRate(plant, T0 + 40)).toBeCloseTo(onlyB.messageRate(node(onlyB, 'plant'), T0 + 40), 9)
    expect(tree.messageRate(plant, T0 + 40)).toBeLessThan(rateBefore)
    expect([...plant.children!.keys()]).toEqual(['b'])
    for (const gone of [a, x]) expect(tree.byId(gone.id)).toBeUndefined()
    expect(tree.find('plant/a/x')).toBeUndefined()
    expect([...tree.nodes()].map((n) => n.topic)).toEqual(['plant', 'plant/b'])
    // The topic comes back as a new node (ids are never reused) when a message arrives again.
    const again = tree.ingest('plant/a/x', text('back'), QOS0, T0 + 50)
    expect(again.id).toBeGreaterThan(x.id)
    expect([again.ownMessages, tree.history.countOf(again), plant.subtreeTopics, tree.nodeCount]).toEqual([1, 1, 2, 4])
  })

  it('forget: a level left with neither messages nor children goes too; the root forgets everything', () => {
    const tree = new TopicTree()
    tree.ingest('a/b/c/d', text('1'), QOS0, T0)
    tree.ingest('a/z', text('1'), QOS0, T0)
    tree.forget(node(tree, 'a/b/c/d'))
    expect([...tree.nodes()].map((n) => n.topic)).toEqual(['a', 'a/z'])
    expect([node(tree, 'a').subtreeTopics, tree.topicCount]).toEqual([1, 1])
    tree.forget(node(tree, 'a/z'))
    expect([tree.root.children, tree.nodeCount, tree.topicCount, tree.totalMessages]).toEqual([undefined, 0, 0, 0])
    tree.ingest('q', text('1'), QOS0, T0)
    tree.forget(tree.root)
    expect([tree.nodeCount, tree.totalMessages]).toEqual([0, 0])
  })

  it('keeps last/ subtree times, last size and the preview of the last payload', () => {
    const tree = new TopicTree()
    const t = tree.ingest('s/t', text('hello'), QOS0, T0 + 5)
    tree.ingest('s/u', text('later'), QOS0, T0 + 9)
    const s = node(tree, 's')
    expect([t.lastAt, t.subtreeLastAt, s.lastAt, s.subtreeLastAt, tree.root.subtreeLastAt]).toEqual([T0 + 5, T0 + 5, 0, T0 + 9, T0 + 9])
    expect([t.preview, t.previewCut, t.previewBinary, t.lastBytes]).toEqual(['hello', false, false, 5])
    tree.ingest('s/t', new Uint8Array([0xff, 0x00, 0x01]), QOS0, T0 + 10)
    expect([t.preview, t.previewBinary, t.lastBytes]).toEqual(['ff 00 01', true, 3])
    tree.ingest('s/t', text('y'.repeat(LIMITS.previewChars * 10)), QOS0, T0 + 11)
    expect([t.preview.length, t.previewCut, t.lastBytes]).toEqual([LIMITS.previewChars, true, LIMITS.previewChars * 10])
    tree.ingest('s/t', text('line\nbreak'), QOS0, T0 + 12)
    expect(t.preview).toBe('line\\nbreak')
  })

  it('the preview equals previewPayload of the whole last payload, also for big ones cut mid-character', () => {
    const tree = new TopicTree()
    const chars = LIMITS.previewChars
    const cases = [
      text('€'.repeat(chars * 2)), // 3-byte characters across the decode window's end
      text('a' + '😀'.repeat(chars)), // 4-byte characters, off by one
      text('x'.repeat(chars * 4)), // exactly the window
      text('x'.repeat(chars * 4 + 1)),
      new Uint8Array(100_000).fill(0xfe), // big and binary
      text('é'.repeat(chars * 10)),
    ]
    for (const payload of cases) {
      const n = tree.ingest('p', payload, QOS0, T0)
      const expected = previewPayload(payload, chars)
      expect([n.preview, n.previewCut, n.previewBinary]).toEqual([expected.text, expected.cut, expected.binary])
    }
    // Previews are made on read: messages never read cost nothing, the last one is still right.
    for (let i = 0; i < 5; i++) tree.ingest('p', text(`unread ${i}`), QOS0, T0)
    expect(node(tree, 'p').preview).toBe('unread 4')
  })

  it('rates: subtree and own, messages and bytes, from injected time', () => {
    const tree = new TopicTree()
    // 100 msg/s of 10 bytes on a/x, 20 msg/s of 50 bytes on a/y, for 20 s
    for (let ms = 0; ms < 20_000; ms += 10) {
      tree.ingest('a/x', new Uint8Array(10), QOS0, T0 + ms)
      if (ms % 50 === 0) tree.ingest('a/y', new Uint8Array(50), QOS0, T0 + ms)
    }
    const now = T0 + 20_000
    const [a, x, y] = [node(tree, 'a'), node(tree, 'a/x'), node(tree, 'a/y')]
    const near = (value: number, expected: number) => expect(Math.abs(value / expected - 1)).toBeLessThan(0.03)
    near(tree.ownMessageRate(x, now), 100)
    near(tree.ownByteRate(x, now), 1000)
    near(tree.ownMessageRate(y, now), 20)
    near(tree.ownByteRate(y, now), 1000)
    near(tree.messageRate(a, now), 120)
    near(tree.byteRate(a, now), 2000)
    near(tree.messageRate(tree.root, now), 120)
    expect(tree.ownMessageRate(a, now)).toBe(0)
    near(tree.messageRate(x, now), 100) // a leaf's subtree is itself
    // Silence: rates decay towards 0.
    expect(tree.messageRate(a, now + 30_000)).toBeLessThan(0.01)
  })

  it('stores every message in the history, under its budgets', () => {
    const history = new HistoryStore({ perTopicCount: 3, perTopicBytes: 1000, totalCount: 5, totalBytes: 10_000 })
    const tree = new TopicTree(history)
    expect(tree.history).toBe(history)
    for (let i = 0; i < 10; i++) tree.ingest('a', text(`a${i}`), { qos: 2, retain: i === 9, dup: true }, T0 + i)
    const a = node(tree, 'a')
    expect(history.entries(a).map((m) => new TextDecoder().decode(m.payload))).toEqual(['a7', 'a8', 'a9'])
    const latest = history.latest(a)!
    expect([latest.qos, latest.retain, latest.dup, latest.receivedAt]).toEqual([2, true, true, T0 + 9])
    tree.ingest('b', text('b0'), { qos: 0, retain: false, properties: { contentType: 'text/plain' } }, T0 + 20)
    tree.ingest('c', text('c0'), QOS0, T0 + 21)
    tree.ingest('d', text('d0'), QOS0, T0 + 22) // 6 > 5: the oldest, a7, goes
    expect(history.entries(a)).toHaveLength(2)
    expect(history.latest(node(tree, 'b'))?.properties).toEqual({ contentType: 'text/plain' })
    expect(history.latest(node(tree, 'b'))?.dup).toBe(false)
    expect([history.totalCount, history.evictedCount]).toEqual([5, 8])
    // Counters are not history: they stay exact whatever the budget evicted.
    expect([a.ownMessages, tree.totalMessages]).toEqual([10, 13])
    const seqs = [...history.entries(a), history.latest(node(tree, 'd'))!].map((m) => m.seq)
    expect(seqs).toEqual([9, 10, 13])
  })

  it('defaults to LIMITS.history', () => {
    expect(new TopicTree().history.budget).toBe(LIMITS.history)
  })

  it('bumps version on every ingest and clear', () => {
    const tree = new TopicTree()
    const v0 = tree.version
    tree.ingest('a', text('1'), QOS0, T0)
    tree.ingest('a', text('1'), QOS0, T0)
    expect(tree.version).toBe(v0 + 2)
    tree.clear()
    expect(tree.version).toBe(v0 + 3)
  })

  it('clear() forgets nodes, counters, rates and history but keeps the root object', () => {
    const tree = new TopicTree()
    const root = tree.root
    const oldChildren = root.children
    tree.ingest('a/b', text('1'), RETAIN, T0)
    tree.clear()
    expect(tree.root).toBe(root)
    expect(root.children).toBeUndefined()
    expect([tree.totalMessages, tree.totalBytes, tree.topicCount, tree.nodeCount, tree.history.totalCount]).toEqual([0, 0, 0, 0, 0])
    expect([root.subtreeMessages, root.subtreeBytes, root.retainedInSubtree, root.subtreeLastAt]).toEqual([0, 0, 0, 0])
    expect(tree.messageRate(root, T0)).toBe(0)
    expect(tree.find('a/b')).toBeUndefined()
    tree.ingest('a/b', text('1'), QOS0, T0 + 1)
    expect(root.children).not.toBe(oldChildren)
    expect([tree.topicCount, tree.nodeCount, root.subtreeMessages]).toEqual([1, 2, 1])
  })

  it('handles a 32,768-level topic without recursion', () => {
    const tree = new TopicTree()
    const deep = '/'.repeat(32_767)
    const leaf = tree.ingest(deep, text('deep'), QOS0, T0)
    expect(leaf.depth).toBe(32_768)
    expect(tree.nodeCount).toBe(32_768)
    expect(tree.root.subtreeTopics).toBe(1)
    expect(tree.ingest(deep, text('again'), QOS0, T0 + 1)).toBe(leaf)
    expect(tree.root.subtreeMessages).toBe(2)
  })
})
