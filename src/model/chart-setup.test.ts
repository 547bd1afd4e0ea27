import { describe, expect, it } from 'vitest'
import {
  type ChartSetup,
  SERIES_COLORS,
  WINDOW_MS,
  addChart,
  addSeries,
  emptySetup,
  loadSetup,
  nextColor,
  pinnedSeries,
  removeChart,
  removeSeries,
  serializeSetup,
  seriesKey,
  seriesLabel,
  setSeriesHidden,
  updateChart,
  windowRange,
} from './chart-setup.ts'
import { LIMITS } from './limits.ts'

function ok<T extends object>(result: T | { error: string }): T {
  if ('error' in result) throw new Error(result.error)
  return result
}

function oneChart(): { setup: ChartSetup; chartId: string } {
  const { setup, chart } = ok(addChart(emptySetup()))
  return { setup, chartId: chart.id }
}

describe('windows', () => {
  it('gives each window its length and range', () => {
    expect(WINDOW_MS).toEqual({ '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000, all: Infinity })
    expect(windowRange('1m', 1_000_000)).toEqual({ from: 940_000, to: 1_000_000 })
    expect(windowRange('all', 5)).toEqual({ from: -Infinity, to: 5 })
  })
})

describe('labels and keys', () => {
  it('labels a series by its topic, plus the path for a value inside JSON', () => {
    expect(seriesLabel('home/temp', [])).toBe('home/temp')
    expect(seriesLabel('home/json', ['sensors', 0, 'value'])).toBe('home/json sensors[0].value')
  })

  it('keys a (topic, path) uniquely, telling names from indexes', () => {
    expect(seriesKey('a', ['0'])).not.toBe(seriesKey('a', [0]))
    expect(seriesKey('a/b', [])).not.toBe(seriesKey('a', ['b']))
    expect(seriesKey('a', ['x', 1])).toBe(seriesKey('a', ['x', 1]))
  })
})

describe('charts', () => {
  it('adds charts with fresh ids and the default window, updates and removes them', () => {
    let setup = emptySetup()
    const a = ok(addChart(setup, { title: 'Temps' }))
    const b = ok(addChart(a.setup, { window: '1h' }))
    setup = b.setup
    expect(setup.charts.map((c) => [c.id, c.title, c.window])).toEqual([
      ['chart-1', 'Temps', '5m'],
      ['chart-2', undefined, '1h'],
    ])
    setup = updateChart(setup, 'chart-2', { title: 'Power', window: 'all' })
    expect(setup.charts[1]).toEqual({ id: 'chart-2', title: 'Power', window: 'all', series: [] })
    setup = updateChart(setup, 'chart-2', { title: '' })
    expect(setup.charts[1]).toEqual({ id: 'chart-2', window: 'all', series: [] })
    setup = removeChart(setup, 'chart-1')
    expect(setup.charts.map((c) => c.id)).toEqual(['chart-2'])
    // Ids are not reused.
    expect(ok(addChart(setup)).chart.id).toBe('chart-3')
  })

  it('refuses charts beyond the limit', () => {
    let setup = emptySetup()
    for (let i = 0; i < LIMITS.charts.charts; i++) setup = ok(addChart(setup)).setup
    expect(addChart(setup)).toEqual({ error: `At most ${LIMITS.charts.charts} charts: remove one first` })
  })
})

describe('series', () => {
  it('adds a series with a label and the next unused color; the same topic and path again is not added twice', () => {
    const { setup, chartId } = oneChart()
    const first = ok(addSeries(setup, chartId, { topic: 'home/temp', path: [] }))
    expect(first.added).toBe(true)
    expect(first.series).toEqual({ id: 'series-2', topic: 'home/temp', path: [], label: 'home/temp', color: SERIES_COLORS[0] })
    const second = ok(addSeries(first.setup, chartId, { topic: 'home/json', path: ['a', 0] }))
    expect(second.series.color).toBe(SERIES_COLORS[1])
    expect(second.series.label).toBe('home/json a[0]')
    const again = ok(addSeries(second.setup, chartId, { topic: 'home/json', path: ['a', 0], label: 'other' }))
    expect(again.added).toBe(false)
    expect(again.series).toBe(second.series)
    expect(again.setup).toBe(second.setup)
    // A different path on the same topic is another series.
    expect(ok(addSeries(second.setup, chartId, { topic: 'home/json', path: ['a', '0'] })).added).toBe(true)
  })

  it('reuses a color freed by a removed series, and cycles when all are used', () => {
    let { setup, chartId } = oneChart()
    const ids: string[] = []
    for (let i = 0; i < SERIES_COLORS.length; i++) {
      const r = ok(addSeries(setup, chartId, { topic: `t/${i}`, path: [] }))
      setup = r.setup
      ids.push(r.series.id)
    }
    expect(setup.charts[0]!.series.map((s) => s.color)).toEqual([...SERIES_COLORS])
    expect(ok(addSeries(setup, chartId, { topic: 'extra', path: [] })).series.color).toBe(SERIES_COLORS[0])
    setup = removeSeries(setup, chartId, ids[2]!)
    expect(ok(addSeries(setup, chartId, { topic: 'again', path: [] })).series.color).toBe(SERIES_COLORS[2])
    expect(nextColor([])).toBe(SERIES_COLORS[0])
  })

  it('refuses an unknown chart, a topic that is not a topic name, and series beyond the limit', () => {
    const { setup, chartId } = oneChart()
    expect(addSeries(setup, 'chart-99', { topic: 'a', path: [] })).toEqual({ error: 'That chart no longer exists' })
    expect(addSeries(setup, chartId, { topic: 'a/+', path: [] })).toMatchObject({ error: expect.stringContaining('wildcards') })
    expect(addSeries(setup, chartId, { topic: '', path: [] })).toMatchObject({ error: expect.stringContaining('empty') })
    let full = setup
    for (let i = 0; i < LIMITS.charts.series; i++) full = ok(addSeries(full, chartId, { topic: `t/${i}`, path: [] })).setup
    expect(addSeries(full, chartId, { topic: 'one/more', path: [] })).toEqual({
      error: `At most ${LIMITS.charts.series} series over all charts: remove one first`,
    })
  })

  it('hides and shows a series, storing hidden only when true', () => {
    const { setup, chartId } = oneChart()
    const { setup: withSeries, series } = ok(addSeries(setup, chartId, { topic: 'a', path: [] }))
    const hidden = setSeriesHidden(withSeries, chartId, series.id, true)
    expect(hidden.charts[0]!.series[0]!.hidden).toBe(true)
    const shown = setSeriesHidden(hidden, chartId, series.id, false)
    expect('hidden' in shown.charts[0]!.series[0]!).toBe(false)
  })

  it('lists what the worker must collect, each topic and path once', () => {
    let { setup, chartId } = oneChart()
    const other = ok(addChart(setup))
    setup = other.setup
    setup = ok(addSeries(setup, chartId, { topic: 'a', path: ['x'] })).setup
    setup = ok(addSeries(setup, chartId, { topic: 'b', path: [] })).setup
    setup = ok(addSeries(setup, other.chart.id, { topic: 'a', path: ['x'] })).setup
    expect(pinnedSeries(setup)).toEqual([
      { key: seriesKey('a', ['x']), topic: 'a', path: ['x'] },
      { key: seriesKey('b', []), topic: 'b', path: [] },
    ])
  })
})

describe('persistence', () => {
  it('round-trips through JSON', () => {
    let { setup, chartId } = oneChart()
    setup = updateChart(setup, chartId, { title: 'T', window: '15m' })
    setup = ok(addSeries(setup, chartId, { topic: 'a', path: ['odd key', 3] })).setup
    setup = setSeriesHidden(setup, chartId, 'series-2', true)
    const loaded = loadSetup(JSON.parse(JSON.stringify(serializeSetup(setup))))
    expect(loaded).toEqual({ setup, dropped: [] })
  })

  it('starts empty, silently, when nothing is stored', () => {
    expect(loadSetup(undefined)).toEqual({ setup: emptySetup(), dropped: [] })
    expect(loadSetup(null)).toEqual({ setup: emptySetup(), dropped: [] })
  })

  it('never throws on bad stored data: unreadable wholes start empty, with a note', () => {
    for (const bad of ['x', 5, [], { charts: 'no' }, { version: 1 }]) {
      const { setup, dropped } = loadSetup(bad)
      expect(setup).toEqual(emptySetup())
      expect(dropped).toHaveLength(1)
    }
    expect(loadSetup({ version: 2, charts: [] }).dropped).toEqual(['The saved charts are from another version (2) and could not be read'])
  })

  it('drops bad charts and series naming them, repairs bad windows, labels and colors, and keeps ids fresh', () => {
    const stored = {
      version: 1,
      nextId: 3,
      charts: [
        {
          id: 'chart-1',
          title: 'Good',
          window: '2h',
          series: [
            { id: 'series-7', topic: 'a', path: [], label: 'A', color: '#ABCDEF' },
            { id: 'series-8', topic: 'b', path: ['x'], color: 'url(javascript:alert(1))', hidden: 'yes' },
            { id: 'series-9', topic: 'a/#', path: [], label: 'wild' },
            { id: 'series-10', topic: 'c', path: [-1] },
            { id: 'series-11', topic: 'a', path: [], label: 'dup' },
            { id: 'series-7', topic: 'd', path: [] },
            'junk',
            { topic: 'e', path: [] },
          ],
        },
        { id: 'chart-1', title: 'Same id', series: [] },
        null,
        { id: 'chart-12', series: 'none' },
      ],
    }
    const { setup, dropped } = loadSetup(stored)
    expect(setup.charts).toEqual([
      {
        id: 'chart-1',
        title: 'Good',
        window: '5m',
        series: [
          { id: 'series-7', topic: 'a', path: [], label: 'A', color: '#abcdef' },
          { id: 'series-8', topic: 'b', path: ['x'], label: 'b x', color: SERIES_COLORS[0] },
        ],
      },
      { id: 'chart-12', window: '5m', series: [] },
    ])
    expect(setup.nextId).toBe(13)
    expect(dropped).toEqual([
      'Chart 1 ("Good"), series 3 ("wild"): A topic name cannot contain "+" or "#": wildcards are only for subscriptions',
      'Chart 1 ("Good"), series 4: the JSON path is not a list of names and indexes',
      'Chart 1 ("Good"), series 5 ("dup"): the same topic and path twice in one chart',
      'Chart 1 ("Good"), series 6: no id, or an id used twice',
      'Chart 1 ("Good"), series 7: not a series',
      'Chart 1 ("Good"), series 8: no id, or an id used twice',
      'Chart 2 ("Same id"): not a chart (no id, or an id used twice)',
      'Chart 3: not a chart (no id, or an id used twice)',
    ])
    // New ids never collide with loaded ones.
    expect(ok(addChart(setup)).chart.id).toBe('chart-13')
  })

  it('drops charts and series beyond the limits', () => {
    const charts = Array.from({ length: LIMITS.charts.charts + 2 }, (_, i) => ({
      id: `chart-${i}`,
      window: '1m',
      series: Array.from({ length: 3 }, (_, j) => ({ id: `s-${i}-${j}`, topic: `t/${j}`, path: [] })),
    }))
    const { setup, dropped } = loadSetup({ version: 1, nextId: 1, charts })
    expect(setup.charts).toHaveLength(LIMITS.charts.charts)
    expect(setup.charts.reduce((n, c) => n + c.series.length, 0)).toBe(LIMITS.charts.series)
    expect(dropped.filter((d) => d.includes('more than'))).toHaveLength(2 + (LIMITS.charts.charts * 3 - LIMITS.charts.series))
  })
})

describe('SERIES_COLORS', () => {
  // sRGB relative luminance and CIE76 ΔE (D65), as WCAG and CIE define them.
  const channels = (hex: string) =>
    [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  const luminance = (hex: string) => {
    const [r, g, b] = channels(hex) as [number, number, number]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
  }
  const contrast = (a: string, b: string) => {
    const [lo, hi] = [luminance(a), luminance(b)].sort((x, y) => x - y) as [number, number]
    return (hi + 0.05) / (lo + 0.05)
  }
  const lab = (hex: string) => {
    const [r, g, b] = channels(hex) as [number, number, number]
    const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116)
    const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047)
    const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b)
    const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883)
    return [116 * y - 16, 500 * (x - y), 200 * (y - z)]
  }

  it('has 3:1 contrast against the light and dark theme backgrounds', () => {
    for (const color of SERIES_COLORS) {
      for (const background of ['#ffffff', '#f4f5f7', '#14181e', '#0d1015'])
        expect(contrast(color, background), `${color} on ${background}`).toBeGreaterThanOrEqual(3)
    }
  })

  it('has colors far apart from each other', () => {
    for (const a of SERIES_COLORS) {
      for (const b of SERIES_COLORS) {
        if (a !== b) expect(Math.hypot(...lab(a).map((v, i) => v - lab(b)[i]!)), `${a} vs ${b}`).toBeGreaterThanOrEqual(35)
      }
    }
  })
})

