import { describe, expect, it } from 'vitest'
import { PATH_CHARS, jsonLineText, jsonLines, jsonPathAt } from './json-lines.ts'

describe('jsonLines', () => {
  it('flattens a document into open, value and close lines with paths and links', () => {
    const { lines, truncated } = jsonLines(JSON.parse('{"a": [1, {"b": "x"}], "e": {}, "n": null}'))
    expect(truncated).toBe(false)
    expect(lines).toEqual([
      { depth: 0, kind: 'open', bracket: '{', path: '$', childCount: 3, closeIndex: 9 },
      { depth: 1, kind: 'open', bracket: '[', key: 'a', keyText: '"a"', path: '$.a', childCount: 2, closeIndex: 6 },
      { depth: 2, kind: 'value', key: 0, keyText: '0', text: '1', path: '$.a[0]' },
      { depth: 2, kind: 'open', bracket: '{', key: 1, keyText: '1', path: '$.a[1]', childCount: 1, closeIndex: 5 },
      { depth: 3, kind: 'value', key: 'b', keyText: '"b"', text: '"x"', path: '$.a[1].b' },
      { depth: 2, kind: 'close', bracket: '}', path: '$.a[1]' },
      { depth: 1, kind: 'close', bracket: ']', path: '$.a' },
      { depth: 1, kind: 'value', key: 'e', keyText: '"e"', text: '{}', childCount: 0, path: '$.e' },
      { depth: 1, kind: 'value', key: 'n', keyText: '"n"', text: 'null', path: '$.n' },
      { depth: 0, kind: 'close', bracket: '}', path: '$' },
    ])
  })

  it('treats a "__proto__" member as data', () => {
    const { lines } = jsonLines(JSON.parse('{"__proto__": {"polluted": true}}'))
    expect(lines.map((l) => l.path)).toEqual(['$', '$.__proto__', '$.__proto__.polluted', '$.__proto__', '$'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('shows a scalar root as one value line', () => {
    expect(jsonLines('hi').lines).toEqual([{ depth: 0, kind: 'value', text: '"hi"', path: '$' }])
    expect(jsonLines([]).lines).toEqual([{ depth: 0, kind: 'value', text: '[]', childCount: 0, path: '$' }])
  })

  it('keeps HTML, control and bidi characters as data and escapes them in what is shown', () => {
    const key = '<img src=x onerror=alert(1)>\u202e'
    const value = 'line1\nline2\u0007\u2066<script>'
    const { lines } = jsonLines({ [key]: value })
    const line = lines[1]!
    expect(line.key).toBe(key)
    expect(line.keyText).toBe('"<img src=x onerror=alert(1)>\\u{202e}"')
    expect(line.text).toBe('"line1\\nline2\\u0007\\u{2066}<script>"')
    expect(line.path).toBe('$["<img src=x onerror=alert(1)>\\u{202e}"]')
    expect(jsonPathAt(lines, 1)).toBe(`$[${JSON.stringify(key)}]`)
    for (const l of lines) expect(`${l.keyText ?? ''}${l.text ?? ''}${l.path}`).not.toMatch(/[\u0000-\u001f\u202e\u2066]/)
  })

  it('marks integers beyond 2^53 and non-finite numbers as possibly lossy, and prints them faithfully', () => {
    const { lines } = jsonLines(JSON.parse('[12345678901234567890, 42, 1e400, -0, 1e21]'))
    expect(lines.slice(1, 6).map((l) => [l.text, l.lossy])).toEqual([
      ['12345678901234567000', true],
      ['42', undefined],
      ['Infinity', true],
      ['-0', undefined],
      ['1e+21', true],
    ])
  })

  it('stops at the line budget and says so', () => {
    const value = Array.from({ length: 100 }, (_, i) => ({ i }))
    const { lines, truncated } = jsonLines(value, 50)
    expect(truncated).toBe(true)
    expect(lines).toHaveLength(50)
    expect(lines[0]!.closeIndex).toBeUndefined() // its close is beyond the budget
    expect(jsonLines(value, 302).truncated).toBe(false)
  })

  it('walks 10,000 levels of nesting without recursion, within the budget', () => {
    const depth = 10_000
    const value: unknown = JSON.parse('['.repeat(depth) + ']'.repeat(depth))
    const started = performance.now()
    const full = jsonLines(value, 20_000)
    expect(performance.now() - started).toBeLessThan(1_000)
    // 9,999 opens, the innermost [] as a value, 9,999 closes.
    expect(full.truncated).toBe(false)
    expect(full.lines).toHaveLength(19_999)
    expect(full.lines[0]!.closeIndex).toBe(19_998)
    expect(full.lines[9_999]).toMatchObject({ kind: 'value', text: '[]', depth: 9_999 })
    expect(Math.max(...full.lines.map((l) => l.path.length))).toBeLessThanOrEqual(PATH_CHARS)
    expect(full.lines[9_999]!.path.startsWith('$…')).toBe(true)
    expect(jsonPathAt(full.lines, 9_999)).toBe('$' + '[0]'.repeat(9_999))

    const budget = jsonLines(value, 1_000)
    expect(budget.truncated).toBe(true)
    expect(budget.lines).toHaveLength(1_000)
  })

  it('copes with 100,000 levels (what fits in the display limit)', () => {
    const depth = 100_000
    const value: unknown = JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth))
    const { lines, truncated } = jsonLines(value, 20_000)
    expect(truncated).toBe(true)
    expect(lines).toHaveLength(20_000)
    expect(lines[19_999]).toMatchObject({ depth: 19_999, kind: 'open', key: 'a' })
  })
})

describe('jsonPathAt', () => {
  it('gives the whole path of value, open and close lines', () => {
    const { lines } = jsonLines(JSON.parse('{"a b": [{"c": 1}], "d": 2}'))
    expect(lines.map((_, i) => jsonPathAt(lines, i))).toEqual(['$', '$["a b"]', '$["a b"][0]', '$["a b"][0].c', '$["a b"][0]', '$["a b"]', '$.d', '$'])
  })
})

describe('jsonLineText', () => {
  it('prints a line as pretty JSON without trailing commas', () => {
    const { lines } = jsonLines(JSON.parse('{"a": [1, "x"], "b": {}}'))
    expect(lines.map(jsonLineText)).toEqual(['{', '  "a": [', '    1', '    "x"', '  ]', '  "b": {}', '}'])
  })

  it('stops growing the indentation past 32 levels, showing the depth instead', () => {
    const { lines } = jsonLines(JSON.parse('['.repeat(40) + ']'.repeat(40)))
    expect(jsonLineText(lines[39]!)).toBe(`${'  '.repeat(32)}⋯39 []`)
  })
})
