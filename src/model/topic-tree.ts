import { DEFAULT_RATE_TAU_MS, decayFactor, ratePerSecond } from './decaying-rate.ts'
import { LIMITS } from './limits.ts'
import { HistoryStore } from './message-history.ts'
import { type PayloadPreview, previewPayload } from './payload-preview.ts'
import { retainedAfter } from './retained-state.ts'
import type { IngestMeta, TopicNode } from './topic-node.ts'

export type { IngestMeta, TopicNode } from './topic-node.ts'

/**
 * previewPayload never reads past maxChars*4 bytes, and only asks whether there are more: this
 * prefix gives exactly the preview of the whole payload.
 */
const PREVIEW_WINDOW = LIMITS.previewChars * 4 + 1
const NO_PREVIEW: PayloadPreview = { text: '', cut: false, binary: false }

/**
 * Previews in decoded form for topics that have a decoder (Sparkplug B, a rule's Protobuf, CBOR or
 * MessagePack: worker/decoding.ts). `prefix` is what the node kept of its last payload (the whole
 * payload may still be in the history). undefined: the plain preview; 'later': the plain preview
 * for now, decoded on a later read (the decoders are loading, or the decoding budget is spent).
 */
export interface PreviewDecoder {
  preview(node: TopicNode, prefix: Uint8Array): PayloadPreview | 'later' | undefined
}

/** One per tree, shared by its nodes: the decoder is set when there is anything to decode. */
interface PreviewSource {
  decoder: PreviewDecoder | undefined
}

/**
 * A class, not object literals, so every node has the same shape (one hidden class in V8).
 *
 * The preview is computed when first read, not per message: the screen shows a few dozen rows
 * every 100 ms, so a topic updated 1,000 times between flushes is decoded once instead of 1,000
 * times, and a topic never on screen never. Until then the node keeps the last payload if it is
 * small, else a copy of its first PREVIEW_WINDOW bytes (so at most 801 bytes per topic outside the
 * history budget, about what the preview text itself takes); once read, only the text is kept.
 */
class Node implements TopicNode {
  children: Map<string, TopicNode> | undefined = undefined
  ownMessages = 0
  subtreeMessages = 0
  ownBytes = 0
  subtreeBytes = 0
  subtreeTopics = 0
  retained = false
  retainedInSubtree = 0
  lastAt = 0
  subtreeLastAt = 0
  lastBytes = 0
  subtreeMsgAcc = 0
  subtreeByteAcc = 0
  ownMsgAcc = 0
  ownByteAcc = 0
  #unpreviewed: Uint8Array | undefined = undefined
  #preview = NO_PREVIEW

  constructor(
    readonly id: number,
    readonly name: string,
    readonly topic: string,
    readonly parent: TopicNode | undefined,
    readonly depth: number,
    readonly previews: PreviewSource,
  ) {}

  get preview(): string {
    return this.#currentPreview().text
  }

  get previewCut(): boolean {
    return this.#currentPreview().cut
  }

  get previewBinary(): boolean {
    return this.#currentPreview().binary
  }

  /** Records the last payload; its preview is made on first read. */
  setLastPayload(payload: Uint8Array): void {
    this.#unpreviewed = payload.byteLength > PREVIEW_WINDOW ? payload.slice(0, PREVIEW_WINDOW) : payload
  }

  #currentPreview(): PayloadPreview {
    const pending = this.#unpreviewed
    if (pending !== undefined) {
      const decoded = this.previews.decoder?.preview(this, pending)
      if (decoded === 'later') return previewPayload(pending, LIMITS.previewChars) // kept pending: decoded on a later read
      this.#preview = decoded ?? previewPayload(pending, LIMITS.previewChars)
      this.#unpreviewed = undefined
    }
    return this.#preview
  }
}

/** The time constant of every rate in the tree. */
export const RATE_TAU_MS = DEFAULT_RATE_TAU_MS
const TAU_MS = RATE_TAU_MS

