import type { StateCreator } from 'zustand'
import type { Batch, BusiestBy, TreeRange } from '@/model/batch-types.ts'
import { isFilterActive, type SortMode, type TreeFilter } from '@/model/tree-view.ts'
import { inspectTopic } from './inspector-slice.ts'
import type { AppState } from './app-store.ts'

export const EMPTY_BATCH: Batch = {
  seq: 0,
  totals: { messages: 0, bytes: 0, topics: 0, messagesPerSecond: 0, bytesPerSecond: 0 },
  budget: { count: 0, bytes: 0, maxCount: 0, maxBytes: 0, evictedCount: 0, evictedBytes: 0 },
  paused: false,
  arrivedWhilePaused: 0,
  tree: { rowCount: 0, start: 0, rows: [], filterError: undefined },
  busiest: undefined,
  selected: undefined,
}

/** What the worker last showed, and what the page asks it to show. */
export interface ViewSlice {
  batch: Batch
  sort: SortMode
  filter: TreeFilter
  selectedId: number | undefined
  busiestBy: BusiestBy | undefined
  /** The Retained view (a bottom panel) is open. */
  retainedOpen: boolean
  setRetainedOpen(open: boolean): void
  applyBatch(batch: Batch): void
  setRange(range: TreeRange): void
  setSort(sort: SortMode): void
  setFilter(filter: TreeFilter): void
  toggle(id: number, expanded?: boolean): void
  expandSubtree(id: number): void
  collapseAll(): void
  select(id: number | undefined): void
  /** Selects topic `id` and opens its ancestors; the tree scrolls to it (batch.tree.located). */
  reveal(id: number): void
  /** Type-ahead: the worker finds the next row from `start` whose name starts with `query` (batch.tree.located). */
  findRow(query: string, start: number): void
  showBusiest(by: BusiestBy | undefined): void
  pause(): void
  resume(): void
  resetView(): void
  /** "Forget topic": the topic and everything below it leave the tree with their history. */
  forget(target: { readonly id: number; readonly topic: string }): void
  /** "Reset tree": every topic and its history forgotten; the connection stays. */
  resetTree(): void
}

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set, get) => ({
  batch: EMPTY_BATCH,
  sort: 'name',
  filter: { mode: 'text', query: '', payloads: false },
  selectedId: undefined,
  busiestBy: undefined,
  retainedOpen: false,
  setRetainedOpen(open) {
    set({ retainedOpen: open })
  },
  applyBatch(batch) {
    set({ batch })
  },
  setRange(range) {
    get().send({ type: 'range', range })
  },
  setSort(sort) {
    set({ sort })
    get().send({ type: 'sort', sort })
  },
  setFilter(filter) {
    const before = get().filter
    set({ filter })
    get().send({ type: 'filter', filter: isFilterActive(filter) ? filter : undefined })
    // Under 3.1.1 on another broker the marks come from a scan: "Retained only" asks again.
    if (filter.retainedOnly === true && before.retainedOnly !== true) get().rescanRetained()
  },
  toggle(id, expanded) {
    get().send(expanded === undefined ? { type: 'toggle', id } : { type: 'toggle', id, expanded })
  },
  expandSubtree(id) {
    get().send({ type: 'expand-subtree', id })
  },
  collapseAll() {
    get().send({ type: 'collapse-all' })
  },
  select(id) {
    set({ selectedId: id })
    get().send({ type: 'select', id })
    // The inspector follows the selection (a second command: the tree and the inspector are separate).
    const request = inspectTopic(id, get().inspectRequest)
    if (request) {
      set({ inspectRequest: request, inspection: undefined, payloadView: undefined })
      get().send({ type: 'inspect', request })
    }
  },
  reveal(id) {
    get().select(id)
    get().send({ type: 'reveal', id })
  },
  findRow(query, start) {
    get().send({ type: 'find-row', query, start })
  },
  showBusiest(by) {
    set({ busiestBy: by })
    get().send({ type: 'busiest', by })
  },
  pause() {
    get().send({ type: 'pause' })
  },
  resume() {
    get().send({ type: 'resume' })
  },
  forget({ id, topic }) {
    get().send({ type: 'forget', id })
    // The selection goes with the topic (or the subtree it was in).
    const selected = get().inspection?.topic ?? get().batch.selected?.topic
    if (selected !== undefined && (selected === topic || selected.startsWith(`${topic}/`))) get().select(undefined)
  },
  resetTree() {
    get().send({ type: 'clear' })
    get().resetView()
  },
  resetView() {
    set({ batch: EMPTY_BATCH, selectedId: undefined, inspection: undefined, inspectRequest: { id: undefined }, payloadView: undefined })
    const { sort, filter, busiestBy } = get()
    get().send({ type: 'inspect', request: { id: undefined } })
    get().send({ type: 'sort', sort })
    get().send({ type: 'filter', filter: isFilterActive(filter) ? filter : undefined })
    get().send({ type: 'busiest', by: busiestBy })
  },
})
