// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import type { ProbeReport } from '@/model/measure/probe-run.ts'
import { MEASURE_LIMITS } from '@/model/measure/measure-limits.ts'
import { useAppStore } from './app-store.ts'
import { freshStorePerTest } from './test-support/fresh-store.ts'

const sent = freshStorePerTest()
const store = () => useAppStore.getState()

function report(runId: string, phase: ProbeReport['phase'], withFigures = true): ProbeReport {
  const figures = {
    sent: 10,
    received: 10,
    lost: 0,
    lossRate: 0,
    duplicates: 0,
    outOfOrder: 0,
    durationS: 1,
    throughputMsgS: 10,
    throughputMsgMin: 600,
    bytesPerS: 640,
    latency: undefined,
    sendRate: 10,
    ack: undefined,
    acked: 10,
    refused: 0,
    unacked: 0,
    foreign: 0,
  }
  return {
    runId,
    settings: { count: 10, rate: 10, qos: 1, size: 64, topic: 't', separateSubscriber: false },
    phase,
    startedAt: 0,
    notes: [],
    ...(withFigures ? { figures } : {}),
  }
}

describe('measure slice', () => {
  it('starts a probe from the form: the run id goes into the default topic, an empty rate is as fast as possible', () => {
    store().setProbeDraft({ count: '2,000', rate: '', qos: 2, size: '100', separateSubscriber: true })
    store().startProbe()
    const command = sent.at(-1)
    if (command?.type !== 'probe-start') throw new Error(`sent ${command?.type}`)
    expect(command.settings).toEqual({ count: 2000, rate: undefined, qos: 2, size: 100, topic: `mqtt-scope/probe/${command.runId}`, separateSubscriber: true })
    expect(command.runId).toMatch(/^[0-9a-f]{8}$/)
    expect(store().probeRun).toEqual({ id: command.id, runId: command.runId, report: undefined })
  })

  it('sends nothing and names the fields when the form is wrong', () => {
    store().setProbeDraft({ count: '0', topic: 'a/#' })
    store().startProbe()
    expect(sent).toEqual([])
    expect(store().probeProblems.map((p) => p.split(':')[0])).toEqual(['Messages', 'Topic'])
    store().setProbeDraft({ count: '10' })
    expect(store().probeProblems).toEqual([])
  })

  it('keeps the reports of its own run only, and finished runs with figures in the table (bounded)', () => {
    store().setProbeDraft({ topic: 'probe/t' })
    store().startProbe()
    const { id } = store().probeRun!
    store().applyProbe(id + 100, report('other', 'done'))
    expect(store().probeRun!.report).toBeUndefined()
    store().applyProbe(id, report('a', 'sending'))
    expect(store().probeRuns).toEqual([])
    store().applyProbe(id, report('a', 'done'))
    store().applyProbe(id, report('a', 'failed', false))
    expect(store().probeRuns.map((r) => r.runId)).toEqual(['a'])
    for (let i = 0; i < MEASURE_LIMITS.runs + 5; i++) store().applyProbe(id, report(`r${i}`, 'done'))
    expect(store().probeRuns).toHaveLength(MEASURE_LIMITS.runs)
    expect(store().probeRuns.at(-1)!.runId).toBe(`r${MEASURE_LIMITS.runs + 4}`)
    store().stopProbe()
    expect(sent.at(-1)).toEqual({ type: 'probe-stop', id })
  })

  it('starts and stops a watch', () => {
    store().setWatchDraft({ filter: 'devices/+/telemetry', seqPath: 'data.seq', timePath: '' })
    store().startWatch()
    expect(sent.at(-1)).toEqual({ type: 'watch-start', settings: { filter: 'devices/+/telemetry', seqPath: ['data', 'seq'], timePath: undefined, qos: 1 } })
    expect(store().watchActive).toBe(true)
    store().stopWatch()
    expect(sent.at(-1)).toEqual({ type: 'watch-stop' })
  })
})
