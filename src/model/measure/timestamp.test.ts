import { describe, expect, it } from 'vitest'
import { parseTimestamp } from './timestamp.ts'

const T = Date.UTC(2024, 5, 1, 12, 0, 0, 250) // 2024-06-01T12:00:00.250Z

describe('parseTimestamp', () => {
  it('reads epoch seconds, milliseconds, microseconds and nanoseconds, numbers or digit strings', () => {
    expect(parseTimestamp(T / 1000)).toBe(T)
    expect(parseTimestamp(T)).toBe(T)
    expect(parseTimestamp(T * 1000)).toBe(T)
    expect(parseTimestamp(T * 1e6)).toBeCloseTo(T, 3) // nanoseconds are beyond a double's precision anyway
    expect(parseTimestamp(String(T))).toBe(T)
    expect(parseTimestamp('1717243200.25')).toBe(T)
  })

  it('reads ISO 8601 with Z, an offset, or no zone (UTC), with any fraction', () => {
    expect(parseTimestamp('2024-06-01T12:00:00.250Z')).toBe(T)
    expect(parseTimestamp('2024-06-01T14:00:00.25+02:00')).toBe(T)
    expect(parseTimestamp('2024-06-01T07:30:00.250-0430')).toBe(T)
    expect(parseTimestamp('2024-06-01 12:00:00.250')).toBe(T)
    expect(parseTimestamp('2024-06-01T12:00:00.250123456Z')).toBeCloseTo(T + 0.123456, 3)
    expect(parseTimestamp('2024-06-01T12:00Z')).toBe(T - 250)
  })

  it('refuses what is no time', () => {
    for (const value of ['', 'now', '2024-02-31T00:00:00Z', '2024-13-01T00:00:00Z', '12:00', null, true, {}, [], -5, 0, Number.NaN, '1e400']) {
      expect(parseTimestamp(value), JSON.stringify(value)).toBeUndefined()
    }
  })
})
