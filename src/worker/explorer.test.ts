import { describe, expect, it } from 'vitest'
import { Explorer } from './explorer.ts'
import type { IncomingMessage } from './mqtt-session.ts'

const text = new TextEncoder()

function message(topic: string, payload: string, extra: Partial<IncomingMessage> = {}): IncomingMessage {
  return { topic, payload: text.encode(payload), qos: 0, retain: false, dup: false, properties: undefined, ...extra }
}

describe('Explorer (the worker-side state behind every batch)', () => {
  it('counts 2,000 topics exactly and sends only the requested window of rows', () => {
    const ex = new Explorer()
    for (let i = 0; i < 2000; i++) ex.ingest(message(`load/t${String(i).padStart(4, '0')}/value`, String(i)), 1000)
    ex.setRange({ start: 0, count: 50 })
    let batch = ex.snapshot(1000)
    expect(batch.totals).toMatchObject({ messages: 2000, topics: 2000 })
    expect(batch.tree.rowCount).toBe(1)
    expect(batch.tree.rows[0]).toMatchObject({ name: 'load', depth: 1, subtreeMessages: 2000, subtreeTopics: 2000, expanded: false })

    ex.toggle(batch.tree.rows[0]!.id)
    batch = ex.snapshot(1000)
    expect(batch.tree.rowCount).toBe(2001)
    expect(batch.tree.rows).toHaveLength(50)

    ex.setRange({ start: 1990, count: 50 })
    batch = ex.snapshot(1000)
    expect(batch.tree.start).toBe(1990)
    expect(batch.tree.rows.map((r) => r.name).at(-1)).toBe('t1999')
  })

  it('shows a copy of the payload, not a view into the receive buffer', () => {
    const ex = new Explorer()
    const socketChunk = text.encode('xxxxHELLOyyyy')
    ex.ingest({ ...message('a', ''), payload: socketChunk.subarray(4, 9) }, 1)
    socketChunk.fill(0)
    ex.select(ex.tree.find('a')!.id)
    expect(ex.snapshot(1).selected).toMatchObject({ topic: 'a', preview: 'HELLO', lastBytes: 5 })
  })

  it('freezes the tree while paused, counts what arrives, and loses nothing on resume', () => {
    const ex = new Explorer()
    ex.ingest(message('a/b', '1'), 1)
    ex.pause()
    const frozen = ex.snapshot(2)
    for (let i = 0; i < 25; i++) ex.ingest(message('a/b', String(i)), 3)
    const during = ex.snapshot(4)
    expect(during.paused).toBe(true)
    expect(during.arrivedWhilePaused).toBe(25)
    expect(during.totals.messages).toBe(frozen.totals.messages)
    ex.resume()
    const after = ex.snapshot(5)
    expect(after.paused).toBe(false)
    expect(after.totals.messages).toBe(26)
  })

  it('reports an invalid filter as text and keeps showing rows', () => {
    const ex = new Explorer()
    ex.ingest(message('home/kitchen/temp', '21'), 1)
    ex.setFilter({ mode: 'regex', query: '(', payloads: false })
    expect(ex.snapshot(1).tree.filterError).toMatch(/regular expression/i)
    ex.setFilter({ mode: 'mqtt', query: 'home/#/x', payloads: false })
    expect(ex.snapshot(1).tree.filterError).toMatch(/#/)
    ex.setFilter({ mode: 'mqtt', query: 'home/+/temp', payloads: false })
    const batch = ex.snapshot(1)
    expect(batch.tree.filterError).toBeUndefined()
    expect(batch.tree.rows.map((r) => r.topic)).toEqual(['home', 'home/kitchen', 'home/kitchen/temp'])
  })

  it('stops a regex that is too slow on a topic, says which, and keeps the tree counting', () => {
    const ex = new Explorer()
    const long = `flood/${'a'.repeat(60_000)}`
    ex.ingest(message('home/kitchen/temp', '21'), 1)
    ex.ingest(message(long, '1'), 1)
    // A linear-time engine answers (a+)+$ at once, even on 60,000 a's: the filter works.
    ex.setFilter({ mode: 'regex', query: '(a+)+$', payloads: false })
    let batch = ex.snapshot(1)
    expect(batch.tree.filterError).toBeUndefined()
    expect(batch.tree.rows.map((r) => r.topic)).toEqual(['flood', long])

    // (.*a){100}$ costs ~500 instructions per character: over the bound on this topic.
    ex.setFilter({ mode: 'regex', query: '(.*a){100}$', payloads: false })
    batch = ex.snapshot(2)
    expect(batch.tree.filterError).toBe(`this regular expression is too slow on topic ${long}`)
    expect(batch.tree.rows.map((r) => [r.topic, r.subtreeMessages, r.expanded])).toEqual([
      ['flood', 1, false],
      ['home', 1, false],
    ])
    for (let i = 0; i < 5; i++) ex.ingest(message(long, String(i)), 3)
    batch = ex.snapshot(3)
    expect(batch.tree.filterError).toBe(`this regular expression is too slow on topic ${long}`)
    expect(batch.totals.messages).toBe(7)
    expect(batch.tree.rows.map((r) => [r.topic, r.subtreeMessages])).toEqual([
      ['flood', 6],
      ['home', 1],
    ])

    ex.setFilter({ mode: 'regex', query: 'temp$', payloads: false })
    batch = ex.snapshot(4)
    expect(batch.tree.filterError).toBeUndefined()
    expect(batch.tree.rows.map((r) => r.topic)).toEqual(['home', 'home/kitchen', 'home/kitchen/temp'])
  })

  it('ranks the flooding topic first in the busiest view', () => {
    const ex = new Explorer()
    for (let t = 0; t < 3000; t += 10) {
      ex.ingest(message('flood/x', 'payload'), t)
      if (t % 500 === 0) ex.ingest(message('quiet/y', 'p'), t)
    }
    ex.setBusiest('messages')
    expect(ex.snapshot(3000).busiest?.[0]?.topic).toBe('flood/x')
  })

  it('renders untrusted topics and payloads as data (no interpretation)', () => {
    const ex = new Explorer()
    ex.ingest(message('x/<b onmouseover=alert(1)>hi<\\b>', '<img src=x onerror=alert(1)>\u0007\u202e'), 1)
    ex.expandSubtree(ex.tree.find('x')!.id)
    const rows = ex.snapshot(1).tree.rows
    expect(rows[1]?.name).toBe('<b onmouseover=alert(1)>hi<\\b>')
    expect(rows[1]?.preview).toBe('<img src=x onerror=alert(1)>\\u{0007}\\u{202e}')
  })
})
