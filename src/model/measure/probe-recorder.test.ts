import { describe, expect, it } from 'vitest'
import { ProbeRecorder } from './probe-recorder.ts'

const T0 = 1_700_000_000_000
const RUN = 'ab12cd34'
const stamp = (seq: number, sentAt: number) => ({ runId: RUN, seq, sentAt })

describe('ProbeRecorder', () => {
  it('1,000 sent in a minute and 900 received: 10 % lost, throughput 900 msg/min over first send to last arrival', () => {
    const r = new ProbeRecorder(RUN, 1000, 1, T0)
    for (let seq = 1; seq <= 1000; seq++) r.recordSend(seq, T0 + (seq - 1) * 60)
    // every tenth message is lost; the others take 2 ms; the last arrival is at T0 + 60,000
    for (let seq = 1; seq <= 1000; seq++) if (seq % 10 !== 0) r.recordReceive(stamp(seq, T0 + (seq - 1) * 60), T0 + (seq - 1) * 60 + 2, 64)
    r.recordReceive(stamp(999, 0), T0 + 60_000, 64) // a duplicate: not counted again
    const f = r.figures(T0 + 70_000, true)
    expect(f).toMatchObject({ sent: 1000, received: 900, lost: 100, lossRate: 0.1, duplicates: 1, outOfOrder: 0 })
    expect(f.durationS).toBeCloseTo((998 * 60 + 2) / 1000, 6)
    expect(f.latency).toEqual({ min: 2, mean: 2, p50: 2, p90: 2, p99: 2, max: 2 })
  })

  it('counts a message that arrives after a higher one as out of order, and foreign payloads apart', () => {
    const r = new ProbeRecorder(RUN, 4, 0, T0)
    for (let seq = 1; seq <= 4; seq++) r.recordSend(seq, T0)
    for (const seq of [1, 3, 2, 4]) r.recordReceive(stamp(seq, T0), T0 + seq, 10)
    r.recordReceive(undefined, T0, 5)
    r.recordReceive({ runId: 'ffffffff', seq: 1, sentAt: T0 }, T0, 5)
    r.recordReceive(stamp(9, T0), T0, 5)
    expect(r.figures(T0 + 10, true)).toMatchObject({ received: 4, lost: 0, outOfOrder: 1, foreign: 3, unacked: 0 })
  })

  it('while running, counts as lost only what is missing longer than the grace period, and takes late ones back', () => {
    const r = new ProbeRecorder(RUN, 3, 1, T0)
    r.recordSend(1, T0)
    r.recordSend(2, T0 + 1000)
    r.recordSend(3, T0 + 3000)
    expect(r.figures(T0 + 2500, false).lost).toBe(1) // 1 is overdue, 2 not yet
    expect(r.figures(T0 + 3500, false).lost).toBe(2)
    r.recordReceive(stamp(1, T0), T0 + 3600, 64)
    expect(r.figures(T0 + 3700, false).lost).toBe(1)
    r.recordAck(0.5)
    expect(r.figures(T0 + 3700, false)).toMatchObject({ acked: 1, unacked: 2 })
  })
})
