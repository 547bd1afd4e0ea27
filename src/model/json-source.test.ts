import { describe, expect, it } from 'vitest'
import { countImpreciseIntegers, findJsonSyntaxError, formatJsonSyntaxError } from './json-source.ts'

function parses(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

describe('findJsonSyntaxError', () => {
  it('finds nothing in valid JSON', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e+3, true, false, null, "x\\u00e9\\n"]} ', '"s"', '0', '-0.0E-1', '[[[]]]', '{"a":{"b":{}}}']) {
      expect(findJsonSyntaxError(text), text).toBeUndefined()
    }
  })

  it.each([
    ['{"a":}', 1, 6, 'expected a value'],
    ['{"a":1,}', 1, 8, 'expected a property name in double quotes'],
    ['{"a" 1}', 1, 6, "expected ':' after the property name"],
    ['{"a":1 "b":2}', 1, 8, "expected ',' or '}'"],
    ['[1 2]', 1, 4, "expected ',' or ']'"],
    ["{'a':1}", 1, 2, "expected a property name in double quotes or '}'"],
    ["['a']", 1, 2, 'unexpected single quote (JSON strings use double quotes)'],
    ['{"a":1}x', 1, 8, 'unexpected text after the JSON value'],
    ['{"a":\n  [1,\n   tru]}', 3, 7, 'invalid literal (true, false or null)'],
    ['[01]', 1, 3, "expected ',' or ']'"],
    ['[1.]', 1, 4, 'invalid number'],
    ['["a\tb"]', 1, 4, 'control character in a string (escape it)'],
    ['["\\x"]', 1, 4, 'invalid escape in a string'],
    ['["abc', 1, 6, 'unterminated string'],
    ['{"a":[1,2', 1, 10, 'unexpected end of the text'],
    ['', 1, 1, 'empty: no JSON value'],
  ])('%j: line %i, column %i: %s', (text, line, column, reason) => {
    expect(parses(text)).toBe(false)
    expect(findJsonSyntaxError(text)).toMatchObject({ line, column, reason })
  })

  it('counts columns in characters, not UTF-16 units', () => {
    // '[', '"', two emoji (4 UTF-16 units), '"', ',', ' ': x is the 8th character, at offset 9.
    expect(findJsonSyntaxError('["😀😀", x]')).toMatchObject({ line: 1, column: 8, offset: 9 })
  })

  it('shows an escaped excerpt around the error, marking the spot', () => {
    const e = findJsonSyntaxError('{"note": "\u202e<b>hi</b>", "n": 1,, "m": 2}')!
    expect(e.excerpt).toBe('…": "\\u{202e}<b>hi</b>", "n": 1,⟦,⟧ "m": 2}')
    expect(formatJsonSyntaxError(e)).toBe(`not valid JSON at line 1, column 31: expected a property name in double quotes, near ${e.excerpt}`)
  })

  it('excerpts never split a surrogate pair', () => {
    const e = findJsonSyntaxError('[' + '"😀",'.repeat(20) + ']')!
    expect(e.excerpt).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/)
  })

  it('agrees with JSON.parse on valid or not, over many random near-JSON texts', () => {
    const pieces = ['{', '}', '[', ']', ',', ':', '"a"', '"\\u12', '"\\n"', '1', '-', '0', '.5', 'e3', 'true', 'nul', ' ', '\n', "'", 'x', '"']
    let seed = 42
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
    for (let n = 0; n < 20_000; n++) {
      let text = ''
      const len = 1 + Math.floor(random() * 8)
      for (let i = 0; i < len; i++) text += pieces[Math.floor(random() * pieces.length)]
      expect(findJsonSyntaxError(text) === undefined, text).toBe(parses(text))
    }
  })

  it('is iterative: 200,000 open brackets cost no stack', () => {
    const text = '['.repeat(200_000) + ']'.repeat(199_999)
    expect(findJsonSyntaxError(text)).toMatchObject({ reason: 'unexpected end of the text', offset: 399_999 })
  })
})

describe('countImpreciseIntegers', () => {
  it('counts integer literals that JSON.parse cannot hold exactly', () => {
    expect(countImpreciseIntegers('{"id": 12345678901234567890, "ok": 9007199254740992, "bad": 9007199254740993}')).toBe(2)
    expect(countImpreciseIntegers('[-98765432109876543210]')).toBe(1)
    expect(countImpreciseIntegers(`[${'9'.repeat(400)}]`)).toBe(1) // Infinity
  })

  it('ignores safe numbers, fractions and digits inside strings', () => {
    expect(countImpreciseIntegers('{"a": 1, "b": 123456789012345, "c": 1.2345678901234567890}')).toBe(0)
    expect(countImpreciseIntegers('{"id": "12345678901234567890", "k\\"12345678901234567890": 1}')).toBe(0)
  })
})