/**
 * The live topic tree. `ingest` runs once per message on the worker's hot path: one Map lookup
 * for a known topic (O(depth) lookups only the first time), then one walk up the ancestors to
 * update counters and rates. It sorts nothing and scans nothing; views are built elsewhere
 * (tree-view.ts) on a clock. `version` bumps on every change, so a flush can skip an unchanged tree.
 */
export class TopicTree {
  /** Set by the worker when topics have decoders; previews are made again with refreshPreviews. */
  readonly previews: PreviewSource = { decoder: undefined }
  readonly root: TopicNode = new Node(0, '', '', undefined, 0, this.previews)
  readonly history: HistoryStore
  /** Bumps on every change (ingest, clear). */
  version = 0
  totalMessages = 0
  totalBytes = 0
  /**
   * The nodes that received a message, by full topic: a known topic costs one lookup, not one per
   * level. Intermediate levels are left out on purpose: hashing every prefix of a new topic would
   * cost O(length²), and a 65,535-byte topic can have 32,768 levels.
   */
  #byTopic = new Map<string, Node>()
  /**
   * Every node but the root, by id: ids are handed out consecutively, so a dense array indexed by
   * `id - #firstId` is an O(1) map that costs 8 bytes per node instead of a hash table entry.
   * clear() starts a new array at the next id (ids are never reused); forget() leaves holes.
   */
  #nodes: (Node | undefined)[] = []
  #holes = 0
  #firstId = 1
  #seq = 0

  /**
   * Called with a node just before a message changes it, for the node and each ancestor up to the
   * root (a FrozenTree keeps what they were). Undefined, the usual case, costs one check per message.
   */
  beforeChange: ((node: TopicNode) => void) | undefined = undefined

  constructor(history: HistoryStore = new HistoryStore(LIMITS.history)) {
    this.history = history
  }

  /** Nodes that received at least one message. */
  get topicCount(): number {
    return this.root.subtreeTopics
  }

  /** Nodes in the tree, the root excluded. */
  get nodeCount(): number {
    return this.#nodes.length - this.#holes
  }

  /** The newest node's id (0, the root's, in an empty tree): a node with a greater id is newer than now. */
  get lastId(): number {
    return this.#firstId + this.#nodes.length - 1
  }

  /** Every node but the root, in creation order (parents before children). */
  nodes(): IterableIterator<TopicNode> {
    return this.#holes === 0 ? (this.#nodes as Node[]).values() : liveNodes(this.#nodes)
  }

  /** Records one message. `payload` must be the caller's own copy (it is kept in the history). */
  ingest(topic: string, payload: Uint8Array, meta: IngestMeta, now: number): TopicNode {
    let node = this.#byTopic.get(topic)
    if (node === undefined) {
      node = this.#walk(topic, true)
      this.#byTopic.set(topic, node)
    }
    const watch = this.beforeChange
    if (watch !== undefined) for (let n: TopicNode | undefined = node; n !== undefined; n = n.parent) watch(n)
    const size = payload.byteLength
    const first = node.ownMessages === 0
    const wasRetained = node.retained
    const retained = retainedAfter(wasRetained, meta, size)

    node.ownMessages++
    node.ownBytes += size
    node.lastBytes = size
    node.retained = retained
    node.setLastPayload(payload)
    // The rate clocks are lastAt and subtreeLastAt: one timestamp fewer per node to store.
    const ownDecay = decayFactor(now - node.lastAt, TAU_MS)
    node.ownMsgAcc = node.ownMsgAcc * ownDecay + 1
    node.ownByteAcc = node.ownByteAcc * ownDecay + size
    if (now > node.lastAt) node.lastAt = now

    // One walk up: node itself, every ancestor, and the root (whose subtree is everything).
    const retainedDelta = (retained ? 1 : 0) - (wasRetained ? 1 : 0)
    for (let n: TopicNode | undefined = node; n !== undefined; n = n.parent) {
      n.subtreeMessages++
      n.subtreeBytes += size
      n.retainedInSubtree += retainedDelta
      if (first && n !== node) n.subtreeTopics++
      const decay = decayFactor(now - n.subtreeLastAt, TAU_MS)
      n.subtreeMsgAcc = n.subtreeMsgAcc * decay + 1
      n.subtreeByteAcc = n.subtreeByteAcc * decay + size
      if (now > n.subtreeLastAt) n.subtreeLastAt = now
    }

    this.totalMessages++
    this.totalBytes += size
    this.version++
    this.history.add(node, {
      seq: ++this.#seq,
      payload,
      qos: meta.qos,
      retain: meta.retain,
      dup: meta.dup ?? false,
      receivedAt: now,
      properties: meta.properties,
    })
    return node
  }

