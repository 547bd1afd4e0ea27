import { describe, expect, it } from 'vitest'
import type { ChartData, SeriesData } from '@/model/chart-types.ts'
import { chartFileName } from './chart-file-name.ts'
import { isoTime, timeDomain, timeTick, timeTicks, valueTick } from './plot-data.ts'

function series(times: number[], values: number[]): SeriesData {
  return {
    key: 'k',
    times: Float64Array.from(times),
    values: Float64Array.from(values),
    inRange: times.length,
    kept: times.length,
    evicted: 0,
    downsampled: false,
    skipped: {},
  }
}

describe('plot data', () => {
  it('the time axis is the window before the end: frozen, else what the worker drew up to, else now', () => {
    const data: ChartData = { chartId: 'c', from: 0, to: 500_000, series: [] }
    expect(timeDomain('5m', data, undefined, 9e9)).toEqual([200_000, 500_000])
    expect(timeDomain('1m', data, 400_000, 9e9)).toEqual([340_000, 400_000])
    expect(timeDomain('1m', undefined, undefined, 1_000_000)).toEqual([940_000, 1_000_000])
  })

  it('until the window is full the time axis fits the data: it starts where the worker drew from', () => {
    // 30 points over the last 20 s of a 5-minute window: 20 s of axis, not 5 minutes.
    const data: ChartData = { chartId: 'c', from: 480_000, to: 500_000, series: [] }
    expect(timeDomain('5m', data, undefined, 9e9)).toEqual([480_000, 500_000])
    expect(timeDomain('1m', data, undefined, 9e9)).toEqual([480_000, 500_000])
    // Full: the window.
    expect(timeDomain('1m', { ...data, from: 100_000 }, undefined, 9e9)).toEqual([440_000, 500_000])
  })

  it("'All' starts at the first point shown, or a minute back when there is none", () => {
    const data: ChartData = { chartId: 'c', from: -Infinity, to: 500_000, series: [series([120_000, 130_000], [1, 2]), series([], [])] }
    expect(timeDomain('all', data, undefined, 0)).toEqual([120_000, 500_000])
    expect(timeDomain('all', { ...data, from: 100_000 }, undefined, 0)).toEqual([100_000, 500_000])
    expect(timeDomain('all', { ...data, series: [] }, undefined, 0)).toEqual([440_000, 500_000])
  })

  it('exact times are ISO 8601', () => {
    expect(isoTime(1_700_000_000_123)).toBe('2023-11-14T22:13:20.123Z')
  })
})

describe('chart file names', () => {
  it('are safe and end in the format', () => {
    expect(chartFileName('Chart 1', 'csv')).toBe('Chart_1.csv')
    expect(chartFileName('../etc/passwd', 'png')).toBe('etc_passwd.png')
    expect(chartFileName('\u202e', 'csv')).toBe('chart.csv')
    expect(chartFileName('con', 'png')).toBe('_con.png')
    expect(chartFileName('x'.repeat(300), 'csv')).toHaveLength(124)
  })
})

describe('time ticks', () => {
  it('fall on round times, at most as many as asked', () => {
    const from = Date.UTC(2024, 0, 1, 10, 0, 7)
    const ticks = timeTicks(from, from + 5 * 60_000, 7)
    expect(ticks.length).toBeLessThanOrEqual(7)
    expect(ticks.length).toBeGreaterThanOrEqual(5)
    expect(ticks.every((t) => t >= from && t <= from + 5 * 60_000)).toBe(true)
    const step = ticks[1]! - ticks[0]!
    expect(step).toBe(60_000)
    expect(new Date(ticks[0]!).getSeconds()).toBe(0)
    expect(timeTicks(from, from, 5)).toEqual([])
    expect(timeTicks(0, 400 * 86_400_000, 4).length).toBeLessThanOrEqual(4)
  })
})

describe('axis labels', () => {
  it('times in local time, with the date beyond a day; values rounded for the axis', () => {
    const t = new Date(2024, 4, 6, 7, 8, 9).getTime()
    expect(timeTick(t, 60_000)).toBe('07:08:09')
    expect(timeTick(t, 3 * 86_400_000)).toBe('2024-05-06 07:08:09')
    expect(valueTick(1234.5678)).toBe('1,234.57')
  })
})
