import { formatBytes } from './display-window.ts'
import { decodeUtf8 } from './utf8-text.ts'

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'))
const ascii = new TextDecoder()

/** Lowercase hex digits, no separators ("00ff10"): what `xxd -r -p` and most tools read back. */
export function hexString(bytes: Uint8Array): string {
  // Encode into ASCII bytes and decode once: no per-byte string concatenation.
  const out = new Uint8Array(bytes.length * 2)
  for (let i = 0; i < bytes.length; i++) {
    const h = HEX[bytes[i]!]!
    out[2 * i] = h.charCodeAt(0)
    out[2 * i + 1] = h.charCodeAt(1)
  }
  return ascii.decode(out)
}

/**
 * What "Copy payload" puts on the clipboard: the payload's text when it is valid UTF-8 (exactly,
 * nothing escaped), else its hex digits (`as: 'hex'`, and the UI says so). Payloads over `limit`
 * are refused with a reason (a clipboard is no place for hundreds of MB: download them).
 */
export function clipboardText(bytes: Uint8Array, limit: number): { text: string; as: 'text' | 'hex' } | { error: string } {
  if (bytes.length > limit) return { error: `too large to copy (${formatBytes(bytes.length)}; the limit is ${formatBytes(limit)}): download it instead` }
  const decoded = decodeUtf8(bytes)
  return 'value' in decoded ? { text: decoded.value, as: 'text' } : { text: hexString(bytes), as: 'hex' }
}

const EXTENSIONS = { json: '.json', text: '.txt', hex: '.bin' } as const

/**
 * A safe file name for a downloaded payload, from its topic: every character outside
 * [A-Za-z0-9._-] becomes '_' (so no path separator, control or bidi character, and no reserved
 * name on any OS), no leading dot, at most 120 characters, plus an extension for what it holds.
 */
export function downloadFileName(topic: string, kind: keyof typeof EXTENSIONS): string {
  let base = topic
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .replace(/_+$/, '')
  if (base.length > 120) base = base.slice(0, 120)
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(base)) base = `_${base}`
  return (base || 'payload') + EXTENSIONS[kind]
}
