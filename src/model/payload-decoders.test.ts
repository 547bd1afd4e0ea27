import { describe, expect, it } from 'vitest'
import { LIMITS } from './limits.ts'
import {
  PAYLOAD_DECODERS,
  base64Decoder,
  decodeAs,
  detectView,
  hexDecoder,
  jsonDecoder,
  lossyTextView,
  parseJsonPayload,
  textDecoder,
} from './payload-decoders.ts'

const utf8 = (s: string) => new TextEncoder().encode(s)
const MB = 1024 * 1024

function valueOf<T>(result: { value: T } | { error: string }): T {
  if ('error' in result) throw new Error(`expected a value, got: ${result.error}`)
  return result.value
}

function errorOf(result: { value: unknown } | { error: string }): string {
  if (!('error' in result)) throw new Error('expected an error')
  return result.error
}

describe('PAYLOAD_DECODERS', () => {
  it('lists the views in the order the inspector offers them', () => {
    expect(PAYLOAD_DECODERS.map((d) => [d.id, d.label])).toEqual([
      ['json', 'JSON'],
      ['text', 'Text'],
      ['hex', 'Hex'],
      ['base64', 'Base64'],
    ])
  })

  it('decodeAs picks the decoder by id', () => {
    expect(valueOf(decodeAs('base64', utf8('hi'))).text).toBe('aGk=')
    expect(valueOf(decodeAs('text', utf8('hi'))).text).toBe('hi')
  })

  it('never throws, whatever the bytes', () => {
    const inputs = [
      new Uint8Array(0),
      new Uint8Array([0xff, 0x00, 0xc3]),
      utf8('{"a": [1, 2'),
      utf8('<script>alert(1)</script>'),
      utf8('\u202e\u0000\u2066'),
      utf8('['.repeat(100_000)),
      utf8('['.repeat(100_000) + ']'.repeat(100_000)),
    ]
    for (const bytes of inputs) for (const d of PAYLOAD_DECODERS) expect(() => d.decode(bytes)).not.toThrow()
  })
})

describe('jsonDecoder', () => {
  it('decodes an object into lines', () => {
    const view = valueOf(jsonDecoder.decode(utf8('{"t": 21.5, "tags": ["a"]}')))
    expect(view.lines.map((l) => l.path)).toEqual(['$', '$.t', '$.tags', '$.tags[0]', '$.tags', '$'])
    expect(view).toMatchObject({ truncated: false, lineLimit: LIMITS.display.jsonLines, precisionLoss: false, bom: false })
    expect(view.window).toEqual({ shownBytes: 26, totalBytes: 26, cut: false, label: '26 bytes' })
  })

  it('says where text that looks like JSON stops being JSON', () => {
    expect(errorOf(jsonDecoder.decode(utf8('{\n  "a": 1,\n  "b": [1, 2,]\n}')))).toBe(
      'not valid JSON at line 3, column 14: expected a value, near …\\n  "a": 1,\\n  "b": [1, 2,⟦]⟧\\n}',
    )
    expect(errorOf(jsonDecoder.decode(utf8("{'a': 1}")))).toMatch(/^not valid JSON at line 1, column 2: expected a property name/)
    expect(errorOf(jsonDecoder.decode(utf8('{"a": NaN}')))).toMatch(/^not valid JSON at line 1, column 7: expected a value/)
    expect(errorOf(jsonDecoder.decode(new Uint8Array(0)))).toMatch(/empty: no JSON value/)
  })

  it('refuses invalid UTF-8 with its offset', () => {
    expect(errorOf(jsonDecoder.decode(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d])))).toBe('not valid UTF-8 (first bad byte at offset 2)')
  })

  it('flags integers that JSON.parse rounded', () => {
    const view = valueOf(jsonDecoder.decode(utf8('{"id": 1234567890123456789}')))
    expect(view).toMatchObject({ precisionLoss: true, impreciseIntegers: 1 })
    expect(view.lines[1]).toMatchObject({ lossy: true })
  })

  it('skips a leading byte order mark and says so', () => {
    expect(valueOf(jsonDecoder.decode(utf8('\ufeff{"a":1}')))).toMatchObject({ bom: true })
  })

  it('decodes 10,000 levels of nesting without overflowing the stack', () => {
    const view = valueOf(jsonDecoder.decode(utf8('['.repeat(10_000) + ']'.repeat(10_000))))
    expect(view.lines).toHaveLength(19_999)
    expect(view.truncated).toBe(false)
  })

  it('shows at most LIMITS.display.jsonLines lines and says so', () => {
    const view = valueOf(jsonDecoder.decode(utf8(JSON.stringify(Array.from({ length: 30_000 }, (_, i) => i)))))
    expect(view.lines).toHaveLength(LIMITS.display.jsonLines)
    expect(view.truncated).toBe(true)
  })

  it('does not parse payloads over the display limit', () => {
    const big = utf8(JSON.stringify({ data: 'x'.repeat(LIMITS.display.bytes) }))
    expect(errorOf(jsonDecoder.decode(big))).toBe(`too large to parse as JSON: ${big.length.toLocaleString('en')} bytes (the limit is 262,144 bytes)`)
  })

  it('keeps HTML and bidi characters as data, escaped for display', () => {
    const view = valueOf(jsonDecoder.decode(utf8('{"<b>\u202e": "<img src=x onerror=alert(1)>\u2067"}')))
    expect(view.lines[1]).toMatchObject({ key: '<b>\u202e', keyText: '"<b>\\u{202e}"', text: '"<img src=x onerror=alert(1)>\\u{2067}"' })
  })
})

