import { LIMITS } from './limits.ts'
import type { MessageProperties } from './mqtt-properties.ts'

export interface StoredMessage {
  /** Arrival order across all topics (the tree's counter). */
  readonly seq: number
  readonly payload: Uint8Array
  readonly qos: 0 | 1 | 2
  readonly retain: boolean
  readonly dup: boolean
  /** Epoch ms. */
  readonly receivedAt: number
  /** MQTT 5 properties (mqtt-properties.ts), undefined for none. */
  readonly properties?: MessageProperties
}

export interface HistoryBudget {
  /** Messages kept per topic (>= 1). */
  readonly perTopicCount: number
  /** Payload bytes kept per topic; one bigger payload is still kept, alone. */
  readonly perTopicBytes: number
  /** Messages kept over all topics (>= 1). */
  readonly totalCount: number
  /** Payload bytes kept over all topics; one bigger payload is still kept, alone. */
  readonly totalBytes: number
}

/** One topic's messages, oldest first: items[head..] are live. */
class TopicHistory {
  items: StoredMessage[] = []
  head = 0
  bytes = 0
  /** How many of this topic's messages were ever added before items[head]: its ordinal. */
  firstOrd = 0
  evicted = 0

  get count(): number {
    return this.items.length - this.head
  }
}

/**
 * Every topic's message history under one budget. A topic over its own budget drops its own
 * oldest messages; when the totals are over the global budget, the globally oldest messages go,
 * whatever their topic. Every eviction is counted (evictedCount, evictedBytes), so the UI can say
 * what is gone. Payload sizes are counted exactly: callers pass payloads already copied out of the
 * socket buffer (a view would pin the whole buffer behind it).
 *
 * The global order is a FIFO of (topic, ordinal) pairs in two parallel arrays with a moving head
 * (no Array.shift, no object per entry). A per-topic eviction leaves a stale pair behind; it is
 * recognised (its ordinal is below the topic's first live one) and skipped, and the FIFO is
 * compacted once stale pairs outnumber live ones, so its size stays O(totalCount) and each
 * message costs O(1) amortized.
 */
export class HistoryStore {
  #budget: HistoryBudget
  #topics = new Map<object, TopicHistory>()
  #fifoTopic: TopicHistory[] = []
  #fifoOrd: number[] = []
  #fifoHead = 0
  #totalCount = 0
  #totalBytes = 0
  #evictedCount = 0
  #evictedBytes = 0
  #cutCount = 0

  constructor(budget: HistoryBudget = LIMITS.history) {
    checkBudget(budget)
    this.#budget = budget
  }

  get budget(): HistoryBudget {
    return this.#budget
  }

