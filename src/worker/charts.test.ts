import { afterEach, describe, expect, it, vi } from 'vitest'
import { seriesKey } from '../model/chart-setup.ts'
import type { JsonPath } from '../model/json-path.ts'
import { LIMITS } from '../model/limits.ts'
import { MAX_BUCKETS } from './chart-views.ts'
import { ChartCollector, chartTransfer } from './charts.ts'
import type { ChartData, ChartView, PinnedSeries } from '../model/chart-types.ts'

const encoder = new TextEncoder()
const bytes = (text: string) => encoder.encode(text)
const pin = (topic: string, path: JsonPath = []): PinnedSeries => ({ key: seriesKey(topic, path), topic, path })
const T0 = Date.UTC(2025, 0, 1)
const NO_SKIPS = { 'not-numeric': 0, missing: 0, 'invalid-json': 0, 'too-large': 0, undecodable: 0, inexact: 0 }

/** A chart over [from, to] (to undefined: moving), `buckets` wide. */
function view(chartId: string, keys: string[], from: number, to: number | undefined, buckets = 500): ChartView {
  return { chartId, keys, from, to, buckets }
}

function only(charts: ChartData[]): ChartData {
  expect(charts).toHaveLength(1)
  return charts[0]!
}

function points(collector: ChartCollector, key: string): { times: number[]; values: number[] } {
  const arrays = collector.series(key)!.toArrays()
  return { times: [...arrays.times], values: [...arrays.values] }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('ChartCollector.ingest', () => {
  it('takes the plain payload and JSON paths of one topic from one message, parsing the JSON once', () => {
    const charts = new ChartCollector()
    const plain = pin('home/a')
    const temp = pin('home/a', ['temp'])
    const second = pin('home/a', ['sensors', 1, 'value'])
    const other = pin('home/b', ['temp'])
    charts.setSeries([plain, temp, second, other])
    const parse = vi.spyOn(JSON, 'parse')

    charts.ingest('home/a', bytes('{"temp": 21.5, "sensors": [{"value": 1}, {"value": true}]}'), T0)
    expect(parse).toHaveBeenCalledTimes(1)
    charts.ingest('home/a', bytes(' -4.25 '), T0 + 1)
    charts.ingest('home/a', bytes('false'), T0 + 2)

    expect(points(charts, plain.key)).toEqual({ times: [T0 + 1, T0 + 2], values: [-4.25, 0] })
    expect(points(charts, temp.key)).toEqual({ times: [T0], values: [21.5] })
    expect(points(charts, second.key)).toEqual({ times: [T0], values: [1] })
    expect(charts.series(plain.key)!.skipped).toEqual({ ...NO_SKIPS, 'not-numeric': 1 })
    // -4.25 and false are JSON, with nothing at the paths.
    expect(charts.series(temp.key)!.skipped).toEqual({ ...NO_SKIPS, missing: 2 })
    expect(charts.series(other.key)!.length).toBe(0)
  })

  it('counts values that are not numbers per reason, never as points', () => {
    const charts = new ChartCollector()
    const plain = pin('s/plain')
    const field = pin('s/json', ['v'])
    charts.setSeries([plain, field])
    for (const text of ['12', 'abc', '', '0x10', '"23.5"', '1e400', 'x'.repeat(LIMITS.charts.plainBytes + 1)]) charts.ingest('s/plain', bytes(text), T0)
    for (const text of ['{"v": 3}', '{"v": "3"}', '{"v": null}', '{"w": 1}', '{bad', '[1]', new Uint8Array([0x7b, 0xff, 0x7d])]) {
      charts.ingest('s/json', typeof text === 'string' ? bytes(text) : text, T0)
    }
    charts.ingest('s/json', bytes(`{"v": 1, "pad": "${'x'.repeat(LIMITS.charts.jsonBytes)}"}`), T0)

    expect(points(charts, plain.key).values).toEqual([12])
    expect(charts.series(plain.key)!.skipped).toEqual({ ...NO_SKIPS, 'not-numeric': 6 })
    expect(points(charts, field.key).values).toEqual([3])
    expect(charts.series(field.key)!.skipped).toEqual({ ...NO_SKIPS, 'not-numeric': 2, missing: 2, 'invalid-json': 2, 'too-large': 1 })
  })

  it('does nothing for a topic no series is pinned on: no parsing, no decoding, no change', () => {
    const charts = new ChartCollector()
    charts.ingest('anything', bytes('{"a": 1}'), T0) // nothing pinned at all
    const pinned = pin('home/a', ['a'])
    charts.setSeries([pinned])
    const version = charts.series(pinned.key)!.version
    const parse = vi.spyOn(JSON, 'parse')
    const decode = vi.spyOn(TextDecoder.prototype, 'decode')
    for (const topic of ['home/b', 'home/a/x', 'home', 'Home/a', 'home/a ']) charts.ingest(topic, bytes('{"a": 1}'), T0)
    expect(parse).not.toHaveBeenCalled()
    expect(decode).not.toHaveBeenCalled()
    expect(charts.series(pinned.key)!.version).toBe(version)
  })
})

describe('ChartCollector.setSeries', () => {
  it('keeps the points of a key that stays, starts new keys empty, drops removed keys with their points', () => {
    const charts = new ChartCollector()
    const a = pin('t/a')
    const b = pin('t/b')
    const c = pin('t/c')
    charts.setSeries([a, b])
    charts.ingest('t/a', bytes('1'), T0)
    charts.ingest('t/b', bytes('2'), T0)
    const kept = charts.series(a.key)

    charts.setSeries([c, a, a]) // a listed twice is collected once
    expect(charts.keys).toEqual([c.key, a.key])
    expect(charts.series(a.key)).toBe(kept)
    expect(points(charts, a.key).values).toEqual([1])
    expect(charts.series(b.key)).toBeUndefined()
    charts.ingest('t/b', bytes('3'), T0) // no longer collected
    charts.ingest('t/c', bytes('4'), T0)
    expect(points(charts, c.key).values).toEqual([4])

    charts.setSeries([a, b])
    expect(charts.series(b.key)!.length).toBe(0) // pinned again: from now on
    expect(charts.series(a.key)!.budget).toBe(LIMITS.charts.seriesPoints)
  })

  it('collects at most LIMITS.charts.series series', () => {
    const charts = new ChartCollector()
    charts.setSeries(Array.from({ length: LIMITS.charts.series + 5 }, (_, i) => pin(`many/${i}`)))
    expect(charts.keys).toHaveLength(LIMITS.charts.series)
  })

  it('clearPoints forgets points and skips but keeps what is pinned', () => {
    const charts = new ChartCollector()
    const a = pin('t/a')
    charts.setSeries([a])
    charts.ingest('t/a', bytes('1'), T0)
    charts.ingest('t/a', bytes('x'), T0)
    charts.clearPoints()
    expect(charts.series(a.key)!.length).toBe(0)
    expect(charts.series(a.key)!.skipped).toEqual(NO_SKIPS)
    charts.ingest('t/a', bytes('2'), T0 + 5)
    expect(points(charts, a.key)).toEqual({ times: [T0 + 5], values: [2] })
  })
})

describe('ChartCollector back-fill from the kept history', () => {
  /** A fake MessageHistory: each topic's messages, oldest first. */
  function historyOf(messages: Record<string, Array<[number, string]>>) {
    return (topic: string) => (messages[topic] ?? []).map(([receivedAt, payload], seq) => ({ seq, receivedAt, payload: bytes(payload) }))
  }

  it('a new series starts with the points of its topic kept messages, in order, JSON paths parsed, skips counted', () => {
    const kept = Array.from({ length: 30 }, (_, i): [number, string] => [T0 + i * 100, JSON.stringify({ temp: 20 + i / 2, on: i % 2 === 0 })])
    kept.splice(10, 0, [T0 + 950, '{"temp":"warm"}'], [T0 + 960, 'not json'])
    const charts = new ChartCollector(
      historyOf({
        'house/temp': kept,
        'house/plain': [
          [T0, '1'],
          [T0 + 1, 'x'],
          [T0 + 2, '3'],
        ],
      }),
    )
    const temp = pin('house/temp', ['temp'])
    const on = pin('house/temp', ['on'])
    const plain = pin('house/plain')
    charts.setSeries([temp, on, plain, pin('house/none')])

    const got = points(charts, temp.key)
    expect(got.values).toEqual(Array.from({ length: 30 }, (_, i) => 20 + i / 2))
    expect(got.times).toEqual(Array.from({ length: 30 }, (_, i) => T0 + i * 100))
    expect(charts.series(temp.key)!.skipped).toEqual({ ...NO_SKIPS, 'not-numeric': 1, 'invalid-json': 1 })
    expect(points(charts, on.key).values).toEqual(Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? 1 : 0)))
    expect(points(charts, plain.key)).toEqual({ times: [T0, T0 + 2], values: [1, 3] })
    expect(charts.series(pin('house/none').key)!.length).toBe(0)

    // Then new messages add to it.
    charts.ingest('house/temp', bytes('{"temp":99}'), T0 + 5_000)
    expect(points(charts, temp.key).values.at(-1)).toBe(99)
    expect(charts.series(temp.key)!.length).toBe(31)
  })

  it('only series pinned anew are back-filled: one that stays keeps its points, none twice', () => {
    const history: Record<string, Array<[number, string]>> = { t: [[T0, '1']] }
    const charts = new ChartCollector(historyOf(history))
    const a = pin('t')
    charts.setSeries([a])
    charts.ingest('t', bytes('2'), T0 + 1)
    history.t!.push([T0 + 1, '2'])
    const b = pin('t', ['x'])
    charts.setSeries([a, b])
    expect(points(charts, a.key).values).toEqual([1, 2])
    expect(charts.series(b.key)!.skipped['invalid-json']).toBe(0) // plain numbers are JSON too, but have no "x"
    expect(charts.series(b.key)!.skipped.missing).toBe(2)
    // Unpinned, then pinned again: it starts from the history again.
    charts.setSeries([b])
    charts.setSeries([a, b])
    expect(points(charts, a.key).values).toEqual([1, 2])
  })
})

