import type { StateCreator } from 'zustand'
import {
  WINDOW_MS,
  addChart as addChartTo,
  addSeries,
  emptySetup,
  loadSetup,
  pinnedSeries,
  removeChart as removeChartFrom,
  removeSeries,
  serializeSetup,
  seriesKey,
  seriesLabel,
  setSeriesHidden,
  updateChart,
  type ChartDef,
  type ChartSetup,
  type ChartWindow,
} from '@/model/chart-setup.ts'
import type { ChartData, ChartDecoder, ChartView } from '@/model/chart-types.ts'
import type { JsonPath } from '@/model/json-path.ts'
import type { WorkerEvent } from '@/worker/protocol.ts'
import type { AppState } from './app-store.ts'

export type ChartCsvResult = Extract<WorkerEvent, { type: 'chart-csv' }>['result']

/** What a pin did: how many series it added to which chart, and why it stopped short. */
export interface PinResult {
  readonly chartId: string | undefined
  readonly added: number
  readonly error?: string
}

/**
 * The charts panel: the chart setup (persisted), which charts are paused and how wide they are on
 * screen, and the last data the worker sent for each. The worker collects every pinned series and
 * answers what the visible charts show; this slice tells it both whenever they change.
 */
export interface ChartsSlice {
  chartSetup: ChartSetup
  /** The charts panel is open (persisted, so charts come back with a reload). */
  chartsOpen: boolean
  /** Where pins go: the chart last touched or created. */
  currentChartId: string | undefined
  /** Something the panel should say once: what the stored setup lost, why a pin was refused. */
  chartNote: string | undefined
  /** The latest chart-data of each chart shown. */
  chartData: Readonly<Record<string, ChartData>>
  /** Paused charts and the `to` their view is frozen at (epoch ms). */
  chartPaused: Readonly<Record<string, number>>
  /** Plot widths in px of the charts on screen (the worker downsamples to one bucket per PX_PER_BUCKET px). */
  chartWidths: Readonly<Record<string, number>>
  setChartsOpen(open: boolean): void
  /** A new empty chart, made current; undefined (and a note) when there are too many. */
  addChart(): string | undefined
  removeChart(chartId: string): void
  setChartWindow(chartId: string, window: ChartWindow): void
  setCurrentChart(chartId: string): void
  /**
   * Pins (topic, path) into `chartId`, else the current chart, else the last one, else a new one;
   * opens the panel.
   */
  pinSeries(topic: string, path: JsonPath, chartId?: string, decoder?: ChartDecoder): PinResult
  /** Pins each element path[0..length) of an array as its own series. */
  pinSeriesElements(topic: string, path: JsonPath, length: number, chartId?: string, decoder?: ChartDecoder): PinResult
  removeChartSeries(chartId: string, seriesId: string): void
  setChartSeriesHidden(chartId: string, seriesId: string, hidden: boolean): void
  /** Freezes the chart's view at what it shows now (data keeps being collected). */
  pauseChart(chartId: string): void
  resumeChart(chartId: string): void
  /** The plot's width in px; undefined or 0: not on screen. */
  setChartWidth(chartId: string, width: number | undefined): void
  dismissChartNote(): void
  /** Sends the pinned series and the visible charts as they are now (at startup). */
  syncCharts(): void
  applyChartData(charts: readonly ChartData[]): void
  /** Every kept point of the chart's series, as CSV made by the worker. */
  requestChartCsv(chartId: string): Promise<ChartCsvResult>
  resolveChartCsv(requestId: number, result: ChartCsvResult): void
}

/** How long an export may take before the page gives up waiting (the worker builds up to a million rows). */
const CSV_TIMEOUT_MS = 60_000

/** The title a chart shows: its own, or "Chart <n>" by position for an untitled one. */
export function chartTitle(setup: ChartSetup, chart: ChartDef): string {
  return chart.title ?? `Chart ${setup.charts.indexOf(chart) + 1}`
}

/** "Chart <n>" with the smallest n no chart is called yet. */
function freeTitle(setup: ChartSetup): string {
  const taken = new Set(setup.charts.map((c) => chartTitle(setup, c)))
  let n = 1
  while (taken.has(`Chart ${n}`)) n++
  return `Chart ${n}`
}

/** What the worker must draw: every chart on screen, live (to undefined) or frozen. */
export function chartViews(state: Pick<ChartsSlice, 'chartSetup' | 'chartsOpen' | 'chartPaused' | 'chartWidths'>, now: number): ChartView[] {
  if (!state.chartsOpen) return []
  return state.chartSetup.charts.flatMap((chart) => {
    const width = state.chartWidths[chart.id]
    if (!width) return []
    const frozen = state.chartPaused[chart.id]
    const span = WINDOW_MS[chart.window]
    return [
      {
        chartId: chart.id,
        keys: chart.series.map((s) => seriesKey(s.topic, s.path, s.decoder)),
        from: span === Infinity ? -Infinity : (frozen ?? now) - span,
        to: frozen,
        // A bucket keeps up to four points (first, min, max, last), so one per 2 px still draws every
        // spike with half the points to send and draw.
        buckets: Math.max(1, Math.round(width / PX_PER_BUCKET)),
      },
    ]
  })
}

