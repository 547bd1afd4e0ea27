import { describe, expect, it } from 'vitest'
import { decodeTextLossy, decodeUtf8, findInvalidUtf8, textForDisplay } from './utf8-text.ts'

const utf8 = (s: string) => new TextEncoder().encode(s)
const bytes = (...b: number[]) => new Uint8Array(b)

describe('findInvalidUtf8', () => {
  it('accepts valid UTF-8 of every length', () => {
    expect(findInvalidUtf8(utf8('a é € 😀 \u{10ffff}'))).toBeUndefined()
    expect(findInvalidUtf8(new Uint8Array(0))).toBeUndefined()
  })

  it.each([
    ['a byte that never leads', [0x41, 0xff], { offset: 1, length: 1, truncated: false }],
    ['a stray continuation byte', [0x80], { offset: 0, length: 1, truncated: false }],
    ['an overlong 2-byte form (C0)', [0xc0, 0xaf], { offset: 0, length: 1, truncated: false }],
    ['an overlong 3-byte form', [0xe0, 0x80, 0xaf], { offset: 0, length: 1, truncated: false }],
    ['a surrogate (ED A0 80)', [0x61, 0xed, 0xa0, 0x80], { offset: 1, length: 1, truncated: false }],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], { offset: 0, length: 1, truncated: false }],
    ['a missing continuation', [0xe2, 0x82, 0x41], { offset: 0, length: 2, truncated: false }],
    ['an unfinished sequence at the end', [0x61, 0xf0, 0x9f, 0x98], { offset: 1, length: 3, truncated: true }],
  ])('finds %s', (_name, input, expected) => {
    expect(findInvalidUtf8(bytes(...input))).toEqual(expected)
    // Agrees with the platform's strict decoder.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes(...input))).toThrow()
  })

  it('looks only at [from, to)', () => {
    const input = bytes(0xff, 0x61, 0x62, 0xff)
    expect(findInvalidUtf8(input, 1, 3)).toBeUndefined()
    expect(findInvalidUtf8(input, 1)).toMatchObject({ offset: 3 })
  })
})

describe('decodeUtf8 (strict)', () => {
  it('decodes valid UTF-8 and keeps a byte order mark (every byte is shown)', () => {
    expect(decodeUtf8(utf8('héllo'))).toEqual({ value: 'héllo' })
    expect(decodeUtf8(bytes(0xef, 0xbb, 0xbf, 0x61))).toEqual({ value: '\ufeffa' })
  })

  it('says where the first bad byte is, never a silent U+FFFD', () => {
    expect(decodeUtf8(bytes(0x61, 0x62, 0x63, 0xff, 0x64))).toEqual({ error: 'not valid UTF-8 (first bad byte at offset 3)', offset: 3 })
    const big = new Uint8Array(70_000).fill(0x61)
    big[65_432] = 0xc3
    expect(decodeUtf8(big)).toMatchObject({ error: 'not valid UTF-8 (first bad byte at offset 65,432)' })
  })
})

describe('decodeTextLossy', () => {
  it('shows every invalid byte as \\xNN and counts them', () => {
    expect(decodeTextLossy(bytes(0x61, 0xff, 0x62, 0xe2, 0x82, 0x63, 0xc3))).toEqual({
      text: 'a\\xffb\\xe2\\x82c\\xc3',
      invalidBytes: 4,
      firstInvalidOffset: 1,
    })
  })

  it('is the exact text when the bytes are valid', () => {
    expect(decodeTextLossy(utf8('€ ok'))).toEqual({ text: '€ ok', invalidBytes: 0, firstInvalidOffset: undefined })
    expect(decodeTextLossy(new Uint8Array(0)).text).toBe('')
  })

  it('never produces U+FFFD for invalid input', () => {
    const random = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) & 0xff)
    const { text, invalidBytes } = decodeTextLossy(random)
    expect(text).not.toContain('\ufffd')
    expect(invalidBytes).toBeGreaterThan(0)
  })

  it('handles a payload of nothing but invalid bytes', () => {
    const r = decodeTextLossy(new Uint8Array(100_000).fill(0xff))
    expect(r.invalidBytes).toBe(100_000)
    expect(r.text.length).toBe(400_000)
  })
})

describe('textForDisplay', () => {
  it('escapes control and bidi characters on one line', () => {
    expect(textForDisplay('a\nb\tc\u202ed\u0000')).toBe('a\\nb\\tc\\u{202e}d\\u{0000}')
  })

  it('keeps \\n and \\t as real line breaks and tabs in multi-line mode, and \\r visible', () => {
    expect(textForDisplay('a\tb\r\nc\u2066d\u0007', { multiline: true })).toBe('a\tb\\r\nc\\u{2066}d\\u{0007}')
  })

  it('keeps HTML as the literal text it is', () => {
    expect(textForDisplay('<script>alert(1)</script>', { multiline: true })).toBe('<script>alert(1)</script>')
  })
})
