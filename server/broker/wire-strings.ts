import { isUtf8 } from 'node:buffer'

/**
 * Checks on the raw bytes of MQTT strings, before they are decoded. They must run on bytes:
 * mqtt-packet decodes with `toString('utf8')`, which turns ill-formed UTF-8 into U+FFFD, so after
 * parsing a broken topic can no longer be told from a real one.
 *
 * Each function returns a short problem, or undefined when the bytes are acceptable.
 */

/**
 * Any MQTT UTF-8 string (client id, user name): well-formed UTF-8 without surrogates
 * [MQTT-1.5.3-1] and without U+0000 [MQTT-1.5.3-2]. A receiver MUST close the connection on either.
 */
export function stringBytesProblem(bytes: Buffer, start: number, end: number): string | undefined {
  let ascii = true
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!
    if (byte === 0) return 'U+0000 in a string'
    if (byte >= 0x80) ascii = false
  }
  // isUtf8 is WHATWG-strict: no overlong forms, no surrogates (ED A0..BF), nothing above U+10FFFF.
  if (!ascii && !isUtf8(bytes.subarray(start, end))) return 'ill-formed UTF-8 in a string'
  return undefined
}

/**
 * A topic name (PUBLISH, will topic): the string rules, at least one byte [MQTT-4.7.3-1], no
 * wildcard [MQTT-3.3.2-2], and no control characters (U+0001..U+001F, U+007F..U+009F). The spec
 * only says SHOULD NOT for those [MQTT-1.5.3-2 note], but they are how a topic hides from the
 * person reading it, and MQTT 3.1.1 has no way to refuse one PUBLISH other than closing.
 */
export function topicNameBytesProblem(bytes: Buffer, start: number, end: number): string | undefined {
  if (end <= start) return 'empty topic'
  let ascii = true
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!
    if (byte < 0x20 || byte === 0x7f) return byte === 0 ? 'U+0000 in a topic' : 'control character in a topic'
    if (byte >= 0x80) {
      ascii = false
      // U+0080..U+009F (C1 controls) are encoded as C2 80..C2 9F.
      if (byte === 0xc2 && i + 1 < end && bytes[i + 1]! < 0xa0) return 'control character in a topic'
    } else if (byte === 0x23 || byte === 0x2b) {
      return 'wildcard in a topic name'
    }
  }
  if (!ascii && !isUtf8(bytes.subarray(start, end))) return 'ill-formed UTF-8 in a topic'
  return undefined
}

/**
 * A topic filter (SUBSCRIBE, UNSUBSCRIBE): at least one byte [MQTT-4.7.3-1] and the string rules,
 * which close the connection. A filter with control characters is refused on its own instead
 * (SUBACK 0x80, see protocol-hooks.ts), so one bad filter does not cost the others.
 */
export function topicFilterBytesProblem(bytes: Buffer, start: number, end: number): string | undefined {
  if (end <= start) return 'empty topic filter'
  return stringBytesProblem(bytes, start, end)
}

/** Control characters as decoded text: what `topicBytesProblem` refuses, for strings aedes has already decoded. */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/

export function hasControlCharacter(text: string): boolean {
  return CONTROL_CHARACTER.test(text)
}
