import { brokerStatsKey, readBrokerStats, type BrokerStats } from '../model/broker-stats.ts'
import type { TopicTree } from '../model/topic-tree.ts'

/**
 * The worker side of the broker dashboard: on each flush, the statistics under `$SYS/broker/` when
 * they changed (a new value, a round of statistics over, the tree cleared), else nothing. No work
 * per message: the tree already keeps every value; this reads its `$SYS/broker` subtree on the
 * clock, and costs two Map lookups when nothing changed. It is not paused with the tree: the
 * dashboard shows the broker as it is now.
 */
export class BrokerDashboard {
  readonly #tree: TopicTree
  /** What the page has: it starts with no statistics. */
  #sentKey = 'none'

  constructor(tree: TopicTree) {
    this.#tree = tree
  }

  /** The statistics to send (undefined inside: there are none any more), or undefined: unchanged. */
  poll(now: number): { stats: BrokerStats | undefined } | undefined {
    const key = brokerStatsKey(this.#tree, now)
    if (key === this.#sentKey) return undefined
    this.#sentKey = key
    return { stats: key === 'none' ? undefined : readBrokerStats(this.#tree, now) }
  }
}
