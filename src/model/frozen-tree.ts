import type { TopicNode, TopicTree } from './topic-tree.ts'

/** What the explorer reads to build a batch: the live TopicTree, or a FrozenTree while paused. */
export type TreeReader = Pick<
  TopicTree,
  'root' | 'nodes' | 'byId' | 'messageRate' | 'byteRate' | 'ownMessageRate' | 'ownByteRate' | 'totalMessages' | 'totalBytes' | 'topicCount'
>

/**
 * The topic tree as it was at one moment (Pause), readable for as long as the pause lasts while the
 * live tree keeps counting. Any view of it (expanding a branch, scrolling, sorting, filtering, the
 * busiest topics) then shows the counts, previews, rates and topics of that moment: a branch opened
 * while paused shows its children as they were, not live.
 *
 * Copy on write: pausing copies nothing. The live tree calls `beforeChange` for a node (and each of
 * its ancestors) just before a message changes it; the first such call copies that node's values
 * into a FrozenNode. A node read before it changed is copied when read (it still holds the values of
 * the moment). Either way each node is copied at most once per pause, and nodes created after the
 * moment (ids above `lastId`) are left out. Costs while paused: one Map lookup per level per message.
 */
export class FrozenTree implements TreeReader {
  /** Epoch ms of the moment frozen: rates are read at this time. */
  readonly at: number
  readonly #tree: TopicTree
  readonly #lastId: number
  readonly #frozen = new Map<TopicNode, FrozenNode>()
  readonly root: TopicNode

  constructor(tree: TopicTree, at: number) {
    this.#tree = tree
    this.at = at
    this.#lastId = tree.lastId
    this.root = this.view(tree.root)!
    // The frozen totals are the root's subtree counters (every message passes through the root).
    tree.beforeChange = (node) => this.#keep(node)
  }

  /** Stops watching the live tree (Resume). The frozen values stay readable. */
  release(): void {
    if (this.#tree.beforeChange !== undefined) this.#tree.beforeChange = undefined
  }

  get totalMessages(): number {
    return this.root.subtreeMessages
  }

  get totalBytes(): number {
    return this.root.subtreeBytes
  }

  get topicCount(): number {
    return this.root.subtreeTopics
  }

  /** The frozen copy of a live node; undefined for a node that did not exist at the moment. */
  view(node: TopicNode): TopicNode | undefined {
    if (node.id > this.#lastId) return undefined
    let frozen = this.#frozen.get(node)
    if (frozen === undefined) {
      frozen = new FrozenNode(node, this)
      this.#frozen.set(node, frozen)
    }
    return frozen
  }

  byId(id: number): TopicNode | undefined {
    const node = this.#tree.byId(id)
    return node === undefined ? undefined : this.view(node)
  }

  /** Every node of the moment, in creation order (parents before children). */
  *nodes(): IterableIterator<TopicNode> {
    for (const node of this.#tree.nodes()) {
      // Creation order is id order: everything after the first newer node is newer too.
      if (node.id > this.#lastId) return
      yield this.view(node)!
    }
  }

  // Rates as they read at the moment frozen, whatever `now` the caller has.
  messageRate(node: TopicNode, _now: number): number {
    return this.#tree.messageRate(node, this.at)
  }

  byteRate(node: TopicNode, _now: number): number {
    return this.#tree.byteRate(node, this.at)
  }

  ownMessageRate(node: TopicNode, _now: number): number {
    return this.#tree.ownMessageRate(node, this.at)
  }

  ownByteRate(node: TopicNode, _now: number): number {
    return this.#tree.ownByteRate(node, this.at)
  }

  #keep(node: TopicNode): void {
    if (node.id <= this.#lastId && !this.#frozen.has(node)) this.#frozen.set(node, new FrozenNode(node, this))
  }
}

/** A node's values at the moment frozen. Children and parent are frozen nodes too, made on first read. */
class FrozenNode implements TopicNode {
  readonly id: number
  readonly name: string
  readonly topic: string
  readonly depth: number
  readonly ownMessages: number
  readonly subtreeMessages: number
  readonly ownBytes: number
  readonly subtreeBytes: number
  readonly subtreeTopics: number
  readonly retained: boolean
  readonly retainedInSubtree: number
  readonly lastAt: number
  readonly subtreeLastAt: number
  readonly preview: string
  readonly previewCut: boolean
  readonly previewBinary: boolean
  readonly lastBytes: number
  readonly subtreeMsgAcc: number
  readonly subtreeByteAcc: number
  readonly ownMsgAcc: number
  readonly ownByteAcc: number
  readonly #live: TopicNode
  readonly #freeze: FrozenTree
  /** null: not made yet (undefined is "no children"). */
  #children: Map<string, TopicNode> | undefined | null = null

  constructor(live: TopicNode, freeze: FrozenTree) {
    this.#live = live
    this.#freeze = freeze
    this.id = live.id
    this.name = live.name
    this.topic = live.topic
    this.depth = live.depth
    this.ownMessages = live.ownMessages
    this.subtreeMessages = live.subtreeMessages
    this.ownBytes = live.ownBytes
    this.subtreeBytes = live.subtreeBytes
    this.subtreeTopics = live.subtreeTopics
    this.retained = live.retained
    this.retainedInSubtree = live.retainedInSubtree
    this.lastAt = live.lastAt
    this.subtreeLastAt = live.subtreeLastAt
    // Reading the preview makes it from the payload of the moment (the live node is about to change).
    this.preview = live.preview
    this.previewCut = live.previewCut
    this.previewBinary = live.previewBinary
    this.lastBytes = live.lastBytes
    this.subtreeMsgAcc = live.subtreeMsgAcc
    this.subtreeByteAcc = live.subtreeByteAcc
    this.ownMsgAcc = live.ownMsgAcc
    this.ownByteAcc = live.ownByteAcc
  }

  get parent(): TopicNode | undefined {
    const parent = this.#live.parent
    return parent === undefined ? undefined : this.#freeze.view(parent)
  }

  /**
   * The children that existed at the moment. Made once: a Map iterates in insertion order and
   * children are never removed, so the older children are exactly the ones with older ids.
   */
  get children(): Map<string, TopicNode> | undefined {
    if (this.#children === null) {
      let out: Map<string, TopicNode> | undefined
      for (const [name, child] of this.#live.children ?? []) {
        const frozen = this.#freeze.view(child)
        if (frozen === undefined) break
        ;(out ??= new Map()).set(name, frozen)
      }
      this.#children = out
    }
    return this.#children
  }
}
