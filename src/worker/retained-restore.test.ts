import { describe, expect, it } from 'vitest'
import type { RecordedMessage } from '../model/recording-jsonl.ts'
import { restoreMessages, type RestoreState } from './retained-restore.ts'

const message = (topic: string): RecordedMessage => ({ ts: 0, topic, qos: 1, retain: true, payload: new Uint8Array([1]) })

describe('restoreMessages', () => {
  it('publishes every message, counts refusals by reason, reports progress and a final state', async () => {
    const messages = Array.from({ length: 30 }, (_, i) => message(`t/${i}`))
    const published: string[] = []
    const states: RestoreState[] = []
    const final = await restoreMessages(
      messages,
      async (m) => {
        await Promise.resolve()
        if (m.topic.endsWith('7')) throw new Error('not authorised')
        if (m.topic === 't/3') throw new Error('quota exceeded')
        published.push(m.topic)
      },
      (s) => states.push(s),
      { concurrency: 4, timeoutMs: 1_000, reportedReasons: 10 },
    )
    expect(final).toMatchObject({ total: 30, done: 26, refused: 4, finished: true })
    expect(final.reasons).toEqual([
      { reason: 'not authorised', count: 3, topic: 't/7' },
      { reason: 'quota exceeded', count: 1, topic: 't/3' },
    ])
    expect(published).toHaveLength(26)
    expect(states.at(-1)).toEqual(final)
    expect(states.filter((s) => !s.finished)).toHaveLength(30)
  })

  it('fails a publish that never settles after the timeout', async () => {
    const final = await restoreMessages(
      [message('a')],
      () => new Promise<void>(() => {}),
      () => {},
      { concurrency: 1, timeoutMs: 50, reportedReasons: 1 },
    )
    expect(final).toMatchObject({ done: 0, refused: 1, reasons: [{ reason: 'not acknowledged within 0.05 s', count: 1 }] })
  })
})
