import { describe, expect, it } from 'vitest'
import { parseProbeDraft, probeProblems, type ProbeSettings } from './probe-settings.ts'

const good: ProbeSettings = { count: 1000, rate: 500, qos: 1, size: 64, topic: 'mqtt-scope/probe/abc', separateSubscriber: false }

describe('probe settings', () => {
  it('accept a run within the bounds, and "as fast as possible" (no rate)', () => {
    expect(probeProblems(good)).toEqual([])
    expect(probeProblems({ ...good, rate: undefined, count: 1_000_000 })).toEqual([])
  })

  it('name each field that is out of range', () => {
    expect(probeProblems({ ...good, count: 0 })).toEqual(['Messages: a whole number from 1 to 1,000,000'])
    expect(probeProblems({ ...good, count: 1_000_001 })[0]).toMatch(/^Messages/)
    expect(probeProblems({ ...good, rate: 100_001 })[0]).toMatch(/^Rate \(msg\/s\): more than 0 and at most 100,000/)
    expect(probeProblems({ ...good, rate: 0 })[0]).toMatch(/^Rate/)
    expect(probeProblems({ ...good, count: 1_000_000, rate: 1000 })[0]).toBe(
      'At 1000 msg/s, 1,000,000 messages take 1,000 s: a run lasts at most 10 min (fewer messages or a higher rate)',
    )
    expect(probeProblems({ ...good, size: 10 })[0]).toMatch(/^Payload size \(bytes\): a whole number from \d+/)
    expect(probeProblems({ ...good, size: 2 * 1024 * 1024 })[0]).toMatch(/^Payload size/)
  })

  it('refuse a probe topic with wildcards, an empty one and a $ topic', () => {
    expect(probeProblems({ ...good, topic: 'probe/+/x' })).toEqual(['Topic: A topic name cannot contain "+" or "#": wildcards are only for subscriptions'])
    expect(probeProblems({ ...good, topic: 'probe/#' })[0]).toMatch(/^Topic: .*wildcards/)
    expect(probeProblems({ ...good, topic: '$SYS/x' })[0]).toMatch(/^Topic: a topic starting with "\$"/)
  })

  it('read the page’s fields: thousands separators, an empty rate, the run’s default topic', () => {
    const parsed = parseProbeDraft({ count: '1,000', rate: '', qos: 2, size: '128', topic: '', separateSubscriber: true }, 'ab12cd34')
    expect(parsed).toEqual({ settings: { count: 1000, rate: undefined, qos: 2, size: 128, topic: 'mqtt-scope/probe/ab12cd34', separateSubscriber: true } })
    const bad = parseProbeDraft({ count: 'many', rate: '-5', qos: 0, size: '64', topic: 'a/#', separateSubscriber: false }, 'ab12cd34')
    expect('problems' in bad && bad.problems.map((p) => p.split(':')[0])).toEqual(['Messages', 'Rate (msg/s)', 'Topic'])
  })
})
