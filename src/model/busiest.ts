import { RATE_TAU_MS, type TopicNode, type TopicTree } from './topic-tree.ts'

export interface BusyTopic {
  readonly node: TopicNode
  /** Own messages per second (not the subtree's). */
  readonly messagesPerSecond: number
  /** Own payload bytes per second. */
  readonly bytesPerSecond: number
}

/**
 * The `limit` topics (nodes with own messages) with the highest own rate, by messages or by bytes,
 * busiest first. One pass over the nodes keeping the best `limit` in a min-heap: O(n log limit)
 * and no sort of 100,000 nodes, on the flush clock only.
 */
export function busiestTopics(
  tree: Pick<TopicTree, 'nodes' | 'ownMessageRate' | 'ownByteRate'>,
  now: number,
  by: 'messages' | 'bytes',
  limit: number,
): BusyTopic[] {
  limit = Math.floor(limit)
  if (!(limit >= 1)) return []
  // Parallel arrays: heapNodes[0] is the weakest kept (lowest score).
  const heapNodes: TopicNode[] = []
  const heapScores: number[] = []
  const full = 1000 / RATE_TAU_MS
  for (const node of tree.nodes()) {
    if (node.ownMessages === 0) continue
    // A rate is its decayed sum times 1000/tau, decay <= 1: when even the undecayed sum cannot
    // enter the heap, skip the Math.exp. Most of 100,000 topics are quiet and go this way.
    if (heapNodes.length === limit && (by === 'messages' ? node.ownMsgAcc : node.ownByteAcc) * full <= heapScores[0]!) continue
    const score = by === 'messages' ? tree.ownMessageRate(node, now) : tree.ownByteRate(node, now)
    if (heapNodes.length < limit) {
      heapNodes.push(node)
      heapScores.push(score)
      siftUp(heapNodes, heapScores, heapNodes.length - 1)
    } else if (score > heapScores[0]!) {
      heapNodes[0] = node
      heapScores[0] = score
      siftDown(heapNodes, heapScores, 0)
    }
  }
  // Sorting the `limit` kept ones is cheap; ties fall back to the topic name for a stable screen.
  const order = heapNodes.map((_, i) => i)
  order.sort((a, b) => heapScores[b]! - heapScores[a]! || compareTopics(heapNodes[a]!, heapNodes[b]!))
  return order.map((i) => {
    const node = heapNodes[i]!
    return { node, messagesPerSecond: tree.ownMessageRate(node, now), bytesPerSecond: tree.ownByteRate(node, now) }
  })
}

function compareTopics(a: TopicNode, b: TopicNode): number {
  return a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0
}

function siftUp(nodes: TopicNode[], scores: number[], i: number): void {
  while (i > 0) {
    const parent = (i - 1) >> 1
    if (scores[parent]! <= scores[i]!) return
    swap(nodes, scores, i, parent)
    i = parent
  }
}

function siftDown(nodes: TopicNode[], scores: number[], i: number): void {
  const n = scores.length
  for (;;) {
    const left = 2 * i + 1
    const right = left + 1
    let least = i
    if (left < n && scores[left]! < scores[least]!) least = left
    if (right < n && scores[right]! < scores[least]!) least = right
    if (least === i) return
    swap(nodes, scores, i, least)
    i = least
  }
}

function swap(nodes: TopicNode[], scores: number[], i: number, j: number): void {
  const node = nodes[i]!
  nodes[i] = nodes[j]!
  nodes[j] = node
  const score = scores[i]!
  scores[i] = scores[j]!
  scores[j] = score
}
