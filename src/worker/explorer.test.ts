import { beforeAll, describe, expect, it } from 'vitest'
import { Explorer } from './explorer.ts'
import type { IncomingMessage } from './mqtt-session.ts'
import { loadLinearRegexEngine } from '../model/linear-regex.ts'

// The engine is loaded with the first regular expression (see linear-regex-loading.test.ts); here, up front.
beforeAll(() => loadLinearRegexEngine())

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

  it('rewind (the recording time slider) forgets every topic but opens the rows that were open as their topics come back', () => {
    const ex = new Explorer()
    ex.ingest(message('rec/a', '1'), 1)
    ex.ingest(message('rec/deep/c', '2'), 2)
    ex.toggle(ex.tree.find('rec')!.id, true)
    ex.toggle(ex.tree.find('rec/deep')!.id, true)
    expect(ex.snapshot(2).tree.rows.map((r) => r.name)).toEqual(['rec', 'a', 'deep', 'c'])

    ex.rewind()
    expect(ex.snapshot(2).totals).toMatchObject({ messages: 0, topics: 0 })
    ex.ingest(message('rec/a', '1'), 1)
    expect(ex.snapshot(1).tree.rows.map((r) => [r.name, r.expanded])).toEqual([
      ['rec', true],
      ['a', false],
    ])
    // rec/deep was not back yet: it opens when it is.
    ex.ingest(message('rec/deep/c', '2'), 2)
    expect(ex.snapshot(2).tree.rows.map((r) => r.name)).toEqual(['rec', 'a', 'deep', 'c'])
    // So is the selection, under the topic's new id.
    const before = ex.tree.find('rec/deep/c')!.id
    ex.select(before)
    ex.rewind()
    ex.ingest(message('rec/a', '1'), 1)
    expect(ex.snapshot(1).selected).toBeUndefined()
    ex.ingest(message('rec/deep/c', '2'), 2)
    const back = ex.snapshot(2)
    expect(back.tree.rows.map((r) => r.name)).toEqual(['rec', 'a', 'deep', 'c'])
    expect(back.selected).toMatchObject({ topic: 'rec/deep/c', id: ex.tree.find('rec/deep/c')!.id })
    expect(back.selected!.id).not.toBe(before)

    // A real clear (another broker, Reset tree) forgets the open rows too.
    ex.rewind()
    ex.clear()
    ex.ingest(message('rec/a', '1'), 1)
    expect(ex.snapshot(1).tree.rows.map((r) => [r.name, r.expanded])).toEqual([['rec', false]])
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
    ex.pause(1)
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

  it('answers a view change while paused from the tree as it was: expanding shows the paused counts (not live ones)', () => {
    const ex = new Explorer()
    for (let i = 0; i < 16; i++) ex.ingest(message(`plant/line${i % 4}/m`, String(i)), 1_000)
    ex.setRange({ start: 0, count: 100 })
    expect(ex.snapshot(1_000).tree.rows.map((r) => [r.name, r.subtreeMessages])).toEqual([['plant', 16]])
    ex.pause(1_000)
    ex.snapshot(1_050)
    for (let i = 0; i < 25; i++) ex.ingest(message(`plant/line${i % 4}/m`, 'x'), 1_100)
    ex.ingest(message('plant/line9/m', 'new'), 1_100)
    ex.ingest(message('zoo', 'new'), 1_100)

    // Expand, sort by messages and rank the busiest while paused: all from the paused tree.
    ex.toggle(ex.tree.find('plant')!.id)
    ex.setSort('messages')
    ex.setBusiest('messages')
    let batch = ex.snapshot(1_200)
    expect(batch.paused).toBe(true)
    expect(batch.arrivedWhilePaused).toBe(27)
    expect(batch.totals).toMatchObject({ messages: 16, topics: 4 })
    expect(batch.tree.rows.map((r) => [r.name, r.subtreeMessages])).toEqual([
      ['plant', 16],
      ['line0', 4],
      ['line1', 4],
      ['line2', 4],
      ['line3', 4],
    ])
    expect(batch.busiest?.map((b) => b.topic)).not.toContain('zoo')
    ex.toggle(ex.tree.find('plant/line0')!.id)
    batch = ex.snapshot(1_300)
    expect(batch.tree.rows[2]).toMatchObject({ name: 'm', ownMessages: 4 })
    expect(batch.tree.rowCount).toBe(6)

    ex.resume()
    batch = ex.snapshot(1_400)
    expect(batch.totals).toMatchObject({ messages: 43, topics: 6 })
    expect(batch.tree.rows.map((r) => [r.name, r.subtreeMessages])).toEqual([
      ['plant', 42],
      ['line0', 11],
      ['m', 11],
      ['line1', 10],
      ['line2', 10],
      ['line3', 10],
      ['line9', 1],
      ['zoo', 1],
    ])
  })

  it('a new connection while paused shows the empty tree until Resume', () => {
    const ex = new Explorer()
    ex.ingest(message('old/topic', '1'), 1)
    ex.pause(2)
    ex.clear()
    ex.ingest(message('new/topic', '1'), 3)
    let batch = ex.snapshot(4)
    expect(batch.tree.rowCount).toBe(0)
    expect(batch.totals.messages).toBe(0)
    ex.resume()
    batch = ex.snapshot(5)
    expect(batch.tree.rows.map((r) => r.name)).toEqual(['new'])
  })

  it('reveal opens the ancestors of a topic and says at which row it is shown', () => {
    const ex = new Explorer()
    for (const topic of ['a/x', 'b/c/d/e', 'b/c/f', 'z']) ex.ingest(message(topic, '1'), 1)
    ex.setRange({ start: 0, count: 100 })
    expect(ex.snapshot(1).tree.rows.map((r) => r.name)).toEqual(['a', 'b', 'z'])
    const e = ex.tree.find('b/c/d/e')!
    ex.reveal(e.id)
    const batch = ex.snapshot(2)
    expect(batch.tree.rows.map((r) => r.name)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'z'])
    expect(batch.tree.located).toEqual({ seq: 1, by: 'reveal', index: 4, id: e.id })
    // State, not an event: the next batch says the same until the next request.
    expect(ex.snapshot(3).tree.located).toEqual(batch.tree.located)
    // Hidden by a filter: no index.
    ex.setFilter({ mode: 'text', query: 'a/x', payloads: false })
    ex.reveal(e.id)
    expect(ex.snapshot(4).tree.located).toEqual({ seq: 2, by: 'reveal', index: undefined, id: e.id })
  })

  it("findTopic waits for a message on the topic itself (a link's topic), across a clear, and says its id once", () => {
    const ex = new Explorer()
    ex.findTopic('home/kitchen/temp')
    ex.clear()
    expect(ex.snapshot(1).tree.located).toBeUndefined()
    // A message below it makes the node, but nothing arrived on the topic itself yet.
    ex.ingest(message('home/kitchen/temp/raw', '1'), 2)
    expect(ex.snapshot(2).tree.located).toBeUndefined()
    ex.ingest(message('home/kitchen/temp', '21.5'), 3)
    const id = ex.tree.find('home/kitchen/temp')!.id
    expect(ex.snapshot(3).tree.located).toEqual({ seq: 1, by: 'topic', index: undefined, id })
    // Found once: no new answer on later batches.
    ex.ingest(message('home/kitchen/temp', '21.6'), 4)
    expect(ex.snapshot(4).tree.located).toEqual({ seq: 1, by: 'topic', index: undefined, id })
    // Stopped waiting: nothing is said when it arrives.
    ex.findTopic('other')
    ex.findTopic(undefined)
    ex.ingest(message('other', 'x'), 5)
    expect(ex.snapshot(5).tree.located?.seq).toBe(1)
  })

  it('type-ahead finds the next shown row whose name starts with the letters, ignoring case, wrapping around, beyond the rows sent', () => {
    const ex = new Explorer()
    const names = ['alpha', 'Beta', 'bravo', 'charlie', ...Array.from({ length: 300 }, (_, i) => `m${String(i).padStart(3, '0')}`), 'zulu']
    for (const name of names) ex.ingest(message(`root/${name}`, '1'), 1)
    ex.toggle(ex.tree.find('root')!.id)
    ex.setRange({ start: 0, count: 20 })
    ex.findRow('b', 1)
    expect(ex.snapshot(1).tree.located).toMatchObject({ by: 'find', index: 2, id: ex.tree.find('root/Beta')!.id })
    ex.findRow('br', 2)
    expect(ex.snapshot(2).tree.located).toMatchObject({ index: 3, id: ex.tree.find('root/bravo')!.id })
    ex.findRow('z', 3)
    expect(ex.snapshot(3).tree.located).toMatchObject({ index: 305, id: ex.tree.find('root/zulu')!.id })
    // From past the end back to the top.
    ex.findRow('a', 306)
    expect(ex.snapshot(4).tree.located).toMatchObject({ index: 1 })
    ex.findRow('q', 0)
    expect(ex.snapshot(5).tree.located).toMatchObject({ by: 'find', index: undefined, id: undefined })
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
