import { describe, expect, it } from 'vitest'
import { SequenceTracker } from './sequence-tracker.ts'

function track(seqs: readonly number[]) {
  const t = new SequenceTracker()
  const events = seqs.map((s) => t.observe(s))
  const { received, lost, duplicates, outOfOrder, resets, wraps } = t
  return { events, received, lost, duplicates, outOfOrder, resets, wraps }
}

describe('SequenceTracker', () => {
  it('counts an unbroken stream as nothing lost', () => {
    expect(track([1, 2, 3, 4, 5])).toMatchObject({ received: 5, lost: 0, duplicates: 0, outOfOrder: 0 })
  })

  it('counts the numbers a gap skips as lost', () => {
    expect(track([1, 2, 5, 6, 10])).toMatchObject({ events: ['first', 'next', 'gap', 'next', 'gap'], received: 5, lost: 2 + 3 })
  })

  it('counts a number seen again as a duplicate, once per extra copy', () => {
    expect(track([1, 2, 2, 3, 3, 3, 4])).toMatchObject({ received: 4, lost: 0, duplicates: 3 })
  })

  it('takes a late number off the lost and counts it out of order', () => {
    expect(track([1, 3, 2, 4])).toMatchObject({ events: ['first', 'gap', 'late', 'next'], received: 4, lost: 0, outOfOrder: 1 })
    expect(track([1, 4, 3, 2, 5])).toMatchObject({ lost: 0, outOfOrder: 2 })
  })

  it('sees a counter reset (back to where it started or lower) as a new run, not as loss or duplicates', () => {
    expect(track([0, 1, 2, 3, 0, 1, 2])).toMatchObject({
      events: ['first', 'next', 'next', 'next', 'reset', 'next', 'next'],
      lost: 0,
      duplicates: 0,
      resets: 1,
    })
    expect(track([500, 501, 502, 1, 2, 4])).toMatchObject({ resets: 1, lost: 1, received: 6 })
    // A jump forward of more than a million is a reset too.
    expect(track([1, 2, 5_000_000, 5_000_001])).toMatchObject({ resets: 1, lost: 0 })
  })

  it('tells a duplicate of the first message from a reset', () => {
    expect(track([7, 7, 8])).toMatchObject({ duplicates: 1, resets: 0 })
  })

  it('sees a wrap-around at 65,535 and 255, counting only the numbers skipped across it', () => {
    expect(track([65533, 65534, 65535, 0, 1])).toMatchObject({ events: ['first', 'next', 'next', 'wrap', 'next'], lost: 0, wraps: 1, resets: 0 })
    expect(track([65534, 1, 2])).toMatchObject({ wraps: 1, lost: 2 }) // 65535 and 0
    expect(track([254, 255, 0, 1])).toMatchObject({ wraps: 1, lost: 0 })
    expect(track([4294967295, 0])).toMatchObject({ wraps: 1, lost: 0 })
  })

  it('forgets the oldest missing numbers beyond its bound but keeps them counted lost', () => {
    const t = new SequenceTracker()
    t.observe(0)
    t.observe(50_001) // 50,000 missing; the tracker remembers the last 10,000
    expect(t.lost).toBe(50_000)
    expect(t.observe(50_000)).toBe('late')
    expect(t.lost).toBe(49_999)
    expect(t.observe(5)).toBe('duplicate') // forgotten: reads as seen
  })
})
