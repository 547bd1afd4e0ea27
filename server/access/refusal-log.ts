import type { Logger } from '../logger.ts'

export interface RefusalLogOptions {
  /** One line per address per this many ms, after the first. */
  readonly intervalMs: number
  /** Addresses followed one by one; refusals from more are summed up in one line. */
  readonly maxAddresses: number
  /** Summary lines per interval at most; the rest of the addresses share one more. */
  readonly maxLines: number
}

export const DEFAULT_REFUSAL_LOG: RefusalLogOptions = Object.freeze({ intervalMs: 60_000, maxAddresses: 1_000, maxLines: 20 })

/** Reasons counted apart per address (each names the user name tried); the rest count as "other". */
const MAX_REASONS = 8
const MAX_REASON_LENGTH = 200

interface Followed {
  /** The address as the socket gave it, for the log. */
  readonly address: string
  /** Refusals since the last line, by reason. */
  readonly counts: Map<string, number>
  /** When its last line was written (ms). */
  loggedAt: number
}

/**
 * Refused CONNECTs (wrong passwords above all) at warn, with the client's address, without letting
 * a flood fill the disk: the first refusal from an address is logged at once, with its reason;
 * further ones within the interval are counted and summed up in one line per address at its end
 * ("37 more CONNECTs refused from 10.0.0.7 in 60 s: ..."). At most `maxLines` such lines per
 * interval, and at most `maxAddresses` followed: past those, one line for all the others.
 */
export class RefusalLog {
  /** Address key -> what it did since its last line. */
  readonly #followed = new Map<string, Followed>()
  /** Refusals from addresses beyond maxAddresses, since the last summary. */
  #unfollowed = 0
  #timer: NodeJS.Timeout | undefined

  constructor(
    private readonly log: Logger,
    readonly options: RefusalLogOptions = DEFAULT_REFUSAL_LOG,
    private readonly now: () => number = Date.now,
  ) {}

  /** A CONNECT from `address` (counted under `key`, see addressKey) was refused for `reason`. */
  refused(key: string, address: string, untrustedReason: string): void {
    const reason = printable(untrustedReason)
    const followed = this.#followed.get(key)
    if (followed !== undefined) {
      const counted = followed.counts.has(reason) || followed.counts.size < MAX_REASONS ? reason : 'other reasons'
      followed.counts.set(counted, (followed.counts.get(counted) ?? 0) + 1)
      return
    }
    if (this.#followed.size >= this.options.maxAddresses) {
      this.#unfollowed++
      this.#start()
      return
    }
    this.#followed.set(key, { address, counts: new Map(), loggedAt: this.now() })
    this.log.warn({ from: address }, `CONNECT refused from ${address}: ${reason}`)
    this.#start()
  }

  /** Writes the summary lines that are due; runs every interval while there is something to say. */
  flush(): void {
    const now = this.now()
    let lines = 0
    let othersCount = 0
    let othersAddresses = 0
    for (const [key, followed] of this.#followed) {
      if (now - followed.loggedAt < this.options.intervalMs) continue
      const total = [...followed.counts.values()].reduce((a, b) => a + b, 0)
      if (total === 0) {
        // Quiet for a whole interval: its next refusal is logged at once again.
        this.#followed.delete(key)
        continue
      }
      if (lines < this.options.maxLines) {
        const reasons = [...followed.counts].map(([reason, n]) => `${n} × ${reason}`).join('; ')
        const seconds = Math.round((now - followed.loggedAt) / 1000)
        this.log.warn({ from: followed.address, refused: total }, `${total} more CONNECT(s) refused from ${followed.address} in ${seconds} s: ${reasons}`)
        lines++
      } else {
        othersCount += total
        othersAddresses++
      }
      followed.counts.clear()
      followed.loggedAt = now
    }
    if (othersCount + this.#unfollowed > 0) {
      const what = this.#unfollowed > 0 ? `${othersAddresses} more addresses and others not followed one by one` : `${othersAddresses} more addresses`
      this.log.warn({ refused: othersCount + this.#unfollowed }, `${othersCount + this.#unfollowed} more CONNECT(s) refused from ${what}`)
      this.#unfollowed = 0
    }
    if (this.#followed.size === 0) this.close()
  }

  /** Stops the timer (the server is closing); what is counted and not yet written is dropped. */
  close(): void {
    clearInterval(this.#timer)
    this.#timer = undefined
  }

  #start(): void {
    if (this.#timer !== undefined) return
    this.#timer = setInterval(() => this.flush(), this.options.intervalMs)
    // A summary never keeps the process alive.
    this.#timer.unref()
  }
}

/** The reason on one line and bounded: it carries the user name the client sent. */
function printable(reason: string): string {
  const oneLine = reason.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return oneLine.length > MAX_REASON_LENGTH ? `${oneLine.slice(0, MAX_REASON_LENGTH)}...` : oneLine
}
