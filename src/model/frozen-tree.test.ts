import { describe, expect, it } from 'vitest'
import { busiestTopics } from './busiest.ts'
import { FrozenTree } from './frozen-tree.ts'
import { TopicTree, type TopicNode } from './topic-tree.ts'
import { flattenVisible } from './tree-view.ts'

const bytes = (text: string) => new TextEncoder().encode(text)

function ingest(tree: TopicTree, topic: string, payload: string, now: number, retain = false): TopicNode {
  return tree.ingest(topic, bytes(payload), { qos: 0, retain }, now)
}

/** [topic, subtree messages, preview] of every shown row, all branches open. */
function rows(reader: Pick<TopicTree, 'root' | 'nodes'>): [string, number, string][] {
  const expanded = new Set<number>()
  for (const node of reader.nodes()) expanded.add(node.id)
  return flattenVisible(reader, { expanded, sort: 'name' }, 0).map((n) => [n.topic, n.subtreeMessages, n.preview])
}

describe('FrozenTree (what a paused explorer shows)', () => {
  it('keeps counts, previews, retained marks and times of the moment while the live tree keeps counting', () => {
    const tree = new TopicTree()
    ingest(tree, 'home/kitchen/temp', '21', 1_000, true)
    ingest(tree, 'home/hall/light', 'on', 1_000)
    const before = rows(tree)
    const freeze = new FrozenTree(tree, 1_500)

    // Changed, new children under a known branch, a whole new branch, and an empty retained payload.
    for (let i = 0; i < 25; i++) ingest(tree, 'home/kitchen/temp', String(30 + i), 2_000)
    ingest(tree, 'home/kitchen/humidity', '40', 2_000)
    ingest(tree, 'garage/door', 'open', 2_000)
    ingest(tree, 'home/kitchen/temp', '', 2_000, true)

    expect(rows(freeze)).toEqual(before)
    expect(freeze.totalMessages).toBe(2)
    expect(freeze.topicCount).toBe(2)
    const temp = freeze.byId(tree.find('home/kitchen/temp')!.id)!
    expect(temp).toMatchObject({ ownMessages: 1, retained: true, lastAt: 1_000, preview: '21' })
    expect(freeze.root.subtreeMessages).toBe(2)
    expect(freeze.byId(tree.find('garage')!.id)).toBeUndefined()
    // The live tree has it all.
    expect(tree.totalMessages).toBe(30)
    expect(rows(tree).map(([topic]) => topic)).toContain('home/kitchen/humidity')
  })

  it('a branch opened while frozen shows its children as they were (not live), parents are frozen nodes too', () => {
    const tree = new TopicTree()
    for (let i = 0; i < 16; i++) ingest(tree, `plant/line${i % 4}/m`, String(i), 1_000)
    const freeze = new FrozenTree(tree, 1_000)
    for (let i = 0; i < 25; i++) ingest(tree, `plant/line${i % 4}/m`, 'x', 2_000)
    ingest(tree, 'plant/line9/m', 'new', 2_000)

    const plant = freeze.byId(tree.find('plant')!.id)!
    // Opened only now, after the changes: still the counts and children of the moment.
    const view = flattenVisible(freeze, { expanded: new Set([plant.id]), sort: 'name' }, 0)
    expect(view.map((n) => [n.name, n.subtreeMessages])).toEqual([
      ['plant', 16],
      ['line0', 4],
      ['line1', 4],
      ['line2', 4],
      ['line3', 4],
    ])
    expect(view[1]!.parent).toBe(plant)
    expect(plant.parent).toBe(freeze.root)
    // The live branch: 41 messages and a fifth line.
    expect(tree.find('plant')!.subtreeMessages).toBe(42)
  })

  it('reads rates at the moment frozen, whatever the time asked', () => {
    const tree = new TopicTree()
    for (let t = 0; t < 3_000; t += 10) ingest(tree, 'flood/x', 'p', t)
    ingest(tree, 'quiet/y', 'p', 2_990)
    const freeze = new FrozenTree(tree, 3_000)
    const live = tree.messageRate(tree.find('flood')!, 3_000)
    for (let t = 3_000; t < 6_000; t += 1) ingest(tree, 'quiet/y', 'p', t)
    const flood = freeze.byId(tree.find('flood')!.id)!
    expect(freeze.messageRate(flood, 60_000)).toBeCloseTo(live, 6)
    // Busiest over the frozen tree: the flood, not the topic that became busy afterwards.
    expect(busiestTopics(freeze, 60_000, 'messages', 2).map((b) => b.node.topic)).toEqual(['flood/x', 'quiet/y'])
    expect(busiestTopics(tree, 6_000, 'messages', 1).map((b) => b.node.topic)).toEqual(['quiet/y'])
  })

  it('release() stops watching: the live tree no longer calls it', () => {
    const tree = new TopicTree()
    ingest(tree, 'a', '1', 1)
    const freeze = new FrozenTree(tree, 1)
    expect(tree.beforeChange).toBeDefined()
    freeze.release()
    expect(tree.beforeChange).toBeUndefined()
    // A new freeze watches instead (the explorer makes one per pause).
    const next = new FrozenTree(tree, 2)
    ingest(tree, 'a', '2', 2)
    expect(next.byId(tree.find('a')!.id)!.ownMessages).toBe(1)
    next.release()
  })
})
