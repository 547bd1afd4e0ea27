/**
 * MQTT topic names and topic filters (MQTT 3.1.1 and 5.0, section 4.7) as pure functions:
 * strings in, values out.
 *
 * Rules (tags are MQTT 3.1.1 clause numbers; MQTT 5.0 keeps the same rules):
 * - A topic name or a topic filter is at least one character long [MQTT-4.7.3-1].
 * - It is a UTF-8 string [MQTT-1.5.3]: at most 65,535 bytes once encoded [MQTT-4.7.3-3]; well-formed,
 *   so no unpaired UTF-16 surrogate, which has no UTF-8 encoding [MQTT-1.5.3-1]; no U+0000
 *   [MQTT-1.5.3-2] [MQTT-4.7.3-2].
 * - "/" separates levels. A level may be empty: "/a", "a/" and "a//b" each have an empty level.
 * - A topic name contains no wildcard, "+" nor "#" [MQTT-3.3.2-2].
 * - In a filter, "#" stands alone in the last level [MQTT-4.7.1-2] and matches the parent level and
 *   any number of levels below it; "+" fills a whole level [MQTT-4.7.1-3] and matches exactly one
 *   level, an empty one included.
 * - A filter whose first character is a wildcard does not match a topic name starting with "$"
 *   ("$SYS/..."), so "#" is not a window on broker internals [MQTT-4.7.2-1].
 * - A shared subscription (MQTT 5, section 4.8.2; most 3.1.1 brokers too) is
 *   "$share/{ShareName}/{filter}": a ShareName of at least one character [MQTT-4.8.2-1] without "/",
 *   "+" or "#", followed by a valid filter [MQTT-4.8.2-2]. Only {filter} is matched against topics.
 */

const MAX_BYTES = 65_535
const SHARE_PREFIX = '$share/'
const SLASH = 0x2f
const PLUS = 0x2b
const HASH = 0x23
const DOLLAR = 0x24

/** Why `topic` cannot be published to, or undefined when it is a valid topic name. */
export function validateTopic(topic: string): string | undefined {
  if (topic.length === 0) return 'The topic is empty: a topic needs at least one character' // [MQTT-4.7.3-1]
  const encoding = checkUtf8String(topic, 'topic')
  if (encoding) return encoding
  // [MQTT-3.3.2-2] wildcards belong to subscriptions only
  if (topic.includes('+') || topic.includes('#')) {
    return 'A topic name cannot contain "+" or "#": wildcards are only for subscriptions'
  }
  return undefined
}

/** Why `filter` cannot be subscribed to, or undefined when it is a valid topic filter. */
export function validateFilter(filter: string): string | undefined {
  if (filter.length === 0) return 'The filter is empty: a filter needs at least one character' // [MQTT-4.7.3-1]
  const encoding = checkUtf8String(filter, 'filter')
  if (encoding) return encoding
  let start = 0
  if (filter.startsWith(SHARE_PREFIX)) {
    const end = filter.indexOf('/', SHARE_PREFIX.length)
    const group = filter.slice(SHARE_PREFIX.length, end < 0 ? filter.length : end)
    // [MQTT-4.8.2-1] the ShareName is at least one character
    if (group.length === 0) return 'A shared subscription needs a group name: "$share/{group}/{filter}"'
    // [MQTT-4.8.2-2] the ShareName has no wildcard and is followed by "/" and a filter
    if (group.includes('+') || group.includes('#')) {
      return 'The group name of a shared subscription cannot contain "+" or "#"'
    }
    if (end < 0 || end === filter.length - 1) {
      return 'A shared subscription needs a filter after the group: "$share/{group}/{filter}"'
    }
    start = end + 1
  }
  return checkWildcards(filter, start)
}

/**
 * Whether `topic` (a topic name) matches `filter`. The filter is assumed valid (see validateFilter):
 * for an invalid one the answer is unspecified. Allocates nothing.
 */
export function matchesFilter(filter: string, topic: string): boolean {
  let fi = filter.startsWith(SHARE_PREFIX) ? sharedFilterStart(filter) : 0
  if (fi < 0) return false
  // [MQTT-4.7.2-1] "#" and "+" at the start never reach "$" topics.
  const first = filter.charCodeAt(fi)
  if ((first === PLUS || first === HASH) && topic.charCodeAt(0) === DOLLAR) return false
  let ti = 0
  // Invariant: fi and ti are each at the start of a level.
  for (;;) {
    let fEnd = filter.indexOf('/', fi)
    if (fEnd < 0) fEnd = filter.length
    // [MQTT-4.7.1-2] "#" matches this level, the levels below, and also the parent alone.
    if (fEnd - fi === 1 && filter.charCodeAt(fi) === HASH) return true
    let tEnd = topic.indexOf('/', ti)
    if (tEnd < 0) tEnd = topic.length
    // [MQTT-4.7.1-3] "+" matches exactly one level, an empty one included.
    const plus = fEnd - fi === 1 && filter.charCodeAt(fi) === PLUS
    if (!plus && !sameLevel(filter, fi, fEnd, topic, ti, tEnd)) return false
    if (fEnd === filter.length) return tEnd === topic.length
    if (tEnd === topic.length) {
      // The topic ended one level early: only a final "/#" still matches (the parent rule).
      return filter.length - fEnd === 2 && filter.charCodeAt(fEnd + 1) === HASH
    }
    fi = fEnd + 1
    ti = tEnd + 1
  }
}

