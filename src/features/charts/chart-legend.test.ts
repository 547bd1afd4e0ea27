import { describe, expect, it } from 'vitest'
import type { SeriesData } from '@/model/chart-types.ts'
import { sameLegendFigures } from './chart-legend.tsx'

const data = (fields: Partial<SeriesData> = {}): SeriesData => ({
  key: 'k',
  times: new Float64Array([1, 2]),
  values: new Float64Array([3, 4]),
  inRange: 2,
  kept: 5,
  evicted: 0,
  downsampled: false,
  skipped: { missing: 1 },
  ...fields,
})

describe('sameLegendFigures (when a legend entry need not render again)', () => {
  it('is true for new data with the same figures, whatever the points', () => {
    expect(sameLegendFigures(data(), data({ times: new Float64Array([7]), values: new Float64Array([8]) }))).toBe(true)
    expect(sameLegendFigures(data({ skipped: {} }), data({ skipped: { missing: 0 } }))).toBe(true)
    expect(sameLegendFigures(undefined, undefined)).toBe(true)
  })

  it('is false when anything the entry shows changed', () => {
    expect(sameLegendFigures(data(), undefined)).toBe(false)
    expect(sameLegendFigures(undefined, data())).toBe(false)
    expect(sameLegendFigures(data(), data({ inRange: 3 }))).toBe(false)
    expect(sameLegendFigures(data(), data({ kept: 6 }))).toBe(false)
    expect(sameLegendFigures(data(), data({ evicted: 1 }))).toBe(false)
    expect(sameLegendFigures(data(), data({ downsampled: true }))).toBe(false)
    expect(sameLegendFigures(data(), data({ skipped: { missing: 2 } }))).toBe(false)
    expect(sameLegendFigures(data(), data({ skipped: { missing: 1, 'not-numeric': 1 } }))).toBe(false)
  })
})
