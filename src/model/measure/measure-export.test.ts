import { describe, expect, it } from 'vitest'
import { probeJson, runsCsv, runsJson, summaryJson, watchJson } from './measure-export.ts'
import type { ProbeReport } from './probe-run.ts'
import type { WatchReport } from './watch-run.ts'

const figures = {
  sent: 1000,
  received: 900,
  lost: 100,
  lossRate: 0.1,
  duplicates: 2,
  outOfOrder: 1,
  durationS: 60,
  throughputMsgS: 15,
  throughputMsgMin: 900,
  bytesPerS: 960,
  latency: { min: 0.1234567, mean: 1, p50: 1, p90: 2, p99: 3, max: 4 },
}

const report: ProbeReport = {
  runId: 'ab12cd34',
  settings: { count: 1000, rate: 500, qos: 1, size: 64, topic: '=cmd|probe', separateSubscriber: false },
  phase: 'done',
  startedAt: Date.UTC(2024, 0, 1),
  endedAt: Date.UTC(2024, 0, 1, 0, 1),
  subscribedQos: 1,
  publishQos: 1,
  figures: { ...figures, sendRate: 500, ack: { min: 1, mean: 1, p50: 1, p90: 1, p99: 1, max: 1 }, acked: 1000, refused: 0, unacked: 0, foreign: 0 },
  notes: ['a "quoted", note'],
}

describe('measure exports', () => {
  it('--json has exactly the fields of the issue', () => {
    expect(Object.keys(summaryJson(figures))).toEqual([
      'sent',
      'received',
      'lost',
      'loss_rate',
      'duplicates',
      'out_of_order',
      'duration_s',
      'throughput_msg_s',
      'throughput_msg_min',
      'latency_ms',
    ])
    expect(summaryJson(figures).latency_ms).toEqual({ min: 0.123, mean: 1, p50: 1, p90: 2, p99: 3, max: 4 })
    expect(probeJson(report)).toEqual(summaryJson(figures))
    expect(probeJson({ ...report, incomplete: 'connection lost: x' }).incomplete).toBe('connection lost: x')
    expect(summaryJson({ ...figures, latency: undefined }).latency_ms).toBeNull()
  })

  it('a watch adds resets (counter resets and wrap-arounds) and topics with the same fields', () => {
    const w = { ...figures, resets: 1, wraps: 2, noSequence: 0, badSequence: 0, noTimestamp: 0, badTimestamp: 0 }
    const watch = { total: w, topics: [{ topic: 'a', ...w }] } as unknown as WatchReport
    const json = watchJson(watch)
    expect(json.resets).toBe(3)
    expect(Object.keys(json.topics)).toEqual(['a'])
    expect(Object.keys(json.topics.a!)).toEqual([...Object.keys(summaryJson(figures)), 'resets'])
  })

  it('the runs table exports as CSV (formula-safe, quoted) and JSON', () => {
    const csv = runsCsv([report])
    const [header, row] = csv.split('\r\n')
    expect(header!.split(',').slice(0, 4)).toEqual(['run', 'started', 'topic', 'qos'])
    expect(row).toContain(",'=cmd|probe,")
    expect(row).toContain('"a ""quoted"", note"')
    expect(row!.split(',').length).toBeGreaterThanOrEqual(header!.split(',').length)
    const [json] = JSON.parse(runsJson([report])) as Array<Record<string, unknown>>
    expect(json).toMatchObject({ run: 'ab12cd34', qos: 1, sent: 1000, loss_rate: 0.1, ack_ms: { p50: 1 }, incomplete: null })
  })
})
