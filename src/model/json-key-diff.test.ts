import { describe, expect, it } from 'vitest'
import { compactJson, diffJsonKeys, type KeyDiff } from './json-key-diff.ts'

/** "path change before → after" per change, for short assertions. */
function brief(diff: KeyDiff): string[] {
  return diff.changes.map((c) => `${c.path} ${c.change} ${c.before ?? '∅'} → ${c.after ?? '∅'}`)
}

describe('diffJsonKeys', () => {
  it('lists changed, added and removed keys by path, in document order; unchanged keys are left out', () => {
    const before = { sensor: { temp: 20, hum: 40 }, tags: ['a'], ok: true, step: 1 }
    const after = { sensor: { temp: 22, hum: 40 }, tags: ['a', 'b'], step: 4, mode: 'eco' }
    const diff = diffJsonKeys(before, after)
    expect(brief(diff)).toEqual(['sensor.temp changed 20 → 22', 'tags[1] added ∅ → "b"', 'ok removed true → ∅', 'step changed 1 → 4', 'mode added ∅ → "eco"'])
    expect(diff).toMatchObject({ added: 2, removed: 1, changed: 2, unlisted: 0 })
  })

  it('finds nothing between equal values, whatever the key order', () => {
    const diff = diffJsonKeys({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })
    expect(diff).toEqual({ changes: [], added: 0, removed: 0, changed: 0, unlisted: 0 })
  })

  it('lists an added or removed member once, with its whole value', () => {
    const diff = diffJsonKeys({ keep: 1, gone: { x: [1, 2] } }, { keep: 1, fresh: { y: { z: true } } })
    expect(brief(diff)).toEqual(['gone removed {"x":[1,2]} → ∅', 'fresh added ∅ → {"y":{"z":true}}'])
  })

  it('shows a change of type as one change at its path', () => {
    expect(brief(diffJsonKeys({ v: { a: 1 } }, { v: 5 }))).toEqual(['v changed {"a":1} → 5'])
    expect(brief(diffJsonKeys({ v: [1] }, { v: { 0: 1 } }))).toEqual(['v changed [1] → {"0":1}'])
    expect(brief(diffJsonKeys({ v: '1' }, { v: 1 }))).toEqual(['v changed "1" → 1'])
    expect(brief(diffJsonKeys({ v: null }, { v: false }))).toEqual(['v changed null → false'])
  })

  it('compares arrays by index: shorter, longer, and top-level', () => {
    expect(brief(diffJsonKeys([1, 2, 3], [1, 5]))).toEqual(['[1] changed 2 → 5', '[2] removed 3 → ∅'])
    expect(brief(diffJsonKeys([], [{ a: 1 }]))).toEqual(['[0] added ∅ → {"a":1}'])
  })

  it('names the whole value with the empty path when the roots differ in kind or value', () => {
    expect(brief(diffJsonKeys({ a: 1 }, [1]))).toEqual([' changed {"a":1} → [1]'])
    expect(brief(diffJsonKeys(1, 2))).toEqual([' changed 1 → 2'])
  })

  it('writes odd key names as json-path does: quoted, with invisible characters escaped', () => {
    const diff = diffJsonKeys({ 'a b': 1, 'rtl\u202e': 1, '0': 1 }, { 'a b': 2, 'rtl\u202e': 2, '0': 2 })
    expect(diff.changes.map((c) => c.path).sort()).toEqual(['["0"]', '["a b"]', '["rtl\\u202e"]'])
  })

  it('escapes control and bidi characters in the values it shows, and keeps markup as text', () => {
    const diff = diffJsonKeys({ s: '<b>x</b>' }, { s: 'x\u202e\u0007' })
    expect(diff.changes[0]).toMatchObject({ before: '"<b>x</b>"', after: '"x\\u{202e}\\u0007"' })
  })

  it('treats __proto__ and constructor as ordinary keys', () => {
    const before = JSON.parse('{"__proto__": {"x": 1}, "constructor": 1}') as unknown
    const after = JSON.parse('{"__proto__": {"x": 2}}') as unknown
    expect(brief(diffJsonKeys(before, after))).toEqual(['__proto__.x changed 1 → 2', 'constructor removed 1 → ∅'])
  })

  it('lists at most maxChanges, counting the rest', () => {
    const before = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]))
    const after = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i + 1]))
    const diff = diffJsonKeys(before, after, { maxChanges: 10, valueChars: 20 })
    expect(diff.changes).toHaveLength(10)
    expect(diff).toMatchObject({ changed: 50, unlisted: 40 })
    expect(diff.changes[9]!.path).toBe('k9')
  })

  it('handles 100,000 levels of nesting without recursion', () => {
    const deep = (leaf: number) => {
      let v: unknown = leaf
      for (let i = 0; i < 100_000; i++) v = { n: v }
      return v
    }
    const diff = diffJsonKeys(deep(1), deep(2))
    expect(diff.changed).toBe(1)
    // A long path keeps its end.
    expect(diff.changes[0]!.path).toBe(`….${Array.from({ length: 120 }, () => 'n').join('.')}`)
    expect(diff.changes[0]).toMatchObject({ before: '1', after: '2' })
  })
})

describe('compactJson', () => {
  it('writes compact JSON and cuts it with an ellipsis', () => {
    expect(compactJson({ a: [1, 'x', null, true], b: {} }, 100)).toBe('{"a":[1,"x",null,true],"b":{}}')
    expect(compactJson({ long: 'abcdefghij' }, 10)).toBe('{"long":"a…')
    expect(compactJson([], 5)).toBe('[]')
  })

  it('stops early on a huge or deeply nested value', () => {
    let deep: unknown = 0
    for (let i = 0; i < 100_000; i++) deep = [deep]
    expect(compactJson(deep, 8)).toBe('[[[[[[[[…')
    const big = { big: Array.from({ length: 1_000_000 }, (_, i) => i) }
    const started = performance.now()
    expect(compactJson(big, 12)).toBe('{"big":[0,1,…')
    expect(performance.now() - started).toBeLessThan(500)
  })
})
