const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0))
const PAD = 0x3d // '='
const ascii = new TextDecoder()

/** Input bytes encoded per step: a multiple of 3, so every chunk but the last needs no padding. */
const CHUNK = 3 * 64 * 1024

/**
 * Standard Base64 (RFC 4648, with '=' padding, no line breaks). Encodes into ASCII bytes and
 * decodes them in chunks, so neither String.fromCharCode(...bytes) (which overflows the call stack
 * on a big payload) nor a character-by-character string is involved.
 */
export function toBase64(bytes: Uint8Array): string {
  if (bytes.length <= CHUNK) return encodeChunk(bytes)
  const parts: string[] = []
  for (let at = 0; at < bytes.length; at += CHUNK) parts.push(encodeChunk(bytes.subarray(at, at + CHUNK)))
  return parts.join('')
}

function encodeChunk(bytes: Uint8Array): string {
  const n = bytes.length
  const out = new Uint8Array(Math.ceil(n / 3) * 4)
  let o = 0
  let i = 0
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out[o++] = CODES[v >> 18]!
    out[o++] = CODES[(v >> 12) & 63]!
    out[o++] = CODES[(v >> 6) & 63]!
    out[o++] = CODES[v & 63]!
  }
  if (i < n) {
    const v = (bytes[i]! << 16) | (i + 1 < n ? bytes[i + 1]! << 8 : 0)
    out[o++] = CODES[v >> 18]!
    out[o++] = CODES[(v >> 12) & 63]!
    out[o++] = i + 1 < n ? CODES[(v >> 6) & 63]! : PAD
    out[o++] = PAD
  }
  return ascii.decode(out)
}

export interface Base64Window {
  /** Base64 of bytes[byteOffset, byteOffset + byteLength): exactly toBase64(bytes).slice(charOffset, charOffset + text.length). */
  readonly text: string
  readonly byteOffset: number
  readonly byteLength: number
  /** Where text starts in the Base64 of the whole payload. */
  readonly charOffset: number
}

/**
 * Base64 of a window of the payload, aligned to 3-byte groups (the window grows to the group
 * boundaries) so it is a slice of the whole payload's Base64, not a different encoding of the
 * same bytes. Costs only the window.
 */
export function base64Window(bytes: Uint8Array, offset: number, length: number): Base64Window {
  const start = Math.floor(Math.min(bytes.length, Math.max(0, offset || 0)) / 3) * 3
  const end = Math.min(bytes.length, Math.ceil(Math.max(start, offset + length || 0) / 3) * 3)
  return { text: toBase64(bytes.subarray(start, end)), byteOffset: start, byteLength: end - start, charOffset: (start / 3) * 4 }
}
