import { FrozenTree, type TreeReader } from '../model/frozen-tree.ts'
import type { HistoryBudget } from '../model/message-history.ts'
import { normalizeProperties } from '../model/mqtt-properties.ts'
import { SparkplugStates } from '../model/sparkplug-state.ts'
import { TopicTree, type TopicNode } from '../model/topic-tree.ts'
import { loadLinearRegexEngine } from '../model/linear-regex.ts'
import { type CompiledTreeFilter, compileTreeFilter, expandSubtree, flattenVisible, type SortMode, type TreeFilter } from '../model/tree-view.ts'
import { budgetOf, BusiestCache, totalsOf } from './batch-parts.ts'
import type { IncomingMessage } from './mqtt-session.ts'
import type { Batch, BusiestBy, SelectedTopic, TreeLocated, TreeRange, TreeRow } from '../model/batch-types.ts'

/**
 * Everything the worker knows about what arrived and what the page is looking at. `ingest` only
 * records; `snapshot` (called on a clock) turns the part on screen into a Batch.
 */
export class Explorer {
  readonly tree = new TopicTree()
  /** Sparkplug B nodes and devices online / offline, from BIRTH and DEATH topic names (a prefix test per message). */
  readonly sparkplug = new SparkplugStates()
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
  /** While paused: the tree as it was when pausing began (every view while paused reads this). */
  #freeze: FrozenTree | undefined
  /** While paused: the last batch built, sent again (with the arrival count) until the view changes. */
  #frozen: Batch | undefined
  #seq = 0
  readonly #busiestCache = new BusiestCache()
  /** The answer to the last reveal or type-ahead search, carried by every batch from then on. */
  #located: TreeLocated | undefined
  #locateSeq = 0
  /** A link's topic, waited for (findTopic). */
  #wantedTopic: string | undefined

  /** Topics whose rows were open before a rewind, opened again as they come back (see rewind). */
  #reopen = new Set<string>()
  /** The topic selected before a rewind, selected again when it comes back. */
  #reselect: string | undefined

  /** Bumped by anything that changes what the page should see besides new messages. */
  viewVersion = 0

  /** The flattened rows, cached until the tree (live or frozen) or the view changes. */
  #rows: TopicNode[] = []
  #rowsFor: { reader: TreeReader | undefined; treeVersion: number; viewVersion: number } = { reader: undefined, treeVersion: -1, viewVersion: -1 }

