/**
 * An exponentially decaying event-rate meter: O(1) memory (two numbers), updated lazily, only
 * when an event is added or the rate is read. Nothing ticks in the background.
 *
 * State: `acc`, the sum of past amounts each weighted by e^(-age/tau), and `at`, the time `acc` was
 * last brought up to date. For a steady stream of N events/s, `acc` settles at N * tau seconds, so
 * `acc / tau` reads N: after t ms the reading is N * (1 - e^(-t/tau)), 95% at 3 tau and 99.3% at
 * 5 tau. When the stream stops, the reading falls by e^(-t/tau) (to 5% after 3 tau).
 *
 * Two forms of the same arithmetic:
 * - `DecayingRate`, an object, for a handful of meters;
 * - the plain functions below, for state kept as number fields of another object. The topic tree
 *   uses those: 100,000 nodes each with four meters would otherwise be 400,000 extra objects, and
 *   a node's message and byte meters are always updated together, so they share one `at` (one
 *   Math.exp per node per message instead of two).
 *
 * Time goes forward: an `add` or a read with `now` earlier than `at` (a clock step back) is taken
 * as "no time passed" instead of growing the rate.
 */

/** Default time constant: a rate reading reflects about the last few seconds. */
export const DEFAULT_RATE_TAU_MS = 3000

/** The weight left to a value after `elapsedMs`: e^(-elapsed/tau), 1 when no time passed. */
export function decayFactor(elapsedMs: number, tauMs: number): number {
  // Many messages share one millisecond at high rates: skip Math.exp for them.
  return elapsedMs > 0 ? Math.exp(-elapsedMs / tauMs) : 1
}

/** The rate per second that the decayed sum `acc`, last updated at `at`, reads at `now`. */
export function ratePerSecond(acc: number, at: number, now: number, tauMs: number): number {
  return (acc * decayFactor(now - at, tauMs) * 1000) / tauMs
}

export class DecayingRate {
  readonly #tauMs: number
  #acc = 0
  #at = 0

  constructor(tauMs = DEFAULT_RATE_TAU_MS) {
    if (!(tauMs > 0)) throw new RangeError(`tauMs must be > 0, got ${tauMs}`)
    this.#tauMs = tauMs
  }

  /** Records `amount` (events, bytes...) happening at `now` (ms). */
  add(amount: number, now: number): void {
    this.#acc = this.#acc * decayFactor(now - this.#at, this.#tauMs) + amount
    if (now > this.#at) this.#at = now
  }

  /** Amount per second around `now` (ms). */
  perSecond(now: number): number {
    return ratePerSecond(this.#acc, this.#at, now, this.#tauMs)
  }
}
