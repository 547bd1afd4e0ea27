import { MEASURE_LIMITS } from './measure-limits.ts'

export type SequenceEvent = 'first' | 'next' | 'gap' | 'late' | 'duplicate' | 'reset' | 'wrap'

/** Counters that wrap around: after 255, 65,535, 2^31 − 1 or 2^32 − 1 comes 0. */
const MODULI = [2 ** 8, 2 ** 16, 2 ** 31, 2 ** 32]

/**
 * The sequence numbers of one device stream, in arrival order. Each number is classified:
 * - above the highest so far: the numbers skipped are missing (a gap), so lost;
 * - a missing number arriving after all: late, so out of order, and no longer lost;
 * - a number already seen in this run: a duplicate;
 * - lower than the number the run started with: the counter was reset (a reboot); a new run
 *   starts there and nothing is counted lost for the jump;
 * - near the top of a counter's range (255, 65,535, 2^31 − 1, 2^32 − 1) followed by a small
 *   number: a wrap-around; only the numbers skipped across it are lost;
 * - a forward jump of more than MEASURE_LIMITS.maxGap: a reset too, not a million lost messages.
 * Missing numbers are remembered up to MEASURE_LIMITS.missingPerTopic (the oldest are forgotten
 * but stay counted lost).
 */
export class SequenceTracker {
  /** Distinct numbers received. */
  received = 0
  lost = 0
  duplicates = 0
  outOfOrder = 0
  resets = 0
  wraps = 0
  #highest: number | undefined
  #runStart = 0
  readonly #missing = new Set<number>()

  observe(seq: number): SequenceEvent {
    const highest = this.#highest
    if (highest === undefined) return this.#start(seq, 'first')
    if (seq > highest) {
      const gap = seq - highest - 1
      if (gap > MEASURE_LIMITS.maxGap) return this.#start(seq, 'reset')
      this.#skip(highest + 1, seq)
      this.#highest = seq
      this.received++
      return gap > 0 ? 'gap' : 'next'
    }
    if (this.#missing.delete(seq)) {
      this.lost--
      this.outOfOrder++
      this.received++
      return 'late'
    }
    const modulus = MODULI.find((m) => highest < m && highest >= m - wrapSlack(m) && seq < wrapSlack(m))
    if (modulus !== undefined) {
      this.#skip(highest + 1, modulus)
      this.#skip(0, seq)
      this.wraps++
      this.#highest = seq
      this.#runStart = 0
      this.received++
      return 'wrap'
    }
    // A run of one message seen again is a duplicate; otherwise back at or below the start: a reset.
    if (seq > this.#runStart || (seq === this.#runStart && highest === this.#runStart)) {
      this.duplicates++
      return 'duplicate'
    }
    return this.#start(seq, 'reset')
  }

  #start(seq: number, event: 'first' | 'reset'): SequenceEvent {
    if (event === 'reset') this.resets++
    this.#highest = seq
    this.#runStart = seq
    // What was missing before the reset stays lost, but can no longer arrive "late".
    this.#missing.clear()
    this.received++
    return event
  }

  /** from..to-1 are missing. */
  #skip(from: number, to: number): void {
    if (to <= from) return
    this.lost += to - from
    const cap = MEASURE_LIMITS.missingPerTopic
    for (let n = Math.max(from, to - cap); n < to; n++) this.#missing.add(n)
    if (this.#missing.size > cap) {
      let excess = this.#missing.size - cap
      for (const n of this.#missing) {
        if (excess-- <= 0) break
        this.#missing.delete(n)
      }
    }
  }
}

/** How close to the top a counter must be, and how small the next number, to read as a wrap-around. */
function wrapSlack(modulus: number): number {
  return Math.min(1000, modulus / 16)
}
