import { LIMITS } from './limits.ts'

/** How much of a payload a view shows, and the words that say so. */
export interface DisplayWindow {
  /** Bytes from the start of the payload that the view decoded. */
  readonly shownBytes: number
  readonly totalBytes: number
  /** True when shownBytes < totalBytes: the view must say so (label). */
  readonly cut: boolean
  /** "showing 262,144 of 600,000 bytes" when cut, else "600,000 bytes". */
  readonly label: string
}

/** The first `limit` bytes of a `totalBytes` payload (the hex and Base64 views). */
export function displayWindow(totalBytes: number, limit: number = LIMITS.display.bytes): DisplayWindow {
  return describeWindow(Math.min(totalBytes, Math.max(0, limit)), totalBytes)
}

/** The window for a prefix the caller already chose (utf8SafeCut may stop 1-3 bytes short of the limit). */
export function describeWindow(shownBytes: number, totalBytes: number): DisplayWindow {
  const cut = shownBytes < totalBytes
  const label = cut ? `showing ${formatCount(shownBytes)} of ${formatBytes(totalBytes)}` : formatBytes(totalBytes)
  return { shownBytes, totalBytes, cut, label }
}

/** "1 byte", "600,000 bytes": fixed 'en' grouping, so labels do not depend on the user's locale. */
export function formatBytes(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'byte' : 'bytes'}`
}

function formatCount(n: number): string {
  return n.toLocaleString('en')
}

/**
 * The largest prefix of `bytes` of at most `limit` bytes that does not end inside a UTF-8
 * character, so a cut text view never shows a broken last character (or calls valid text invalid).
 * The cut only moves back over continuation bytes (10xxxxxx) that belong to a lead byte whose
 * sequence crosses the limit, at most 3 bytes; stray continuation bytes in invalid UTF-8 are not
 * a character, so the cut stays at the limit there. Returns a view (subarray), not a copy.
 */
export function utf8SafeCut(bytes: Uint8Array, limit: number): Uint8Array {
  if (bytes.length <= limit) return bytes
  const end = Math.max(0, Math.floor(limit))
  // Walk back from the first excluded byte to the lead byte of the character it belongs to.
  for (let lead = end; lead >= 0 && lead > end - 4; lead--) {
    const b = bytes[lead]!
    if ((b & 0xc0) === 0x80) continue // a continuation byte: its lead is further back
    // b is ASCII or a lead byte. It straddles the cut only if it is a lead before the cut whose
    // sequence reaches past it.
    if (lead < end && lead + sequenceLength(b) > end) return bytes.subarray(0, lead)
    return bytes.subarray(0, end)
  }
  return bytes.subarray(0, end)
}

/** Bytes in the UTF-8 sequence a lead byte starts (1 for ASCII and for bytes that cannot lead). */
function sequenceLength(lead: number): number {
  if (lead >= 0xf0 && lead <= 0xf4) return 4
  if (lead >= 0xe0) return lead <= 0xef ? 3 : 1
  if (lead >= 0xc2) return 2
  return 1
}
