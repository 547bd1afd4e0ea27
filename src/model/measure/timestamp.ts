/**
 * A device's timestamp as epoch milliseconds: a number (or a string of digits) in epoch seconds,
 * milliseconds, microseconds or nanoseconds, told apart by size (below 10^11 is seconds: 10^11 ms
 * is 1973, 10^11 s the year 5138), or an ISO 8601 date-time ("2024-06-01T12:00:00.250Z",
 * "+02:00" offsets; without an offset it is taken as UTC, as devices mostly mean). Undefined when
 * the value is none of these.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/
const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number') return epochMs(value)
  if (typeof value !== 'string') return undefined
  const text = value.trim()
  if (NUMERIC.test(text)) return epochMs(Number(text))
  return isoMs(text)
}

function epochMs(n: number): number | undefined {
  if (!Number.isFinite(n) || n <= 0) return undefined
  if (n < 1e11) return n * 1000 // seconds
  if (n < 1e14) return n // milliseconds
  if (n < 1e17) return n / 1000 // microseconds
  return n / 1e6 // nanoseconds
}

function isoMs(text: string): number | undefined {
  const m = ISO.exec(text)
  if (!m) return undefined
  const [, y, mo, d, h, mi, s = '0', fraction = '', zone = 'Z'] = m
  const month = Number(mo)
  const day = Number(d)
  const hour = Number(h)
  const minute = Number(mi)
  const second = Number(s)
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined
  const utc = Date.UTC(Number(y), month - 1, day, hour, minute, second)
  // Date.UTC rolls 31 February over into March: such a date is not one.
  if (new Date(utc).getUTCDate() !== day) return undefined
  const ms = fraction === '' ? 0 : Number(`0.${fraction}`) * 1000
  return utc + ms - offsetMinutes(zone) * 60_000
}

function offsetMinutes(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0
  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'))
}
