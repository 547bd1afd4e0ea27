import { escapeInvisible } from './payload-preview.ts'

type Json = unknown

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * `value` as compact JSON, at most `maxChars` characters (then '…'), without recursion: containers
 * are walked with a cursor each, so a deeply nested or huge value costs only what is shown.
 * Escaped for display (escapeInvisible).
 */
export function compactJson(value: Json, maxChars: number): string {
  interface Frame {
    readonly container: readonly Json[] | Record<string, Json>
    /** Member names, or undefined for an array. */
    readonly keys: string[] | undefined
    next: number
  }
  let out = ''
  const frames: Frame[] = []
  const write = (v: Json) => {
    if (Array.isArray(v)) {
      out += '['
      frames.push({ container: v, keys: undefined, next: 0 })
    } else if (isObject(v)) {
      out += '{'
      frames.push({ container: v, keys: Object.keys(v), next: 0 })
    } else if (typeof v === 'bigint')
      out += v.toString() // decoded binary payloads keep 64-bit integers exact
    else out += v === undefined ? 'null' : JSON.stringify(v)
  }
  write(value)
  while (frames.length > 0 && out.length <= maxChars) {
    const frame = frames[frames.length - 1]!
    const length = frame.keys ? frame.keys.length : (frame.container as readonly Json[]).length
    if (frame.next >= length) {
      out += frame.keys ? '}' : ']'
      frames.pop()
      continue
    }
    const i = frame.next++
    if (i > 0) out += ','
    if (frame.keys) {
      const key = frame.keys[i]!
      out += `${JSON.stringify(key)}:`
      write((frame.container as Record<string, Json>)[key])
    } else write((frame.container as readonly Json[])[i])
  }
  const cut = frames.length > 0 || out.length > maxChars
  return escapeInvisible(cut ? `${out.slice(0, maxChars)}…` : out)
}