  /**
   * Makes every preview again from the topic's latest kept message, on its next read (the decoders
   * or the rules changed). O(topics), once per change of the rules, never per message.
   */
  refreshPreviews(): void {
    for (const node of this.nodes()) {
      const latest = this.history.latest(node)
      if (latest !== undefined) (node as Node).setLastPayload(latest.payload)
    }
    this.version++
  }

  /** The node of a full topic name: O(1) for a topic that received messages, O(depth) for other levels. */
  find(topic: string): TopicNode | undefined {
    return this.#byTopic.get(topic) ?? this.#walk(topic, false)
  }

  /** O(1). 0 is the root. */
  byId(id: number): TopicNode | undefined {
    if (id === 0) return this.root
    // Out of range (or not an integer) reads undefined; never past the array's end on purpose.
    const index = id - this.#firstId
    return index >= 0 && index < this.#nodes.length ? this.#nodes[index] : undefined
  }

  /** Messages per second in the subtree (own included). */
  messageRate(node: TopicNode, now: number): number {
    return ratePerSecond(node.subtreeMsgAcc, node.subtreeLastAt, now, TAU_MS)
  }

  /** Payload bytes per second in the subtree (own included). */
  byteRate(node: TopicNode, now: number): number {
    return ratePerSecond(node.subtreeByteAcc, node.subtreeLastAt, now, TAU_MS)
  }

  ownMessageRate(node: TopicNode, now: number): number {
    return ratePerSecond(node.ownMsgAcc, node.lastAt, now, TAU_MS)
  }

  ownByteRate(node: TopicNode, now: number): number {
    return ratePerSecond(node.ownByteAcc, node.lastAt, now, TAU_MS)
  }

  /**
   * Sets what the broker said about `node`'s retained message (a scan, a re-subscribe, a server
   * answer), keeping retainedInSubtree right. Bumps `version` only when the mark changed.
   */
  setRetained(node: TopicNode, retained: boolean): void {
    if (node.retained === retained || node === this.root || this.byId(node.id) !== node) return
    // A paused view keeps the mark it showed (Forget topic and Reset tree, asked for by the person,
    // show at once instead).
    const watch = this.beforeChange
    if (watch !== undefined) for (let n: TopicNode | undefined = node; n !== undefined; n = n.parent) watch(n)
    const delta = retained ? 1 : -1
    ;(node as Node).retained = retained
    for (let n: TopicNode | undefined = node; n !== undefined; n = n.parent) n.retainedInSubtree += delta
    this.version++
  }