const PX_PER_BUCKET = 2

/** Equal for two view lists exactly when they ask the same (a live chart's `from` moves with the clock). */
function viewsSignature(views: readonly ChartView[], setup: ChartSetup): string {
  return JSON.stringify(views.map((v) => [v.chartId, v.keys, setup.charts.find((c) => c.id === v.chartId)?.window, v.to ?? null, v.buckets]))
}

/** The stored form of a setup, made once per setup object (persist asks on every state change). */
const storedForms = new WeakMap<ChartSetup, ReturnType<typeof serializeSetup>>()
export function storedSetupOf(setup: ChartSetup): ReturnType<typeof serializeSetup> {
  let stored = storedForms.get(setup)
  if (!stored) {
    stored = serializeSetup(setup)
    storedForms.set(setup, stored)
  }
  return stored
}

/** The persisted charts state read back (untrusted: loadSetup checks it, and says what it dropped). */
export function restoreChartsState(saved: Record<string, unknown>): Partial<ChartsSlice> {
  const { setup, dropped } = loadSetup(saved.chartSetup)
  const current = typeof saved.currentChartId === 'string' && setup.charts.some((c) => c.id === saved.currentChartId) ? saved.currentChartId : undefined
  return {
    chartSetup: setup,
    chartsOpen: saved.chartsOpen === true,
    currentChartId: current,
    ...(dropped.length > 0 ? { chartNote: `Some saved charts could not be restored: ${dropped.join('; ')}` } : {}),
  }
}

// Pending CSV exports: resolvers are not state (nothing renders them).
const pendingCsv = new Map<number, (result: ChartCsvResult) => void>()
let nextCsvRequest = 1

