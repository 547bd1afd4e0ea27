import { describe, expect, it } from 'vitest'
import { figuresOf, lossRate, throughput } from './measure-figures.ts'

describe('the article’s measures (§4)', () => {
  it('throughput = messages / time: 1,000 messages in a minute is 1,000 messages/minute', () => {
    expect(throughput(1000, 60_000)).toEqual({ perMinute: 1000, perSecond: 1000 / 60 })
    expect(throughput(500, 1000)).toEqual({ perSecond: 500, perMinute: 30_000 })
    expect(throughput(10, 0)).toEqual({ perSecond: 0, perMinute: 0 })
  })

  it('loss rate = lost / sent: 1,000 sent and 900 received is 10 %', () => {
    expect(lossRate(1000 - 900, 1000)).toBe(0.1)
    expect(lossRate(0, 0)).toBe(0)
    expect(lossRate(5, 5)).toBe(1)
  })

  it('puts them together: lost = sent − received, throughput over the elapsed time, bytes/s', () => {
    const f = figuresOf({ sent: 1000, received: 900, lost: 100, duplicates: 3, outOfOrder: 2, bytes: 900 * 64, elapsedMs: 60_000, latency: undefined })
    expect(f).toMatchObject({ sent: 1000, received: 900, lost: 100, lossRate: 0.1, duplicates: 3, outOfOrder: 2, durationS: 60 })
    expect(f.throughputMsgMin).toBe(900)
    expect(f.throughputMsgS).toBe(15)
    expect(f.bytesPerS).toBe(960)
  })
})
