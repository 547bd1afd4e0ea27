/**
 * Runs password checks (scrypt, in libuv's pool of 4 threads, which file reads and the bridge's
 * DNS lookups share) at most `concurrency` at a time, taking the waiting ones in turn by client
 * address: each address has its own line, and a free slot goes to the line whose address was
 * served longest ago. An address with many checks waiting (a flood, within its rate limit) thus
 * delays another address by at most one check per slot, not by its whole line. At most `limit`
 * wait in all; past that `run` answers undefined (the CONNECT gets "server unavailable" rather
 * than a place in a line that only grows).
 */
export class PasswordCheckQueue {
  #running = 0
  #waitingCount = 0
  /** Address key -> its waiting checks, first in first out. */
  readonly #lines = new Map<string, Array<() => void>>()
  /** Address key -> [checks running, number of its last start], for keys running or waiting. */
  readonly #served = new Map<string, { running: number; lastStart: number }>()
  #starts = 0

  constructor(
    readonly concurrency: number,
    readonly limit: number,
  ) {}

  /** Checks waiting now, all addresses together. */
  get waiting(): number {
    return this.#waitingCount
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> | undefined {
    let started: Promise<void>
    if (this.#running < this.concurrency) {
      this.#running++
      this.#started(key)
      started = Promise.resolve()
    } else if (this.#waitingCount < this.limit) {
      started = new Promise((resolve) => this.#enqueue(key, resolve))
    } else {
      return undefined
    }
    return started.then(task).finally(() => this.#finished(key))
  }

  #enqueue(key: string, start: () => void): void {
    const line = this.#lines.get(key)
    if (line === undefined) this.#lines.set(key, [start])
    else line.push(start)
    this.#waitingCount++
  }

  #started(key: string): void {
    const served = this.#served.get(key)
    if (served === undefined) this.#served.set(key, { running: 1, lastStart: ++this.#starts })
    else {
      served.running++
      served.lastStart = ++this.#starts
    }
  }

  /** A finished check hands its slot to the first check of the address served longest ago. */
  #finished(key: string): void {
    const served = this.#served.get(key)!
    served.running--
    if (served.running === 0 && !this.#lines.has(key)) this.#served.delete(key)
    let next: string | undefined
    let oldest = Infinity
    for (const waiting of this.#lines.keys()) {
      const lastStart = this.#served.get(waiting)?.lastStart ?? 0
      if (lastStart < oldest) {
        oldest = lastStart
        next = waiting
      }
    }
    if (next === undefined) {
      this.#running--
      return
    }
    const line = this.#lines.get(next)!
    const start = line.shift()!
    if (line.length === 0) this.#lines.delete(next)
    this.#waitingCount--
    this.#started(next)
    start()
  }
}
