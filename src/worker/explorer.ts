import { busiestTopics } from '../model/busiest.ts'
import type { HistoryBudget } from '../model/message-history.ts'
import { normalizeProperties } from '../model/mqtt-properties.ts'
import { TopicTree, type TopicNode } from '../model/topic-tree.ts'
import { type CompiledTreeFilter, compileTreeFilter, expandSubtree, flattenVisible, type SortMode, type TreeFilter } from '../model/tree-view.ts'
import type { IncomingMessage } from './mqtt-session.ts'
import type { Batch, BusiestBy, BusiestRow, SelectedTopic, TreeRange, TreeRow } from '../model/batch-types.ts'

const BUSIEST_REFRESH_MS = 1_000

/**
 * Everything the worker knows about what arrived and what the page is looking at. `ingest` only
 * records; `snapshot` (called on a clock) turns the part on screen into a Batch.
 */
export class Explorer {
  readonly tree = new TopicTree()
  #expanded = new Set<number>()
  #sort: SortMode = 'name'
  #filter: TreeFilter | undefined
  /** Kept for as long as the filter: its per-node answers and its stop (a regex out of time). */
  #compiled: CompiledTreeFilter | undefined
  #filterError: string | undefined
  #range: TreeRange = { start: 0, count: 100 }
  #selectedId: number | undefined
  #busiestBy: BusiestBy | undefined
  #paused = false
  #arrivedWhilePaused = 0
  #frozen: Batch | undefined
  #seq = 0

  /** Bumped by anything that changes what the page should see besides new messages. */
  viewVersion = 0

  /** The flattened rows, cached until the tree or the view changes. */
  #rows: TopicNode[] = []
  #rowsFor = { treeVersion: -1, viewVersion: -1 }

