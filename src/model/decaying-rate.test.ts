import { describe, expect, it } from 'vitest'
import { DecayingRate, decayFactor, ratePerSecond } from './decaying-rate.ts'

const T0 = 1_700_000_000_000

/** Feeds `perSecond` events/s, evenly spaced, from `from` for `durationMs`; returns the end time. */
function feed(rate: DecayingRate, perSecond: number, from: number, durationMs: number, amount = 1): number {
  const step = 1000 / perSecond
  const count = Math.round(durationMs / step)
  for (let i = 1; i <= count; i++) rate.add(amount, from + i * step)
  return from + count * step
}

describe('DecayingRate', () => {
  it('reads 0 before anything happened', () => {
    expect(new DecayingRate().perSecond(T0)).toBe(0)
  })

  it.each([[1000], [100], [10]])('a steady %i events/s reads within 6%% after 3 tau and 1%% after 5 tau', (n) => {
    const rate = new DecayingRate(3000)
    let now = feed(rate, n, T0, 9000)
    expect(Math.abs(rate.perSecond(now) / n - 1)).toBeLessThan(0.06)
    now = feed(rate, n, now, 6000)
    // Just after an event the reading is a little high (by about half an interval over tau).
    expect(Math.abs(rate.perSecond(now) / n - 1)).toBeLessThan(0.02)
    // Averaged over one event interval the reading is N.
    const step = 1000 / n
    let sum = 0
    for (let k = 0; k < 10; k++) sum += rate.perSecond(now + (k * step) / 10)
    expect(Math.abs(sum / 10 / n - 1)).toBeLessThan(0.01)
  })

  it('many events in the same millisecond count fully', () => {
    const rate = new DecayingRate(1000)
    for (let s = 0; s < 10; s++) for (let i = 0; i < 500; i++) rate.add(1, T0 + s * 1000)
    // 500 events at each whole second: close to 500/s once settled
    const reading = (rate.perSecond(T0 + 9000) + rate.perSecond(T0 + 9999)) / 2
    expect(reading).toBeGreaterThan(400)
    expect(reading).toBeLessThan(700)
  })

  it('a stream that stops decays towards 0 by e^(-t/tau)', () => {
    const rate = new DecayingRate(3000)
    const end = feed(rate, 100, T0, 30_000)
    const atStop = rate.perSecond(end)
    expect(rate.perSecond(end + 3000) / atStop).toBeCloseTo(Math.exp(-1), 6)
    expect(rate.perSecond(end + 9000) / atStop).toBeCloseTo(Math.exp(-3), 6)
    expect(rate.perSecond(end + 120_000)).toBeLessThan(1e-10)
  })

  it('weights amounts (bytes/s)', () => {
    const rate = new DecayingRate(2000)
    const end = feed(rate, 50, T0, 20_000, 1024)
    expect(Math.abs(rate.perSecond(end) / (50 * 1024) - 1)).toBeLessThan(0.02)
  })

  it('treats a clock step back as no time passed', () => {
    const rate = new DecayingRate(1000)
    rate.add(10, T0)
    rate.add(10, T0 - 500)
    expect(rate.perSecond(T0)).toBeCloseTo(20, 9)
    expect(rate.perSecond(T0 - 1000)).toBeCloseTo(20, 9)
  })

  it('rejects a non-positive time constant', () => {
    expect(() => new DecayingRate(0)).toThrow(RangeError)
  })
})

describe('decayFactor and ratePerSecond (the same arithmetic on plain numbers)', () => {
  it('decay is 1 for no or negative elapsed time and e^-1 after tau', () => {
    expect(decayFactor(0, 1000)).toBe(1)
    expect(decayFactor(-5, 1000)).toBe(1)
    expect(decayFactor(1000, 1000)).toBeCloseTo(Math.exp(-1), 12)
  })

  it('matches the class', () => {
    const rate = new DecayingRate(3000)
    let acc = 0
    let at = 0
    for (let i = 0; i < 100; i++) {
      const now = T0 + i * 37
      rate.add(3, now)
      acc = acc * decayFactor(now - at, 3000) + 3
      at = now
    }
    expect(ratePerSecond(acc, at, T0 + 10_000, 3000)).toBeCloseTo(rate.perSecond(T0 + 10_000), 9)
  })
})
