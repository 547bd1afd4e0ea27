// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { seriesKey } from '@/model/chart-setup.ts'
import type { SeriesData } from '@/model/chart-types.ts'
import { useAppStore } from '@/store/app-store.ts'
import { freshStorePerTest } from '@/store/test-support/fresh-store.ts'
import { ChartsPanel } from './charts-panel.tsx'
import { ChartsToggle } from './charts-toggle.tsx'

const sent = freshStorePerTest({ beforeReset: cleanup })
const store = () => useAppStore.getState()

function seriesData(key: string, fields: Partial<SeriesData> = {}): SeriesData {
  return { key, times: new Float64Array(), values: new Float64Array(), inRange: 0, kept: 0, evicted: 0, downsampled: false, skipped: {}, ...fields }
}

// jsdom has no layout: the plot never gets a width, so recharts is not loaded here (e2e tests draw it).
describe('charts panel', () => {
  it('the status bar toggle opens and closes it', () => {
    render(<ChartsToggle />)
    const toggle = screen.getByRole('button', { name: 'Charts' })
    expect(toggle.getAttribute('aria-pressed')).toBe('false')
    fireEvent.click(toggle)
    expect(store().chartsOpen).toBe(true)
    expect(toggle.getAttribute('aria-pressed')).toBe('true')
  })

  it('adds charts with their toolbar: window, pause, exports, remove', () => {
    render(<ChartsPanel />)
    const region = screen.getByRole('region', { name: 'Charts' })
    expect(within(region).getByText(/No charts yet/)).toBeTruthy()
    fireEvent.click(within(region).getByRole('button', { name: 'Add chart' }))
    const chart = within(screen.getByRole('group', { name: 'Chart 1' }))
    const window = chart.getByRole<HTMLSelectElement>('combobox', { name: 'Time window' })
    expect([...window.options].map((o) => o.text)).toEqual(['1 min', '5 min', '15 min', '1 h', 'All'])
    expect(window.selectedOptions[0]!.text).toBe('5 min')
    fireEvent.change(window, { target: { value: '1h' } })
    expect(store().chartSetup.charts[0]!.window).toBe('1h')

    const pause = chart.getByRole('button', { name: 'Pause chart' })
    expect(pause.getAttribute('aria-pressed')).toBe('false')
    fireEvent.click(pause)
    expect(chart.getByRole('button', { name: 'Resume chart' }).getAttribute('aria-pressed')).toBe('true')
    expect(chart.getByRole('button', { name: 'Export CSV' })).toBeTruthy()
    expect(chart.getByRole('button', { name: 'Export PNG' })).toBeTruthy()
    expect(chart.getByText(/No points yet/)).toBeTruthy()

    fireEvent.click(within(region).getByRole('button', { name: 'Add chart' }))
    expect(screen.getByRole('group', { name: 'Chart 2' })).toBeTruthy()
    fireEvent.click(chart.getByRole('button', { name: 'Remove chart' }))
    expect(screen.queryByRole('group', { name: 'Chart 1' })).toBeNull()
  })

  it('the legend lists each series with its points, skipped values, Hide/Show and Remove', () => {
    act(() => {
      store().pinSeries('home/temp', [])
      store().pinSeries('home/json', ['sensors', 0, 'value'])
    })
    const id = store().chartSetup.charts[0]!.id
    act(() =>
      store().applyChartData([
        {
          chartId: id,
          from: 0,
          to: 1000,
          series: [
            seriesData(seriesKey('home/temp', []), { inRange: 12_345, kept: 12_345, times: new Float64Array([1]), values: new Float64Array([2]) }),
            seriesData(seriesKey('home/json', ['sensors', 0, 'value']), { inRange: 3, kept: 3, skipped: { 'not-numeric': 2, missing: 1, 'invalid-json': 4 } }),
          ],
        },
      ]),
    )
    render(<ChartsPanel />)
    const chart = within(screen.getByRole('group', { name: 'Chart 1' }))
    const items = within(chart.getByRole('list', { name: 'Series' })).getAllByRole('listitem')
    expect(items).toHaveLength(2)
    const [temp, json] = items.map((item) => within(item))
    expect(temp!.getByText('home/temp')).toBeTruthy()
    expect(temp!.getByText('12,345 points')).toBeTruthy()
    expect(temp!.queryByText(/not numeric/)).toBeNull()
    expect(json!.getByText('home/json sensors[0].value')).toBeTruthy()
    expect(json!.getByText('3 points')).toBeTruthy()
    const skipped = json!.getByText('7 values not numeric')
    expect(skipped.getAttribute('title')).toMatch(/2 values not numeric, 1 value missing, 4 values not JSON/)

    const hide = temp!.getByRole('button', { name: 'Hide home/temp' })
    expect(hide.getAttribute('aria-pressed')).toBe('true')
    fireEvent.click(hide)
    expect(store().chartSetup.charts[0]!.series[0]!.hidden).toBe(true)
    const show = temp!.getByRole('button', { name: 'Show home/temp' })
    expect(show.getAttribute('aria-pressed')).toBe('false')

    fireEvent.click(json!.getByRole('button', { name: 'Remove home/json sensors[0].value' }))
    expect(chart.getAllByRole('listitem')).toHaveLength(1)
    expect(sent.filter((c) => c.type === 'chart-series').at(-1)).toEqual({
      type: 'chart-series',
      series: [{ key: seriesKey('home/temp', []), topic: 'home/temp', path: [] }],
    })
  })
})
