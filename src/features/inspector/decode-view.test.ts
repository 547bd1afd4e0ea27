import { describe, expect, it } from 'vitest'
import { utf8SafeCut } from '@/model/display-window.ts'
import { LIMITS } from '@/model/limits.ts'
import { decodeView, hexRow, PAGE_BYTES } from './decode-view.ts'

const utf8 = new TextEncoder()
const MAX = LIMITS.display.bytes

function whole(bytes: Uint8Array) {
  return { offset: 0, bytes, textBytes: bytes.length, totalBytes: bytes.length }
}

describe('decodeView (the inspector views, from the window the worker sent)', () => {
  it('labels a cut window against the whole payload, for every view', () => {
    const payload = utf8.encode('a'.repeat(MAX - 1) + 'é' + 'b'.repeat(600_000 - MAX - 1))
    const input = { offset: 0, bytes: payload.slice(0, MAX), textBytes: utf8SafeCut(payload, MAX).length, totalBytes: payload.length }
    const text = decodeView('text', input)
    expect(text.label).toBe('showing 262,143 of 600,000 bytes')
    expect(text.view === 'text' && text.text.text.length).toBe(MAX - 1)
    expect(decodeView('hex', input).label).toBe('showing 262,144 of 600,000 bytes')
    expect(decodeView('base64', input).label).toBe('showing 262,143 of 600,000 bytes')
    const json = decodeView('json', input)
    expect(json.view === 'json' && json.error).toMatch(/^too large to parse as JSON: 600,000 bytes/)
  })

  it('pages: hex offsets count from the payload start, base64 windows are slices of the whole encoding', () => {
    const payload = new Uint8Array(600_000).map((_, i) => i * 7)
    const page = PAGE_BYTES.hex
    const hex = decodeView('hex', { offset: page, bytes: payload.slice(page, 2 * page), textBytes: 0, totalBytes: payload.length })
    expect(hex.label).toBe('showing 262,144 of 600,000 bytes (from byte 262,144)')
    if (hex.view !== 'hex') throw new Error('not hex')
    expect(hex.rows).toBe(page / 16)
    expect(hexRow(hex, 0).offset).toBe(page)
    expect(hexRow(hex, 1).hex.slice(0, 2)).toBe((((page + 16) * 7) % 256).toString(16).padStart(2, '0'))
    // Narrower rows where 16 bytes do not fit: row 3 of 8 bytes starts at byte 24 of the window.
    expect(hexRow(hex, 3, 8)).toMatchObject({ offset: page + 24 })
    expect(hexRow(hex, 3, 8).ascii).toHaveLength(8)
    const b = PAGE_BYTES.base64
    const last = decodeView('base64', { offset: 2 * b, bytes: payload.slice(2 * b), textBytes: 0, totalBytes: payload.length })
    const all = Buffer.from(payload).toString('base64')
    expect(last.view === 'base64' && last.text).toBe(all.slice(((2 * b) / 3) * 4))
  })

  it('shows JSON, and says why invalid JSON that looks like JSON is not', () => {
    const ok = decodeView('json', whole(utf8.encode('{"a":[1,2]}')))
    expect(ok.view === 'json' && ok.json?.lines.length).toBe(6)
    expect(ok.label).toBe('11 bytes')
    const bad = decodeView('json', whole(utf8.encode('{"a": 1,, }')))
    expect(bad.view === 'json' && bad.error).toMatch(/^not valid JSON at line 1, column 9/)
  })

  it('says why text that looks like JSON is not JSON', () => {
    const bytes = utf8.encode('{"a": 1,}')
    const view = decodeView('text', { ...whole(bytes), detected: 'text' })
    expect(view.view === 'text' && view.jsonError).toMatch(/^not valid JSON at line 1, column 9/)
    const plain = decodeView('text', { ...whole(utf8.encode('hello')), detected: 'text' })
    expect(plain.view === 'text' && plain.jsonError).toBeUndefined()
  })

  it('shows invalid UTF-8 as text with \\xNN escapes and says so', () => {
    const view = decodeView('text', whole(new Uint8Array([0x61, 0xff, 0x62])))
    expect(view.view === 'text' && [view.text.text, view.text.invalidBytes, view.error]).toEqual(['a\\xffb', 1, 'not valid UTF-8 (first bad byte at offset 1)'])
  })

  it('decodes 10,000 levels of JSON quickly, as flat lines', () => {
    const started = performance.now()
    const view = decodeView('json', whole(utf8.encode('['.repeat(10_000) + ']'.repeat(10_000))))
    expect(view.view === 'json' && view.json?.lines.length).toBe(19_999)
    expect(performance.now() - started).toBeLessThan(1000)
  })
})
