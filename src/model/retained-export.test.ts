import { describe, expect, it } from 'vitest'
import { parseRestoreJsonl, retainedToJsonl } from './retained-export.ts'
import type { RetainedEntry } from './retained-types.ts'

const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i)
const ENTRIES: RetainedEntry[] = [
  { topic: 'bin/all-bytes', qos: 2, payload: everyByte },
  { topic: 'text/ünïcode', qos: 1, payload: new TextEncoder().encode('{"t":21.5,"s":"😀"}'), lastSet: 1_700_000_000_123 },
  {
    topic: 'v5/props',
    qos: 0,
    payload: new Uint8Array([0]),
    properties: { contentType: 'application/x', payloadFormatIndicator: false, userProperties: { a: '1', b: ['2', '3'] }, correlationData_base64: 'AP8=' },
  },
]

describe('Retained view export and restore parsing', () => {
  it('round-trips byte for byte (binary, UTF-8, a single NUL), with QoS, retain and properties', () => {
    const text = retainedToJsonl(ENTRIES, 42)
    expect(text.endsWith('\n')).toBe(true)
    const lines = text.trimEnd().split('\n')
    expect(lines).toHaveLength(3)
    expect(JSON.parse(lines[0]!)).toEqual({ ts: 42, topic: 'bin/all-bytes', qos: 2, retain: true, payload_base64: expect.any(String) as string })
    expect((JSON.parse(lines[1]!) as { ts: number }).ts).toBe(1_700_000_000_123)
    const parsed = parseRestoreJsonl(text)
    if (!parsed.ok) throw new Error(parsed.reason)
    expect(parsed.messages.map((m) => [m.topic, m.qos, m.retain, [...m.payload], m.properties])).toEqual(
      ENTRIES.map((e) => [e.topic, e.qos, true, [...e.payload], e.properties]),
    )
  })

  it('names the first bad line and its reason, and returns no messages', () => {
    const good = retainedToJsonl(ENTRIES.slice(0, 1), 1)
    expect(parseRestoreJsonl(`${good}\n{"ts":1,"topic":"a","qos":3,"retain":true,"payload_base64":"AA=="}\n`)).toEqual({
      ok: false,
      line: 3,
      reason: '"qos" must be 0, 1 or 2',
    })
    expect(parseRestoreJsonl(`${good}not json\n`)).toEqual({ ok: false, line: 2, reason: 'not valid JSON' })
    expect(parseRestoreJsonl(`${good}{"ts":1,"topic":"a","qos":1,"retain":true,"payload_base64":""}`)).toMatchObject({
      ok: false,
      line: 2,
      reason: expect.stringContaining('empty payload') as string,
    })
    expect(parseRestoreJsonl(`{"ts":1,"topic":"a\\u0000b","qos":1,"retain":true,"payload_base64":"AA=="}`)).toMatchObject({ ok: false, line: 1 })
    expect(parseRestoreJsonl('\n\n')).toEqual({ ok: false, line: 1, reason: 'the file holds no messages' })
  })
})
