import { Enum, type Field, type Type } from 'protobufjs'
import { parsePublishJson, type PublishValue } from './encoded-publish.ts'

/**
 * The Protobuf publish encoder (part of the lazily loaded decoders' chunk): JSON written by the
 * person, encoded as a message type of their .proto files. protobufjs's fromObject coerces
 * silently ("abc" becomes 0 in an int32 field), so the JSON is checked first, field by field,
 * with protobufjs's verify and the checks below; an error names the field ("meta.unit: string
 * expected") and nothing is encoded. 64-bit integers are exact: JSON numbers beyond 2^53 (read as
 * bigint) and decimal strings ("9007199254740993") are both accepted.
 */

const INT32_RANGES: Record<string, readonly [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  sint32: [-(2 ** 31), 2 ** 31 - 1],
  sfixed32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
  fixed32: [0, 2 ** 32 - 1],
}
const UNSIGNED_64 = new Set(['uint64', 'fixed64'])

type Prepared = unknown

const isObject = (v: unknown): v is { [key: string]: PublishValue } => typeof v === 'object' && v !== null && !Array.isArray(v)

class FieldError extends Error {}

/** A 64-bit integer as protobufjs's Long-like {low, high} (verify and fromObject both take it). */
function longBits(value: PublishValue, unsigned: boolean, at: string): { low: number; high: number; unsigned: boolean } {
  let n: bigint | undefined
  if (typeof value === 'bigint') n = value
  else if (typeof value === 'number' && Number.isSafeInteger(value)) n = BigInt(value)
  else if (typeof value === 'string' && /^-?\d{1,20}$/.test(value.trim())) n = BigInt(value.trim())
  const [min, max] = unsigned ? [0n, 2n ** 64n - 1n] : [-(2n ** 63n), 2n ** 63n - 1n]
  if (n === undefined || n < min || n > max)
    throw new FieldError(`${at}: expected a whole number ${min} to ${max} (a number, or a string of digits for every digit exactly)`)
  const bits = BigInt.asUintN(64, n)
  return { low: Number(BigInt.asIntN(32, bits)), high: Number(BigInt.asIntN(32, bits >> 32n)), unsigned }
}

/** One value of `field` (not the list or map around it), ready for verify and fromObject. */
function prepareValue(field: Field, value: PublishValue, at: string): Prepared {
  const resolved = field.resolvedType
  if (resolved instanceof Enum) {
    if (typeof value === 'number') return value
    if (typeof value === 'string' && resolved.values[value] !== undefined) return resolved.values[value]
    const names = Object.keys(resolved.values)
    throw new FieldError(`${at}: expected one of ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''} (or its number), got ${short(value)}`)
  }
  if (resolved) {
    if (!isObject(value)) throw new FieldError(`${at}: expected an object (a ${resolved.fullName.replace(/^\./, '')})`)
    return prepareMessage(resolved, value, at)
  }
  if (field.long) return longBits(value, UNSIGNED_64.has(field.type), at)
  const range = INT32_RANGES[field.type]
  if (range && (typeof value !== 'number' || !Number.isInteger(value) || value < range[0] || value > range[1]))
    throw new FieldError(`${at}: expected a whole number ${range[0]} to ${range[1]} for ${field.type}, got ${short(value)}`)
  if (typeof value === 'bigint') throw new FieldError(`${at}: ${value} does not fit a ${field.type}`)
  return value
}

/** A JSON object as the message `type`: unknown fields refused, 64-bit integers and enum names converted. */
function prepareMessage(type: Type, value: { [key: string]: PublishValue }, path: string): Record<string, Prepared> {
  const out: Record<string, Prepared> = {}
  for (const [key, raw] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key
    const field = type.fields[key]
    if (!field) {
      const known = Object.keys(type.fields)
      throw new FieldError(`${at}: no such field in ${type.fullName.replace(/^\./, '')} (its fields: ${known.slice(0, 12).join(', ') || 'none'})`)
    }
    field.resolve()
    if (raw === null) continue // null: the field left unset, as protobufjs's JSON mapping has it
    if (field.map) {
      if (!isObject(raw)) throw new FieldError(`${at}: expected an object (a map)`)
      out[key] = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, prepareValue(field, v, `${at}.${k}`)]))
    } else if (field.repeated) {
      if (!Array.isArray(raw)) throw new FieldError(`${at}: expected a list`)
      out[key] = raw.map((v, i) => prepareValue(field, v, `${at}[${i}]`))
    } else out[key] = prepareValue(field, raw, at)
  }
  return out
}

function short(value: PublishValue): string {
  const text = typeof value === 'bigint' ? value.toString() : JSON.stringify(value)
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

/**
 * `text` (JSON) encoded as `type`. Throws an Error naming the type and the field ("demo.Reading:
 * temperature: number expected") when the JSON does not fit it.
 */
export function encodeProtobuf(type: Type, text: string): Uint8Array {
  const name = type.fullName.replace(/^\./, '')
  const parsed = parsePublishJson(text)
  if ('error' in parsed) throw new Error(parsed.error)
  if (!isObject(parsed.value)) throw new Error(`${name}: expected a JSON object with its fields`)
  let prepared: Record<string, Prepared>
  try {
    prepared = prepareMessage(type, parsed.value, '')
  } catch (e) {
    if (e instanceof FieldError) throw new Error(`${name}: ${e.message}`)
    throw e
  }
  const problem = type.verify(prepared)
  if (problem) throw new Error(`${name}: ${problem}`)
  return type.encode(type.fromObject(prepared)).finish()
}
