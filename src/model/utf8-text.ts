import { escapeInvisible } from './payload-preview.ts'

/** Where a byte sequence stops being UTF-8. */
export interface Utf8Error {
  /** Offset of the first byte of the first invalid sequence. */
  readonly offset: number
  /**
   * Bytes that make up that invalid sequence: the lead byte and the continuation bytes that were
   * still acceptable (the WHATWG decoder's "maximal subpart"; 1 for a byte that can never lead).
   */
  readonly length: number
  /** The sequence was cut by the end of the input (not wrong, only unfinished). */
  readonly truncated: boolean
}

// ignoreBOM: a leading U+FEFF is payload too; the inspector shows every byte (escaped, as \u{feff}).
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * The first invalid UTF-8 sequence in bytes[from, to), by the same rules as TextDecoder (WHATWG):
 * no overlong forms, no surrogates (ED A0..BF), nothing above U+10FFFF, no unfinished sequence.
 * TextDecoder only says "invalid"; this says where. One pass, no allocation.
 */
export function findInvalidUtf8(bytes: Uint8Array, from = 0, to = bytes.length): Utf8Error | undefined {
  let i = from
  while (i < to) {
    const b = bytes[i]!
    if (b < 0x80) {
      i++
      continue
    }
    let need: number
    let lower = 0x80
    let upper = 0xbf
    if (b >= 0xc2 && b <= 0xdf) need = 1
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2
      if (b === 0xe0) lower = 0xa0 // overlong
      if (b === 0xed) upper = 0x9f // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3
      if (b === 0xf0) lower = 0x90 // overlong
      if (b === 0xf4) upper = 0x8f // above U+10FFFF
    } else return { offset: i, length: 1, truncated: false }
    for (let j = 1; j <= need; j++) {
      if (i + j >= to) return { offset: i, length: j, truncated: true }
      const c = bytes[i + j]!
      if (c < lower || c > upper) return { offset: i, length: j, truncated: false }
      lower = 0x80
      upper = 0xbf
    }
    i += need + 1
  }
  return undefined
}

/** Strict UTF-8: the text, or where it is not UTF-8 (never a silent U+FFFD). */
export function decodeUtf8(bytes: Uint8Array): { value: string } | { error: string; offset: number } {
  try {
    return { value: strict.decode(bytes) }
  } catch {
    const bad = findInvalidUtf8(bytes)
    // TextDecoder and findInvalidUtf8 follow the same rules; the fallback offset only guards a disagreement.
    const offset = bad?.offset ?? 0
    return { error: `not valid UTF-8 (first bad byte at offset ${offset.toLocaleString('en')})`, offset }
  }
}

export interface LossyText {
  /** The text, with every byte that is not part of a valid UTF-8 character written as \xNN. */
  readonly text: string
  /** How many bytes are shown as \xNN escapes (0: the text is exactly the payload). */
  readonly invalidBytes: number
  /** Offset of the first of them. */
  readonly firstInvalidOffset: number | undefined
}

/**
 * Text for a payload that is not (all) UTF-8: valid runs are decoded, every other byte is shown
 * as `\xNN` (lowercase hex), so the view stays faithful instead of showing U+FFFD. A literal
 * backslash-x in the payload looks the same as an escape: the view says how many bytes were
 * escaped (invalidBytes), and the hex view is the unambiguous one.
 */
export function decodeTextLossy(bytes: Uint8Array): LossyText {
  const parts: string[] = []
  let invalidBytes = 0
  let firstInvalidOffset: number | undefined
  let at = 0
  for (;;) {
    const bad = findInvalidUtf8(bytes, at)
    if (bad === undefined) break
    if (bad.offset > at) parts.push(strict.decode(bytes.subarray(at, bad.offset)))
    firstInvalidOffset ??= bad.offset
    let escaped = ''
    for (let k = 0; k < bad.length; k++) escaped += `\\x${bytes[bad.offset + k]!.toString(16).padStart(2, '0')}`
    parts.push(escaped)
    invalidBytes += bad.length
    at = bad.offset + bad.length
  }
  if (at < bytes.length) parts.push(strict.decode(at === 0 ? bytes : bytes.subarray(at)))
  return { text: parts.join(''), invalidBytes, firstInvalidOffset }
}

export interface DisplayTextOptions {
  /**
   * Keep `\n` and `\t` as real line breaks and tabs (the multi-line Text view). Every other control,
   * bidi and invisible character (\r included, so CRLF stays visible) is still shown as an escape.
   */
  readonly multiline?: boolean
}

/**
 * Text that is safe to show as text: control, bidi and invisible characters become visible
 * escapes (payload-preview's escapeInvisible), so a payload cannot hide or reorder what is shown.
 * The payload itself is kept as it is; this is only what the view renders (as a text node).
 */
export function textForDisplay(text: string, options: DisplayTextOptions = {}): string {
  if (!options.multiline) return escapeInvisible(text)
  return text
    .split('\n')
    .map((line) => (line.includes('\t') ? line.split('\t').map(escapeInvisible).join('\t') : escapeInvisible(line)))
    .join('\n')
}
