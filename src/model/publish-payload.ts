import type { QoS } from './connection-types.ts'
import { toBase64 } from './base64.ts'
import { findJsonSyntaxError, formatJsonSyntaxError } from './json-source.ts'
import { hexString } from './payload-export.ts'
import { escapeInvisible } from './payload-preview.ts'
import { decodeUtf8 } from './utf8-text.ts'
import { ENCODED_FORMATS, type EncodedFormat } from './encoded-publish.ts'

/**
 * Payload formats of the publish panel. 'cbor', 'msgpack', 'sparkplug' and 'protobuf' are written as JSON and
 * encoded by the worker for every send (model/encoded-publish.ts checks them here).
 */
export type PayloadMode = 'text' | 'json' | 'hex' | 'base64' | 'file' | EncodedFormat
export const PAYLOAD_MODES: readonly PayloadMode[] = ['text', 'json', 'hex', 'base64', 'file', ...ENCODED_FORMATS]

/** The modes whose payload is typed in the editor. */
export type TypedPayloadMode = Exclude<PayloadMode, 'file'>

/** Modes whose typed text is UTF-8 text as it is (text, and every format written as JSON): switching among them keeps the text. */
export function isTextLikeMode(mode: PayloadMode): mode is 'text' | 'json' | EncodedFormat {
  return mode === 'text' || mode === 'json' || (ENCODED_FORMATS as readonly string[]).includes(mode)
}

export type EncodeResult = { bytes: Uint8Array } | { error: string }

const utf8 = new TextEncoder()

/**
 * The typed payload of the text-like modes as bytes: text and json as UTF-8 (json must parse; it is
 * sent as typed), hex (whitespace and an optional 0x prefix allowed; odd length or a non-hex
 * character is an error naming its position), base64 (standard or URL-safe, padding optional;
 * anything else an error). 'file' is not handled here (the page holds the file's bytes).
 *
 * Positions in errors are 1-based characters of the typed text ("position 7"), or "line 2,
 * column 3" when the text has several lines. Hex accepts whitespace, ':' and ',' between bytes and
 * a "0x"/"0X" before each run of digits ("0x01, 0x02", "de:ad:be:ef", "0xdeadbeef"); every run of
 * digits must be whole bytes (an odd run is an error, never silently paired across a separator).
 * Base64 accepts whitespace (wrapped lines) and both alphabets, even mixed; "=" only at the end.
 */
export function encodePayload(mode: TypedPayloadMode, text: string): EncodeResult {
  switch (mode) {
    case 'text':
      return encodeUtf8(text)
    // JSON, and the encoded formats' JSON as UTF-8: what the page can check and measure (the worker encodes it per send).
    case 'json':
    case 'cbor':
    case 'msgpack':
    case 'sparkplug':
    case 'protobuf': {
      const syntax = findJsonSyntaxError(text)
      return syntax ? { error: formatJsonSyntaxError(syntax) } : encodeUtf8(text)
    }
    case 'hex':
      return decodeHex(text)
    case 'base64':
      return decodeBase64(text)
  }
}

/** Largest nesting formatJson re-indents: deeper text would grow by its depth squared. */
const FORMAT_MAX_DEPTH = 1000

/**
 * JSON re-indented with two spaces, or what is wrong with it (with line and column). Only the
 * whitespace between tokens changes: numbers (64-bit ids included), string escapes, key order and
 * duplicate keys stay exactly as typed, which a JSON.parse/JSON.stringify round trip would not keep.
 */
export function formatJson(text: string): { text: string } | { error: string } {
  const syntax = findJsonSyntaxError(text)
  if (syntax) return { error: formatJsonSyntaxError(syntax) }
  return reindent(text)
}

/** Bytes rendered in a mode's editor form when a user switches modes (text→hex etc.); undefined when not representable (binary as text/json). */
export function payloadAsMode(bytes: Uint8Array, mode: TypedPayloadMode): string | undefined {
  switch (mode) {
    case 'text':
    case 'json':
    case 'cbor':
    case 'msgpack':
    case 'sparkplug':
    case 'protobuf': {
      const decoded = decodeUtf8(bytes)
      return 'value' in decoded ? decoded.value : undefined
    }
    case 'hex':
      return spacedHex(bytes)
    case 'base64':
      return toBase64(bytes)
  }
}

