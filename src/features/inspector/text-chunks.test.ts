import { describe, expect, it } from 'vitest'
import { textChunks } from './text-chunks.ts'

describe('textChunks (long text drawn a chunk at a time)', () => {
  it('keeps short text whole', () => {
    expect(textChunks('', 8)).toEqual([''])
    expect(textChunks('abc\ndef', 8)).toEqual(['abc\ndef'])
  })

  it('splits after a line break in the second half of a chunk, else at the size', () => {
    expect(textChunks('abcdef\nghijkl\nmn', 8)).toEqual(['abcdef\n', 'ghijkl\n', 'mn'])
    expect(textChunks('a\nbcdefghijklmnop', 8)).toEqual(['a\nbcdefg', 'hijklmno', 'p'])
  })

  it('never splits a surrogate pair, and joins back to the text', () => {
    const text = 'a🙂b🙂🙂xyz'.repeat(300)
    const chunks = textChunks(text, 7)
    expect(chunks.join('')).toBe(text)
    for (const chunk of chunks) expect(chunk).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/)
  })

  it('is linear: 256 KiB of text in a few milliseconds', () => {
    const started = performance.now()
    expect(textChunks('x'.repeat(262_144), 8192)).toHaveLength(32)
    expect(performance.now() - started).toBeLessThan(1_000)
  })
})
