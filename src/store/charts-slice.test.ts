// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SETUP_VERSION, seriesKey } from '@/model/chart-setup.ts'
import type { ChartData } from '@/model/chart-types.ts'
import { LIMITS } from '@/model/limits.ts'
import type { WorkerCommand } from '@/worker/protocol.ts'
import { flushStoredSettings, STORAGE_KEY, useAppStore } from './app-store.ts'
import { chartViews } from './charts-slice.ts'
import { freshStorePerTest } from './test-support/fresh-store.ts'
import { EMPTY_BATCH } from './view-slice.ts'

const sent = freshStorePerTest()
const initialState = useAppStore.getState()
const store = () => useAppStore.getState()
const ofType = <T extends WorkerCommand['type']>(type: T) => sent.filter((c): c is Extract<WorkerCommand, { type: T }> => c.type === type)
const lastOf = <T extends WorkerCommand['type']>(type: T) => ofType(type).at(-1)

afterEach(() => {
  vi.useRealTimers()
})

function data(chartId: string, fields: Partial<ChartData> = {}): ChartData {
  return { chartId, from: 1000, to: 301_000, series: [], ...fields }
}

describe('charts slice: pinning', () => {
  it('pins into a new "Chart 1" when there is none, opens the panel and sends the pinned series', () => {
    const result = store().pinSeries('home/temp', [])
    const chart = store().chartSetup.charts[0]!
    expect(result).toEqual({ chartId: chart.id, added: 1 })
    expect(chart.title).toBe('Chart 1')
    expect(chart.series.map((s) => s.label)).toEqual(['home/temp'])
    expect(store().chartsOpen).toBe(true)
    expect(store().currentChartId).toBe(chart.id)
    expect(lastOf('chart-series')).toEqual({ type: 'chart-series', series: [{ key: seriesKey('home/temp', []), topic: 'home/temp', path: [] }] })
  })

  it('pins into the current chart: the last one touched or created', () => {
    const first = store().addChart()!
    const second = store().addChart()!
    expect(store().chartSetup.charts.map((c) => c.title)).toEqual(['Chart 1', 'Chart 2'])
    store().pinSeries('a', [])
    store().setChartWindow(first, '1m')
    store().pinSeries('b', ['x'])
    const series = (id: string) =>
      store()
        .chartSetup.charts.find((c) => c.id === id)!
        .series.map((s) => s.label)
    expect(series(second)).toEqual(['a'])
    expect(series(first)).toEqual(['b x'])
    store().pinSeries('c', [], second)
    expect(series(second)).toEqual(['a', 'c'])
    expect(store().currentChartId).toBe(second)
  })

  it('pins each element of an array as its own series', () => {
    store().pinSeriesElements('dev/values', ['values'], 3)
    expect(store().chartSetup.charts[0]!.series.map((s) => s.label)).toEqual(['dev/values values[0]', 'dev/values values[1]', 'dev/values values[2]'])
    expect(lastOf('chart-series')!.series.map((s) => s.path)).toEqual([
      ['values', 0],
      ['values', 1],
      ['values', 2],
    ])
  })

  it('says when a series is already there, and sends nothing new', () => {
    store().pinSeries('a', ['t'])
    const count = ofType('chart-series').length
    expect(store().pinSeries('a', ['t']).added).toBe(0)
    expect(store().chartNote).toBe('a t is already in Chart 1')
    expect(ofType('chart-series')).toHaveLength(count)
  })

  it('stops at the series budget and says how far it got', () => {
    const result = store().pinSeriesElements('big', ['v'], LIMITS.charts.series + 5)
    expect(result.added).toBe(LIMITS.charts.series)
    expect(result.error).toMatch(/At most/)
    expect(store().chartNote).toMatch(new RegExp(`Added ${LIMITS.charts.series} of ${LIMITS.charts.series + 5}`))
  })

  it('refuses a topic that is not a topic name', () => {
    const result = store().pinSeries('a/+/b', [])
    expect(result.added).toBe(0)
    expect(result.error).toBeDefined()
    expect(store().chartNote).toBe(result.error)
  })

  it('names new charts with the smallest free number', () => {
    const one = store().addChart()!
    store().addChart()
    store().removeChart(one)
    store().addChart()
    expect(store().chartSetup.charts.map((c) => c.title)).toEqual(['Chart 2', 'Chart 1'])
  })
})

