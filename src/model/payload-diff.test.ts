import { describe, expect, it } from 'vitest'
import { LIMITS } from './limits.ts'
import { type PayloadDiff, diffPayloads } from './payload-diff.ts'

const utf8 = (s: string) => new TextEncoder().encode(s)

/** Hunks as short strings: "-x", "+y", " z", "…3". */
function brief(diff: PayloadDiff): string[] {
  if (diff.kind !== 'lines') throw new Error(`expected lines, got ${JSON.stringify(diff)}`)
  return diff.hunks.flatMap((h) => (h.op === 'skipped' ? [`…${h.count}`] : h.lines.map((l) => ({ same: ' ', added: '+', removed: '-' })[h.op] + l)))
}

function timed<T>(run: () => T): { result: T; ms: number } {
  const started = performance.now()
  const result = run()
  return { result, ms: performance.now() - started }
}

describe('diffPayloads', () => {
  it('says identical for the same bytes, text or binary', () => {
    expect(diffPayloads(utf8('{"a":1}'), utf8('{"a":1}'))).toEqual({ kind: 'identical' })
    expect(diffPayloads(new Uint8Array([0, 255]), new Uint8Array([0, 255]))).toEqual({ kind: 'identical' })
    expect(diffPayloads(new Uint8Array(0), new Uint8Array(0))).toEqual({ kind: 'identical' })
  })

  it('diffs text line by line', () => {
    const diff = diffPayloads(utf8('one\ntwo\nthree'), utf8('one\n2\nthree\nfour'))
    expect(diff).toMatchObject({ kind: 'lines', format: 'text', added: 2, removed: 1 })
    expect(brief(diff)).toEqual([' one', '-two', '+2', ' three', '+four'])
  })

  it('diffs JSON as pretty-printed lines, so reformatting alone changes nothing', () => {
    const compact = utf8('{"temp":21.5,"tags":["a","b"]}')
    const pretty = utf8('{\n  "temp": 21.5,\n  "tags": [ "a", "b" ]\n}\n')
    const diff = diffPayloads(compact, pretty)
    expect(diff).toMatchObject({ kind: 'lines', format: 'json', added: 0, removed: 0 })
    expect(brief(diff)).toEqual(['…7'])
  })

  it('shows a JSON change as the changed member', () => {
    const diff = diffPayloads(utf8('{"temp":21.5,"unit":"C","tags":["a"]}'), utf8('{"temp":22,"unit":"C","tags":["a","b"]}'))
    expect(diff).toMatchObject({ format: 'json', added: 2, removed: 1 })
    expect(brief(diff)).toEqual([' {', '-  "temp": 21.5', '+  "temp": 22', '   "unit": "C"', '   "tags": [', '     "a"', '+    "b"', '   ]', ' }'])
  })

  it('falls back to text when one side is not valid JSON', () => {
    const diff = diffPayloads(utf8('{"a":1}'), utf8('{"a":1,}'))
    expect(diff).toMatchObject({ kind: 'lines', format: 'text' })
    expect(brief(diff)).toEqual(['-{"a":1}', '+{"a":1,}'])
  })

  it('escapes control and bidi characters in the lines it returns, and keeps HTML as text', () => {
    const diff = diffPayloads(utf8('ok\n<b>x</b>'), utf8('ok\n<b>x</b>\u202e\tend\r'))
    expect(brief(diff)).toEqual([' ok', '-<b>x</b>', '+<b>x</b>\\u{202e}\\tend\\r'])
    const json = diffPayloads(utf8('{"k":"a"}'), utf8('{"k":"a\\u202e\\u0000"}'))
    expect(brief(json)).toContain('+  "k": "a\\u{202e}\\u0000"')
  })

  it('summarizes binary payloads byte by byte', () => {
    const a = new Uint8Array([0, 1, 2, 3, 4, 5, 0xff])
    const b = new Uint8Array([0, 1, 9, 3, 9, 5, 0xff])
    expect(diffPayloads(a, b)).toEqual({ kind: 'bytes', sameLength: true, firstDifference: 2, changedBytes: 2, oldBytes: 7, newBytes: 7 })
    expect(diffPayloads(a, a.subarray(0, 5))).toEqual({ kind: 'bytes', sameLength: false, firstDifference: 5, changedBytes: 2, oldBytes: 7, newBytes: 5 })
  })

  it('compares text with binary as bytes', () => {
    expect(diffPayloads(utf8('hi'), new Uint8Array([0x68, 0xff]))).toMatchObject({ kind: 'bytes', firstDifference: 1, changedBytes: 1 })
  })

  it('compares what the views call binary as bytes: control-heavy UTF-8 too, at any size', () => {
    expect(diffPayloads(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toMatchObject({ kind: 'bytes', firstDifference: 2 })
    const big = new Uint8Array(1024 * 1024).fill(7)
    expect(diffPayloads(big, big.slice(1))).toMatchObject({ kind: 'bytes', firstDifference: big.length - 1 })
  })

  it('diffs deeply nested JSON without recursion, and bounds it by lines', () => {
    const nested = (depth: number, leaf: string) => utf8('['.repeat(depth) + leaf + ']'.repeat(depth))
    const small = diffPayloads(nested(2_000, '1'), nested(2_000, '2'))
    expect(small).toMatchObject({ kind: 'lines', format: 'json', added: 1, removed: 1 })
    const { result, ms } = timed(() => diffPayloads(nested(10_000, '1'), nested(10_000, '2')))
    expect(result).toEqual({ kind: 'too-large', reason: 'more than 5,000 lines' })
    expect(ms).toBeLessThan(1_000)
  })

  it("compares JSON by key path when asked ('keys'); text stays a line diff", () => {
    const before = utf8('{"sensor":{"temp":20,"hum":40},"ok":true}')
    const after = utf8('{\n  "sensor": {"temp": 22, "hum": 40},\n  "mode": "eco"\n}')
    const diff = diffPayloads(before, after, LIMITS.diff, 'keys')
    expect(diff).toMatchObject({ kind: 'keys', added: 1, removed: 1, changed: 1, unlisted: 0 })
    if (diff.kind !== 'keys') throw new Error('keys')
    expect(diff.changes.map((c) => [c.path, c.change, c.before, c.after])).toEqual([
      ['sensor.temp', 'changed', '20', '22'],
      ['ok', 'removed', 'true', undefined],
      ['mode', 'added', undefined, '"eco"'],
    ])
    // Reformatted or reordered only: no key changed.
    expect(diffPayloads(utf8('{"a":1,"b":[1,2]}'), utf8('{ "b": [1, 2], "a": 1 }'), LIMITS.diff, 'keys')).toMatchObject({ kind: 'keys', changes: [] })
    // Text, and JSON against text, are still compared by line.
    expect(diffPayloads(utf8('one'), utf8('two'), LIMITS.diff, 'keys')).toMatchObject({ kind: 'lines', format: 'text' })
    expect(diffPayloads(utf8('{"a":1}'), utf8('{"a":1,}'), LIMITS.diff, 'keys')).toMatchObject({ kind: 'lines', format: 'text' })
  })

  it('lists at most editDistance key changes, counting the rest', () => {
    const doc = (k: number) => utf8(JSON.stringify(Array.from({ length: 2_000 }, (_, i) => i * k)))
    const diff = diffPayloads(doc(1), doc(2), LIMITS.diff, 'keys')
    expect(diff).toMatchObject({ kind: 'keys', changed: 1_999, unlisted: 1_999 - LIMITS.diff.editDistance })
  })

  describe('bounds', () => {
    it('refuses text over LIMITS.diff.textBytes, saying why', () => {
      const big = utf8('x'.repeat(LIMITS.diff.textBytes + 1))
      expect(diffPayloads(big, utf8('y'))).toEqual({ kind: 'too-large', reason: 'text larger than 262,144 bytes' })
    })

    it('refuses more than LIMITS.diff.lines lines', () => {
      const many = utf8('a\n'.repeat(LIMITS.diff.lines))
      expect(diffPayloads(many, utf8('b'))).toEqual({ kind: 'too-large', reason: 'more than 5,000 lines' })
    })

    it('refuses binary payloads over LIMITS.diff.binaryBytes', () => {
      const huge = new Uint8Array(LIMITS.diff.binaryBytes + 1)
      expect(diffPayloads(huge, huge)).toEqual({ kind: 'too-large', reason: 'payload larger than 16,777,216 bytes' })
    })

    it('takes its limits as a parameter', () => {
      const limits = { ...LIMITS.diff, lines: 2 }
      expect(diffPayloads(utf8('a\nb\nc'), utf8('a'), limits)).toEqual({ kind: 'too-large', reason: 'more than 2 lines' })
    })

    it('gives up fast on pathological input: 5,000 unrelated lines on each side', () => {
      const before = utf8(Array.from({ length: 5000 }, (_, i) => `before ${i}`).join('\n'))
      const after = utf8(Array.from({ length: 5000 }, (_, i) => `after ${i}`).join('\n'))
      const { result, ms } = timed(() => diffPayloads(before, after))
      expect(result).toEqual({ kind: 'too-large', reason: 'more than 500 changed lines' })
      expect(ms).toBeLessThan(1_000)
    })

    it('gives up fast on pathological input: long common runs between many changes', () => {
      const lines = Array.from({ length: 5000 }, (_, i) => (i % 2 ? 'a' : 'b'))
      const other = Array.from({ length: 5000 }, (_, i) => (i % 3 ? 'a' : 'b'))
      const { result, ms } = timed(() => diffPayloads(utf8(lines.join('\n')), utf8(other.join('\n'))))
      expect(result.kind).toBe('too-large')
      expect(ms).toBeLessThan(1_000)
    })

    it('finishes within the bound on 5,000 lines with a change every 20th line', () => {
      const lines = Array.from({ length: 5000 }, (_, i) => `line ${i}`)
      const changed = lines.map((l, i) => (i % 20 === 0 ? `${l}!` : l))
      const { result, ms } = timed(() => diffPayloads(utf8(lines.join('\n')), utf8(changed.join('\n'))))
      expect(result).toMatchObject({ kind: 'lines', added: 250, removed: 250 })
      expect(ms).toBeLessThan(1_000)
    })

    it('compares 16 MB binary payloads within the bound', () => {
      const a = new Uint8Array(LIMITS.diff.binaryBytes).fill(0xff)
      const b = a.slice()
      b[12_345_678] = 0
      const { result, ms } = timed(() => diffPayloads(a, b))
      expect(result).toMatchObject({ kind: 'bytes', firstDifference: 12_345_678, changedBytes: 1 })
      expect(ms).toBeLessThan(1_000)
    })
  })
})
