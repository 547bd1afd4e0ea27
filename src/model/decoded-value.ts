import { describeWindow, type DisplayWindow } from './display-window.ts'
import { compactJson } from './compact-json.ts'
import type { PayloadPreview } from './payload-preview.ts'
import { type JsonLine, jsonLines } from './json-lines.ts'
import { LIMITS } from './limits.ts'

/**
 * A decoded binary payload (CBOR, MessagePack, Protobuf, Sparkplug B) as the JSON view shows it:
 * plain objects, arrays, strings, booleans, null, numbers, and bigint for integers outside ±2^53
 * (printed as their exact digits, never rounded). Byte strings are hex text, tags and extension
 * types are objects that name their number.
 */
export type DecodedTree = null | boolean | number | bigint | string | DecodedTree[] | { [key: string]: DecodedTree }

export type BinaryFormatId = 'sparkplug' | 'protobuf' | 'cbor' | 'msgpack'

export const BINARY_FORMAT_LABELS: { readonly [K in BinaryFormatId]: 'Sparkplug B' | 'Protobuf' | 'CBOR' | 'MessagePack' } = {
  sparkplug: 'Sparkplug B',
  protobuf: 'Protobuf',
  cbor: 'CBOR',
  msgpack: 'MessagePack',
}

/** What a binary decoder gives the inspector: lines for the JSON tree view, plus notes (aliases, fallbacks). */
export interface DecodedView {
  readonly format: BinaryFormatId
  readonly lines: JsonLine[]
  readonly truncated: boolean
  readonly lineLimit: number
  /** Things the reader should know (e.g. "alias 7: no BIRTH seen"); safe to render as text. */
  readonly notes: string[]
  readonly window: DisplayWindow
}

/** Lines of the JSON-like view of a decoded tree (jsonLines walks without recursion, so depth is no risk). */
export function decodedView(format: BinaryFormatId, tree: DecodedTree, byteLength: number, notes: string[] = []): DecodedView {
  const lineLimit = LIMITS.display.jsonLines
  const { lines, truncated } = jsonLines(tree, lineLimit)
  return { format, lines, truncated, lineLimit, notes, window: describeWindow(byteLength, byteLength) }
}

/**
 * The one-line preview of a decoded payload (the tree's preview line, the history list, the payload
 * search): compact JSON, at most `maxChars` characters, escaped; walked without recursion.
 */
export function decodedPreview(tree: DecodedTree, maxChars: number): PayloadPreview {
  const text = compactJson(tree, maxChars)
  const cut = text.length > maxChars
  return { text: cut ? text.slice(0, maxChars) : text, cut, binary: false }
}

/** Hex text of bytes, at most `limit` bytes written out (the rest counted), for byte strings inside a payload. */
export function bytesText(bytes: Uint8Array, limit = 64): string {
  let hex = ''
  for (let i = 0; i < Math.min(bytes.length, limit); i++) hex += bytes[i]!.toString(16).padStart(2, '0')
  return bytes.length > limit ? `bytes(${bytes.length}) ${hex}…` : `bytes(${bytes.length}) ${hex}`
}

/** An integer as a number when it is exact there, as a bigint otherwise. */
export function exactInteger(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value
}

/**
 * Converts what a decoding library returned into a DecodedTree without recursion (a 10,000-level
 * MessagePack array is legal). `special` turns library-specific values (tags, extension types)
 * into a replacement that is walked in turn; it returns undefined for everything else.
 */
export function toDecodedTree(value: unknown, special: (v: unknown) => unknown = () => undefined): DecodedTree {
  const root: { value: DecodedTree } = { value: null }
  const work: { from: unknown; into: (v: DecodedTree) => void }[] = [{ from: value, into: (v) => (root.value = v) }]
  while (work.length > 0) {
    const { from, into } = work.pop()!
    const replaced = special(from)
    const v = replaced === undefined ? from : replaced
    if (v === null || v === undefined) into(null)
    else if (typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number') into(v)
    else if (typeof v === 'bigint') into(exactInteger(v))
    else if (v instanceof Uint8Array) into(bytesText(v))
    else if (Array.isArray(v)) {
      const out: DecodedTree[] = new Array<DecodedTree>(v.length).fill(null)
      into(out)
      v.forEach((item, i) => work.push({ from: item, into: (x) => (out[i] = x) }))
    } else if (v instanceof Map) {
      const out: { [key: string]: DecodedTree } = Object.create(null) as { [key: string]: DecodedTree }
      into(out)
      for (const [k, item] of v) {
        const key = uniqueKey(out, keyText(k))
        out[key] = null
        work.push({ from: item, into: (x) => (out[key] = x) })
      }
    } else if (typeof v === 'object') {
      const out: { [key: string]: DecodedTree } = Object.create(null) as { [key: string]: DecodedTree }
      into(out)
      for (const key of Object.keys(v)) {
        out[key] = null
        work.push({ from: (v as Record<string, unknown>)[key], into: (x) => (out[key] = x) })
      }
    } else into(String(v))
  }
  return root.value
}

/** A map key as a member name: strings as they are, other keys as their text (CBOR and MessagePack allow any key). */
function keyText(key: unknown): string {
  if (typeof key === 'string') return key
  if (key instanceof Uint8Array) return bytesText(key)
  if (typeof key === 'object' && key !== null) return '[object key]'
  return String(key)
}

/** Two keys with one text (1 and "1") stay two members. */
function uniqueKey(into: object, key: string): string {
  if (!(key in into)) return key
  let n = 2
  while (`${key} (#${n})` in into) n++
  return `${key} (#${n})`
}
