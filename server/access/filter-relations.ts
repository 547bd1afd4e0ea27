/**
 * How two MQTT topic filters relate, for checking a SUBSCRIBE against ACL rules (which are filters
 * too). Both filters are assumed valid (src/model/topic-rules.ts validateFilter) and without a
 * `$share/{group}/` prefix. Rules used, MQTT 3.1.1 clause 4.7:
 * - `#` matches its parent level and every level below [MQTT-4.7.1-2];
 * - `+` matches exactly one level, an empty one included [MQTT-4.7.1-3];
 * - a filter starting with a wildcard matches no topic starting with `$` [MQTT-4.7.2-1].
 */

/** Whether some topic name matches both filters. */
export function filtersOverlap(a: string, b: string): boolean {
  const x = a.split('/')
  const y = b.split('/')
  if (excludedDollar(x, y) || excludedDollar(y, x)) return false
  for (let i = 0; ; i++) {
    const p = x[i]
    const q = y[i]
    if (p === '#' || q === '#') return true
    if (p === undefined || q === undefined) {
      // One ended: the other still matches if all it has left is "#" (the parent rule).
      return p === q || (p === undefined ? y.length === i + 1 && q === '#' : x.length === i + 1 && p === '#')
    }
    if (p !== '+' && q !== '+' && p !== q) return false
  }
}

/** Whether every topic name matched by `inner` is also matched by `outer`. */
export function filterCovers(outer: string, inner: string): boolean {
  const o = outer.split('/')
  const n = inner.split('/')
  // `outer` starting with a wildcard misses the "$" topics `inner` may name.
  if (isWildcard(o[0]!) && n[0]!.startsWith('$')) return false
  for (let i = 0; ; i++) {
    const p = o[i]
    const q = n[i]
    if (p === '#') return true
    if (q === undefined) return p === undefined
    if (p === undefined) return false
    if (q === '#') return false
    if (p === '+') continue
    if (q === '+' || p !== q) return false
  }
}

/** `first` starts with a wildcard, so it matches no "$" topic, and every topic of `other` starts with "$". */
function excludedDollar(first: readonly string[], other: readonly string[]): boolean {
  return isWildcard(first[0]!) && other[0]!.startsWith('$')
}

function isWildcard(level: string): boolean {
  return level === '+' || level === '#'
}
