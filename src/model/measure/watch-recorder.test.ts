import { describe, expect, it } from 'vitest'
import { WatchRecorder } from './watch-recorder.ts'
import { parseWatchDraft, sequenceNumber, type WatchSettings } from './watch-settings.ts'

const T0 = 1_700_000_000_000
const encode = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value))

function settings(seqPath = 'seq', timePath = 'ts'): WatchSettings {
  const parsed = parseWatchDraft({ filter: 'devices/+/telemetry', seqPath, timePath, qos: 1 })
  if (!('settings' in parsed)) throw new Error(parsed.problems.join())
  return parsed.settings
}

describe('WatchRecorder', () => {
  it('counts loss, duplicates and reordering per topic and in total; 60 messages in 60 s is 60 msg/min', () => {
    const w = new WatchRecorder(settings(), T0)
    const a = [1, 2, 3, 5, 6, 6, 8, 7, 9, 10] // 4 lost, 6 twice, 7 late
    const b = [100, 101, 102] // clean
    for (const seq of a) w.ingest('devices/a/telemetry', encode({ seq, ts: T0 }), false, T0 + 10)
    for (const seq of b) w.ingest('devices/b/telemetry', encode({ seq, ts: (T0 + 5) / 1000 }), false, T0 + 10)
    const [ta, tb] = w.topics(T0 + 60_000)
    expect(ta).toMatchObject({ topic: 'devices/a/telemetry', sent: 10, received: 9, lost: 1, duplicates: 1, outOfOrder: 1, lossRate: 0.1 })
    expect(tb).toMatchObject({ topic: 'devices/b/telemetry', sent: 3, received: 3, lost: 0 })
    const total = w.total(T0 + 60_000)
    expect(total).toMatchObject({ sent: 13, received: 12, lost: 1, duplicates: 1, outOfOrder: 1, durationS: 60, throughputMsgMin: 12 })
    expect(total.latency).toMatchObject({ min: 5, max: 10 })
  })

  it('ignores other topics and retained messages, and counts payloads without a usable sequence number or time', () => {
    const w = new WatchRecorder(settings(), T0)
    w.ingest('devices/a/status', encode({ seq: 1 }), false, T0)
    w.ingest('devices/a/telemetry', encode({ seq: 1, ts: T0 }), true, T0)
    w.ingest('devices/a/telemetry', encode({ value: 3 }), false, T0)
    w.ingest('devices/a/telemetry', encode('not json'), false, T0)
    w.ingest('devices/a/telemetry', encode({ seq: 'abc', ts: 'soon' }), false, T0)
    w.ingest('devices/a/telemetry', encode({ seq: 1.5, ts: T0 }), false, T0)
    w.ingest('devices/a/telemetry', encode({ seq: '7', ts: T0 }), false, T0 + 2)
    expect(w.retainedSkipped).toBe(1)
    expect(w.total(T0 + 1000)).toMatchObject({ received: 5, sent: 5, lost: 0, noSequence: 2, badSequence: 2, noTimestamp: 2, badTimestamp: 1 })
    expect(w.topicCount).toBe(1)
  })

  it('without paths only counts messages and bytes', () => {
    const w = new WatchRecorder({ filter: '#', seqPath: undefined, timePath: undefined, qos: 0 }, T0)
    w.ingest('x', encode('12345'), false, T0)
    w.ingest('y', encode('123'), false, T0)
    expect(w.total(T0 + 2000)).toMatchObject({ received: 2, sent: 2, bytesPerS: 4, latency: undefined, noSequence: 0 })
  })
})

describe('watch settings', () => {
  it('say what is wrong with the filter and the paths', () => {
    expect(parseWatchDraft({ filter: 'a/#/b', seqPath: 'seq[', timePath: '', qos: 1 })).toEqual({
      problems: [expect.stringMatching(/^Watch filter: /), expect.stringMatching(/^Sequence path: .* of "seq\["$/)],
    })
  })

  it('read sequence numbers as whole numbers ≥ 0 or digit strings', () => {
    expect([0, 17, '17', '007'].map(sequenceNumber)).toEqual([0, 17, 17, 7])
    expect([-1, 1.5, 'abc', '', null, {}, 2 ** 53].map(sequenceNumber)).toEqual(Array(7).fill(undefined))
  })
})
