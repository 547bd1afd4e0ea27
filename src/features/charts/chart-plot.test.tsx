// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ChartSeries } from '@/model/chart-setup.ts'
import type { ChartData, SeriesData } from '@/model/chart-types.ts'
import ChartPlot from './chart-plot.tsx'

afterEach(cleanup)

// Counts the time axis' label formatting: recharts formats its ticks whenever it renders the axis.
const formatted = vi.hoisted(() => ({ ticks: 0 }))
vi.mock('./plot-data.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('./plot-data.ts')>()
  return {
    ...original,
    timeTick: (t: number, span: number) => {
      formatted.ticks++
      return original.timeTick(t, span)
    },
  }
})

const series = (id: string, hidden = false): { key: string; series: ChartSeries } => ({
  key: `k-${id}`,
  series: { id, topic: `t/${id}`, path: [], label: `t/${id}`, color: '#123456', ...(hidden ? { hidden: true } : {}) },
})
const seriesData = (id: string, values: number[]): SeriesData => ({
  key: `k-${id}`,
  times: Float64Array.from(values, (_, i) => 1000 + i * 100),
  values: Float64Array.from(values),
  inRange: values.length,
  kept: values.length,
  evicted: 0,
  downsampled: false,
  skipped: {},
})
const data: ChartData = { chartId: 'c', from: 1000, to: 2000, series: [seriesData('a', [1, 2, 3]), seriesData('b', [2, 2.5, 2]), seriesData('c', [3, 2, 1])] }

describe('chart plot', () => {
  it('draws a line per visible series; hiding one leaves the others and the axes as they were', () => {
    const all = [series('a'), series('b'), series('c')]
    const { container, rerender } = render(<ChartPlot width={600} height={300} domain={[1000, 2000]} series={all} data={data} />)
    const lines = () => [...container.querySelectorAll('path.chart-line')]
    const ticks = () => [...container.querySelectorAll('.recharts-cartesian-axis-tick-value')].map((t) => t.textContent)
    expect(lines()).toHaveLength(3)
    const before = lines().map((p) => p.getAttribute('d'))
    expect(before.every((d) => d?.startsWith('M'))).toBe(true)
    const axis = ticks()
    expect(axis.length).toBeGreaterThan(0)
    const formattedBefore = formatted.ticks
    expect(formattedBefore).toBeGreaterThan(0)

    // Same domain and value extent (a new domain array with the same bounds): recharts' axes are
    // not rendered again, only the lines.
    rerender(<ChartPlot width={600} height={300} domain={[1000, 2000]} series={[all[0]!, series('b', true), all[2]!]} data={data} />)
    expect(lines().map((p) => p.getAttribute('d'))).toEqual([before[0], before[2]])
    expect(ticks()).toEqual(axis)
    expect(formatted.ticks).toBe(formattedBefore)

    rerender(<ChartPlot width={600} height={300} domain={[1000, 2000]} series={all} data={data} />)
    expect(lines().map((p) => p.getAttribute('d'))).toEqual(before)

    // Hiding the series that held the lowest value changes the value axis: the lines follow it.
    rerender(<ChartPlot width={600} height={300} domain={[1000, 2000]} series={[series('a', true), all[1]!, series('c', true)]} data={data} />)
    expect(lines()).toHaveLength(1)
    expect(lines()[0]!.getAttribute('d')).not.toBe(before[1])
    expect(ticks()).not.toEqual(axis)
  })

  it('follows a new time domain and new points', () => {
    const all = [series('a')]
    const { container, rerender } = render(<ChartPlot width={600} height={300} domain={[1000, 2000]} series={all} data={data} />)
    const d = () => container.querySelector('path.chart-line')?.getAttribute('d')
    const first = d()
    const formattedBefore = formatted.ticks
    rerender(<ChartPlot width={600} height={300} domain={[500, 2000]} series={all} data={data} />)
    expect(d()).not.toBe(first)
    expect(formatted.ticks).toBeGreaterThan(formattedBefore)
    const moved = d()
    rerender(<ChartPlot width={600} height={300} domain={[500, 2000]} series={all} data={{ ...data, series: [seriesData('a', [1, 2, 3, 4])] }} />)
    expect(d()).not.toBe(moved)
    expect(d()!.match(/[ML]/g)).toHaveLength(4)
  })
})
