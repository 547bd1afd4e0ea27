import { describe, expect, it } from 'vitest'
import { parseTimeInput, timeInputValue } from './recording-time.ts'

describe('parseTimeInput', () => {
  it('reads local times; "to" covers its whole second (or minute)', () => {
    const at = new Date(2026, 11, 7, 21, 4, 5).getTime()
    expect(parseTimeInput('2026-12-07T21:04:05', 'from')).toBe(at)
    expect(parseTimeInput('2026-12-07T21:04:05', 'to')).toBe(at + 999)
    expect(parseTimeInput('2026-12-07T21:04', 'to')).toBe(new Date(2026, 11, 7, 21, 4).getTime() + 59_999)
    expect(parseTimeInput('  ', 'from')).toBeUndefined()
  })

  it('refuses what is not a date and time', () => {
    expect(parseTimeInput('yesterday', 'from')).toEqual({ error: 'Give a date and time' })
    expect(parseTimeInput('2026-02-31T10:00', 'from')).toEqual({ error: 'Not a date' })
  })

  it('round-trips an epoch time to the second', () => {
    const at = new Date(2026, 0, 2, 3, 4, 5, 678).getTime()
    expect(timeInputValue(at)).toBe('2026-01-02T03:04:05')
    expect(parseTimeInput(timeInputValue(at), 'from')).toBe(at - 678)
  })
})
