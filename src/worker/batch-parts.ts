import { busiestTopics } from '../model/busiest.ts'
import type { BudgetUsage, BusiestBy, BusiestRow, Totals } from '../model/batch-types.ts'
import type { TreeReader } from '../model/frozen-tree.ts'
import type { HistoryStore } from '../model/message-history.ts'

const BUSIEST_REFRESH_MS = 1_000

/** What the page has received, read from the tree as the batch shows it (frozen while paused). */
export function totalsOf(tree: TreeReader, now: number): Totals {
  return {
    messages: tree.totalMessages,
    bytes: tree.totalBytes,
    topics: tree.topicCount,
    messagesPerSecond: tree.messageRate(tree.root, now),
    bytesPerSecond: tree.byteRate(tree.root, now),
  }
}

/** The history budget and what it evicted, for the status bar. */
export function budgetOf(history: HistoryStore): BudgetUsage {
  return {
    count: history.totalCount,
    bytes: history.totalBytes,
    maxCount: history.budget.totalCount,
    maxBytes: history.budget.totalBytes,
    evictedCount: history.evictedCount,
    evictedBytes: history.evictedBytes,
  }
}

/** "Busiest topics": ranking reads every topic (~20 ms at 100,000), so once a second is plenty for a human. */
export class BusiestCache {
  #cached: { at: number; by: BusiestBy; reader: TreeReader; rows: BusiestRow[] } | undefined

  rows(reader: TreeReader, by: BusiestBy, now: number): BusiestRow[] {
    const cached = this.#cached
    if (cached && cached.by === by && cached.reader === reader && Math.abs(now - cached.at) < BUSIEST_REFRESH_MS) return cached.rows
    const rows = busiestTopics(reader, now, by, 25).map((b) => ({
      id: b.node.id,
      topic: b.node.topic,
      messagesPerSecond: b.messagesPerSecond,
      bytesPerSecond: b.bytesPerSecond,
    }))
    this.#cached = { at: now, by, reader, rows }
    return rows
  }
}
