import { describe, expect, it } from 'vitest'
import { clampTime, messagesQuery, planSeek } from './recording-window.ts'

describe('planSeek', () => {
  it('starts from nothing when nothing is shown', () => {
    expect(planSeek(undefined, 500)).toEqual({ kind: 'restart', to: 500 })
  })
  it('adds only the messages after the time shown when moving forward (inclusive bounds, no overlap)', () => {
    expect(planSeek(1_000, 2_000)).toEqual({ kind: 'forward', from: 1_001, to: 2_000 })
  })
  it('starts again when moving back: a tree cannot un-count a message', () => {
    expect(planSeek(2_000, 1_999)).toEqual({ kind: 'restart', to: 1_999 })
  })
  it('does nothing for the same time', () => {
    expect(planSeek(2_000, 2_000)).toEqual({ kind: 'none' })
  })
})

describe('clampTime', () => {
  it('keeps a slider value within first..last, in whole milliseconds', () => {
    const span = { first: 1_000, last: 5_000 }
    expect(clampTime(span, 0)).toBe(1_000)
    expect(clampTime(span, 9_999)).toBe(5_000)
    expect(clampTime(span, 2_500.6)).toBe(2_501)
    expect(clampTime(span, Number.NaN)).toBe(5_000)
  })
  it('has no time for an empty recording', () => {
    expect(clampTime({ first: undefined, last: undefined }, 1)).toBeUndefined()
  })
})

describe('messagesQuery', () => {
  it('asks for JSONL with the bounds given', () => {
    expect(messagesQuery(undefined, 99)).toBe('format=jsonl&to=99')
    expect(messagesQuery(5, 99)).toBe('format=jsonl&from=5&to=99')
    expect(messagesQuery(undefined, undefined)).toBe('format=jsonl')
  })
})
