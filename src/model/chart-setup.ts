import { type JsonPath, type Segment, formatPath, samePath } from './json-path.ts'
import { CHART_DECODERS, type ChartDecoder, type PinnedSeries } from './chart-types.ts'
import { LIMITS } from './limits.ts'
import { validateTopic } from './topic-rules.ts'

/** A chart's time window: the last minute ... the last hour, or every point kept. */
export const CHART_WINDOWS = ['1m', '5m', '15m', '1h', 'all'] as const
export type ChartWindow = (typeof CHART_WINDOWS)[number]

/** Each window's length in ms; 'all' is Infinity (from = -Infinity: every point kept). */
export const WINDOW_MS: { readonly [W in ChartWindow]: number } = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000, all: Infinity }

/** What the window picker shows. */
export const WINDOW_LABELS: { readonly [W in ChartWindow]: string } = { '1m': '1 min', '5m': '5 min', '15m': '15 min', '1h': '1 h', all: 'All' }

export const DEFAULT_WINDOW: ChartWindow = '5m'

/** The time range [from, to] a chart shows at `now` (epoch ms); 'all' starts at -Infinity. */
export function windowRange(window: ChartWindow, now: number): { from: number; to: number } {
  return { from: now - WINDOW_MS[window], to: now }
}

/**
 * Series colors, in the order new series take them. Each has at least 3:1 contrast (WCAG 1.4.11,
 * graphics) against the app's light (#ffffff, #f4f5f7) and dark (#14181e, #0d1015) backgrounds,
 * so one palette serves both themes, and any two differ by a CIE76 ΔE of 35 or more. Hues spread
 * round the wheel, not ordered light to dark, so neighbours in a legend are easy to tell apart.
 */
export const SERIES_COLORS = ['#3d7fc1', '#d37113', '#5c9e32', '#e15759', '#9b6fd0', '#2a9d8f', '#a18a00', '#d6569c', '#9c755f'] as const

/** One pinned value: a topic's payload (path []) or a value inside its JSON (path to it). */
export interface ChartSeries {
  readonly id: string
  readonly topic: string
  readonly path: readonly Segment[]
  /** Legend text and CSV header; seriesLabel(topic, path, decoder) unless renamed. */
  readonly label: string
  /** A decoded value (Sparkplug B metric, CBOR / MessagePack path); absent for text / JSON. */
  readonly decoder?: ChartDecoder
  /** Hidden from the chart by the legend (still collected). */
  readonly hidden?: boolean
  /** #rrggbb. */
  readonly color: string
}

export interface ChartDef {
  readonly id: string
  readonly title?: string
  readonly window: ChartWindow
  readonly series: readonly ChartSeries[]
}

/** Every chart, as persisted. Immutable: the helpers below return a new setup. */
export interface ChartSetup {
  readonly charts: readonly ChartDef[]
  /** The next id number (ids are never reused, so a late worker update cannot hit a new series). */
  readonly nextId: number
}

/** The persisted form's version: loadSetup reads this, serializeSetup writes it. */
export const SETUP_VERSION = 1

export function emptySetup(): ChartSetup {
  return { charts: [], nextId: 1 }
}

const DECODER_LABELS: { readonly [D in ChartDecoder]: string } = { sparkplug: 'Sparkplug B', cbor: 'CBOR', msgpack: 'MessagePack', protobuf: 'Protobuf' }

/**
 * "home/temp" for a payload, "home/json sensors[0].value" for a value inside it; a decoded value
 * names its format: "spBv1.0/g/DDATA/n/d Temperature (Sparkplug B)".
 */
export function seriesLabel(topic: string, path: JsonPath, decoder?: ChartDecoder): string {
  const plain = path.length === 0 ? topic : `${topic} ${formatPath(path)}`
  return decoder === undefined ? plain : `${plain} (${DECODER_LABELS[decoder]})`
}

/**
 * One string per (topic, path, decoder), equal exactly when all are: what the worker keys collected
 * series by, so one topic and path pinned in two charts is collected once. A decoded series starts
 * with an array (a JSON series never does), so the two kinds never share a key.
 */
export function seriesKey(topic: string, path: JsonPath, decoder?: ChartDecoder): string {
  return decoder === undefined ? JSON.stringify([topic, ...path]) : JSON.stringify([[decoder], topic, ...path])
}

/** What the worker must collect: each pinned (topic, path, decoder) once, in setup order. */
export function pinnedSeries(setup: ChartSetup): PinnedSeries[] {
  const seen = new Map<string, PinnedSeries>()
  for (const chart of setup.charts) {
    for (const s of chart.series) {
      const key = seriesKey(s.topic, s.path, s.decoder)
      if (!seen.has(key)) seen.set(key, { key, topic: s.topic, path: s.path, ...(s.decoder ? { decoder: s.decoder } : {}) })
    }
  }
  return [...seen.values()]
}

function sameSeries(s: { topic: string; path: JsonPath; decoder?: ChartDecoder | undefined }, topic: unknown, path: JsonPath, decoder: unknown): boolean {
  return s.topic === topic && samePath(s.path, path) && s.decoder === decoder
}