  /** What batches show: the live tree, or while paused the tree as it was when pausing began. */
  get #reader(): TreeReader {
    return this.#freeze ?? this.tree
  }

  /** A view change while paused is answered from the frozen tree (the batch is built again from it). */
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
    this.sparkplug.note(message.topic)
    if (this.#paused) this.#arrivedWhilePaused++
    return node
  }

  get paused(): boolean {
    return this.#paused
  }

  /** Freezes what batches show at `now`; messages keep being recorded and counted. */
  pause(now: number): void {
    if (this.#paused) return
    this.#frozen = undefined
    this.#paused = true
    this.#arrivedWhilePaused = 0
    this.#freeze = new FrozenTree(this.tree, now)
    this.#viewChanged()
  }

  resume(): void {
    this.#paused = false
    this.#freeze?.release()
    this.#freeze = undefined
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
      if ('loading' in compiled) this.#whenRegexLoaded(this.#filter)
    }
    this.#viewChanged()
  }

  /** The regex engine comes with the first regular expression: the filter applies once it is there. */
  #whenRegexLoaded(filter: TreeFilter): void {
    loadLinearRegexEngine().then(
      () => {
        if (this.#filter === filter) this.setFilter(filter)
      },
      (error: unknown) => {
        if (this.#filter !== filter) return
        this.#filterError = `Could not load the regular expression engine: ${error instanceof Error ? error.message : String(error)}`
        this.#viewChanged()
      },
    )
  }

  toggle(id: number, expanded?: boolean): void {
    const want = expanded ?? !this.#expanded.has(id)
    if (want) this.#expanded.add(id)
    else this.#expanded.delete(id)
    this.#viewChanged()
  }

  expandSubtree(id: number): void {
    const node = this.#reader.byId(id)
    if (node) expandSubtree(node, this.#expanded)
    this.#viewChanged()
  }

  collapseAll(): void {
    this.#reopen.clear()
    this.#expanded.clear()
    this.#viewChanged()
  }

  select(id: number | undefined): void {
    this.#reselect = undefined
    this.#selectedId = id
    this.#viewChanged()
  }

  /**
   * Opens the ancestors of topic `id` so that its row is shown, and says where that row is
   * (TreeLocated, by 'reveal'); the page scrolls to it. Selecting it is the page's own command.
   */
  reveal(id: number): void {
    const node = this.#reader.byId(id)
    const root = this.#reader.root
    if (node) for (let up = node.parent; up !== undefined && up !== root; up = up.parent) this.#expanded.add(up.id)
    this.#viewChanged()
    const index = node ? this.#visibleRows().indexOf(node) : -1
    this.#located = { seq: ++this.#locateSeq, by: 'reveal', index: index >= 0 ? index : undefined, id }
  }

  /**
   * Type-ahead: the first shown row from index `start` on (wrapping around) whose level name starts
   * with `query`, ignoring case, as TreeLocated (by 'find'; index undefined when none does). Searches
   * every row, not only those the page holds.
   */
  findRow(query: string, start: number): void {
    const rows = this.#visibleRows()
    const wanted = query.toLowerCase()
    const from = Math.max(0, Math.min(rows.length, Math.floor(start) || 0))
    let found: TopicNode | undefined
    let index = -1
    for (let k = 0; k < rows.length && wanted !== ''; k++) {
      const i = (from + k) % rows.length
      if (rows[i]!.name.toLowerCase().startsWith(wanted)) {
        found = rows[i]
        index = i
        break
      }
    }
    this.#viewChanged()
    this.#located = { seq: ++this.#locateSeq, by: 'find', index: found ? index : undefined, id: found?.id }
  }

  /**
   * A link's topic: from now on every snapshot looks it up (O(depth)) until a message has arrived on
   * it, then says which id it has (TreeLocated, by 'topic'); the page selects and reveals it. Kept
   * across clear(): the page asks before the connection it waits on has started.
   */
  findTopic(topic: string | undefined): void {
    this.#wantedTopic = topic
    this.#viewChanged()
  }

  #lookForWanted(): void {
    const node = this.#wantedTopic === undefined ? undefined : this.tree.find(this.#wantedTopic)
    if (!node || node.ownMessages === 0) return
    this.#wantedTopic = undefined
    this.#located = { seq: ++this.#locateSeq, by: 'topic', index: undefined, id: node.id }
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

  /**
   * Forgets every topic like clear(), but remembers which rows were open, by topic: the tree
   * rebuilt for another time of a recording (its time slider) opens them again as their topics
   * come back, instead of collapsing what the person had opened.
   */
  rewind(): void {
    const reopen = new Set(this.#reopen)
    for (const id of this.#expanded) {
      const node = this.tree.byId(id)
      if (node) reopen.add(node.topic)
    }
    const reselect = (this.#selectedId !== undefined ? this.tree.byId(this.#selectedId)?.topic : undefined) ?? this.#reselect
    this.clear()
    this.#reopen = reopen
    this.#reselect = reselect
  }

  /** On the clock (not per message): the remembered open rows and selection whose topics are back. */
  #reopenRows(): void {
    let opened = false
    const again = this.#reselect !== undefined ? this.tree.find(this.#reselect) : undefined
    if (again) {
      // The page follows (store: the recording session adopts batch.selected's new id for the same topic).
      this.#selectedId = again.id
      this.#reselect = undefined
      opened = true
    }
    for (const topic of this.#reopen) {
      const node = this.tree.find(topic)
      if (!node) continue
      this.#expanded.add(node.id)
      this.#reopen.delete(topic)
      opened = true
    }
    if (opened) this.#viewChanged()
  }

  clear(): void {
    this.#reopen.clear()
    this.#reselect = undefined
    this.tree.clear()
    this.sparkplug.clear()
    this.#expanded.clear()
    this.#selectedId = undefined
    this.#frozen = undefined
    this.#located = undefined
    this.#arrivedWhilePaused = 0
    // Still paused: what is shown is the empty tree (the new broker's topics come with Resume).
    if (this.#freeze) {
      this.#freeze.release()
      this.#freeze = new FrozenTree(this.tree, this.#freeze.at)
    }
    this.#viewChanged()
  }

  /** A filter decides the rows (a stopped one no longer does: the tree shows as without it). */
  get #filtering(): boolean {
    return this.#compiled !== undefined && this.#compiled.stopped === undefined
  }

  /**
   * The batch for the page. While paused, everything but the arrival count and the history budget
   * is as it was when pausing began, views changed meanwhile included (they read the frozen tree).
   */
  snapshot(now: number): Batch {
    if (this.#wantedTopic !== undefined) this.#lookForWanted()
    if (this.#reopen.size > 0 || this.#reselect !== undefined) this.#reopenRows()
    const seq = ++this.#seq
    if (this.#paused && this.#frozen) return { ...this.#frozen, seq, arrivedWhilePaused: this.#arrivedWhilePaused }
    const batch = this.#build(seq, now)
    if (this.#paused) this.#frozen = batch
    return batch
  }

  #visibleRows(): TopicNode[] {
    const reader = this.#reader
    // A frozen tree never changes: only the view can.
    const treeVersion = this.#freeze ? -1 : this.tree.version
    const cached = this.#rowsFor
    if (cached.reader !== reader || cached.treeVersion !== treeVersion || cached.viewVersion !== this.viewVersion) {
      const filter = this.#compiled && this.#filter ? { filter: this.#filter, compiled: this.#compiled } : {}
      this.#rows = flattenVisible(reader, { expanded: this.#expanded, sort: this.#sort, ...filter }, this.#freeze?.at ?? 0)
      this.#rowsFor = { reader, treeVersion, viewVersion: this.viewVersion }
    }
    return this.#rows
  }

  #build(seq: number, wallNow: number): Batch {
    const tree = this.#reader
    // Rates read at the moment frozen while paused.
    const now = this.#freeze?.at ?? wallNow
    const rows = this.#visibleRows()
    const start = Math.min(this.#range.start, Math.max(0, rows.length - 1))
    const slice = rows.slice(start, start + this.#range.count)
    return {
      seq,
      totals: totalsOf(tree, now),
      budget: budgetOf(this.tree.history),
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
        located: this.#located,
      },
      busiest: this.#busiestBy ? this.#busiestCache.rows(this.#reader, this.#busiestBy, now) : undefined,
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
      sparkplug: this.sparkplug.stateOf(node.topic),
      lastAt: node.lastAt,
      subtreeLastAt: node.subtreeLastAt,
      rate: this.#reader.messageRate(node, now),
    }
  }

  #selected(now: number): SelectedTopic | undefined {
    if (this.#selectedId === undefined) return undefined
    const node = this.#reader.byId(this.#selectedId)
    const live = this.tree.byId(this.#selectedId)
    if (!node || !live) return undefined
    const latest = this.tree.history.latest(live)
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
      rate: this.#reader.ownMessageRate(node, now),
      byteRate: this.#reader.ownByteRate(node, now),
    }
  }
}