/**
 * The editor text when switching from one typed mode to another, keeping the bytes: "Hi" (text) →
 * "48 69" (hex) → "SGk=" (base64). An error (the text is not valid in `from`, or the bytes are not
 * UTF-8 text for `to`) means: keep the typed text and say why.
 */
export function convertPayload(text: string, from: TypedPayloadMode, to: TypedPayloadMode): { text: string } | { error: string } {
  if (from === to) return { text }
  // Text and JSON (and the formats written as JSON) are the same UTF-8 text: switching keeps it even when it is not JSON yet.
  if (isTextLikeMode(from) && isTextLikeMode(to)) return { text }
  const encoded = encodePayload(isTextLikeMode(from) ? 'text' : from, text)
  if ('error' in encoded) return encoded
  if (isTextLikeMode(to)) {
    const decoded = decodeUtf8(encoded.bytes)
    if ('error' in decoded) return { error: `the bytes are ${decoded.error}: they cannot be edited as text` }
    return { text: decoded.value }
  }
  return { text: payloadAsMode(encoded.bytes, to)! }
}

/** Hex bytes separated by spaces ("48 69"): readable and editable in a textarea, and read back by decodeHex. */
function spacedHex(bytes: Uint8Array): string {
  const plain = hexString(bytes)
  const pairs = new Array<string>(bytes.length)
  for (let i = 0; i < bytes.length; i++) pairs[i] = plain.slice(2 * i, 2 * i + 2)
  return pairs.join(' ')
}

/** UTF-8 of the text; an unpaired surrogate (no UTF-8 form: TextEncoder would send U+FFFD instead) is an error. */
function encodeUtf8(text: string): EncodeResult {
  const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(text)
  if (lone) return { error: `broken character at ${where(text, lone.index)} (an unpaired UTF-16 surrogate): it has no UTF-8 form` }
  return { bytes: utf8.encode(text) }
}

const isHexSeparator = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x3a /* : */ || c === 0x2c /* , */

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30
  const lower = c | 0x20
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1
}

function decodeHex(text: string): EncodeResult {
  const out = new Uint8Array(text.length >> 1)
  let n = 0
  let i = 0
  while (i < text.length) {
    if (isHexSeparator(text.charCodeAt(i))) {
      i++
      continue
    }
    // A run of digits, maybe after "0x".
    if (text.charCodeAt(i) === 0x30 && (text.charCodeAt(i + 1) | 0x20) === 0x78) i += 2
    const start = i
    while (i < text.length && hexValue(text.charCodeAt(i)) >= 0) i++
    if (i < text.length && !isHexSeparator(text.charCodeAt(i))) {
      return { error: `${quoteChar(text, i)} at ${where(text, i)} is not a hex digit (0-9, a-f)` }
    }
    if ((i - start) % 2 === 1) {
      return { error: `odd number of hex digits: ${quoteChar(text, i - 1)} at ${where(text, i - 1)} has no pair (each byte is two digits)` }
    }
    for (let k = start; k < i; k += 2) out[n++] = (hexValue(text.charCodeAt(k)) << 4) | hexValue(text.charCodeAt(k + 1))
  }
  // A copy of the exact length: a view on the larger buffer would carry all of it through postMessage.
  return { bytes: out.slice(0, n) }
}

/** Both alphabets: '+' '/' (standard) and '-' '_' (URL-safe) share the values 62 and 63. */
const BASE64_VALUES = (() => {
  const table = new Int8Array(128).fill(-1)
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  for (let v = 0; v < 64; v++) table[alphabet.charCodeAt(v)] = v
  table[0x2d] = 62 // -
  table[0x5f] = 63 // _
  return table
})()

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d