  /**
   * Forgets `node` and everything below it, with their history ("Forget topic"): every ancestor
   * loses what they contributed (messages, bytes, topics, retained topics, rates), the totals too,
   * and a level left with neither messages nor children goes as well. The root forgets everything
   * (clear). Ids are not reused. O(size of the subtree + depth).
   */
  forget(node: TopicNode): void {
    if (node === this.root) return this.clear()
    if (this.byId(node.id) !== node) return
    const stack: TopicNode[] = [node]
    while (stack.length > 0) {
      const n = stack.pop()!
      if (n.children) for (const child of n.children.values()) stack.push(child)
      this.history.forget(n)
      if (this.#byTopic.get(n.topic) === n) this.#byTopic.delete(n.topic)
      this.#drop(n)
    }
    const topics = node.subtreeTopics + (node.ownMessages > 0 ? 1 : 0)
    for (let up = node.parent; up !== undefined; up = up.parent) {
      up.subtreeMessages -= node.subtreeMessages
      up.subtreeBytes -= node.subtreeBytes
      up.subtreeTopics -= topics
      up.retainedInSubtree -= node.retainedInSubtree
      // The rates: what the subtree added, decayed to the ancestor's clock (never later than it).
      const decay = decayFactor(up.subtreeLastAt - node.subtreeLastAt, TAU_MS)
      up.subtreeMsgAcc = Math.max(0, up.subtreeMsgAcc - node.subtreeMsgAcc * decay)
      up.subtreeByteAcc = Math.max(0, up.subtreeByteAcc - node.subtreeByteAcc * decay)
    }
    this.totalMessages -= node.subtreeMessages
    this.totalBytes -= node.subtreeBytes
    // Detach, then drop the levels that only led to it.
    let gone: TopicNode = node
    let parent = node.parent!
    for (;;) {
      detach(parent, gone)
      if (parent === this.root || parent.ownMessages > 0 || parent.children !== undefined) break
      this.#drop(parent)
      gone = parent
      parent = parent.parent!
    }
    this.version++
  }

  #drop(node: TopicNode): void {
    const index = node.id - this.#firstId
    if (this.#nodes[index] !== node) return
    this.#nodes[index] = undefined
    this.#holes++
  }

  /**
   * Forgets every node, message and counter (a new connection). The root object stays (with fresh
   * counters and a new children Map); ids are not reused, so an id held by the UI can never point
   * at a different topic.
   */
  clear(): void {
    // The root never has own messages (a topic has at least one level): only subtree state to reset.
    const root = this.root
    root.children = undefined
    root.subtreeMessages = root.subtreeBytes = root.subtreeTopics = root.retainedInSubtree = 0
    root.subtreeLastAt = root.subtreeMsgAcc = root.subtreeByteAcc = 0
    this.#byTopic = new Map()
    this.#firstId += this.#nodes.length
    this.#nodes = []
    this.#holes = 0
    this.totalMessages = 0
    this.totalBytes = 0
    this.history.clear()
    this.version++
  }

  /**
   * Walks `topic` level by level from the root, creating missing levels when `create` is set. Each
   * node's full topic is a prefix of `topic` (it ends where the level ends), so no string is
   * joined. Runs once per new topic (and for find() of a level that never received a message).
   */
  #walk(topic: string, create: true): Node
  #walk(topic: string, create: false): Node | undefined
  #walk(topic: string, create: boolean): Node | undefined {
    let parent: TopicNode = this.root
    let start = 0
    for (;;) {
      let end = topic.indexOf('/', start)
      if (end < 0) end = topic.length
      const name = topic.slice(start, end)
      let child = parent.children?.get(name) as Node | undefined
      if (child === undefined) {
        if (!create) return undefined
        child = new Node(this.#firstId + this.#nodes.length, name, topic.slice(0, end), parent, parent.depth + 1, this.previews)
        ;(parent.children ??= new Map()).set(name, child)
        this.#nodes.push(child)
      }
      if (end === topic.length) return child
      parent = child
      start = end + 1
    }
  }
}

/**
 * Takes `child` out of `parent`. A new Map rather than delete(): tree-view.ts caches each children
 * Map's name order on the understanding that a Map only ever grows.
 */
function detach(parent: TopicNode, child: TopicNode): void {
  const children = parent.children
  if (children?.get(child.name) !== child) return
  if (children.size === 1) {
    parent.children = undefined
    return
  }
  const rest = new Map(children)
  rest.delete(child.name)
  parent.children = rest
}

function* liveNodes(nodes: readonly (Node | undefined)[]): IterableIterator<TopicNode> {
  for (const node of nodes) if (node !== undefined) yield node
}
