import { describe, expect, it } from 'vitest'
import { JsonlLineReader, type JsonlLine } from './jsonl-stream.ts'

function lines(result: ReturnType<JsonlLineReader['push']>): JsonlLine[] {
  if (!Array.isArray(result)) throw new Error(`unexpected error: line ${result.line}: ${result.reason}`)
  return result
}

describe('JsonlLineReader', () => {
  it('gives the same lines whatever the chunk boundaries, with the file line numbers', () => {
    const text = '{"a":1}\n\n{"b":"x\\ny"}\r\n{"c":3}\n'
    const whole = new JsonlLineReader(100)
    const expected = [...lines(whole.push(text)), ...lines(whole.end())]
    expect(expected).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 3, text: '{"b":"x\\ny"}' },
      { line: 4, text: '{"c":3}' },
    ])
    for (let size = 1; size <= text.length; size++) {
      const reader = new JsonlLineReader(100)
      const got: JsonlLine[] = []
      for (let i = 0; i < text.length; i += size) got.push(...lines(reader.push(text.slice(i, i + size))))
      got.push(...lines(reader.end()))
      expect(got, `chunks of ${size}`).toEqual(expected)
    }
  })

  it('keeps a last line without a newline until the end', () => {
    const reader = new JsonlLineReader(100)
    expect(lines(reader.push('{"a":1}\n{"b"'))).toEqual([{ line: 1, text: '{"a":1}' }])
    expect(lines(reader.push(':2}'))).toEqual([])
    expect(lines(reader.end())).toEqual([{ line: 2, text: '{"b":2}' }])
  })

  it('refuses a line over its budget, even before its newline arrived, and names it', () => {
    const reader = new JsonlLineReader(10)
    expect(lines(reader.push('{"a":1}\n'))).toHaveLength(1)
    expect(reader.push('x'.repeat(11))).toEqual({ line: 2, reason: 'the line is longer than 10 characters' })
    const complete = new JsonlLineReader(10)
    expect(complete.push(`${'y'.repeat(12)}\n`)).toEqual({ line: 1, reason: 'the line is longer than 10 characters' })
  })

  it('reassembles a multi-byte character cut between two byte chunks (TextDecoder stream mode)', () => {
    const bytes = new TextEncoder().encode('{"t":"größe 😀"}\n')
    for (let cut = 1; cut < bytes.length; cut++) {
      const decoder = new TextDecoder()
      const reader = new JsonlLineReader(100)
      const got = [
        ...lines(reader.push(decoder.decode(bytes.slice(0, cut), { stream: true }))),
        ...lines(reader.push(decoder.decode(bytes.slice(cut), { stream: true }))),
        ...lines(reader.push(decoder.decode())),
        ...lines(reader.end()),
      ]
      expect(got).toEqual([{ line: 1, text: '{"t":"größe 😀"}' }])
    }
  })
})