function decodeBase64(text: string): EncodeResult {
  const out = new Uint8Array(Math.ceil((text.length * 3) / 4))
  let n = 0
  let acc = 0
  let bits = 0
  let digits = 0
  let pads = 0
  let firstPad = -1
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (isSpace(c)) continue
    if (c === 0x3d /* = */) {
      if (firstPad < 0) firstPad = i
      pads++
      continue
    }
    const v = c < 128 ? BASE64_VALUES[c]! : -1
    if (v < 0) return { error: `${quoteChar(text, i)} at ${where(text, i)} is not Base64 (A-Z, a-z, 0-9, + and / or - and _, "=" only at the end)` }
    if (firstPad >= 0) return { error: `${quoteChar(text, i)} at ${where(text, i)} comes after the "=" padding, which may only end the text` }
    acc = ((acc << 6) | v) & 0xffff
    bits += 6
    digits++
    if (bits >= 8) {
      bits -= 8
      out[n++] = (acc >> bits) & 0xff
    }
  }
  if (digits % 4 === 1) return { error: `incomplete Base64: ${digits} characters leave a single one at the end (each 4 characters are 3 bytes)` }
  if (pads > 0 && (pads > 2 || (digits + pads) % 4 !== 0)) {
    return { error: `wrong Base64 padding at ${where(text, firstPad)}: ${pads} "=" after ${digits} characters (expected ${(4 - (digits % 4)) % 4})` }
  }
  return { bytes: out.slice(0, n) }
}

/** "position 7" (1-based), or "line 2, column 3" when the text has several lines. */
function where(text: string, index: number): string {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1
  if (lineStart === 0 && text.indexOf('\n') < 0) return `position ${index + 1}`
  let line = 1
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++
  return `line ${line}, column ${index - lineStart + 1}`
}

/**
 * The character at index for a message: '"g"'; a look-alike beyond ASCII with its code point
 * ('"а" (U+0430)', Cyrillic); an invisible or space character as its code point alone ("U+00A0").
 */
function quoteChar(text: string, index: number): string {
  const code = text.codePointAt(index)!
  const codePoint = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
  const char = String.fromCodePoint(code)
  if (/[\s\p{C}]/u.test(char) || escapeInvisible(char) !== char) return codePoint
  return code < 0x80 ? `"${char}"` : `"${char}" (${codePoint})`
}

/** Re-indents valid JSON token by token (iterative: deep nesting costs no call stack). */
function reindent(text: string): { text: string } | { error: string } {
  const parts: string[] = []
  const indents = ['\n']
  const newline = (depth: number) => (indents[depth] ??= '\n' + '  '.repeat(depth))
  let depth = 0
  let i = 0
  const n = text.length
  while (i < n) {
    const c = text.charCodeAt(i)
    if (isSpace(c)) {
      i++
    } else if (c === 0x22 /* " */) {
      const end = stringEnd(text, i)
      parts.push(text.slice(i, end))
      i = end
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      let next = i + 1
      while (next < n && isSpace(text.charCodeAt(next))) next++
      if (text.charCodeAt(next) === c + 2 /* } or ] */) {
        parts.push(c === 0x7b ? '{}' : '[]')
        i = next + 1
        continue
      }
      if (++depth > FORMAT_MAX_DEPTH) return { error: `nested deeper than ${FORMAT_MAX_DEPTH} levels: not formatted` }
      parts.push(text.charAt(i), newline(depth))
      i++
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      parts.push(newline(--depth), text.charAt(i))
      i++
    } else if (c === 0x2c /* , */) {
      parts.push(',', newline(depth))
      i++
    } else if (c === 0x3a /* : */) {
      parts.push(': ')
      i++
    } else {
      // A number or a literal: up to the next structural character or whitespace.
      let end = i + 1
      while (end < n && !isSpace(text.charCodeAt(end)) && !',:]}'.includes(text.charAt(end))) end++
      parts.push(text.slice(i, end))
      i = end
    }
  }
  return { text: parts.join('') }
}

/** The offset after the string that starts at `start` (the text is valid JSON). */
function stringEnd(text: string, start: number): number {
  let i = start + 1
  for (;;) {
    const c = text.charCodeAt(i)
    if (c === 0x22) return i + 1
    i += c === 0x5c /* \ */ ? 2 : 1
  }
}

export type { QoS }