function seriesCount(setup: ChartSetup): number {
  return setup.charts.reduce((n, c) => n + c.series.length, 0)
}

function mapChart(setup: ChartSetup, chartId: string, change: (chart: ChartDef) => ChartDef): ChartSetup {
  return { ...setup, charts: setup.charts.map((c) => (c.id === chartId ? change(c) : c)) }
}

/** A new, empty chart at the end; refused beyond LIMITS.charts.charts. */
export function addChart(setup: ChartSetup, init: { title?: string; window?: ChartWindow } = {}): { setup: ChartSetup; chart: ChartDef } | { error: string } {
  if (setup.charts.length >= LIMITS.charts.charts) return { error: `At most ${LIMITS.charts.charts} charts: remove one first` }
  const chart: ChartDef = { id: `chart-${setup.nextId}`, ...(init.title ? { title: init.title } : {}), window: init.window ?? DEFAULT_WINDOW, series: [] }
  return { setup: { charts: [...setup.charts, chart], nextId: setup.nextId + 1 }, chart }
}

export function removeChart(setup: ChartSetup, chartId: string): ChartSetup {
  return { ...setup, charts: setup.charts.filter((c) => c.id !== chartId) }
}

/** A new title ('' or undefined: none) and/or window. */
export function updateChart(setup: ChartSetup, chartId: string, change: { title?: string | undefined; window?: ChartWindow }): ChartSetup {
  return mapChart(setup, chartId, (chart) => {
    const { title: _old, ...rest } = chart
    const title = 'title' in change ? change.title : chart.title
    return { ...rest, ...(title ? { title } : {}), window: change.window ?? chart.window }
  })
}

/**
 * Pins a (topic, path) into a chart. A chart never holds the same topic and path twice: pinning
 * it again returns the series already there (`added: false`), unchanged. A new series takes the
 * first palette color its chart does not use yet (cycling when all are used) and the label
 * seriesLabel(topic, path), unless given. Refused (as a value): an unknown chart, a topic that
 * is not a topic name, more than LIMITS.charts.series series over all charts.
 */
export function addSeries(
  setup: ChartSetup,
  chartId: string,
  pin: { topic: string; path: JsonPath; label?: string; color?: string; decoder?: ChartDecoder | undefined },
): { setup: ChartSetup; series: ChartSeries; added: boolean } | { error: string } {
  const chart = setup.charts.find((c) => c.id === chartId)
  if (!chart) return { error: 'That chart no longer exists' }
  const existing = chart.series.find((s) => sameSeries(s, pin.topic, pin.path, pin.decoder))
  if (existing) return { setup, series: existing, added: false }
  const bad = validateTopic(pin.topic)
  if (bad) return { error: bad }
  if (seriesCount(setup) >= LIMITS.charts.series) return { error: `At most ${LIMITS.charts.series} series over all charts: remove one first` }
  const series: ChartSeries = {
    id: `series-${setup.nextId}`,
    topic: pin.topic,
    path: [...pin.path],
    label: pin.label ?? seriesLabel(pin.topic, pin.path, pin.decoder),
    ...(pin.decoder ? { decoder: pin.decoder } : {}),
    color: pin.color !== undefined && isColor(pin.color) ? pin.color.toLowerCase() : nextColor(chart.series),
  }
  const next = mapChart(setup, chartId, (c) => ({ ...c, series: [...c.series, series] }))
  return { setup: { ...next, nextId: setup.nextId + 1 }, series, added: true }
}

export function removeSeries(setup: ChartSetup, chartId: string, seriesId: string): ChartSetup {
  return mapChart(setup, chartId, (c) => ({ ...c, series: c.series.filter((s) => s.id !== seriesId) }))
}

/** Shows or hides a series (the legend's toggle); hidden is stored only when true. */
export function setSeriesHidden(setup: ChartSetup, chartId: string, seriesId: string, hidden: boolean): ChartSetup {
  return mapChart(setup, chartId, (c) => ({
    ...c,
    series: c.series.map((s) => {
      if (s.id !== seriesId) return s
      const { hidden: _old, ...rest } = s
      return hidden ? { ...rest, hidden: true } : rest
    }),
  }))
}

/** The first palette color not in use by `series`; when all are, the next in turn. */
export function nextColor(series: readonly ChartSeries[]): string {
  const used = new Set(series.map((s) => s.color))
  return SERIES_COLORS.find((c) => !used.has(c)) ?? SERIES_COLORS[series.length % SERIES_COLORS.length]!
}

function isColor(value: unknown): value is string {
  return typeof value === 'string' && /^#[0-9a-fA-F]{6}$/.test(value)
}

/** The persisted form: plain JSON with a version. */
export function serializeSetup(setup: ChartSetup): { version: number; nextId: number; charts: readonly ChartDef[] } {
  return { version: SETUP_VERSION, nextId: setup.nextId, charts: setup.charts }
}

