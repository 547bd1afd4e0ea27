import { describe, expect, it } from 'vitest'
import { ProbeRun } from './probe-run.ts'
import type { ProbeSettings } from './probe-settings.ts'
import { FakeClock, FakeLink, type FakeBrokerOptions } from './test-support/fake-link.ts'

const TOPIC = 'mqtt-scope/probe/ab12cd34'

function settings(over: Partial<ProbeSettings> = {}): ProbeSettings {
  return { count: 100, rate: 1000, qos: 1, size: 64, topic: TOPIC, separateSubscriber: false, ...over }
}

async function probe(over: Partial<ProbeSettings> = {}, broker: FakeBrokerOptions = {}, during?: (run: ProbeRun, link: FakeLink, clock: FakeClock) => void) {
  const clock = new FakeClock()
  const link = new FakeLink(clock, broker)
  const run = new ProbeRun('ab12cd34', settings(over), clock)
  const done = run.run(link, link)
  if (during) during(run, link, clock)
  const report = await clock.runUntil(done)
  return { report, link, clock, run }
}

describe('ProbeRun', () => {
  it('sends every message at the rate and reports 0 lost, latency and acknowledgement times', async () => {
    const { report, link } = await probe({ count: 100, rate: 1000, qos: 1 }, { latencyMs: 2, ackMs: 1 })
    expect(report).toMatchObject({ phase: 'done', subscribedQos: 1, publishQos: 1, notes: [] })
    expect(report.figures).toMatchObject({ sent: 100, received: 100, lost: 0, lossRate: 0, duplicates: 0, outOfOrder: 0, acked: 100, unacked: 0 })
    expect(report.figures!.latency).toMatchObject({ min: 2, p50: 2, max: 2 })
    expect(report.figures!.ack).toMatchObject({ p50: 1 })
    // 100 messages at 1,000 msg/s: the first and the last 99 ms apart (the clock ticks every 5 ms).
    expect(report.figures!.sendRate).toBeGreaterThan(900)
    expect(report.figures!.sendRate).toBeLessThan(1100)
    // message 0 (the check) then 1..100, in order
    expect(link.published.map((p) => p.seq)).toEqual(Array.from({ length: 101 }, (_, i) => i))
    expect(report.histogram?.length).toBeGreaterThan(0)
    expect(report.timeline?.length).toBeGreaterThan(0)
  })

  it('counts what the path drops and doubles, after the grace period: 10 of 100 lost is 10 %', async () => {
    const { report, clock } = await probe({ count: 100, qos: 0 }, { drop: (seq) => seq > 0 && seq % 10 === 0, duplicate: (seq) => seq === 5 })
    expect(report.figures).toMatchObject({ sent: 100, received: 90, lost: 10, lossRate: 0.1, duplicates: 1 })
    // done only once the grace period (2 s) after the last send had passed
    expect(report.endedAt! - (report.startedAt + 100)).toBeGreaterThanOrEqual(2000)
    expect(clock.pending).toBe(0)
  })

  it('as fast as possible keeps at most the broker’s Receive Maximum unacknowledged', async () => {
    const { report, link } = await probe({ count: 500, rate: undefined, qos: 2 }, { receiveMaximum: 20, ackMs: 3 })
    expect(report.figures).toMatchObject({ sent: 500, received: 500, lost: 0 })
    expect(link.maxInFlight).toBe(20)
  })

  it('measures at the QoS the broker grants: a lower grant, a refused QoS 2 retried at 1, a CONNACK maximum', async () => {
    const lower = await probe({ qos: 2, count: 10 }, { suback: () => 1 })
    expect(lower.report).toMatchObject({ phase: 'done', subscribedQos: 1, publishQos: 1 })
    expect(lower.report.notes).toEqual(['The broker granted QoS 1 for the subscription (asked for QoS 2): measuring at QoS 1'])
    expect(lower.link.published.every((p) => p.qos === 1)).toBe(true)
    const refused = await probe({ qos: 2, count: 10 }, { suback: (q) => (q === 2 ? 0x80 : q) })
    expect(refused.report).toMatchObject({ phase: 'done', subscribedQos: 1 })
    expect(refused.report.notes[0]).toBe('The broker refused the subscription at QoS 2 (SUBACK 0x80 Unspecified error): trying QoS 1')
    const max = await probe({ qos: 2, count: 10 }, { maximumQoS: 1 })
    expect(max.report).toMatchObject({ phase: 'done', publishQos: 1 })
    expect(max.link.published.every((p) => p.qos === 1)).toBe(true)
  })

  it('fails as not authorized when every subscription is refused, or the PUBACK says 0x87', async () => {
    const sub = await probe({}, { suback: () => 0x87 })
    expect(sub.report).toMatchObject({ phase: 'failed', notAuthorized: true })
    expect(sub.report.error).toBe(`not authorized: the broker refused the subscription to "${TOPIC}" (SUBACK 0x87 Not authorized)`)
    // QoS 0 run: the check goes at QoS 1 so the PUBACK can say it
    const pub = await probe({ qos: 0 }, { refuseCode: 0x87 })
    expect(pub.report).toMatchObject({
      phase: 'failed',
      notAuthorized: true,
      error: `not authorized: the broker refused to publish to "${TOPIC}" (PUBACK 0x87 Not authorized)`,
    })
    expect(pub.link.published).toEqual([{ topic: TOPIC, qos: 1, seq: 0 }])
  })

  it('fails when the first message never comes back (an MQTT 3.1.1 broker dropping a refused publish)', async () => {
    const { report } = await probe({}, { silentDrop: true, protocolVersion: 4 })
    expect(report.phase).toBe('failed')
    expect(report.error).toMatch(/^the probe's first message did not come back within 5 s: the broker may not let this client publish or subscribe/)
    expect(report.figures).toBeUndefined()
  })

  it('ends at once with partial figures marked incomplete when the connection is lost', async () => {
    const { report } = await probe({ count: 1000, rate: 100 }, {}, (_run, link, clock) => {
      clock.after(2000, () => link.close('connection reset by peer'))
    })
    expect(report).toMatchObject({ phase: 'done', incomplete: 'connection lost: connection reset by peer' })
    expect(report.figures!.sent).toBeGreaterThan(150)
    expect(report.figures!.sent).toBeLessThan(250)
    expect(report.figures!.lost).toBe(report.figures!.sent - report.figures!.received)
  })

  it('Stop ends sending and drains; a second Stop ends at once', async () => {
    const { report } = await probe({ count: 1000, rate: 100 }, {}, (run, _link, clock) => {
      clock.after(1000, () => run.stop())
    })
    expect(report).toMatchObject({ phase: 'done', stopped: true })
    expect(report.incomplete).toBeUndefined()
    expect(report.figures!.sent).toBe(report.figures!.received)
    expect(report.notes[0]).toMatch(/^Stopped after \d+ of 1,000 messages$/)

    const twice = await probe({ count: 1000, rate: 100 }, { drop: (seq) => seq > 0 }, (run, _link, clock) => {
      clock.after(1000, () => run.stop())
      clock.after(1500, () => run.stop())
    })
    expect(twice.report).toMatchObject({ phase: 'done', stopped: true, incomplete: 'stopped before the grace period (2 s) after the last message ended' })
    expect(twice.report.endedAt! - twice.report.startedAt).toBe(1500)

    const early = await probe({}, { silentDrop: true }, (run, _link, clock) => {
      clock.after(1000, () => run.stop())
    })
    expect(early.report).toMatchObject({ phase: 'failed', error: 'stopped before the run started' })
  })
})
