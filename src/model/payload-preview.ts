export interface PayloadPreview {
  /** Text safe to render as text: control and bidi characters are shown as escapes. */
  readonly text: string
  /** True when the preview shows less than the whole payload. */
  readonly cut: boolean
  /** True when the bytes are not valid UTF-8 (the text then shows them as hex). */
  readonly binary: boolean
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * A one-line preview of a payload. Valid UTF-8 is shown as text with control, bidi and other
 * invisible formatting characters escaped (so a topic row can never be reordered or hidden by its
 * content); anything else is shown as hex. Only `maxChars` are decoded, so a 100 MB payload costs
 * no more than a small one.
 */
export function previewPayload(bytes: Uint8Array, maxChars: number): PayloadPreview {
  // UTF-8 spends at most 4 bytes per character: decoding 4*maxChars bytes is always enough.
  const window = bytes.length > maxChars * 4 ? bytes.subarray(0, maxChars * 4) : bytes
  let decoded: string | undefined
  try {
    decoded = utf8.decode(window)
  } catch {
    // A cut window may end inside a multi-byte character; retry without the last 1-3 bytes.
    if (window !== bytes) decoded = decodeTrimmed(window)
  }
  if (decoded === undefined) {
    const shown = bytes.subarray(0, Math.floor(maxChars / 3))
    return { text: toHex(shown), cut: shown.length < bytes.length, binary: true }
  }
  const escaped = escapeInvisible(decoded)
  const cut = escaped.length > maxChars || window.length < bytes.length
  return { text: escaped.length > maxChars ? escaped.slice(0, maxChars) : escaped, cut, binary: false }
}

function decodeTrimmed(window: Uint8Array): string | undefined {
  for (let trim = 1; trim <= 3; trim++) {
    try {
      return utf8.decode(window.subarray(0, window.length - trim))
    } catch {
      // keep trimming
    }
  }
  return undefined
}

// C0 and C1 controls, DEL, bidi embeddings/overrides/isolates, zero-width and line/paragraph separators.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g

/** Replaces characters that would be invisible or would reorder text with a visible escape. */
export function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE, (c) => {
    switch (c) {
      case '\n':
        return '\\n'
      case '\r':
        return '\\r'
      case '\t':
        return '\\t'
      default:
        return `\\u{${c.codePointAt(0)!.toString(16).padStart(4, '0')}}`
    }
  })
}

export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i++) out += (i === 0 ? '' : ' ') + bytes[i]!.toString(16).padStart(2, '0')
  return out
}
