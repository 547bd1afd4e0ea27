const VALUES = new Int16Array(128).fill(-1)
for (let i = 0; i < 64; i++) VALUES['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i

/**
 * Standard Base64 (RFC 4648, '=' padding required) back to bytes; undefined when the text is not
 * exactly that (wrong length, a stray character, padding in the middle), so an import can say so
 * instead of storing bytes nobody sent.
 */
export function fromBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0
  const out = new Uint8Array((text.length / 4) * 3 - pad)
  let o = 0
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length
    const a = code(text, i)
    const b = code(text, i + 1)
    const c = last && pad === 2 ? 0 : code(text, i + 2)
    const d = last && pad >= 1 ? 0 : code(text, i + 3)
    if (a < 0 || b < 0 || c < 0 || d < 0) return undefined
    const v = (a << 18) | (b << 12) | (c << 6) | d
    out[o++] = v >> 16
    if (o < out.length) out[o++] = (v >> 8) & 255
    if (o < out.length) out[o++] = v & 255
  }
  return out
}

function code(text: string, at: number): number {
  const c = text.charCodeAt(at)
  return c < 128 ? VALUES[c]! : -1
}
