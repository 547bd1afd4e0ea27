import { describe, expect, it } from 'vitest'
import { escapeInvisible, previewPayload, toHex } from './payload-preview.ts'

const utf8 = (s: string) => new TextEncoder().encode(s)

describe('previewPayload', () => {
  it('shows short UTF-8 text whole', () => {
    expect(previewPayload(utf8('{"t":21.5}'), 200)).toEqual({ text: '{"t":21.5}', cut: false, binary: false })
  })

  it('cuts long text to maxChars and says so', () => {
    const p = previewPayload(utf8('x'.repeat(1000)), 200)
    expect(p.text).toHaveLength(200)
    expect(p.cut).toBe(true)
  })

  it('decodes only a window of a huge payload, even when it ends inside a multi-byte character', () => {
    const big = utf8('€'.repeat(5_000_000 / 3))
    const p = previewPayload(big, 100)
    expect(p).toMatchObject({ text: '€'.repeat(100), cut: true, binary: false })
  })

  it('shows invalid UTF-8 as hex and marks it binary', () => {
    expect(previewPayload(new Uint8Array([0xff, 0xfe, 0x00, 0x41]), 200)).toEqual({ text: 'ff fe 00 41', cut: false, binary: true })
  })

  it('escapes control and bidi characters so a row cannot hide or reorder text', () => {
    expect(previewPayload(utf8('a\u0007b\u202ec\nd\u200b'), 200).text).toBe('a\\u{0007}b\\u{202e}c\\nd\\u{200b}')
    expect(escapeInvisible('\u2066x\u2069\t')).toBe('\\u{2066}x\\u{2069}\\t')
  })

  it('keeps HTML as the literal text it is', () => {
    expect(previewPayload(utf8('<img src=x onerror=alert(1)>'), 200).text).toBe('<img src=x onerror=alert(1)>')
  })

  it('formats hex with spaces', () => {
    expect(toHex(new Uint8Array([0, 15, 255]))).toBe('00 0f ff')
  })
})