/**
 * `matchesFilter(filter, topic)` with the filter split once, for testing many topics against one
 * filter (a tree filter, a subscription's topics). The returned test allocates nothing.
 */
export function compileFilter(filter: string): (topic: string) => boolean {
  const start = filter.startsWith(SHARE_PREFIX) ? sharedFilterStart(filter) : 0
  if (start < 0) return () => false
  const levels = filter.slice(start).split('/')
  const count = levels.length
  const first = levels[0]
  // [MQTT-4.7.2-1]
  const skipDollar = first === '+' || first === '#'
  return (topic: string): boolean => {
    if (skipDollar && topic.charCodeAt(0) === DOLLAR) return false
    // ti is the start of the next topic level; ti > topic.length means the topic has no more levels.
    let ti = 0
    for (let i = 0; i < count; i++) {
      const level = levels[i]!
      if (level === '#') return true // [MQTT-4.7.1-2] also matches when the topic has no more levels
      if (ti > topic.length) return false
      let tEnd = topic.indexOf('/', ti)
      if (tEnd < 0) tEnd = topic.length
      // [MQTT-4.7.1-3]
      if (level !== '+' && (tEnd - ti !== level.length || !topic.startsWith(level, ti))) return false
      ti = tEnd + 1
    }
    return ti === topic.length + 1
  }
}

/** Where the filter proper begins in "$share/{group}/{filter}", or -1 if there is none. */
function sharedFilterStart(filter: string): number {
  const end = filter.indexOf('/', SHARE_PREFIX.length)
  return end < 0 ? -1 : end + 1
}

function sameLevel(a: string, aStart: number, aEnd: number, b: string, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false
  for (let i = 0; i < aEnd - aStart; i++) {
    if (a.charCodeAt(aStart + i) !== b.charCodeAt(bStart + i)) return false
  }
  return true
}

/** [MQTT-4.7.1-2] [MQTT-4.7.1-3] where "#" and "+" may stand, from `start` on. */
function checkWildcards(filter: string, start: number): string | undefined {
  for (let i = start; i < filter.length; i++) {
    const c = filter.charCodeAt(i)
    if (c !== HASH && c !== PLUS) continue
    const levelStart = i === start || filter.charCodeAt(i - 1) === SLASH
    if (c === HASH && (!levelStart || i !== filter.length - 1)) return '"#" must be the last level, alone (e.g. "home/#")'
    const levelEnd = i === filter.length - 1 || filter.charCodeAt(i + 1) === SLASH
    if (c === PLUS && (!levelStart || !levelEnd)) return '"+" must fill a whole level, alone (e.g. "home/+/temperature")'
  }
  return undefined
}

/**
 * [MQTT-1.5.3] the string rules every topic name and filter share: no U+0000, no unpaired
 * surrogate, at most 65,535 UTF-8 bytes. One pass, counting bytes without encoding.
 */
function checkUtf8String(s: string, what: 'topic' | 'filter'): string | undefined {
  let bytes = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 0) return `The ${what} contains a NUL character (U+0000), which MQTT forbids` // [MQTT-1.5.3-2]
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0
      // [MQTT-1.5.3-1] a high surrogate must be followed by a low one
      if (next < 0xdc00 || next > 0xdfff) return unpaired(what, i)
      bytes += 4
      i++
    } else if (c >= 0xdc00 && c <= 0xdfff)
      return unpaired(what, i) // [MQTT-1.5.3-1] a lone low surrogate
    else bytes += 3
  }
  // [MQTT-4.7.3-3] the length prefix is two bytes
  if (bytes > MAX_BYTES) return `The ${what} is ${bytes.toLocaleString('en')} bytes long in UTF-8; MQTT allows at most 65,535`
  return undefined
}

function unpaired(what: string, index: number): string {
  return `The ${what} contains a broken character at position ${index} (an unpaired UTF-16 surrogate), which cannot be sent as UTF-8`
}