describe('ChartCollector: the time axis fits the data until the window is full', () => {
  it('a 5-minute window with 20 s of points is drawn from the first point, and from the window start once it is full', () => {
    const charts = new ChartCollector()
    const a = pin('fit')
    charts.setSeries([a])
    for (let s = 0; s <= 20; s++) charts.ingest('fit', bytes(String(s)), T0 + s * 1_000)
    let now = T0 + 21_000
    charts.setView([view('c', [a.key], now - 300_000, undefined, 300)], now)
    expect(only(charts.poll(now))).toMatchObject({ from: T0, to: now })

    now = T0 + 400_000
    charts.ingest('fit', bytes('400'), now)
    charts.setView([view('c', [a.key], now - 300_000, undefined, 300)], now)
    expect(only(charts.poll(now))).toMatchObject({ from: now - 300_000, to: now })

    // One point just now: still a second of axis.
    const b = pin('fresh')
    charts.setSeries([a, b])
    charts.ingest('fresh', bytes('1'), now)
    charts.setView([view('d', [b.key], now - 300_000, undefined, 300)], now)
    expect(only(charts.poll(now))).toMatchObject({ from: now - 1_000, to: now })
  })
})

describe('ChartCollector.poll', () => {
  it('sends a visible chart once, then only when its series change', () => {
    const charts = new ChartCollector()
    const a = pin('t/a')
    const b = pin('t/b', ['v'])
    const hidden = pin('t/hidden')
    charts.setSeries([a, b, hidden])
    expect(charts.poll(T0)).toEqual([]) // nothing visible
    charts.setView([view('chart-1', [a.key, b.key], -Infinity, T0 + 10_000)], T0)

    const first = only(charts.poll(T0))
    expect(first.chartId).toBe('chart-1')
    expect(first.series.map((s) => [s.key, s.inRange, s.kept, s.times.length])).toEqual([
      [a.key, 0, 0, 0],
      [b.key, 0, 0, 0],
    ])
    expect(first.to).toBe(T0 + 10_000)
    expect(first.from).toBe(T0 + 10_000) // no points: an open start is the end
    expect(charts.poll(T0 + 100)).toEqual([])

    // A frozen `to` is only re-sent when the view changes.
    charts.ingest('t/a', bytes('5'), T0 + 1_000)
    expect(charts.poll(T0 + 200)).toEqual([])
    charts.setView([view('chart-1', [a.key, b.key], -Infinity, T0 + 10_000)], T0 + 300) // the same view again
    expect(charts.poll(T0 + 300)).toEqual([])

    // Moving: changes are sent, a topic on no visible chart is not.
    charts.setView([view('chart-1', [a.key, b.key], -Infinity, undefined)], T0 + 2_000)
    const moving = only(charts.poll(T0 + 2_000))
    expect(moving.from).toBe(T0 + 1_000) // 'all' starts at the first point
    expect(moving.to).toBe(T0 + 2_000)
    expect([...moving.series[0]!.values]).toEqual([5])
    charts.ingest('t/hidden', bytes('1'), T0 + 2_001)
    expect(charts.poll(T0 + 2_005)).toEqual([])
    charts.ingest('t/b', bytes('{"v": "text"}'), T0 + 2_010)
    expect(charts.poll(T0 + 2_000 + LIMITS.charts.redrawMs - 1)).toEqual([]) // a live chart is redrawn at most every LIMITS.charts.redrawMs
    const skipped = only(charts.poll(T0 + 2_000 + LIMITS.charts.redrawMs))
    expect(skipped.series[1]!.skipped).toEqual({ ...NO_SKIPS, 'not-numeric': 1 })
    expect(skipped.series[1]!.inRange).toBe(0)
  })

  it('sends only the charts that changed, and charts shown again afresh', () => {
    const charts = new ChartCollector()
    const a = pin('t/a')
    const b = pin('t/b')
    charts.setSeries([a, b])
    charts.setView([view('one', [a.key], -Infinity, undefined), view('two', [b.key], -Infinity, undefined)], T0)
    expect(charts.poll(T0).map((c) => c.chartId)).toEqual(['one', 'two'])
    charts.ingest('t/b', bytes('1'), T0 + 10)
    expect(charts.poll(T0 + 20)).toEqual([]) // too soon after the last redraw
    expect(charts.poll(T0 + 300).map((c) => c.chartId)).toEqual(['two'])

    charts.setView([view('two', [b.key], -Infinity, undefined)], T0 + 330)
    expect(charts.poll(T0 + 330)).toEqual([]) // unchanged view, nothing new
    charts.setView([view('one', [a.key], -Infinity, undefined), view('two', [b.key], -Infinity, undefined)], T0 + 340)
    expect(charts.poll(T0 + 340).map((c) => c.chartId)).toEqual(['one'])

    // Re-pinning a key is a new series: every chart showing it is sent, frozen or not.
    charts.setView([view('two', [b.key], -Infinity, T0 + 340)], T0 + 350)
    expect(charts.poll(T0 + 350).map((c) => c.chartId)).toEqual(['two'])
    charts.setSeries([a])
    const gone = only(charts.poll(T0 + 360))
    expect(gone.series[0]).toMatchObject({ key: b.key, inRange: 0, kept: 0, skipped: NO_SKIPS })
    charts.setSeries([a, b])
    expect(charts.poll(T0 + 370).map((c) => c.chartId)).toEqual(['two'])

    // A new broker: every visible chart is sent again, emptied.
    charts.ingest('t/b', bytes('2'), T0 + 380)
    charts.clearPoints()
    expect(only(charts.poll(T0 + 390)).series[0]!.kept).toBe(0)
  })

  it('downsamples 100,000 points to at most 4 per bucket, keeping spikes, with the exact count in range', () => {
    const charts = new ChartCollector()
    const a = pin('fast')
    charts.setSeries([a])
    for (let i = 0; i < 100_000; i++) {
      const value = i === 54_321 ? 1_000 : i === 77_777 ? -1_000 : Math.sin(i / 1_000)
      charts.ingest('fast', bytes(String(value)), T0 + i)
    }
    charts.setView([view('c', [a.key], -Infinity, undefined, 800)], T0 + 100_000)
    const data = only(charts.poll(T0 + 100_000)).series[0]!
    expect(data.inRange).toBe(100_000)
    expect(data.kept).toBe(100_000)
    expect(data.downsampled).toBe(true)
    expect(data.times.length).toBeLessThanOrEqual(4 * 800)
    expect(data.values.length).toBe(data.times.length)
    expect(Math.max(...data.values)).toBe(1_000)
    expect(Math.min(...data.values)).toBe(-1_000)
    expect(data.times[data.values.indexOf(1_000)]).toBe(T0 + 54_321)
    // A chart absurdly wide is bounded too.
    charts.setView([view('c', [a.key], -Infinity, undefined, 1e9)], T0 + 100_000)
    expect(only(charts.poll(T0 + 100_000)).series[0]!.times.length).toBeLessThanOrEqual(4 * MAX_BUCKETS)
  })

  it('slides a moving window with the clock, re-sending about once a pixel while its series has points', () => {
    const charts = new ChartCollector()
    const a = pin('slow')
    const idle = pin('idle')
    charts.setSeries([a, idle])
    for (let s = 0; s < 120; s++) charts.ingest('slow', bytes(String(s)), T0 + s * 1_000) // one point a second for 2 min
    const now = T0 + 119_000
    // A 1-minute window 600 px wide: a pixel is 100 ms. The page sends from = now - 60 s, to undefined.
    charts.setView([view('live', [a.key], now - 60_000, undefined, 600), view('empty', [idle.key], now - 60_000, undefined, 600)], now)
    const first = charts.poll(now)
    expect(first.map((c) => c.chartId)).toEqual(['live', 'empty'])
    expect(first[0]).toMatchObject({ from: now - 60_000, to: now })
    expect(first[0]!.series[0]!.inRange).toBe(61) // seconds 59..119
    expect(first[0]!.series[0]!.values[0]).toBe(59)

    expect(charts.poll(now + 50)).toEqual([]) // less than a pixel (and a flush interval)
    const slid = only(charts.poll(now + 1_500)) // the empty chart has nothing to scroll
    expect(slid).toMatchObject({ chartId: 'live', from: now + 1_500 - 60_000, to: now + 1_500 })
    expect(slid.series[0]!.inRange).toBe(59) // seconds 61..119
    expect(slid.series[0]!.values[0]).toBe(61)

    // Paused: the page sends the frozen range; it stays put.
    charts.setView([view('live', [a.key], now - 60_000, now, 600)], now + 2_000)
    expect(only(charts.poll(now + 2_000))).toMatchObject({ from: now - 60_000, to: now })
    charts.ingest('slow', bytes('120'), now + 2_500)
    expect(charts.poll(now + 60_000)).toEqual([])
  })

  it('posts arrays of their own, so each can be transferred', () => {
    const charts = new ChartCollector()
    const a = pin('t/a')
    const b = pin('t/b', ['x'])
    charts.setSeries([a, b])
    for (let i = 0; i < 10; i++) charts.ingest('t/a', bytes(String(i)), T0 + i)
    charts.setView([view('one', [a.key, b.key], -Infinity, undefined), view('two', [a.key], -Infinity, undefined)], T0 + 10)
    const data = charts.poll(T0 + 10)
    const transfer = chartTransfer(data)
    expect(transfer).toHaveLength(6)
    expect(new Set(transfer).size).toBe(6)
    // Transferring one buffer twice, or a shared one, would throw.
    const copy = structuredClone(data, { transfer })
    expect(data[0]!.series[0]!.times.length).toBe(0) // detached
    expect([...copy[1]!.series[0]!.values]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(charts.series(a.key)!.length).toBe(10) // the series' own storage is untouched
  })
})

describe('ChartCollector.exportCsv', () => {
  it('writes every kept point with its exact value, in order, one column per series', () => {
    const charts = new ChartCollector()
    const a = pin('=cmd|x', [])
    const b = pin('t/json', ['v'])
    charts.setSeries([a, b])
    const plainValues = ['0.1', '-3', '1e21', '123456.789', 'bad', '5e-324', 'true']
    plainValues.forEach((text, i) => charts.ingest('=cmd|x', bytes(text), T0 + i * 10))
    charts.ingest('t/json', bytes('{"v": 0.30000000000000004}'), T0 + 10)
    charts.ingest('t/json', bytes('{"v": -0}'), T0 + 15)
    const { csv, rows, truncated } = charts.exportCsv([
      { key: a.key, label: '=cmd|x' },
      { key: b.key, label: 't/json v' },
      { key: 'not pinned', label: 'gone' },
    ])
    const iso = (ms: number) => new Date(ms).toISOString()
    expect(csv).toBe(
      "time,epoch_ms,'=cmd|x,t/json v,gone\r\n" +
        `${iso(T0)},${T0},0.1,,\r\n` +
        `${iso(T0 + 10)},${T0 + 10},-3,0.30000000000000004,\r\n` +
        `${iso(T0 + 15)},${T0 + 15},,0,\r\n` +
        `${iso(T0 + 20)},${T0 + 20},1e+21,,\r\n` +
        `${iso(T0 + 30)},${T0 + 30},123456.789,,\r\n` +
        `${iso(T0 + 50)},${T0 + 50},5e-324,,\r\n` +
        `${iso(T0 + 60)},${T0 + 60},1,,\r\n`,
    )
    expect({ rows, truncated }).toEqual({ rows: 7, truncated: false })
  })
})
