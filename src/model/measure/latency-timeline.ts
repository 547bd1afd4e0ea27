/** One point of latency over time: the messages received in one time bin. */
export interface TimelinePoint {
  /** Seconds since the run started (the middle of the bin). */
  readonly t: number
  readonly mean: number
  readonly max: number
  readonly count: number
}

/**
 * Latency over time in a bounded number of bins: bins start 10 ms wide and double (merging
 * neighbours) whenever the run outgrows `points` of them, so a run of any length costs the same.
 */
export class LatencyTimeline {
  readonly #origin: number
  readonly #points: number
  #width = 10
  #count: number[] = []
  #sum: number[] = []
  #max: number[] = []

  constructor(origin: number, points: number) {
    this.#origin = origin
    this.#points = Math.max(2, points)
  }

  add(at: number, latencyMs: number): void {
    let index = Math.max(0, Math.floor((at - this.#origin) / this.#width))
    while (index >= this.#points) {
      this.#merge()
      index = Math.floor(index / 2)
    }
    while (this.#count.length <= index) {
      this.#count.push(0)
      this.#sum.push(0)
      this.#max.push(-Infinity)
    }
    this.#count[index]!++
    this.#sum[index]! += latencyMs
    if (latencyMs > this.#max[index]!) this.#max[index] = latencyMs
  }

  #merge(): void {
    const count: number[] = []
    const sum: number[] = []
    const max: number[] = []
    for (let i = 0; i < this.#count.length; i += 2) {
      count.push(this.#count[i]! + (this.#count[i + 1] ?? 0))
      sum.push(this.#sum[i]! + (this.#sum[i + 1] ?? 0))
      max.push(Math.max(this.#max[i]!, this.#max[i + 1] ?? -Infinity))
    }
    this.#count = count
    this.#sum = sum
    this.#max = max
    this.#width *= 2
  }

  /** The bins that hold messages, in time order. */
  points(): TimelinePoint[] {
    const out: TimelinePoint[] = []
    for (let i = 0; i < this.#count.length; i++) {
      const count = this.#count[i]!
      if (count > 0) out.push({ t: ((i + 0.5) * this.#width) / 1000, mean: this.#sum[i]! / count, max: this.#max[i]!, count })
    }
    return out
  }
}
