import { describe, expect, it } from 'vitest'
import { rowsInView, scrollTopFor } from './fixed-rows.ts'

describe('rowsInView', () => {
  it('lists the rows in view with the overscan each side, at their offsets', () => {
    const items = rowsInView(1000, 24, 240, 96, 2)
    expect(items.map((i) => i.index)).toEqual([8, 9, 10, 11, 12, 13, 14, 15])
    expect(items[0]).toEqual({ index: 8, start: 192 })
  })

  it('counts a row cut at the bottom edge as in view', () => {
    expect(rowsInView(1000, 24, 0, 50, 0).map((i) => i.index)).toEqual([0, 1, 2])
  })

  it('stays within the list: empty, shorter than the view, scrolled past the end', () => {
    expect(rowsInView(0, 24, 0, 800, 6)).toEqual([])
    expect(rowsInView(3, 24, 0, 800, 6).map((i) => i.index)).toEqual([0, 1, 2])
    expect(rowsInView(10, 24, 10_000, 100, 1).map((i) => i.index)).toEqual([8, 9])
  })
})

describe('scrollTopFor', () => {
  it('does not scroll for a row in view', () => {
    expect(scrollTopFor(11, 'auto', 24, 1000, 240, 96)).toBe(240)
  })

  it('scrolls as little as it takes to a row above or below the view', () => {
    expect(scrollTopFor(5, 'auto', 24, 1000, 240, 96)).toBe(120)
    expect(scrollTopFor(20, 'auto', 24, 1000, 240, 96)).toBe(21 * 24 - 96)
  })

  it('centres a row, within the list', () => {
    expect(scrollTopFor(50, 'center', 24, 1000, 0, 240)).toBe(50 * 24 - 108)
    expect(scrollTopFor(1, 'center', 24, 1000, 500, 240)).toBe(0)
    expect(scrollTopFor(999, 'center', 24, 1000, 0, 240)).toBe(1000 * 24 - 240)
  })
})
