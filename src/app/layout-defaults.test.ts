import { describe, expect, it } from 'vitest'
import { layoutDefaults } from './layout-defaults.ts'

describe('layoutDefaults', () => {
  it('gives the details more width than the tree at 1280 and 1440 px', () => {
    for (const [width, height] of [
      [1280, 720],
      [1440, 900],
    ] as const) {
      const { details } = layoutDefaults(width, height)
      expect(details).toBeGreaterThan(width - details)
      expect(width - details).toBeGreaterThanOrEqual(320) // the tree's minimum
    }
  })

  it('keeps Publish to about a third of the height, within bounds', () => {
    expect(layoutDefaults(1280, 720).publish).toBe(259)
    expect(layoutDefaults(1440, 900).publish).toBe(324)
    expect(layoutDefaults(800, 400).publish).toBe(200)
    expect(layoutDefaults(2560, 1600).publish).toBe(360)
    expect(layoutDefaults(700, 600).details).toBe(460)
  })
})
