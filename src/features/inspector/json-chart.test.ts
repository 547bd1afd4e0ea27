import { describe, expect, it } from 'vitest'
import { jsonLines } from '@/model/json-lines.ts'
import { pathOfLine } from '@/model/json-path.ts'
import { lineChartTarget } from './json-chart.ts'

const targets = (value: unknown) => {
  const { lines } = jsonLines(value)
  return lines.map((_, i) => lineChartTarget(lines, i)).filter((t) => t !== undefined)
}

describe('JSON view chart buttons', () => {
  it('offers numbers, booleans and arrays of them, named by their path', () => {
    const doc = { temp: 21.5, on: true, name: 'x', sensors: [{ value: -3 }, { value: null }], values: [1, false, 3], mixed: [1, 'a'], empty: [], nested: [[1]] }
    expect(targets(doc).map((t) => t.label)).toEqual([
      'Chart temp',
      'Chart on',
      'Chart sensors[0].value',
      'Chart values',
      'Chart values[0]',
      'Chart values[1]',
      'Chart values[2]',
      'Chart mixed[0]',
      'Chart nested[0]',
      'Chart nested[0][0]',
    ])
    expect(targets(doc).find((t) => t.label === 'Chart values')).toEqual({ path: ['values'], elements: 3, label: 'Chart values' })
  })

  it('gives the same paths as pathOfLine, also for odd names and deep elements', () => {
    const doc = { 'odd key': [0, { '0': 1, a$: [2, 3] }], list: Array.from({ length: 500 }, (_, i) => i) }
    const { lines } = jsonLines(doc)
    lines.forEach((_, i) => {
      const target = lineChartTarget(lines, i)
      if (target) expect(target.path).toEqual(pathOfLine(lines, i))
    })
    expect(lineChartTarget(lines, lines.length - 3)?.label).toBe('Chart list[499]')
  })

  it('does not offer the root value (the inspector has "Chart" for it); a root array is "Chart elements"', () => {
    expect(targets(42)).toEqual([])
    expect(targets([1, 2]).map((t) => t.label)).toEqual(['Chart elements', 'Chart [0]', 'Chart [1]'])
  })

  it('does not offer a number JSON could not hold, nor an array cut by the line budget', () => {
    expect(targets({ big: Infinity })).toEqual([])
    const { lines } = jsonLines({ a: [1, 2, 3, 4] }, 4)
    expect(lines.map((_, i) => lineChartTarget(lines, i)?.label)).toEqual([undefined, undefined, 'Chart a[0]', 'Chart a[1]'])
  })
})