  /** A view change while paused is answered from the live tree (then frozen again). */
  #viewChanged(): void {
    this.viewVersion++
    this.#frozen = undefined
  }

  ingest(message: IncomingMessage, now: number): TopicNode {
    // MQTT.js hands us a view into its receive buffer; copy so the budget counts the real bytes
    // and the big socket chunk behind it can be freed.
    const payload = Uint8Array.prototype.slice.call(message.payload)
    const properties = normalizeProperties(message.properties)
    const meta = { qos: message.qos, retain: message.retain, dup: message.dup, retainAsPublished: message.retainAsPublished }
    const node = this.tree.ingest(message.topic, payload, properties ? { ...meta, properties } : meta, now)
    if (this.#paused) this.#arrivedWhilePaused++
    return node
  }

  get paused(): boolean {
    return this.#paused
  }

  pause(): void {
    if (this.#paused) return
    this.#frozen = undefined
    this.#paused = true
    this.#arrivedWhilePaused = 0
    this.#viewChanged()
  }

  resume(): void {
    this.#paused = false
    this.#frozen = undefined
    this.#arrivedWhilePaused = 0
    this.#viewChanged()
  }

  setRange(range: TreeRange): void {
    this.#range = { start: Math.max(0, Math.floor(range.start)), count: Math.min(500, Math.max(0, Math.floor(range.count))) }
    this.#viewChanged()
  }

  setSort(sort: SortMode): void {
    this.#sort = sort
    this.#viewChanged()
  }

  setFilter(filter: TreeFilter | undefined): void {
    this.#filter = filter && filter.query !== '' ? filter : undefined
    this.#compiled = undefined
    this.#filterError = undefined
    if (this.#filter) {
      const compiled = compileTreeFilter(this.#filter)
      if ('error' in compiled) this.#filterError = compiled.error
      else this.#compiled = compiled
    }
    this.#viewChanged()
  }

  toggle(id: number, expanded?: boolean): void {
    const want = expanded ?? !this.#expanded.has(id)
    if (want) this.#expanded.add(id)
    else this.#expanded.delete(id)
    this.#viewChanged()
  }

  expandSubtree(id: number): void {
    const node = this.tree.byId(id)
    if (node) expandSubtree(node, this.#expanded)
    this.#viewChanged()
  }

  collapseAll(): void {
    this.#expanded.clear()
    this.#viewChanged()
  }

  select(id: number | undefined): void {
    this.#selectedId = id
    this.#viewChanged()
  }

  setBusiest(by: BusiestBy | undefined): void {
    this.#busiestBy = by
    this.#viewChanged()
  }

  /** New history budgets (a smaller one evicts at once); every batch shows them. */
  setHistoryBudget(budget: HistoryBudget): void {
    this.tree.history.setBudget(budget)
    this.#viewChanged()
  }

  /** "Forget topic": the topic and its subtree leave the tree with their history (the broker is not asked). */
  forget(id: number): void {
    const node = this.tree.byId(id)
    if (node === undefined || node === this.tree.root) return
    this.tree.forget(node)
    this.#frozen = undefined
    this.#viewChanged()
  }

  clear(): void {
    this.tree.clear()
    this.#expanded.clear()
    this.#selectedId = undefined
    this.#frozen = undefined
    this.#arrivedWhilePaused = 0
    this.#viewChanged()
  }

  /** A filter decides the rows (a stopped one no longer does: the tree shows as without it). */
  get #filtering(): boolean {
    return this.#compiled !== undefined && this.#compiled.stopped === undefined
  }

  /** The batch for the page. While paused, the tree part is the one from when pausing began. */
  snapshot(now: number): Batch {
    const seq = ++this.#seq
    if (this.#paused && this.#frozen) return { ...this.#frozen, seq, arrivedWhilePaused: this.#arrivedWhilePaused }
    const batch = this.#build(seq, now)
    if (this.#paused) this.#frozen = batch
    return batch
  }

  #visibleRows(now: number): TopicNode[] {
    if (this.#rowsFor.treeVersion !== this.tree.version || this.#rowsFor.viewVersion !== this.viewVersion) {
      const filter = this.#compiled && this.#filter ? { filter: this.#filter, compiled: this.#compiled } : {}
      this.#rows = flattenVisible(this.tree, { expanded: this.#expanded, sort: this.#sort, ...filter }, now)
      this.#rowsFor = { treeVersion: this.tree.version, viewVersion: this.viewVersion }
    }
    return this.#rows
  }

  #build(seq: number, now: number): Batch {
    const tree = this.tree
    const rows = this.#visibleRows(now)
    const start = Math.min(this.#range.start, Math.max(0, rows.length - 1))
    const slice = rows.slice(start, start + this.#range.count)
    const history = tree.history
    const root = tree.root
    return {
      seq,
      totals: {
        messages: tree.totalMessages,
        bytes: tree.totalBytes,
        topics: tree.topicCount,
        messagesPerSecond: tree.messageRate(root, now),
        bytesPerSecond: tree.byteRate(root, now),
      },
      budget: {
        count: history.totalCount,
        bytes: history.totalBytes,
        maxCount: history.budget.totalCount,
        maxBytes: history.budget.totalBytes,
        evictedCount: history.evictedCount,
        evictedBytes: history.evictedBytes,
      },
      paused: this.#paused,
      arrivedWhilePaused: this.#arrivedWhilePaused,
      tree: {
        rowCount: rows.length,
        start,
        // A row is open exactly when the next row is its child (with a filter, a match's
        // non-matching children stay hidden even though the node is expanded).
        rows: slice.map((node, i) => this.#row(node, rows[start + i + 1]?.parent === node, now)),
        // Read after flattening: that pass may have just stopped the filter.
        filterError: this.#filterError ?? this.#compiled?.stopped,
      },
      busiest: this.#busiestBy ? this.#busiest(this.#busiestBy, now) : undefined,
      selected: this.#selected(now),
    }
  }

  #row(node: TopicNode, open: boolean, now: number): TreeRow {
    return {
      id: node.id,
      name: node.name,
      topic: node.topic,
      depth: node.depth,
      childCount: node.children?.size ?? 0,
      expanded: open || (!this.#filtering && this.#expanded.has(node.id)),
      ownMessages: node.ownMessages,
      subtreeMessages: node.subtreeMessages,
      subtreeTopics: node.subtreeTopics,
      preview: node.preview,
      previewCut: node.previewCut,
      binary: node.previewBinary,
      lastBytes: node.lastBytes,
      retained: node.retained,
      lastAt: node.lastAt,
      subtreeLastAt: node.subtreeLastAt,
      rate: this.tree.messageRate(node, now),
    }
  }

  /** Ranking reads every topic (~20 ms at 100,000): once a second is plenty for a human. */
  #busiestCache: { at: number; by: BusiestBy; rows: BusiestRow[] } | undefined

  #busiest(by: BusiestBy, now: number): BusiestRow[] {
    const cached = this.#busiestCache
    if (cached && cached.by === by && now - cached.at < BUSIEST_REFRESH_MS) return cached.rows
    const rows = this.#rankBusiest(by, now)
    this.#busiestCache = { at: now, by, rows }
    return rows
  }

  #rankBusiest(by: BusiestBy, now: number): BusiestRow[] {
    return busiestTopics(this.tree, now, by, 25).map((b) => ({
      id: b.node.id,
      topic: b.node.topic,
      messagesPerSecond: b.messagesPerSecond,
      bytesPerSecond: b.bytesPerSecond,
    }))
  }

  #selected(now: number): SelectedTopic | undefined {
    if (this.#selectedId === undefined) return undefined
    const node = this.tree.byId(this.#selectedId)
    if (!node) return undefined
    const latest = this.tree.history.latest(node)
    return {
      id: node.id,
      topic: node.topic,
      ownMessages: node.ownMessages,
      subtreeMessages: node.subtreeMessages,
      subtreeTopics: node.subtreeTopics,
      retained: node.retained,
      lastAt: node.lastAt,
      lastBytes: node.lastBytes,
      lastQos: latest?.qos,
      preview: node.preview,
      previewCut: node.previewCut,
      binary: node.previewBinary,
      rate: this.tree.ownMessageRate(node, now),
      byteRate: this.tree.ownByteRate(node, now),
    }
  }
}
