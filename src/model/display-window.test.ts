import { describe, expect, it } from 'vitest'
import { describeWindow, displayWindow, formatBytes, utf8SafeCut } from './display-window.ts'
import { LIMITS } from './limits.ts'

const utf8 = (s: string) => new TextEncoder().encode(s)
const strict = new TextDecoder('utf-8', { fatal: true })

describe('displayWindow', () => {
  it('says "showing X of Y bytes" with en grouping when the payload is cut', () => {
    expect(displayWindow(600_000, 262_144)).toEqual({ shownBytes: 262_144, totalBytes: 600_000, cut: true, label: 'showing 262,144 of 600,000 bytes' })
  })

  it('says only the size when everything is shown', () => {
    expect(displayWindow(1234, 262_144)).toEqual({ shownBytes: 1234, totalBytes: 1234, cut: false, label: '1,234 bytes' })
    expect(displayWindow(262_144, 262_144).cut).toBe(false)
    expect(displayWindow(1).label).toBe('1 byte')
    expect(displayWindow(0).label).toBe('0 bytes')
  })

  it('uses LIMITS.display.bytes by default', () => {
    expect(displayWindow(300 * 1024 * 1024).shownBytes).toBe(LIMITS.display.bytes)
    expect(displayWindow(300 * 1024 * 1024).label).toBe('showing 262,144 of 314,572,800 bytes')
  })

  it('describes a window the caller chose', () => {
    expect(describeWindow(262_142, 600_000).label).toBe('showing 262,142 of 600,000 bytes')
    expect(describeWindow(0, 1).label).toBe('showing 0 of 1 byte')
    expect(formatBytes(1_000_000)).toBe('1,000,000 bytes')
  })
})

describe('utf8SafeCut', () => {
  it('returns the payload itself when it fits', () => {
    const bytes = utf8('héllo')
    expect(utf8SafeCut(bytes, 100)).toBe(bytes)
  })

  it('never ends inside a 2, 3 or 4 byte character', () => {
    for (const ch of ['é', '€', '😀']) {
      const n = utf8(ch).length
      const bytes = utf8('a' + ch + 'b') // the character sits at offsets 1..n
      for (let limit = 1; limit <= n + 1; limit++) {
        const cut = utf8SafeCut(bytes, limit)
        expect(cut.length).toBe(limit <= n ? 1 : n + 1)
        expect(() => strict.decode(cut)).not.toThrow()
      }
    }
  })

  it('cuts a long multi-byte text at the largest boundary at or below the limit', () => {
    const bytes = utf8('€'.repeat(100_000)) // 3 bytes each
    expect(utf8SafeCut(bytes, 262_144).length).toBe(262_143)
    expect(utf8SafeCut(bytes, 262_143).length).toBe(262_143)
    expect(utf8SafeCut(utf8('😀'.repeat(10)), 9).length).toBe(8)
  })

  it('keeps the limit on invalid UTF-8 (stray continuation bytes are not a character)', () => {
    expect(utf8SafeCut(new Uint8Array(10).fill(0x80), 5).length).toBe(5)
    // A complete 'é' followed by a stray continuation: the cut need not drop the 'é'.
    expect(utf8SafeCut(new Uint8Array([0x61, 0xc3, 0xa9, 0x80, 0x80]), 3).length).toBe(3)
    expect(utf8SafeCut(new Uint8Array([0xff, 0xfe, 0xfd]), 2).length).toBe(2)
  })

  it('handles limits of 0 and below', () => {
    expect(utf8SafeCut(utf8('abc'), 0).length).toBe(0)
    expect(utf8SafeCut(utf8('€'), 0).length).toBe(0)
    expect(utf8SafeCut(utf8('abc'), -5).length).toBe(0)
  })
})
