import { describe, expect, it } from 'vitest'
import { LIMITS } from '../model/limits.ts'
import { Explorer } from './explorer.ts'
import { Inspector } from './inspector.ts'
import type { IncomingMessage } from './mqtt-session.ts'

const utf8 = new TextEncoder()

function message(topic: string, payload: string | Uint8Array, extra: Partial<IncomingMessage> = {}): IncomingMessage {
  return { topic, payload: typeof payload === 'string' ? utf8.encode(payload) : payload, qos: 0, retain: false, dup: false, properties: undefined, ...extra }
}

function setup() {
  const explorer = new Explorer()
  const inspector = new Inspector(explorer.tree)
  const idOf = (topic: string) => explorer.tree.find(topic)!.id
  return { explorer, inspector, idOf }
}

describe('Inspector (what the message inspector shows, built in the worker)', () => {
  it('shows the latest message with its metadata and MQTT 5 properties, and the history newest first', () => {
    const { explorer, inspector, idOf } = setup()
    explorer.ingest(message('dev/1', '{"t":1}', { qos: 1 }), 1000)
    explorer.ingest(message('other', 'x'), 1001)
    const correlation = new Uint8Array([0xde, 0xad])
    explorer.ingest(
      message('dev/1', '{"t":2}', {
        qos: 2,
        retain: true,
        dup: true,
        properties: {
          contentType: 'application/json',
          payloadFormatIndicator: true,
          messageExpiryInterval: 30,
          responseTopic: 'r',
          correlationData: correlation,
          userProperties: { k: ['a', 'b'] },
        },
      }),
      1002,
    )
    inspector.setRequest({ id: idOf('dev/1') })
    const out = inspector.poll(false)!
    const inspection = out.inspection!
    expect(inspection).toMatchObject({ topic: 'dev/1', retained: true, received: 2, following: true, missing: false, diff: undefined })
    expect(inspection.history).toMatchObject({ kept: 2, keptBytes: 14, evicted: 0, perTopicCount: LIMITS.history.perTopicCount, start: 0 })
    expect(inspection.history.entries.map((e) => [e.receivedAt, e.bytes, e.qos, e.retain, e.dup, e.preview])).toEqual([
      [1002, 7, 2, true, true, '{"t":2}'],
      [1000, 7, 1, false, false, '{"t":1}'],
    ])
    const shown = inspection.message!
    expect(shown).toMatchObject({ receivedAt: 1002, bytes: 7, qos: 2, retain: true, dup: true, detected: 'json', textBytes: 7 })
    expect(new TextDecoder().decode(shown.window.bytes)).toBe('{"t":2}')
    expect(shown.properties).toEqual({
      contentType: 'application/json',
      payloadFormat: 'utf-8',
      messageExpiry: 30,
      responseTopic: 'r',
      correlationData: new Uint8Array([0xde, 0xad]),
      userProperties: [
        ['k', 'a'],
        ['k', 'b'],
      ],
    })
  })

  it('sends only when the inspected topic or the request changed, and holds still while paused', () => {
    const { explorer, inspector, idOf } = setup()
    explorer.ingest(message('a', '1'), 1)
    inspector.setRequest({ id: idOf('a') })
    expect(inspector.poll(false)).toBeDefined()
    expect(inspector.poll(false)).toBeUndefined()
    for (let i = 0; i < 100; i++) explorer.ingest(message('flood/elsewhere', String(i)), 2)
    expect(inspector.poll(false)).toBeUndefined()
    explorer.ingest(message('a', '2'), 3)
    expect(inspector.poll(true)).toBeUndefined() // paused: new messages wait
    const resumed = inspector.poll(false)
    expect(resumed?.inspection?.received).toBe(2)
    inspector.setRequest({ id: idOf('a'), diff: true })
    expect(inspector.poll(true)?.inspection?.diff).toBeDefined() // a new request is answered even while paused
    inspector.setRequest({ id: undefined })
    expect(inspector.poll(false)).toEqual({ seq: expect.any(Number), inspection: undefined })
  })

  it('attaches the diff of the shown message against the one kept before it', () => {
    const { explorer, inspector, idOf } = setup()
    explorer.ingest(message('j', '{"a":1,"b":2}'), 1)
    explorer.ingest(message('j', '{"a":1,"b":3,"c":4}'), 2)
    inspector.setRequest({ id: idOf('j'), diff: true, diffBy: 'lines' })
    const diff = inspector.poll(false)!.inspection!.diff
    expect(diff).toMatchObject({ kind: 'lines', format: 'json', added: 2, removed: 1 })
    // JSON is compared by key path unless lines are asked for.
    inspector.setRequest({ id: idOf('j'), diff: true })
    const byKey = inspector.poll(false)!.inspection!
    expect(byKey.diff).toMatchObject({ kind: 'keys', changed: 1, added: 1, removed: 0 })
    expect(byKey.diffBetween).toMatchObject({ from: { receivedAt: 1 }, to: { receivedAt: 2 } })
    const oldest = inspector.poll(false) // unchanged
    expect(oldest).toBeUndefined()
    const first = explorer.tree.history.entries(explorer.tree.find('j')!)[0]!
    inspector.setRequest({ id: idOf('j'), seq: first.seq, diff: true })
    expect(inspector.poll(false)!.inspection).toMatchObject({ following: false, diff: { kind: 'no-previous' }, message: { seq: first.seq } })
  })

  it('compares the shown message with any kept one, older first, and says when that one is gone', () => {
    const { explorer, inspector, idOf } = setup()
    for (let i = 1; i <= 4; i++) explorer.ingest(message('c', JSON.stringify({ step: i, same: true })), i * 10)
    explorer.ingest(message('other', 'x'), 50)
    const node = explorer.tree.find('c')!
    const [first, second, , fourth] = explorer.tree.history.entries(node)
    // The newest shown, compared with the oldest: two entries apart.
    inspector.setRequest({ id: idOf('c'), diff: true, compareWith: first!.seq })
    let inspection = inspector.poll(false)!.inspection!
    expect(inspection.diff).toMatchObject({ kind: 'keys', changes: [{ path: 'step', change: 'changed', before: '1', after: '4' }] })
    expect(inspection.diffBetween).toMatchObject({ from: { seq: first!.seq }, to: { seq: fourth!.seq } })
    // An older message shown against a newer one: still from the older to the newer.
    inspector.setRequest({ id: idOf('c'), seq: second!.seq, diff: true, compareWith: fourth!.seq })
    inspection = inspector.poll(false)!.inspection!
    expect(inspection.diff).toMatchObject({ kind: 'keys', changes: [{ path: 'step', before: '2', after: '4' }] })
    expect(inspection.diffBetween).toMatchObject({ from: { seq: second!.seq }, to: { seq: fourth!.seq } })
    // Compared with itself: the one before it, as without compareWith.
    inspector.setRequest({ id: idOf('c'), seq: second!.seq, diff: true, compareWith: second!.seq })
    expect(inspector.poll(false)!.inspection!.diffBetween).toMatchObject({ from: { seq: first!.seq }, to: { seq: second!.seq } })
    // Evicted meanwhile: said, not guessed.
    explorer.setHistoryBudget({ ...LIMITS.history, perTopicCount: 2 })
    inspector.setRequest({ id: idOf('c'), diff: true, compareWith: first!.seq })
    expect(inspector.poll(false)!.inspection).toMatchObject({ diff: { kind: 'base-gone' }, diffBetween: undefined })
  })

  it('holds the history list at an anchor and counts what arrived since', () => {
    const { explorer, inspector, idOf } = setup()
    for (let i = 0; i < 5; i++) explorer.ingest(message('h', `m${i}`), i)
    inspector.setRequest({ id: idOf('h') })
    let history = inspector.poll(false)!.inspection!.history
    expect(history).toMatchObject({ newer: 0, start: 0 })
    const anchor = history.entries[0]!.seq
    expect(history.latestSeq).toBe(anchor)
    const picked = history.entries[2]!.seq
    inspector.setRequest({ id: idOf('h'), seq: picked, historyAnchor: anchor })
    expect(inspector.poll(false)!.inspection!.history.entries.map((e) => e.preview)).toEqual(['m4', 'm3', 'm2', 'm1', 'm0'])
    for (let i = 5; i < 8; i++) explorer.ingest(message('h', `m${i}`), i)
    const inspection = inspector.poll(false)!.inspection!
    history = inspection.history
    // The same entries at the same places; three newer ones counted above them.
    expect(history.entries.map((e) => e.preview)).toEqual(['m4', 'm3', 'm2', 'm1', 'm0'])
    expect(history).toMatchObject({ newer: 3, kept: 8 })
    expect(history.latestSeq).toBeGreaterThan(anchor)
    expect(inspection.message!.seq).toBe(picked)
    // Paging counts from the anchor.
    inspector.setRequest({ id: idOf('h'), seq: picked, historyAnchor: anchor, historyStart: 3 })
    expect(inspector.poll(false)!.inspection!.history.entries.map((e) => e.preview)).toEqual(['m1', 'm0'])
  })

  it('shows a big payload as one window, cut on a UTF-8 boundary for text, and pages by offset', () => {
    const { explorer, inspector, idOf } = setup()
    const max = LIMITS.display.bytes
    // 'é' is 2 bytes: put one across the window's end.
    const text = 'a'.repeat(max - 1) + 'é' + 'b'.repeat(600_000 - max - 1)
    explorer.ingest(message('big', text), 1)
    inspector.setRequest({ id: idOf('big') })
    const shown = inspector.poll(false)!.inspection!.message!
    expect(shown.bytes).toBe(600_000)
    expect(shown.window).toMatchObject({ offset: 0 })
    expect(shown.window.bytes.length).toBe(max)
    expect(shown.window.bytes.buffer.byteLength).toBe(max) // a copy of the window, not the whole payload
    expect(shown.textBytes).toBe(max - 1)
    expect(shown.detected).toBe('text')

    inspector.setRequest({ id: idOf('big'), offset: 2 * max, length: max })
    const last = inspector.poll(false)!.inspection!.message!
    expect(last.window.offset).toBe(2 * max)
    expect(last.window.bytes.length).toBe(600_000 - 2 * max)
    expect(last.textBytes).toBe(0)
  })

  it("says when the message asked for was evicted, and reports the topic's evictions", () => {
    const { explorer, inspector, idOf } = setup()
    explorer.setHistoryBudget({ ...LIMITS.history, perTopicCount: 3 })
    for (let i = 0; i < 5; i++) explorer.ingest(message('t', String(i)), i)
    const firstSeq = 1
    inspector.setRequest({ id: idOf('t'), seq: firstSeq })
    const inspection = inspector.poll(false)!.inspection!
    expect(inspection).toMatchObject({ missing: true, message: undefined, following: false })
    expect(inspection.history).toMatchObject({ kept: 3, evicted: 2, perTopicCount: 3 })
  })

  it('pages through a history longer than one page', () => {
    const { explorer, inspector, idOf } = setup()
    const page = LIMITS.inspector.historyPage
    explorer.setHistoryBudget({ ...LIMITS.history, perTopicCount: page + 100 })
    for (let i = 0; i < page + 10; i++) explorer.ingest(message('p', String(i)), i)
    inspector.setRequest({ id: idOf('p'), historyStart: page })
    const history = inspector.poll(false)!.inspection!.history
    expect(history.start).toBe(page)
    expect(history.entries.map((e) => e.receivedAt)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0])
  })

  it('re-sends when the budget changes, and a smaller budget evicts at once', () => {
    const { explorer, inspector, idOf } = setup()
    for (let i = 0; i < 10; i++) explorer.ingest(message('b', 'xx'), i)
    inspector.setRequest({ id: idOf('b') })
    inspector.poll(false)
    explorer.setHistoryBudget({ ...LIMITS.history, perTopicCount: 4 })
    inspector.invalidate()
    const inspection = inspector.poll(false)!.inspection!
    expect(inspection.history).toMatchObject({ kept: 4, evicted: 6, perTopicCount: 4 })
    expect(explorer.snapshot(10).budget).toMatchObject({ count: 4, evictedCount: 6, maxCount: LIMITS.history.totalCount })
  })

  it('handles bad input without throwing: binary, invalid UTF-8, 10,000 levels of JSON, HTML', () => {
    const { explorer, inspector, idOf } = setup()
    const cases: Array<[string, Uint8Array | string, 'json' | 'text' | 'hex']> = [
      ['bin', new Uint8Array([0, 1, 2, 3, 0xff, 0xfe, 0, 0]), 'hex'],
      ['bad-utf8', new Uint8Array([0x61, 0xc3, 0x28, 0x62]), 'hex'],
      ['deep', '['.repeat(10_000) + ']'.repeat(10_000), 'json'],
      ['html', '<img src=x onerror=alert(1)>', 'text'],
      ['not-json', '{"a": 1,, }', 'text'],
    ]
    for (const [topic, payload] of cases) explorer.ingest(message(topic, payload), 1)
    for (const [topic, payload, view] of cases) {
      explorer.ingest(message(topic, payload), 2)
      inspector.setRequest({ id: idOf(topic), diff: true })
      const inspection = inspector.poll(false)!.inspection!
      expect(inspection.message?.detected).toBe(view)
      expect(inspection.diff).toEqual({ kind: 'identical' })
    }
  })
})