describe('parseJsonPayload', () => {
  it('parses with an explicit limit', () => {
    expect(parseJsonPayload(utf8('[1]'), 2)).toEqual({ error: 'too large to parse as JSON: 3 bytes (the limit is 2 bytes)' })
    expect(parseJsonPayload(utf8('[1]'), 3)).toEqual({ value: { value: [1], impreciseIntegers: 0, bom: false } })
  })
})

describe('textDecoder', () => {
  it('decodes strict UTF-8, keeping the text exact and escaping only what is displayed', () => {
    const text = 'Grüße\r\n\tline 2 \u202e<script>alert(1)</script>\u0000'
    const n = utf8(text).length
    expect(valueOf(textDecoder.decode(utf8(text)))).toEqual({
      text,
      display: 'Grüße\\r\n\tline 2 \\u{202e}<script>alert(1)</script>\\u{0000}',
      invalidBytes: 0,
      window: { shownBytes: n, totalBytes: n, cut: false, label: `${n} bytes` },
    })
  })

  it('refuses invalid UTF-8 with the offset of the first bad byte', () => {
    expect(errorOf(textDecoder.decode(new Uint8Array([0x68, 0x69, 0xc3, 0x28])))).toBe('not valid UTF-8 (first bad byte at offset 2)')
  })

  it('shows a large payload partly, cut on a character boundary, and says so', () => {
    const bytes = utf8('€'.repeat(200_000)) // 600,000 bytes
    const view = valueOf(textDecoder.decode(bytes))
    expect(view.window).toEqual({ shownBytes: 262_143, totalBytes: 600_000, cut: true, label: 'showing 262,143 of 600,000 bytes' })
    expect(view.text).toBe('€'.repeat(87_381))
  })
})

describe('lossyTextView', () => {
  it('shows invalid bytes as \\xNN and counts them', () => {
    expect(lossyTextView(new Uint8Array([0x61, 0xff, 0x0a, 0x62]))).toEqual({
      text: 'a\\xff\nb',
      display: 'a\\xff\nb',
      invalidBytes: 1,
      window: { shownBytes: 4, totalBytes: 4, cut: false, label: '4 bytes' },
    })
  })
})

