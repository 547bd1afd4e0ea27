import { describe, expect, it } from 'vitest'
import { Encoder, Tag } from 'cbor-x'
import { encode as msgpackEncode, ExtData } from '@msgpack/msgpack'
import { CBOR_MAX_DEPTH, decodeCbor, scanCbor } from './cbor-payload.ts'
import { decodeMsgpack } from './msgpack-payload.ts'
import { jsonLineText } from './json-lines.ts'
import type { DecodedView } from './decoded-value.ts'

function text(result: { value: DecodedView } | { error: string }): string {
  if ('error' in result) throw new Error(result.error)
  return result.value.lines.map(jsonLineText).join('\n')
}

describe('CBOR', () => {
  const encoder = new Encoder({ useRecords: false, mapsAsObjects: true })

  it('decodes a map written by cbor-x, with 64-bit integers exact', () => {
    const bytes = encoder.encode({ temp: 21.5, ok: true, big: 18446744073709551615n, small: -9007199254740993n, name: 'pump' })
    const shown = text(decodeCbor(bytes))
    expect(shown).toContain('"temp": 21.5')
    expect(shown).toContain('"ok": true')
    expect(shown).toContain('"big": 18446744073709551615')
    expect(shown).toContain('"small": -9007199254740993')
  })

  it('shows tags by number and keeps non-string keys', () => {
    const bytes = encoder.encode(
      new Map<unknown, unknown>([
        [1, new Tag('x', 1234)],
        ['b', new Uint8Array([1, 2, 255])],
      ]),
    )
    const shown = text(decodeCbor(bytes))
    expect(shown).toContain('"1": {')
    expect(shown).toContain('"tag 1234": "x"')
    expect(shown).toContain('"bytes(3) 0102ff"')
  })

  it('decodes indefinite-length arrays and maps, refuses chunked strings (RFC 8949 appendix A vectors)', () => {
    expect(text(decodeCbor(new Uint8Array([0x9f, 0x01, 0x82, 0x02, 0x03, 0xff])))).toBe('[\n  1\n  [\n    2\n    3\n  ]\n]')
    expect(text(decodeCbor(new Uint8Array([0xbf, 0x61, 0x61, 0x01, 0xff])))).toContain('"a": 1')
    const chunked = decodeCbor(new Uint8Array([0x7f, 0x65, 0x73, 0x74, 0x72, 0x65, 0x61, 0x64, 0x6d, 0x69, 0x6e, 0x67, 0xff]))
    expect(chunked).toEqual({ error: 'not CBOR: indefinite-length (chunked) text strings are not supported (at byte 0)' })
  })

  it('refuses 10,000 levels of nesting with a reason instead of overflowing the stack', () => {
    const deep = new Uint8Array(10_001).fill(0x81)
    deep[10_000] = 0x01
    const result = decodeCbor(deep)
    expect(result).toEqual({ error: expect.stringContaining(`nested more than ${CBOR_MAX_DEPTH} levels deep`) as string })
    const ok = new Uint8Array(501).fill(0x81)
    ok[500] = 0x01
    expect('value' in decodeCbor(ok)).toBe(true)
  })

  it('refuses huge declared lengths, truncation, stray breaks and trailing bytes without allocating', () => {
    const started = Date.now()
    expect(scanCbor(new Uint8Array([0x9b, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff]))).toMatch(/declares 1099511627775 entries but only 0 bytes remain/)
    expect(scanCbor(new Uint8Array([0x5a, 0xff, 0xff, 0xff, 0xff, 0x00]))).toMatch(/declares 4294967295 bytes but only 1 remain/)
    expect(scanCbor(new Uint8Array([0x82, 0x19, 0x01]))).toMatch(/truncated: the head at byte 1 needs 2 more bytes/)
    expect(scanCbor(new Uint8Array([0x01, 0xff]))).toMatch(/1 bytes follow/)
    expect(scanCbor(new Uint8Array([0x82, 0x01, 0xff]))).toMatch(/unexpected "break"/)
    expect(decodeCbor(new Uint8Array([0x9f, 0x01]))).toEqual({ error: expect.stringMatching(/^not CBOR: truncated/) as string })
    expect(decodeCbor(new Uint8Array())).toEqual({ error: 'not CBOR: the payload is empty' })
    expect(Date.now() - started).toBeLessThan(3_000)
  })
})

describe('MessagePack', () => {
  it('decodes a map written by @msgpack/msgpack, with 64-bit integers exact', () => {
    const bytes = msgpackEncode({ t: 1.25, on: false, u64: 18446744073709551615n, i64: -9223372036854775808n, n: 5n }, { useBigInt64: true })
    const shown = text(decodeMsgpack(bytes))
    expect(shown).toContain('"t": 1.25')
    expect(shown).toContain('"on": false')
    expect(shown).toContain('"u64": 18446744073709551615')
    expect(shown).toContain('"i64": -9223372036854775808')
    expect(shown).toContain('"n": 5')
  })

  it('shows extension types by number and timestamps as dates', () => {
    const bytes = msgpackEncode([new ExtData(5, new Uint8Array([7, 8])), new Date(Date.UTC(2024, 0, 2, 3, 4, 5))])
    const shown = text(decodeMsgpack(bytes))
    expect(shown).toContain('"ext 5": "bytes(2) 0708"')
    expect(shown).toContain('"ext -1 (timestamp)": "2024-01-02T03:04:05.000Z"')
  })

  it('decodes 10,000 levels of nesting without overflowing the stack', () => {
    const deep = new Uint8Array(10_001).fill(0x91)
    deep[10_000] = 0x01
    const result = decodeMsgpack(deep)
    if ('error' in result) throw new Error(result.error)
    expect(result.value.lines.length).toBeGreaterThan(10_000)
  })

  it('refuses huge declared lengths and truncated data with a reason', () => {
    for (const bytes of [
      [0xdd, 0xff, 0xff, 0xff, 0xff],
      [0xc6, 0xff, 0xff, 0xff, 0xff],
      [0xdb, 0xff, 0xff, 0xff, 0xff, 0x61],
      [0xdf, 0xff, 0xff, 0xff, 0xff],
      [0x92, 0x01],
    ]) {
      expect(decodeMsgpack(new Uint8Array(bytes))).toEqual({ error: expect.stringMatching(/^not MessagePack: /) as string })
    }
  })
})