  /**
   * Changes the budget. A smaller one applies at once: each topic drops its own oldest messages
   * down to the per-topic budget, then the globally oldest go until the totals fit; every one is
   * counted in evictedCount/evictedBytes (and the topic's evictedOf), as when a message arrives.
   * As in add(), the per-topic budget never takes a topic's newest message (the total budget may,
   * oldest first), and the store keeps at least its newest message.
   */
  setBudget(budget: HistoryBudget): void {
    checkBudget(budget)
    this.#budget = budget
    for (const topic of this.#topics.values()) {
      while (topic.count > 1 && (topic.count > budget.perTopicCount || topic.bytes > budget.perTopicBytes)) this.#evictOldest(topic)
      compactTopic(topic)
    }
    while (this.#totalCount > 1 && (this.#totalCount > budget.totalCount || this.#totalBytes > budget.totalBytes)) this.#evictGlobalOldest()
    this.#compactFifo()
  }

  /** Messages kept, over all topics. */
  get totalCount(): number {
    return this.#totalCount
  }

  /** Payload bytes kept, over all topics. */
  get totalBytes(): number {
    return this.#totalBytes
  }

  /** Messages dropped by a budget (per topic or total) since the last clear. */
  get evictedCount(): number {
    return this.#evictedCount
  }

  /** Payload bytes of the messages counted in evictedCount. */
  get evictedBytes(): number {
    return this.#evictedBytes
  }

  /**
   * Messages whose payload alone was larger than perTopicBytes: kept whole, they pushed every
   * older message of their topic out (those are counted in evictedCount) and stay their topic's
   * only entry until the next one arrives.
   */
  get cutCount(): number {
    return this.#cutCount
  }

  /** Records `msg` as the newest message of `owner` (the topic's node), then applies the budgets. */
  add(owner: object, msg: StoredMessage): void {
    let topic = this.#topics.get(owner)
    if (topic === undefined) {
      topic = new TopicHistory()
      this.#topics.set(owner, topic)
    }
    const size = msg.payload.byteLength
    this.#fifoTopic.push(topic)
    this.#fifoOrd.push(topic.firstOrd + topic.count)
    topic.items.push(msg)
    topic.bytes += size
    this.#totalCount++
    this.#totalBytes += size

    const budget = this.#budget
    if (size > budget.perTopicBytes) this.#cutCount++
    // Per topic: drop this topic's oldest, but never the message just added.
    while (topic.count > 1 && (topic.count > budget.perTopicCount || topic.bytes > budget.perTopicBytes)) this.#evictOldest(topic)
    compactTopic(topic)
    // In total: drop the globally oldest, but never the message just added.
    while (this.#totalCount > 1 && (this.#totalCount > budget.totalCount || this.#totalBytes > budget.totalBytes)) this.#evictGlobalOldest()
    this.#compactFifo()
  }

  /** `owner`'s messages, oldest first (a copy: later adds do not change it). */
  entries(owner: object): readonly StoredMessage[] {
    const topic = this.#topics.get(owner)
    return topic ? topic.items.slice(topic.head) : []
  }

  /** `owner`'s newest kept message. */
  latest(owner: object): StoredMessage | undefined {
    const topic = this.#topics.get(owner)
    return topic && topic.count > 0 ? topic.items[topic.items.length - 1] : undefined
  }

  /**
   * `owner`'s kept messages newest first: `count` of them after skipping the `skip` newest. Costs
   * only what it returns (the inspector pages through a history of any size).
   */
  newest(owner: object, skip: number, count: number): StoredMessage[] {
    const topic = this.#topics.get(owner)
    if (!topic) return []
    const out: StoredMessage[] = []
    const last = topic.items.length - 1 - Math.max(0, Math.floor(skip))
    for (let i = last; i >= topic.head && out.length < count; i--) out.push(topic.items[i]!)
    return out
  }

  /**
   * The kept message of `owner` whose seq is `seq`, and the one kept just before it (undefined for
   * the oldest kept: an evicted message cannot be compared). Binary search: seqs only grow.
   */
  find(owner: object, seq: number): { message: StoredMessage; previous: StoredMessage | undefined } | undefined {
    const topic = this.#topics.get(owner)
    if (!topic) return undefined
    let lo = topic.head
    let hi = topic.items.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const at = topic.items[mid]!
      if (at.seq === seq) return { message: at, previous: mid > topic.head ? topic.items[mid - 1] : undefined }
      if (at.seq < seq) lo = mid + 1
      else hi = mid - 1
    }
    return undefined
  }

  /** How many of `owner`'s kept messages are newer than `seq` (arrived after it). Binary search. */
  newerThan(owner: object, seq: number): number {
    const topic = this.#topics.get(owner)
    if (!topic) return 0
    // The first live index whose seq is above `seq`.
    let lo = topic.head
    let hi = topic.items.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (topic.items[mid]!.seq <= seq) lo = mid + 1
      else hi = mid
    }
    return topic.items.length - lo
  }

  /** How many of `owner`'s messages are kept. */
  countOf(owner: object): number {
    return this.#topics.get(owner)?.count ?? 0
  }

  /** Payload bytes of `owner`'s kept messages. */
  bytesOf(owner: object): number {
    return this.#topics.get(owner)?.bytes ?? 0
  }

