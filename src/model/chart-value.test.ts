import { describe, expect, it, vi } from 'vitest'
import {
  SKIP_REASONS,
  chartableNumber,
  extractNumber,
  extractNumbers,
  numberAtPath,
  numericPaths,
  parsePayloadJson,
  plainNumber,
  skipText,
} from './chart-value.ts'
import { LIMITS } from './limits.ts'

const bytes = (text: string) => new TextEncoder().encode(text)

describe('plainNumber', () => {
  it('reads finite decimal numbers, trimmed, including an explicit + sign', () => {
    const cases: [string, number][] = [
      ['23.5', 23.5],
      ['-4', -4],
      ['1e3', 1000],
      ['1E-3', 0.001],
      ['+2', 2],
      ['.5', 0.5],
      ['5.', 5],
      ['007', 7],
      ['-0', -0],
      ['  42\r\n', 42],
      ['\t-1.25e+2 ', -125],
      ['0.1', 0.1],
      ['1.7976931348623157e308', Number.MAX_VALUE],
    ]
    for (const [text, value] of cases) expect(plainNumber(text), text).toBe(value)
  })

  it('reads true and false as 1 and 0', () => {
    expect(plainNumber('true')).toBe(1)
    expect(plainNumber(' false\n')).toBe(0)
    expect(plainNumber('TRUE')).toBeUndefined()
  })

  it('refuses everything else: empty, hex, NaN, Infinity, separators, units, quotes, overflow', () => {
    for (const text of [
      '',
      '   ',
      '0x10',
      '0b1',
      '0o7',
      'NaN',
      'Infinity',
      '-Infinity',
      '1_000',
      '1,5',
      '23.5 °C',
      '"23.5"',
      '1e400',
      '-1e400',
      '.',
      '+',
      '-',
      'e5',
      '1e',
      '1.2.3',
      '--1',
      'null',
      '[1]',
      '{"v":1}',
    ])
      expect(plainNumber(text), JSON.stringify(text)).toBeUndefined()
  })
})

describe('chartableNumber', () => {
  it('keeps finite numbers and maps booleans to 1 and 0; nothing else', () => {
    expect(chartableNumber(3.25)).toBe(3.25)
    expect(chartableNumber(true)).toBe(1)
    expect(chartableNumber(false)).toBe(0)
    for (const v of ['23.5', null, undefined, [1], { v: 1 }, Infinity, NaN]) expect(chartableNumber(v)).toBeUndefined()
  })
})

describe('extractNumber', () => {
  it('reads a plain payload at the root path without parsing JSON', () => {
    expect(extractNumber(bytes('23.5'), [])).toBe(23.5)
    expect(extractNumber(bytes('\ufeff23.5'), [])).toBe(23.5)
    expect(extractNumber(bytes('true'), [])).toBe(1)
    expect(extractNumber(bytes('on'), [])).toEqual({ skip: 'not-numeric' })
    expect(extractNumber(bytes('{"v": 1}'), [])).toEqual({ skip: 'not-numeric' })
    expect(extractNumber(new Uint8Array([0xff, 0x31]), [])).toEqual({ skip: 'not-numeric' })
    expect(extractNumber(new Uint8Array(), [])).toEqual({ skip: 'not-numeric' })
  })

  it('does not read a plain payload longer than LIMITS.charts.plainBytes', () => {
    const padded = '1' + ' '.repeat(LIMITS.charts.plainBytes - 1)
    expect(extractNumber(bytes(padded), [])).toBe(1)
    expect(extractNumber(bytes(padded + ' '), [])).toEqual({ skip: 'not-numeric' })
  })

  it('takes numbers and booleans at a JSON path', () => {
    const payload = bytes('{"temp": 21.5, "ok": true, "sensors": [{"value": -3}], "id": "0042", "n": null, "o": {}}')
    expect(extractNumber(payload, ['temp'])).toBe(21.5)
    expect(extractNumber(payload, ['ok'])).toBe(1)
    expect(extractNumber(payload, ['sensors', 0, 'value'])).toBe(-3)
  })

  it('does not plot numeric strings, null or containers (not-numeric), and tells missing paths apart', () => {
    const payload = bytes('{"temp": "21.5", "n": null, "o": {}, "a": [1]}')
    expect(extractNumber(payload, ['temp'])).toEqual({ skip: 'not-numeric' })
    expect(extractNumber(payload, ['n'])).toEqual({ skip: 'not-numeric' })
    expect(extractNumber(payload, ['o'])).toEqual({ skip: 'not-numeric' })
    expect(extractNumber(payload, ['a'])).toEqual({ skip: 'not-numeric' })
    expect(extractNumber(payload, ['humidity'])).toEqual({ skip: 'missing' })
    expect(extractNumber(payload, ['a', 1])).toEqual({ skip: 'missing' })
    expect(extractNumber(bytes('23.5'), ['temp'])).toEqual({ skip: 'missing' })
    expect(extractNumber(bytes('{"big": 1e400}'), ['big'])).toEqual({ skip: 'not-numeric' })
  })

  it('skips payloads that are not JSON, not UTF-8, or too large to parse', () => {
    expect(extractNumber(bytes('{"temp": 21.5'), ['temp'])).toEqual({ skip: 'invalid-json' })
    expect(extractNumber(bytes('hello'), ['temp'])).toEqual({ skip: 'invalid-json' })
    expect(extractNumber(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), ['x'])).toEqual({ skip: 'invalid-json' })
    const big = bytes(JSON.stringify({ temp: 1, pad: 'x'.repeat(LIMITS.charts.jsonBytes) }))
    expect(extractNumber(big, ['temp'])).toEqual({ skip: 'too-large' })
    expect(parsePayloadJson(big)).toEqual({ skip: 'too-large' })
  })
})

