import { describe, expect, it } from 'vitest'
import { WatchRun } from './watch-run.ts'
import type { WatchSettings } from './watch-settings.ts'
import { FakeClock, FakeLink } from './test-support/fake-link.ts'

const SETTINGS: WatchSettings = { filter: 'devices/#', seqPath: ['seq'], timePath: undefined, qos: 1 }

describe('WatchRun', () => {
  it('records after the SUBACK until stopped; the duration is the watch’s', async () => {
    const clock = new FakeClock()
    const link = new FakeLink(clock)
    const run = new WatchRun(SETTINGS, clock)
    await run.run(link)
    expect(run.phase).toBe('watching')
    for (const seq of [1, 2, 3, 5]) link.deliver('devices/a', JSON.stringify({ seq }))
    await clock.advance(4000)
    run.stop()
    await clock.advance(1000)
    const report = run.report(clock.now())
    expect(report).toMatchObject({ phase: 'done', subscribedQos: 1, topicCount: 1, seqPath: 'seq', timePath: '' })
    expect(report.total).toMatchObject({ sent: 5, received: 4, lost: 1, lossRate: 0.2, durationS: 4, throughputMsgS: 1 })
  })

  it('fails as not authorized on a refused subscription, says a lower grant, and marks a lost connection', async () => {
    const clock = new FakeClock()
    const refused = new WatchRun(SETTINGS, clock)
    await refused.run(new FakeLink(clock, { suback: () => 0x87 }))
    expect(refused.report(clock.now())).toMatchObject({
      phase: 'failed',
      notAuthorized: true,
      error: 'not authorized: the broker refused the subscription to "devices/#" (SUBACK 0x87 Not authorized)',
    })

    const link = new FakeLink(clock, { suback: () => 0 })
    const lower = new WatchRun(SETTINGS, clock)
    await lower.run(link)
    link.deliver('devices/a', '{"seq":1}')
    link.close('keep alive timeout')
    expect(lower.report(clock.now())).toMatchObject({
      phase: 'done',
      notes: ['The broker granted QoS 0 for the subscription (asked for QoS 1)'],
      incomplete: 'connection lost: keep alive timeout',
      total: { received: 1 },
    })
  })
})
