/** One row of a hex dump. */
export interface HexLine {
  /** Offset of the row's first byte in the payload. */
  readonly offset: number
  /**
   * The row's bytes as two-digit lowercase hex, space separated, with an extra space after each
   * group of 8, padded to the width of a full row so the ASCII column lines up.
   */
  readonly hex: string
  /** Printable ASCII (0x20-0x7e) as itself, every other byte as '.': never a control character. */
  readonly ascii: string
}

export interface HexDumpOptions {
  /** First byte to show; rows start here (callers paging by row pass row * bytesPerLine). */
  readonly offset?: number
  /** Bytes to show from offset (clamped to the payload). */
  readonly length?: number
  readonly bytesPerLine?: number
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'))
const ASCII = Array.from({ length: 256 }, (_, b) => (b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '.'))

/**
 * A classic hex dump (offset, hex, ASCII) of bytes[offset, offset + length). Only that window is
 * read, so paging through a 256 MB payload costs what one screen shows.
 */
export function hexDump(bytes: Uint8Array, options: HexDumpOptions = {}): HexLine[] {
  const perLine = Math.max(1, Math.floor(options.bytesPerLine ?? 16))
  const start = clamp(Math.floor(options.offset ?? 0), 0, bytes.length)
  const end = clamp(start + Math.floor(options.length ?? bytes.length - start), start, bytes.length)
  const fullWidth = hexWidth(perLine)
  const lines: HexLine[] = []
  for (let row = start; row < end; row += perLine) {
    const rowEnd = Math.min(row + perLine, end)
    let hex = ''
    let ascii = ''
    for (let i = row; i < rowEnd; i++) {
      const b = bytes[i]!
      const column = i - row
      if (column > 0) hex += column % 8 === 0 ? '  ' : ' '
      hex += HEX[b]!
      ascii += ASCII[b]!
    }
    lines.push({ offset: row, hex: hex.padEnd(fullWidth), ascii })
  }
  return lines
}

/** Characters in the hex column of a full row: "xx" per byte, one space between, two between groups of 8. */
function hexWidth(perLine: number): number {
  return perLine * 3 - 1 + Math.floor((perLine - 1) / 8)
}

/** Rows a full dump of `totalBytes` has (for a virtualized view's scroll height). */
export function hexLineCount(totalBytes: number, bytesPerLine = 16): number {
  return Math.ceil(totalBytes / Math.max(1, Math.floor(bytesPerLine)))
}

/** An offset as the offset column shows it: hex, as wide as the payload's last offset needs, at least 8 digits. */
export function formatHexOffset(offset: number, totalBytes: number): string {
  const digits = Math.max(8, Math.max(0, totalBytes - 1).toString(16).length)
  return offset.toString(16).padStart(digits, '0')
}

/** Characters one full row takes: offset, two spaces, the hex column, two spaces, the ASCII column. */
export function hexLineChars(bytesPerLine: number, totalBytes: number): number {
  const perLine = Math.max(1, Math.floor(bytesPerLine))
  return formatHexOffset(0, totalBytes).length + 2 + hexWidth(perLine) + 2 + perLine
}

/** Row widths a hex view offers, widest first: the classic 16, then halves that keep groups of 8 whole. */
const ROW_WIDTHS = [16, 8, 4] as const

/**
 * The widest row (16, 8 or 4 bytes) whose offset, hex and ASCII columns all fit in `columns`
 * characters, so the ASCII column is never hidden behind a horizontal scroll; 4 when none fits.
 */
export function fitBytesPerLine(columns: number, totalBytes: number): number {
  return ROW_WIDTHS.find((width) => hexLineChars(width, totalBytes) <= columns) ?? 4
}

function clamp(n: number, lo: number, hi: number): number {
  return Number.isNaN(n) ? lo : Math.min(hi, Math.max(lo, n))
}