describe('extractNumbers', () => {
  it('gives each path its value in order, parsing once', () => {
    const payload = bytes('{"a": 1, "b": "x"}')
    expect(extractNumbers(payload, [['a'], ['b'], ['c'], []])).toEqual([1, { skip: 'not-numeric' }, { skip: 'missing' }, { skip: 'not-numeric' }])
    expect(extractNumbers(bytes('7'), [[], ['a']])).toEqual([7, { skip: 'missing' }])
    expect(extractNumbers(bytes('x'), [['a'], ['b']])).toEqual([{ skip: 'invalid-json' }, { skip: 'invalid-json' }])
    expect(extractNumbers(payload, [])).toEqual([])
  })

  it('parses JSON only when a path needs it, and once for all paths', () => {
    const parse = vi.spyOn(JSON, 'parse')
    try {
      expect(extractNumbers(bytes('5'), [[], []])).toEqual([5, 5])
      expect(parse).not.toHaveBeenCalled()
      expect(extractNumbers(bytes('{"a": 1, "b": 2}'), [['a'], [], ['b']])).toEqual([1, { skip: 'not-numeric' }, 2])
      expect(parse).toHaveBeenCalledTimes(1)
    } finally {
      parse.mockRestore()
    }
  })
})

describe('numberAtPath', () => {
  it('extracts from an already parsed value', () => {
    expect(numberAtPath({ a: [0, false] }, ['a', 1])).toBe(0)
    expect(numberAtPath({ a: [0, false] }, ['b'])).toEqual({ skip: 'missing' })
  })
})

describe('skipText', () => {
  it('says how many values were skipped and why', () => {
    expect(skipText('not-numeric', 12)).toBe('12 values not numeric')
    expect(skipText('missing', 1)).toBe('1 value missing')
    expect(skipText('invalid-json', 1234)).toBe('1,234 values not JSON')
    expect(skipText('too-large', 2)).toBe('2 values too large to parse')
    expect(SKIP_REASONS).toEqual(['not-numeric', 'missing', 'invalid-json', 'too-large', 'undecodable', 'inexact'])
  })
})

describe('numericPaths', () => {
  it('lists numbers and booleans in document order, and arrays chartable element-wise', () => {
    const doc = JSON.parse(
      '{"temp": 21.5, "name": "x", "ok": false, "sensors": [{"value": 1}, {"value": "a"}], "xyz": [1, 2, true], "mixed": [1, "a"], "empty": [], "n": null}',
    )
    const result = numericPaths(doc)
    expect(result.truncated).toBe(false)
    expect(result.values).toEqual([
      { path: ['temp'], kind: 'number' },
      { path: ['ok'], kind: 'boolean' },
      { path: ['sensors', 0, 'value'], kind: 'number' },
      { path: ['xyz', 0], kind: 'number' },
      { path: ['xyz', 1], kind: 'number' },
      { path: ['xyz', 2], kind: 'boolean' },
      { path: ['mixed', 0], kind: 'number' },
    ])
    expect(result.arrays).toEqual([{ path: ['xyz'], length: 3 }])
  })

  it('gives the root path for a number or boolean payload, and a top-level number array', () => {
    expect(numericPaths(5)).toEqual({ values: [{ path: [], kind: 'number' }], arrays: [], truncated: false })
    expect(numericPaths([1, 2]).arrays).toEqual([{ path: [], length: 2 }])
    expect(numericPaths('5')).toEqual({ values: [], arrays: [], truncated: false })
  })

  it('stops at the count budget and says so', () => {
    const doc = Array.from({ length: 50 }, (_, i) => ({ v: i }))
    const result = numericPaths(doc, 10)
    expect(result.values).toHaveLength(10)
    expect(result.values[9]!.path).toEqual([9, 'v'])
    expect(result.truncated).toBe(true)
    expect(numericPaths({ a: 1, b: 2 }, 2).truncated).toBe(false)
  })

  it('walks a 100,000-level document without overflowing the stack, offering only paths up to the depth bound', () => {
    const deep = JSON.parse('['.repeat(100_000) + '1' + ']'.repeat(100_000))
    const result = numericPaths(deep)
    expect(result.values).toEqual([])
    expect(result.truncated).toBe(true)
    const shallow = JSON.parse('{"a":'.repeat(3) + '7' + '}'.repeat(3))
    expect(numericPaths(shallow, 10, 3).values).toEqual([{ path: ['a', 'a', 'a'], kind: 'number' }])
    expect(numericPaths(shallow, 10, 2)).toEqual({ values: [], arrays: [], truncated: true })
  })

  it('treats a "__proto__" member as data', () => {
    expect(numericPaths(JSON.parse('{"__proto__": {"x": 1}}')).values).toEqual([{ path: ['__proto__', 'x'], kind: 'number' }])
  })
})