export const createChartsSlice: StateCreator<AppState, [], [], ChartsSlice> = (set, get, api) => {
  // What the worker was last told, so it hears again only about a change.
  let sentSeries = ''
  let sentViews = ''
  const sendSeries = (setup: ChartSetup, force = false) => {
    const series = pinnedSeries(setup)
    const signature = JSON.stringify(series.map((s) => s.key))
    if (signature === sentSeries && !force) return
    sentSeries = signature
    get().send({ type: 'chart-series', series })
  }
  const sendViews = (state: ChartsSlice, force = false) => {
    const views = chartViews(state, Date.now())
    const signature = viewsSignature(views, state.chartSetup)
    if (signature === sentViews && !force) return
    sentViews = signature
    get().send({ type: 'chart-view', charts: views })
  }
  api.subscribe((state, previous) => {
    if (state.chartSetup !== previous.chartSetup) sendSeries(state.chartSetup)
    if (
      state.chartSetup !== previous.chartSetup ||
      state.chartsOpen !== previous.chartsOpen ||
      state.chartPaused !== previous.chartPaused ||
      state.chartWidths !== previous.chartWidths
    ) {
      sendViews(state)
    }
  })

  /** The chart a pin goes into, creating one when there is none. */
  const targetChart = (setup: ChartSetup, chartId: string | undefined): { setup: ChartSetup; chartId: string } | { error: string } => {
    const wanted = [chartId, get().currentChartId].find((id) => id !== undefined && setup.charts.some((c) => c.id === id))
    if (wanted !== undefined) return { setup, chartId: wanted }
    if (chartId === undefined && setup.charts.length > 0) return { setup, chartId: setup.charts.at(-1)!.id }
    const created = addChartTo(setup, { title: freeTitle(setup) })
    return 'error' in created ? created : { setup: created.setup, chartId: created.chart.id }
  }

  const pin = (topic: string, paths: readonly JsonPath[], chartId: string | undefined, decoder?: ChartDecoder): PinResult => {
    const target = targetChart(get().chartSetup, chartId)
    if ('error' in target) {
      set({ chartsOpen: true, chartNote: target.error })
      return { chartId: undefined, added: 0, error: target.error }
    }
    let setup = target.setup
    let added = 0
    let error: string | undefined
    for (const path of paths) {
      const result = addSeries(setup, target.chartId, { topic, path, decoder })
      if ('error' in result) {
        error = result.error
        break
      }
      setup = result.setup
      if (result.added) added++
    }
    const chart = setup.charts.find((c) => c.id === target.chartId)!
    const title = chartTitle(setup, chart)
    const first = paths[0] ?? []
    let note: string | undefined = error
    if (error && added > 0) note = `Added ${added} of ${paths.length} series to ${title}: ${error}`
    else if (!error && added === 0)
      note = paths.length === 1 ? `${seriesLabel(topic, first, decoder)} is already in ${title}` : `These series are already in ${title}`
    set({ chartSetup: setup, currentChartId: target.chartId, chartsOpen: true, chartNote: note })
    return { chartId: target.chartId, added, ...(error ? { error } : {}) }
  }

  /** Drops per-chart entries of charts that are gone. */
  const keepCharts = <T>(record: Readonly<Record<string, T>>, setup: ChartSetup): Record<string, T> =>
    Object.fromEntries(Object.entries(record).filter(([id]) => setup.charts.some((c) => c.id === id)))

  return {
    chartSetup: emptySetup(),
    chartsOpen: false,
    currentChartId: undefined,
    chartNote: undefined,
    chartData: {},
    chartPaused: {},
    chartWidths: {},
    setChartsOpen(open) {
      set({ chartsOpen: open })
    },
    addChart() {
      const setup = get().chartSetup
      const result = addChartTo(setup, { title: freeTitle(setup) })
      if ('error' in result) {
        set({ chartNote: result.error })
        return undefined
      }
      set({ chartSetup: result.setup, currentChartId: result.chart.id, chartsOpen: true, chartNote: undefined })
      return result.chart.id
    },
    removeChart(chartId) {
      const { chartSetup, chartData, chartPaused, chartWidths, currentChartId } = get()
      const setup = removeChartFrom(chartSetup, chartId)
      set({
        chartSetup: setup,
        chartData: keepCharts(chartData, setup),
        chartPaused: keepCharts(chartPaused, setup),
        chartWidths: keepCharts(chartWidths, setup),
        currentChartId: currentChartId === chartId ? setup.charts.at(-1)?.id : currentChartId,
      })
    },
    setChartWindow(chartId, window) {
      set({ chartSetup: updateChart(get().chartSetup, chartId, { window }), currentChartId: chartId })
    },
    setCurrentChart(chartId) {
      if (get().currentChartId !== chartId) set({ currentChartId: chartId })
    },
    pinSeries(topic, path, chartId, decoder) {
      return pin(topic, [path], chartId, decoder)
    },
    pinSeriesElements(topic, path, length, chartId, decoder) {
      return pin(
        topic,
        Array.from({ length }, (_, i) => [...path, i]),
        chartId,
        decoder,
      )
    },
    removeChartSeries(chartId, seriesId) {
      set({ chartSetup: removeSeries(get().chartSetup, chartId, seriesId), currentChartId: chartId })
    },
    setChartSeriesHidden(chartId, seriesId, hidden) {
      set({ chartSetup: setSeriesHidden(get().chartSetup, chartId, seriesId, hidden), currentChartId: chartId })
    },
    pauseChart(chartId) {
      const { chartPaused, chartData } = get()
      if (chartPaused[chartId] !== undefined) return
      // Freeze at what the chart shows now, so the view does not jump.
      const shown = chartData[chartId]?.to
      const to = shown !== undefined && Number.isFinite(shown) ? shown : Date.now()
      set({ chartPaused: { ...chartPaused, [chartId]: to }, currentChartId: chartId })
    },
    resumeChart(chartId) {
      const { [chartId]: _frozen, ...rest } = get().chartPaused
      set({ chartPaused: rest, currentChartId: chartId })
    },
    setChartWidth(chartId, width) {
      const widths = get().chartWidths
      const px = width && width > 0 ? Math.round(width) : undefined
      if (widths[chartId] === px) return
      if (px === undefined) {
        const { [chartId]: _gone, ...rest } = widths
        set({ chartWidths: rest })
      } else set({ chartWidths: { ...widths, [chartId]: px } })
    },
    dismissChartNote() {
      set({ chartNote: undefined })
    },
    syncCharts() {
      sendSeries(get().chartSetup, true)
      sendViews(get(), true)
    },
    applyChartData(charts) {
      const { chartData, chartSetup } = get()
      const next: Record<string, ChartData> = { ...chartData }
      for (const chart of charts) {
        if (chartSetup.charts.some((c) => c.id === chart.chartId)) next[chart.chartId] = chart
      }
      set({ chartData: next })
    },
    requestChartCsv(chartId) {
      const chart = get().chartSetup.charts.find((c) => c.id === chartId)
      if (!chart) return Promise.resolve({ error: 'That chart no longer exists' })
      const requestId = nextCsvRequest++
      return new Promise((resolve) => {
        const timer = setTimeout(() => get().resolveChartCsv(requestId, { error: 'the export took too long' }), CSV_TIMEOUT_MS)
        pendingCsv.set(requestId, (result) => {
          clearTimeout(timer)
          resolve(result)
        })
        get().send({ type: 'chart-export', requestId, series: chart.series.map((s) => ({ key: seriesKey(s.topic, s.path, s.decoder), label: s.label })) })
      })
    },
    resolveChartCsv(requestId, result) {
      const resolve = pendingCsv.get(requestId)
      pendingCsv.delete(requestId)
      resolve?.(result)
    },
  }
}