  /** How many of `owner`'s messages a budget dropped. */
  evictedOf(owner: object): number {
    return this.#topics.get(owner)?.evicted ?? 0
  }

  /**
   * Forgets `owner`'s messages ("Forget topic"): the totals lose them, nothing counts as evicted.
   * Its pairs in the global FIFO become stale (no ordinal reaches +Infinity) and are compacted away.
   */
  forget(owner: object): void {
    const topic = this.#topics.get(owner)
    if (topic === undefined) return
    this.#topics.delete(owner)
    this.#totalCount -= topic.count
    this.#totalBytes -= topic.bytes
    topic.items = []
    topic.head = 0
    topic.bytes = 0
    topic.firstOrd = Number.POSITIVE_INFINITY
    this.#compactFifo()
  }

  /** Forgets every message and resets the counters (a new connection). */
  clear(): void {
    this.#topics = new Map()
    this.#fifoTopic = []
    this.#fifoOrd = []
    this.#fifoHead = 0
    this.#totalCount = 0
    this.#totalBytes = 0
    this.#evictedCount = 0
    this.#evictedBytes = 0
    this.#cutCount = 0
  }

  #evictOldest(topic: TopicHistory): void {
    const msg = topic.items[topic.head]!
    topic.items[topic.head] = undefined as unknown as StoredMessage // let the payload be collected now
    topic.head++
    topic.firstOrd++
    topic.evicted++
    const size = msg.payload.byteLength
    topic.bytes -= size
    this.#totalCount--
    this.#totalBytes -= size
    this.#evictedCount++
    this.#evictedBytes += size
  }

  #evictGlobalOldest(): void {
    // Terminates: #totalCount > 0 means a live pair is still ahead of the head.
    for (;;) {
      const topic = this.#fifoTopic[this.#fifoHead]!
      const ord = this.#fifoOrd[this.#fifoHead]!
      this.#fifoTopic[this.#fifoHead] = undefined as unknown as TopicHistory
      this.#fifoHead++
      // The oldest live pair of a topic is always that topic's oldest message; older pairs are stale.
      if (ord < topic.firstOrd) continue
      this.#evictOldest(topic)
      compactTopic(topic)
      return
    }
  }

  /** Keeps the FIFO O(totalCount): drops the consumed head and, when they pile up, stale pairs. */
  #compactFifo(): void {
    const length = this.#fifoOrd.length
    const pending = length - this.#fifoHead
    if (pending > 2 * this.#totalCount + 1024) {
      const topics: TopicHistory[] = []
      const ords: number[] = []
      for (let i = this.#fifoHead; i < length; i++) {
        const topic = this.#fifoTopic[i]!
        const ord = this.#fifoOrd[i]!
        if (ord >= topic.firstOrd) {
          topics.push(topic)
          ords.push(ord)
        }
      }
      this.#fifoTopic = topics
      this.#fifoOrd = ords
      this.#fifoHead = 0
    } else if (this.#fifoHead > 1024 && this.#fifoHead * 2 > length) {
      this.#fifoTopic = this.#fifoTopic.slice(this.#fifoHead)
      this.#fifoOrd = this.#fifoOrd.slice(this.#fifoHead)
      this.#fifoHead = 0
    }
  }
}

function checkBudget(budget: HistoryBudget): void {
  if (!(budget.perTopicCount >= 1 && budget.totalCount >= 1)) throw new RangeError('History budgets must keep at least one message')
  if (!(budget.perTopicBytes >= 0 && budget.totalBytes >= 0)) throw new RangeError('History byte budgets cannot be negative')
}

/** Drops a topic's consumed head once it is at least half of its array (amortized O(1)). */
function compactTopic(topic: TopicHistory): void {
  if (topic.head > 16 && topic.head * 2 > topic.items.length) {
    topic.items = topic.items.slice(topic.head)
    topic.head = 0
  } else if (topic.head > 0 && topic.head === topic.items.length) {
    topic.items = []
    topic.head = 0
  }
}
