import { describe, expect, it } from 'vitest'
import { jsonLines, jsonPathAt } from './json-lines.ts'
import { type Segment, formatPath, parsePath, pathOfLine, samePath, valueAtPath } from './json-path.ts'

describe('formatPath', () => {
  it('writes identifiers bare, indexes in brackets and other names as JSON strings', () => {
    expect(formatPath([])).toBe('')
    expect(formatPath(['temp'])).toBe('temp')
    expect(formatPath(['sensors', 0, 'value'])).toBe('sensors[0].value')
    expect(formatPath(['odd key', 'x'])).toBe('["odd key"].x')
    expect(formatPath([2])).toBe('[2]')
    expect(formatPath(['a', '0'])).toBe('a["0"]')
    expect(formatPath(['$x', 'a-b', '', 'é'])).toBe('["$x"]["a-b"][""]["é"]')
    expect(formatPath(['say "hi"'])).toBe('["say \\"hi\\""]')
  })

  it('escapes control, bidi and zero-width characters so a label cannot hide or reorder text', () => {
    const text = formatPath(['a\nb', 'x\u202ey', '\u200b', '\ud800'])
    expect(text).toBe('["a\\nb"]["x\\u202ey"]["\\u200b"]["\\ud800"]')
    expect(parsePath(text)).toEqual({ path: ['a\nb', 'x\u202ey', '\u200b', '\ud800'] })
  })
})

describe('parsePath', () => {
  it('reads every form formatPath writes', () => {
    expect(parsePath('')).toEqual({ path: [] })
    expect(parsePath('temp')).toEqual({ path: ['temp'] })
    expect(parsePath('sensors[0].value')).toEqual({ path: ['sensors', 0, 'value'] })
    expect(parsePath('["odd key"].x')).toEqual({ path: ['odd key', 'x'] })
    expect(parsePath('a["0"][12]')).toEqual({ path: ['a', '0', 12] })
    expect(parsePath('["a\\"]b"]')).toEqual({ path: ['a"]b'] })
  })

  it("accepts the inspector's $-rooted form and jq's leading dot", () => {
    expect(parsePath('$')).toEqual({ path: [] })
    expect(parsePath('$.a[3]["b c"]')).toEqual({ path: ['a', 3, 'b c'] })
    expect(parsePath('.a.b')).toEqual({ path: ['a', 'b'] })
  })

  it('reports what is wrong and where, as a value', () => {
    expect(parsePath('a.')).toEqual({ error: 'expected a name', offset: 2 })
    expect(parsePath('a..b')).toMatchObject({ offset: 2 })
    expect(parsePath('a[')).toEqual({ error: "missing ']'", offset: 1 })
    expect(parsePath('a[01]')).toMatchObject({ offset: 2 })
    expect(parsePath('a[-1]')).toMatchObject({ offset: 2 })
    expect(parsePath('a[1.5]')).toMatchObject({ offset: 2 })
    expect(parsePath('a[9007199254740992]')).toEqual({ error: 'index too large', offset: 2 })
    expect(parsePath('a["b"')).toEqual({ error: "expected ']' after the name", offset: 5 })
    expect(parsePath('a["b')).toEqual({ error: 'unterminated name', offset: 1 })
    expect(parsePath('a["\\x"]')).toEqual({ error: 'the name is not a valid JSON string', offset: 2 })
    expect(parsePath('a["\n"]')).toEqual({ error: 'the name is not a valid JSON string', offset: 2 })
    expect(parsePath("a['b']")).toMatchObject({ offset: 2 })
    expect(parsePath('[0]a')).toEqual({ error: "expected '.' or '['", offset: 3 })
    expect(parsePath('$a')).toMatchObject({ offset: 1 })
    expect(parsePath('1a')).toMatchObject({ offset: 0 })
    expect(parsePath('a b')).toMatchObject({ offset: 1 })
    expect(parsePath('a.b-c')).toMatchObject({ offset: 3 })
  })

  it('is the exact inverse of formatPath', () => {
    // Deterministic pseudo-random paths over awkward names.
    const names = ['a', '_b9', '0', '', ' ', '$', '.', '[', ']', '"', '\\', 'a.b', 'x[0]', '\n', '\u202e', '\ud83d\ude00', '__proto__', 'é']
    let seed = 7
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31)
    for (let n = 0; n < 500; n++) {
      const path: Segment[] = []
      const length = next() % 6
      for (let k = 0; k < length; k++) path.push(next() % 3 === 0 ? next() % 1000 : names[next() % names.length]!)
      expect(parsePath(formatPath(path))).toEqual({ path })
    }
  })
})