describe('hexDecoder and base64Decoder', () => {
  it('show the first display window of a big payload and say how much', () => {
    const bytes = new Uint8Array(600_000)
    const hex = valueOf(hexDecoder.decode(bytes))
    expect(hex.lines).toHaveLength(LIMITS.display.bytes / 16)
    expect(hex.window.label).toBe('showing 262,144 of 600,000 bytes')
    const b64 = valueOf(base64Decoder.decode(bytes))
    // Whole 3-byte groups: 262,143 bytes, so the text is a prefix of the whole Base64.
    expect(b64.window.label).toBe('showing 262,143 of 600,000 bytes')
    expect(b64.text).toBe(Buffer.from(bytes).toString('base64').slice(0, b64.text.length))
    expect(b64.text).toHaveLength((262_143 / 3) * 4)
  })

  it('show small payloads whole', () => {
    expect(valueOf(hexDecoder.decode(utf8('hi')))).toEqual({
      lines: [{ offset: 0, hex: '68 69'.padEnd(48), ascii: 'hi' }],
      window: { shownBytes: 2, totalBytes: 2, cut: false, label: '2 bytes' },
    })
    expect(valueOf(base64Decoder.decode(new Uint8Array(0)))).toEqual({ text: '', window: { shownBytes: 0, totalBytes: 0, cut: false, label: '0 bytes' } })
  })
})

describe('a payload as large as the broker allows', () => {
  it('costs each decoder and detectView only their window', () => {
    const huge = new Uint8Array(256 * MB)
    huge.set(utf8('{"data": "'))
    for (const d of PAYLOAD_DECODERS) {
      const started = performance.now()
      const result = d.decode(huge)
      expect(performance.now() - started, d.id).toBeLessThan(2_000)
      if ('value' in result) expect(result.value.window.cut).toBe(true)
    }
    const started = performance.now()
    expect(detectView(huge)).toBe('hex') // NUL bytes after the first 10
    expect(performance.now() - started).toBeLessThan(1_000)
  })
})

describe('detectView', () => {
  it.each([
    ['an object', '{"a": 1}', 'json'],
    ['an array with whitespace around', ' \n[1, 2]\n', 'json'],
    ['a JSON string', '"quoted \\u00e9"', 'json'],
    ['JSON with a byte order mark', '\ufeff{"a": 1}', 'json'],
    ['a number', '21.5', 'text'],
    ['true', 'true', 'text'],
    ['null', 'null', 'text'],
    ['invalid JSON that looks like JSON', '{"a": 1,}', 'text'],
    ['plain text', 'ON', 'text'],
    ['multi-line text with tabs and CRLF', 'a\tb\r\nc\n', 'text'],
    ['HTML', '<b>hi</b>', 'text'],
    ['nothing', '', 'text'],
  ])('%s -> %s', (_name, text, view) => {
    expect(detectView(utf8(text))).toBe(view)
  })

  it('is hex for invalid UTF-8 and for text full of control characters', () => {
    expect(detectView(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBe('hex')
    expect(detectView(new Uint8Array([0x01, 0x02, 0x03, 0x41]))).toBe('hex')
    expect(detectView(utf8('hello\u0000'))).toBe('hex')
    expect(detectView(utf8('a long line of text with one bell\u0007 in it'))).toBe('text')
  })

  it('does not call text binary because the sniffed window ends inside a character', () => {
    expect(detectView(utf8('€'.repeat(100_000)))).toBe('text')
  })

  it('does not parse JSON over the display limit', () => {
    const big = utf8(JSON.stringify({ data: 'x'.repeat(LIMITS.display.bytes) }))
    expect(detectView(big)).toBe('text')
  })

  it('detects deeply nested JSON', () => {
    expect(detectView(utf8('['.repeat(10_000) + ']'.repeat(10_000)))).toBe('json')
  })
})
