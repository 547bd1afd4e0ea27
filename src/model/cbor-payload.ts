import { Decoder, Tag } from 'cbor-x'
import { type DecodeResult } from './payload-decoders.ts'
import { type DecodedTree, decodedView, type DecodedView, toDecodedTree } from './decoded-value.ts'
import { formatBytes } from './display-window.ts'
import { LIMITS } from './limits.ts'

/**
 * Nesting cbor-x may decode: it recurses, and 10,000 levels overflow the worker's stack. Deeper
 * payloads are refused by scanCbor (iterative) with this number in the reason.
 */
export const CBOR_MAX_DEPTH = 1000

const INDEFINITE = -1

/**
 * Checks a CBOR item's structure without recursion or allocation before cbor-x sees it: every
 * head complete, declared lengths within the bytes that remain (a 4 GB array declared in 9 bytes
 * is refused, not allocated), breaks only in indefinite-length items, nesting at most maxDepth,
 * and exactly one item. Returns the reason it is not decodable, or undefined.
 */
export function scanCbor(bytes: Uint8Array, maxDepth = CBOR_MAX_DEPTH): string | undefined {
  const open: number[] = [1] // items still expected by each open container; the root expects one
  let pos = 0
  while (open.length > 0) {
    const top = open.length - 1
    if (open[top] === 0) {
      open.pop()
      continue
    }
    if (pos >= bytes.length) return `truncated: the data ends at byte ${pos} inside an unfinished item`
    const initial = bytes[pos]!
    if (initial === 0xff) {
      if (open[top] !== INDEFINITE) return `unexpected "break" (0xff) at byte ${pos}`
      open.pop()
      pos++
      continue
    }
    if (open[top] !== INDEFINITE) open[top]!--
    const major = initial >> 5
    const info = initial & 31
    const at = pos++
    let arg = info
    if (info >= 24 && info <= 27) {
      const size = 1 << (info - 24)
      if (pos + size > bytes.length) return `truncated: the head at byte ${at} needs ${size} more bytes`
      arg = 0
      for (let i = 0; i < size; i++) arg = arg * 256 + bytes[pos + i]!
      pos += size
    } else if (info === 31) {
      if (major < 2 || major > 5) return `indefinite length not allowed for major type ${major} at byte ${at}`
      // cbor-x reads indefinite arrays and maps, not chunked strings: refused with that reason.
      if (major < 4) return `indefinite-length (chunked) ${major === 2 ? 'byte' : 'text'} strings are not supported (at byte ${at})`
      open.push(INDEFINITE)
      if (open.length - 1 > maxDepth) return `nested more than ${maxDepth} levels deep (at byte ${at})`
      continue
    } else if (info > 27) return `reserved additional information ${info} at byte ${at}`
    const remaining = bytes.length - pos
    if (major === 2 || major === 3) {
      if (arg > remaining) return `a string at byte ${at} declares ${arg} bytes but only ${remaining} remain`
      pos += arg
    } else if (major === 4 || major === 5) {
      const items = major === 4 ? arg : arg * 2
      if (items > remaining) return `${major === 4 ? 'an array' : 'a map'} at byte ${at} declares ${arg} entries but only ${remaining} bytes remain`
      if (items > 0) open.push(items)
    } else if (major === 6) open.push(1)
    if (open.length - 1 > maxDepth) return `nested more than ${maxDepth} levels deep (at byte ${at})`
  }
  if (pos < bytes.length) return `${bytes.length - pos} bytes follow the first CBOR item (from byte ${pos})`
  return undefined
}

// mapsAsObjects false keeps non-string keys; int64AsType bigint keeps 64-bit integers exact.
const decoder = new Decoder({ mapsAsObjects: false, useRecords: false, int64AsType: 'bigint' } as ConstructorParameters<typeof Decoder>[0])

/** A CBOR tag: shown as { "tag 1234": value } so the number is never lost. */
function tagged(v: unknown): unknown {
  if (v instanceof Tag) return { [`tag ${v.tag}`]: v.value }
  if (v instanceof Date) return { 'tag 1 (date)': v.toISOString() }
  return undefined
}

export function decodeCbor(bytes: Uint8Array): DecodeResult<DecodedView> {
  const tree = decodeCborTree(bytes)
  return 'error' in tree ? tree : { value: decodedView('cbor', tree.value, bytes.length) }
}

/** The decoded value itself (for previews and diffs), with the same checks and reasons as decodeCbor. */
export function decodeCborTree(bytes: Uint8Array): DecodeResult<DecodedTree> {
  if (bytes.length > LIMITS.display.bytes)
    return { error: `too large to decode as CBOR: ${formatBytes(bytes.length)} (the limit is ${formatBytes(LIMITS.display.bytes)})` }
  if (bytes.length === 0) return { error: 'not CBOR: the payload is empty' }
  const invalid = scanCbor(bytes)
  if (invalid !== undefined) return { error: `not CBOR: ${invalid}` }
  try {
    const value: unknown = decoder.decode(bytes)
    return { value: toDecodedTree(value, tagged) }
  } catch (e) {
    return { error: `not CBOR: ${e instanceof Error ? e.message : String(e)}` }
  }
}