/** Longest id and title kept from storage (longer titles are cut, longer ids are not ids). */
const MAX_ID = 100
const MAX_TITLE = 200

/**
 * The setup read back from browser storage (untrusted: older versions, hand edits, other tabs).
 * Never throws: what cannot be used is dropped, with a note naming it in `dropped` for the UI to
 * show once. A chart or series without a usable id, a series whose topic is not a topic name or
 * whose path is not a path, a second series with the same topic and path in a chart, and entries
 * beyond LIMITS.charts.charts / .series are dropped; a bad window, label or color is replaced by
 * the default (window 5 min, seriesLabel, the next palette color), silently. undefined / null
 * (nothing stored) is an empty setup without a note.
 */
export function loadSetup(stored: unknown): { setup: ChartSetup; dropped: string[] } {
  const dropped: string[] = []
  if (stored === undefined || stored === null) return { setup: emptySetup(), dropped }
  if (!isObject(stored) || !Array.isArray(stored.charts)) return { setup: emptySetup(), dropped: ['The saved charts could not be read'] }
  if (stored.version !== SETUP_VERSION)
    return { setup: emptySetup(), dropped: [`The saved charts are from another version (${String(stored.version)}) and could not be read`] }
  const charts: ChartDef[] = []
  const ids = new Set<string>()
  let maxId = 0
  let total = 0
  const takeId = (id: unknown): id is string => {
    if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID || ids.has(id)) return false
    ids.add(id)
    maxId = Math.max(maxId, Number(/-(\d+)$/.exec(id)?.[1] ?? 0))
    return true
  }
  stored.charts.forEach((raw: unknown, i: number) => {
    const where = `Chart ${i + 1}${isObject(raw) && typeof raw.title === 'string' && raw.title ? ` ("${raw.title.slice(0, 40)}")` : ''}`
    if (!isObject(raw) || !takeId(raw.id)) return void dropped.push(`${where}: not a chart (no id, or an id used twice)`)
    if (charts.length >= LIMITS.charts.charts) return void dropped.push(`${where}: more than ${LIMITS.charts.charts} charts`)
    const series: ChartSeries[] = []
    const rawSeries: unknown[] = Array.isArray(raw.series) ? raw.series : []
    rawSeries.forEach((rs: unknown, j: number) => {
      const label = isObject(rs) && typeof rs.label === 'string' ? ` ("${rs.label.slice(0, 80)}")` : ''
      const problem = seriesProblem(rs, series, ids)
      if (problem) return void dropped.push(`${where}, series ${j + 1}${label}: ${problem}`)
      if (total >= LIMITS.charts.series) return void dropped.push(`${where}, series ${j + 1}${label}: more than ${LIMITS.charts.series} series`)
      const s = rs as Record<string, unknown> & { id: string; topic: string; path: Segment[]; decoder?: ChartDecoder }
      takeId(s.id)
      total++
      series.push({
        id: s.id,
        topic: s.topic,
        path: [...s.path],
        label: typeof s.label === 'string' ? s.label : seriesLabel(s.topic, s.path, s.decoder),
        ...(s.decoder ? { decoder: s.decoder } : {}),
        ...(s.hidden === true ? { hidden: true } : {}),
        color: isColor(s.color) ? s.color.toLowerCase() : nextColor(series),
      })
    })
    const window = CHART_WINDOWS.find((w) => w === raw.window) ?? DEFAULT_WINDOW
    const title = typeof raw.title === 'string' && raw.title ? raw.title.slice(0, MAX_TITLE) : undefined
    charts.push({ id: raw.id, ...(title ? { title } : {}), window, series })
  })
  const storedNext = Number.isSafeInteger(stored.nextId) ? (stored.nextId as number) : 0
  return { setup: { charts, nextId: Math.max(storedNext, maxId + 1, 1) }, dropped }
}

/** Why a stored series cannot be used, or undefined. */
function seriesProblem(raw: unknown, chartSeries: readonly ChartSeries[], ids: ReadonlySet<string>): string | undefined {
  if (!isObject(raw)) return 'not a series'
  if (typeof raw.id !== 'string' || raw.id.length === 0 || raw.id.length > MAX_ID || ids.has(raw.id)) return 'no id, or an id used twice'
  if (typeof raw.topic !== 'string') return 'no topic'
  const bad = validateTopic(raw.topic)
  if (bad) return bad
  if (!isPath(raw.path)) return 'the JSON path is not a list of names and indexes'
  const path = raw.path
  if (raw.decoder !== undefined && !CHART_DECODERS.includes(raw.decoder as ChartDecoder)) return `unknown decoder ${JSON.stringify(raw.decoder)}`
  if (chartSeries.some((s) => sameSeries(s, raw.topic, path, raw.decoder))) return 'the same topic and path twice in one chart'
  return undefined
}

function isPath(value: unknown): value is Segment[] {
  return Array.isArray(value) && value.every((s) => typeof s === 'string' || (Number.isSafeInteger(s) && (s as number) >= 0))
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
