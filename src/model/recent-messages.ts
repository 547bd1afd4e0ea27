export interface RecentMessage {
  readonly seq: number
  readonly topic: string
  readonly payload: Uint8Array
  readonly qos: 0 | 1 | 2
  readonly retain: boolean
  readonly receivedAt: number
}

export interface RecentMessagesBudget {
  readonly maxCount: number
  readonly maxBytes: number
}

/**
 * The newest messages, bounded by count and by payload bytes. What the budget pushes out is
 * counted in `evicted`, so the UI can say so.
 */
export class RecentMessages {
  readonly #budget: RecentMessagesBudget
  #items: RecentMessage[] = []
  #head = 0
  #bytes = 0
  #evicted = 0

  constructor(budget: RecentMessagesBudget) {
    this.#budget = budget
  }

  get size(): number {
    return this.#items.length - this.#head
  }

  get bytes(): number {
    return this.#bytes
  }

  get evicted(): number {
    return this.#evicted
  }

  add(message: RecentMessage): void {
    this.#items.push(message)
    this.#bytes += message.payload.length
    while (this.size > this.#budget.maxCount || (this.#bytes > this.#budget.maxBytes && this.size > 1)) {
      const old = this.#items[this.#head]!
      this.#head++
      this.#bytes -= old.payload.length
      this.#evicted++
    }
    // Compact now and then so the array does not grow without bound.
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head)
      this.#head = 0
    }
  }

  /** The newest `count` messages, newest first. */
  newest(count: number): RecentMessage[] {
    const out: RecentMessage[] = []
    for (let i = this.#items.length - 1; i >= this.#head && out.length < count; i--) out.push(this.#items[i]!)
    return out
  }
}