describe('charts slice: series and charts', () => {
  it('hides and removes series; a series collected for two charts stays until both drop it', () => {
    const a = store().addChart()!
    store().pinSeries('t', [], a)
    const b = store().addChart()!
    store().pinSeries('t', [], b)
    expect(lastOf('chart-series')!.series).toHaveLength(1)
    const inA = store().chartSetup.charts[0]!.series[0]!
    const before = ofType('chart-series').length
    store().setChartSeriesHidden(a, inA.id, true)
    expect(store().chartSetup.charts[0]!.series[0]!.hidden).toBe(true)
    // Hiding does not change what is collected.
    expect(ofType('chart-series')).toHaveLength(before)
    store().removeChartSeries(a, inA.id)
    expect(ofType('chart-series')).toHaveLength(before)
    store().removeChart(b)
    expect(lastOf('chart-series')!.series).toEqual([])
    expect(store().currentChartId).toBe(a)
  })
})

describe('charts slice: what the worker draws', () => {
  it('sends the visible charts once they have a width, live with a moving window, one bucket per 2 px', () => {
    vi.useFakeTimers({ now: 1_000_000 })
    const id = store().addChart()!
    store().pinSeries('t', ['v'])
    expect(lastOf('chart-view')?.charts ?? []).toEqual([])
    store().setChartWidth(id, 640.4)
    expect(lastOf('chart-view')).toEqual({
      type: 'chart-view',
      charts: [{ chartId: id, keys: [seriesKey('t', ['v'])], from: 1_000_000 - 300_000, to: undefined, buckets: 320 }],
    })
    const count = ofType('chart-view').length
    store().setChartWidth(id, 640)
    vi.setSystemTime(2_000_000)
    store().applyBatch({ ...EMPTY_BATCH, seq: 9 })
    expect(ofType('chart-view')).toHaveLength(count)
    store().setChartWindow(id, 'all')
    expect(lastOf('chart-view')!.charts[0]).toMatchObject({ from: -Infinity, to: undefined })
    store().setChartsOpen(false)
    expect(lastOf('chart-view')!.charts).toEqual([])
  })

  it('pause freezes the view at what it shows; resume goes live again', () => {
    const id = store().addChart()!
    store().setChartWidth(id, 500)
    store().applyChartData([data(id, { to: 301_000 })])
    store().pauseChart(id)
    expect(store().chartPaused[id]).toBe(301_000)
    expect(lastOf('chart-view')!.charts[0]).toMatchObject({ from: 1000, to: 301_000 })
    store().setChartWindow(id, '1m')
    expect(lastOf('chart-view')!.charts[0]).toMatchObject({ from: 241_000, to: 301_000 })
    store().resumeChart(id)
    expect(lastOf('chart-view')!.charts[0]!.to).toBeUndefined()
  })

  it('keeps the latest data per chart, ignores charts that are gone', () => {
    const id = store().addChart()!
    store().applyChartData([data(id, { to: 5 }), data('chart-99')])
    store().applyChartData([])
    expect(Object.keys(store().chartData)).toEqual([id])
    expect(store().chartData[id]!.to).toBe(5)
    store().applyEvent({ type: 'chart-data', seq: 3, charts: [data(id, { to: 6 })] })
    expect(store().chartData[id]!.to).toBe(6)
    store().removeChart(id)
    expect(store().chartData).toEqual({})
  })

  it('sends nothing for a chart without width (not on screen)', () => {
    const id = store().addChart()!
    expect(chartViews(store(), 0)).toEqual([])
    store().setChartWidth(id, 100)
    store().setChartWidth(id, 0)
    expect(lastOf('chart-view')!.charts).toEqual([])
  })

  it('syncCharts sends the pinned series and views even when nothing changed (startup)', () => {
    store().pinSeries('t', [])
    sent.length = 0
    store().syncCharts()
    expect(sent.map((c) => c.type)).toEqual(['chart-series', 'chart-view'])
  })
})

