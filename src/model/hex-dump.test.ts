import { describe, expect, it } from 'vitest'
import { fitBytesPerLine, formatHexOffset, hexDump, hexLineChars, hexLineCount } from './hex-dump.ts'

const utf8 = (s: string) => new TextEncoder().encode(s)

describe('hexDump', () => {
  it('dumps rows of 16 with a gap after 8 bytes and an ASCII column', () => {
    expect(hexDump(utf8('{"temp": 21.5, "unit": "C"}'))).toEqual([
      { offset: 0, hex: '7b 22 74 65 6d 70 22 3a  20 32 31 2e 35 2c 20 22', ascii: '{"temp": 21.5, "' },
      { offset: 16, hex: '75 6e 69 74 22 3a 20 22  43 22 7d               ', ascii: 'unit": "C"}' },
    ])
  })

  it('pads a short last row to full width so the ASCII column lines up', () => {
    const [row] = hexDump(new Uint8Array([1]))
    expect(row!.hex).toHaveLength(48)
    expect(row!.hex.trimEnd()).toBe('01')
  })

  it('shows "." for every byte that is not printable ASCII: controls, DEL, high bytes, bidi', () => {
    const bytes = new Uint8Array([0x00, 0x09, 0x0a, 0x1b, 0x7f, 0x80, 0xff, 0x20, 0x7e, ...utf8('\u202e<b>')])
    expect(hexDump(bytes)[0]!.ascii).toBe('....... ~...<b>')
  })

  it('keeps HTML as literal characters', () => {
    expect(hexDump(utf8('<script>'))[0]!.ascii).toBe('<script>')
  })

  it('computes only the requested window, with real offsets', () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff)
    const rows = hexDump(bytes, { offset: 512, length: 40 })
    expect(rows.map((r) => r.offset)).toEqual([512, 528, 544])
    expect(rows[0]!.hex.startsWith('00 01 02')).toBe(true)
    expect(rows[2]!.hex.trimEnd()).toBe('20 21 22 23 24 25 26 27')
  })

  it('clamps windows to the payload', () => {
    const bytes = new Uint8Array(20)
    expect(hexDump(bytes, { offset: 16, length: 100 }).map((r) => r.offset)).toEqual([16])
    expect(hexDump(bytes, { offset: 50 })).toEqual([])
    expect(hexDump(bytes, { offset: -5, length: 4 })).toHaveLength(1)
    expect(hexDump(new Uint8Array(0))).toEqual([])
  })

  it('supports other row widths', () => {
    const rows = hexDump(utf8('abcdefghij'), { bytesPerLine: 4 })
    expect(rows).toEqual([
      { offset: 0, hex: '61 62 63 64', ascii: 'abcd' },
      { offset: 4, hex: '65 66 67 68', ascii: 'efgh' },
      { offset: 8, hex: '69 6a      ', ascii: 'ij' },
    ])
  })

  it('costs only the window on a 256 MB payload', () => {
    const huge = new Uint8Array(256 * 1024 * 1024)
    const started = performance.now()
    const rows = hexDump(huge, { offset: huge.length - 64, length: 64 })
    expect(performance.now() - started).toBeLessThan(500)
    expect(rows).toHaveLength(4)
    expect(rows[3]!.offset).toBe(huge.length - 16)
  })
})

describe('hexLineCount / formatHexOffset', () => {
  it('counts rows and formats offsets as wide as the payload needs', () => {
    expect(hexLineCount(0)).toBe(0)
    expect(hexLineCount(16)).toBe(1)
    expect(hexLineCount(17)).toBe(2)
    expect(formatHexOffset(0x10, 100)).toBe('00000010')
    expect(formatHexOffset(0x10, 0x1_0000_0001)).toBe('000000010')
  })

  it('picks the widest row (16, 8, 4 bytes) whose offset, hex and ASCII columns fit the width', () => {
    // "00000000  xx xx xx xx xx xx xx xx  xx xx xx xx xx xx xx xx  ................": 76 characters.
    expect(hexLineChars(16, 100)).toBe(76)
    expect(hexLineChars(8, 100)).toBe(8 + 2 + 23 + 2 + 8)
    expect(hexLineChars(16, 0x1_0000_0001)).toBe(77)
    expect(fitBytesPerLine(76, 100)).toBe(16)
    expect(fitBytesPerLine(75, 100)).toBe(8)
    expect(fitBytesPerLine(43, 100)).toBe(8)
    expect(fitBytesPerLine(42, 100)).toBe(4)
    expect(fitBytesPerLine(5, 100)).toBe(4)
    // A row of a narrower dump is what hexDump makes with that width, ASCII included.
    const [line] = hexDump(new TextEncoder().encode('ABCDEFGH'), { bytesPerLine: 8 })
    expect(`${formatHexOffset(0, 8)}  ${line!.hex}  ${line!.ascii}`).toHaveLength(hexLineChars(8, 8))
  })
})