describe('decoded series (Sparkplug B, CBOR, MessagePack)', () => {
  const topic = 'spBv1.0/g/DDATA/n/d'

  it('are other series than JSON ones: own keys and labels, pinned side by side, collected once each', () => {
    expect(seriesKey(topic, ['Flow'], 'sparkplug')).not.toBe(seriesKey(topic, ['Flow']))
    expect(seriesKey(topic, ['Flow'], 'sparkplug')).not.toBe(seriesKey(topic, ['Flow'], 'cbor'))
    // A JSON series of a topic named like a decoder can never take a decoded series' key.
    expect(seriesKey('sparkplug', [topic, 'Flow'])).not.toBe(seriesKey(topic, ['Flow'], 'sparkplug'))
    expect(seriesLabel(topic, ['Flow'], 'sparkplug')).toBe(`${topic} Flow (Sparkplug B)`)
    expect(seriesLabel('t', ['a', 0], 'msgpack')).toBe('t a[0] (MessagePack)')

    let { setup, chartId } = oneChart()
    setup = ok(addSeries(setup, chartId, { topic, path: ['Flow'], decoder: 'sparkplug' })).setup
    setup = ok(addSeries(setup, chartId, { topic, path: ['Flow'] })).setup
    const again = ok(addSeries(setup, chartId, { topic, path: ['Flow'], decoder: 'sparkplug' }))
    expect(again.added).toBe(false)
    expect(pinnedSeries(setup)).toEqual([
      { key: seriesKey(topic, ['Flow'], 'sparkplug'), topic, path: ['Flow'], decoder: 'sparkplug' },
      { key: seriesKey(topic, ['Flow']), topic, path: ['Flow'] },
    ])
  })

  it('keep their decoder through storage; an unknown decoder drops the series with a note', () => {
    let { setup, chartId } = oneChart()
    setup = ok(addSeries(setup, chartId, { topic, path: ['Flow'], decoder: 'sparkplug' })).setup
    expect(loadSetup(JSON.parse(JSON.stringify(serializeSetup(setup))))).toEqual({ setup, dropped: [] })
    const stored = serializeSetup(setup) as unknown as { charts: Array<{ series: Array<Record<string, unknown>> }> }
    const bad = JSON.parse(JSON.stringify(stored)) as typeof stored
    bad.charts[0]!.series[0]!.decoder = 'xml'
    const loaded = loadSetup(bad)
    expect(loaded.setup.charts[0]!.series).toEqual([])
    expect(loaded.dropped[0]).toMatch(/unknown decoder "xml"/)
  })
})