describe('valueAtPath', () => {
  const doc = JSON.parse('{"temp": 21.5, "sensors": [{"value": 1}, {"value": null}], "0": "zero", "n": {"a b": false}}')

  it('follows names into objects and indexes into arrays', () => {
    expect(valueAtPath(doc, [])).toEqual({ value: doc })
    expect(valueAtPath(doc, ['temp'])).toEqual({ value: 21.5 })
    expect(valueAtPath(doc, ['sensors', 0, 'value'])).toEqual({ value: 1 })
    expect(valueAtPath(doc, ['sensors', 1, 'value'])).toEqual({ value: null })
    expect(valueAtPath(doc, ['n', 'a b'])).toEqual({ value: false })
    expect(valueAtPath(doc, ['0'])).toEqual({ value: 'zero' })
  })

  it('says missing for paths that are not there, without reaching into prototypes', () => {
    expect(valueAtPath(doc, ['nope'])).toBeUndefined()
    expect(valueAtPath(doc, ['sensors', 2])).toBeUndefined()
    expect(valueAtPath(doc, ['sensors', -1])).toBeUndefined()
    expect(valueAtPath(doc, ['sensors', 0.5])).toBeUndefined()
    expect(valueAtPath(doc, ['sensors', 'length'])).toBeUndefined()
    expect(valueAtPath(doc, ['sensors', '0'])).toBeUndefined() // a name is not an index
    expect(valueAtPath(['x'], ['0'])).toBeUndefined()
    expect(valueAtPath({ '0': 1 }, [0])).toBeUndefined() // an index is not a name
    expect(valueAtPath(doc, ['temp', 'x'])).toBeUndefined()
    expect(valueAtPath(doc, ['toString'])).toBeUndefined()
    expect(valueAtPath(doc, ['__proto__'])).toBeUndefined()
    expect(valueAtPath(null, ['a'])).toBeUndefined()
    expect(valueAtPath('text', [0])).toBeUndefined()
  })

  it('finds a "__proto__" member that the payload really has', () => {
    expect(valueAtPath(JSON.parse('{"__proto__": {"x": 3}}'), ['__proto__', 'x'])).toEqual({ value: 3 })
  })
})

describe('pathOfLine', () => {
  it("gives the segments of every line of the inspector's JSON view, matching its text path", () => {
    const { lines } = jsonLines(JSON.parse('{"a": [1, {"b c": true}], "0": {"x": 2}}'))
    for (let i = 0; i < lines.length; i++) {
      expect('$' + formatPath(pathOfLine(lines, i)).replace(/^(?=[A-Za-z_])/, '.')).toBe(jsonPathAt(lines, i))
    }
    // JavaScript puts the integer-like name "0" first: lines are $, "0", x, close, a, 1, {, "b c", ...
    expect(
      pathOfLine(
        lines,
        lines.findIndex((l) => l.key === 'b c'),
      ),
    ).toEqual(['a', 1, 'b c'])
    expect(
      pathOfLine(
        lines,
        lines.findIndex((l) => l.key === 'x'),
      ),
    ).toEqual(['0', 'x'])
    expect(pathOfLine(lines, 0)).toEqual([])
  })
})

describe('samePath', () => {
  it('compares segment by segment, telling names from indexes', () => {
    expect(samePath(['a', 0], ['a', 0])).toBe(true)
    expect(samePath(['a', 0], ['a', '0'])).toBe(false)
    expect(samePath([], [])).toBe(true)
    expect(samePath(['a'], ['a', 'b'])).toBe(false)
  })
})
