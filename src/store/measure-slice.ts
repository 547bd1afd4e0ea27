import type { StateCreator } from 'zustand'
import { MEASURE_LIMITS } from '@/model/measure/measure-limits.ts'
import { runIdFrom } from '@/model/measure/probe-payload.ts'
import type { ProbeReport } from '@/model/measure/probe-run.ts'
import { PROBE_DEFAULTS, parseProbeDraft, type ProbeDraft } from '@/model/measure/probe-settings.ts'
import type { WatchReport } from '@/model/measure/watch-run.ts'
import { parseWatchDraft, type WatchDraft } from '@/model/measure/watch-settings.ts'
import type { AppState } from './app-store.ts'

export type MeasureMode = 'probe' | 'watch'

/** The Measure panel: its forms, the probe run going on (or the last one), the runs table, the watch. */
export interface MeasureSlice {
  measureOpen: boolean
  measureMode: MeasureMode
  probeDraft: ProbeDraft
  /** What is wrong with the form (nothing was sent). */
  probeProblems: readonly string[]
  /** The run going on, or the last one: the page's id and the worker's latest report (undefined until the first). */
  probeRun: { readonly id: number; readonly runId: string; readonly report: ProbeReport | undefined } | undefined
  /** Finished runs with figures, oldest first (at most MEASURE_LIMITS.runs), for comparing side by side. */
  probeRuns: readonly ProbeReport[]
  watchDraft: WatchDraft
  watchProblems: readonly string[]
  watchReport: WatchReport | undefined
  /** A watch was started and has not reported its end yet. */
  watchActive: boolean
  setMeasureOpen(open: boolean): void
  setMeasureMode(mode: MeasureMode): void
  setProbeDraft(patch: Partial<ProbeDraft>): void
  setWatchDraft(patch: Partial<WatchDraft>): void
  startProbe(): void
  stopProbe(): void
  clearProbeRuns(): void
  startWatch(): void
  stopWatch(): void
  applyProbe(id: number, report: ProbeReport): void
  applyWatch(report: WatchReport): void
}

let nextProbeId = 0

function newRunId(): string {
  return runIdFrom(crypto.getRandomValues(new Uint8Array(4)))
}

export const createMeasureSlice: StateCreator<AppState, [], [], MeasureSlice> = (set, get) => ({
  measureOpen: false,
  measureMode: 'probe',
  probeDraft: {
    count: '500',
    rate: String(PROBE_DEFAULTS.rate),
    qos: PROBE_DEFAULTS.qos,
    size: String(PROBE_DEFAULTS.size),
    topic: '',
    separateSubscriber: false,
  },
  probeProblems: [],
  probeRun: undefined,
  probeRuns: [],
  watchDraft: { filter: '', seqPath: '', timePath: '', qos: 1 },
  watchProblems: [],
  watchReport: undefined,
  watchActive: false,
  setMeasureOpen(open) {
    set({ measureOpen: open })
  },
  setMeasureMode(mode) {
    set({ measureMode: mode })
  },
  setProbeDraft(patch) {
    set({ probeDraft: { ...get().probeDraft, ...patch }, probeProblems: [] })
  },
  setWatchDraft(patch) {
    set({ watchDraft: { ...get().watchDraft, ...patch }, watchProblems: [] })
  },
  startProbe() {
    const runId = newRunId()
    const parsed = parseProbeDraft(get().probeDraft, runId)
    if ('problems' in parsed) return set({ probeProblems: parsed.problems })
    const id = ++nextProbeId
    set({ probeProblems: [], probeRun: { id, runId, report: undefined } })
    get().send({ type: 'probe-start', id, runId, settings: parsed.settings })
  },
  stopProbe() {
    const run = get().probeRun
    if (run) get().send({ type: 'probe-stop', id: run.id })
  },
  clearProbeRuns() {
    set({ probeRuns: [] })
  },
  startWatch() {
    const parsed = parseWatchDraft(get().watchDraft)
    if ('problems' in parsed) return set({ watchProblems: parsed.problems })
    set({ watchProblems: [], watchReport: undefined, watchActive: true })
    get().send({ type: 'watch-start', settings: parsed.settings })
  },
  stopWatch() {
    get().send({ type: 'watch-stop' })
  },
  applyProbe(id, report) {
    const run = get().probeRun
    if (run?.id !== id) return
    const ended = report.phase === 'done' || report.phase === 'failed'
    const kept = ended && report.figures !== undefined ? [...get().probeRuns, report].slice(-MEASURE_LIMITS.runs) : get().probeRuns
    set({ probeRun: { ...run, report }, probeRuns: kept })
  },
  applyWatch(report) {
    set({ watchReport: report, watchActive: report.phase === 'connecting' || report.phase === 'watching' })
  },
})