describe('charts slice: CSV export', () => {
  it('asks the worker for the chart series with their labels and resolves with its answer', async () => {
    const id = store().addChart()!
    store().pinSeries('a', ['x'])
    const promise = store().requestChartCsv(id)
    const command = lastOf('chart-export')!
    expect(command.series).toEqual([{ key: seriesKey('a', ['x']), label: 'a x' }])
    store().applyEvent({ type: 'chart-csv', requestId: command.requestId, result: { csv: 'time\r\n', rows: 0, truncated: false, omittedRows: 0 } })
    await expect(promise).resolves.toEqual({ csv: 'time\r\n', rows: 0, truncated: false, omittedRows: 0 })
  })

  it('an unknown chart is an error at once', async () => {
    await expect(store().requestChartCsv('nope')).resolves.toEqual({ error: expect.any(String) })
  })
})

describe('charts slice: storage', () => {
  it('keeps charts, series, windows and hidden flags across a reload', async () => {
    const id = store().addChart()!
    store().pinSeries('home/temp', [])
    store().pinSeries('home/json', ['sensors', 0, 'value'])
    store().setChartWindow(id, '15m')
    store().setChartSeriesHidden(id, store().chartSetup.charts[0]!.series[1]!.id, true)
    const setup = store().chartSetup

    // The setup is written once the page is idle or left (split-storage.ts): now.
    flushStoredSettings()
    const stored = Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)!]))
    expect(Object.keys(stored)).toContain(`${STORAGE_KEY}/chartSetup`)
    useAppStore.setState(initialState, true)
    // The reset's own (held-back) write lands first, then storage as a reload finds it.
    flushStoredSettings()
    for (const [k, v] of Object.entries(stored)) localStorage.setItem(k, v)
    await useAppStore.persist.rehydrate()
    expect(store().chartSetup).toEqual(setup)
    expect(store().chartsOpen).toBe(true)
    expect(store().currentChartId).toBe(id)
  })

  it('reads back only what checks out, and says what it dropped', async () => {
    const chart = {
      id: 'chart-1',
      window: '1h',
      series: [
        { id: 'series-2', topic: 'ok', path: [], label: 'ok', color: '#3d7fc1' },
        { id: 'series-3', topic: 'bad/#', path: [] },
      ],
    }
    localStorage.setItem(`${STORAGE_KEY}/chartSetup`, JSON.stringify({ version: SETUP_VERSION, nextId: 4, charts: [chart] }))
    await useAppStore.persist.rehydrate()
    expect(store().chartSetup.charts[0]!.series.map((s) => s.topic)).toEqual(['ok'])
    expect(store().chartNote).toMatch(/could not be restored/)

    localStorage.setItem(`${STORAGE_KEY}/chartSetup`, '{"charts": 5}')
    await useAppStore.persist.rehydrate()
    expect(store().chartSetup.charts).toEqual([])
  })

  it('writes a setup change later, not in the click, and at the latest when the page is left', () => {
    const id = store().addChart()!
    store().pinSeries('home/temp', [])
    flushStoredSettings()
    const key = `${STORAGE_KEY}/chartSetup`
    const before = localStorage.getItem(key)
    const series = store().chartSetup.charts[0]!.series[0]!.id
    store().setChartSeriesHidden(id, series, true)
    store().setChartSeriesHidden(id, series, false)
    store().setChartSeriesHidden(id, series, true)
    expect(localStorage.getItem(key)).toBe(before)
    window.dispatchEvent(new Event('pagehide'))
    expect(JSON.parse(localStorage.getItem(key)!).charts[0].series[0].hidden).toBe(true)
  })

  it('does not write the setup again for changes elsewhere', () => {
    store().pinSeries('a', [])
    const key = `${STORAGE_KEY}/chartSetup`
    flushStoredSettings()
    expect(localStorage.getItem(key)).toContain('"a"')
    localStorage.removeItem(key)
    store().applyBatch({ ...EMPTY_BATCH, seq: 2 })
    store().applyChartData([])
    flushStoredSettings()
    expect(localStorage.getItem(key)).toBeNull()
  })
})
