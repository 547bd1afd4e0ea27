import type { StateCreator, StoreApi } from 'zustand'
import { persist, type PersistOptions } from 'zustand/middleware'
import { createStore } from 'zustand/vanilla'
import { EMBEDDED_PROFILE_ID, embeddedProfile, forStorage, restoreProfile, type ConnectionProfile } from '@/model/connection-profile.ts'
import { budgetOrDefault } from '@/model/history-budget.ts'
import type { WorkerCommand, WorkerEvent } from '@/worker/protocol.ts'
import { scopedStoreHook } from './active-store.ts'
import { createBridgeSlice, type BridgeSlice } from './bridge-slice.ts'
import { createBrokerSlice, type BrokerSlice } from './broker-slice.ts'
import { sendCommand } from './command-sink.ts'
import { createChartsSlice, restoreChartsState, storedSetupOf, type ChartsSlice } from './charts-slice.ts'
import { createConnectionSlice, type ConnectionSlice } from './connection-slice.ts'
import { restoreDecoders } from '@/model/decode-rules.ts'
import { createDecodersSlice, type DecodersSlice } from './decoders-slice.ts'
import { createInspectorSlice, type InspectorSlice } from './inspector-slice.ts'
import { createMeasureSlice, type MeasureSlice } from './measure-slice.ts'
import { createPacketsSlice, type PacketsSlice } from './packets-slice.ts'
import { restorePublishState, storedDraftOf } from './publish-persist.ts'
import { createPublishSlice, type PublishSlice } from './publish-slice.ts'
import { createRecordingSessionSlice, type RecordingSessionSlice } from './recording-session-slice.ts'
import { createRecordingsSlice, type RecordingsSlice } from './recordings-slice.ts'
import { createRetainedSlice, type RetainedSlice } from './retained-slice.ts'
import { createRetainedViewSlice, type RetainedViewSlice } from './retained-view-slice.ts'
import { createServerSlice, type ServerSlice } from './server-slice.ts'
import { createSubscriptionsSlice, type SubscriptionsSlice } from './subscriptions-slice.ts'
import { splitStorage } from './split-storage.ts'
import { createViewSlice, type ViewSlice } from './view-slice.ts'

export interface EventSlice {
  lastError: string | undefined
  /** Applies one worker event: the only way worker data enters React. */
  applyEvent(event: WorkerEvent): void
  /** Sends a command to this connection's worker (each open connection has its own). */
  send(command: WorkerCommand): void
}

export type AppState = ConnectionSlice &
  BridgeSlice &
  SubscriptionsSlice &
  ViewSlice &
  InspectorSlice &
  RetainedSlice &
  RetainedViewSlice &
  PublishSlice &
  ChartsSlice &
  BrokerSlice &
  ServerSlice &
  MeasureSlice &
  RecordingSessionSlice &
  RecordingsSlice &
  DecodersSlice &
  PacketsSlice &
  EventSlice

export const STORAGE_KEY = 'mqtt-scope/state'

/** Every slice of one connection's state; its commands go to `send`. */
function appState(send: (command: WorkerCommand) => void): StateCreator<AppState> {
  return (set, get, api) => ({
    ...createConnectionSlice(set, get, api),
    ...createBridgeSlice(set, get, api),
    ...createSubscriptionsSlice(set, get, api),
    ...createViewSlice(set, get, api),
    ...createInspectorSlice(set, get, api),
    ...createRetainedSlice(set, get, api),
    ...createRetainedViewSlice(set, get, api),
    ...createPublishSlice(set, get, api),
    ...createChartsSlice(set, get, api),
    ...createBrokerSlice(set, get, api),
    ...createServerSlice(set, get, api),
    ...createMeasureSlice(set, get, api),
    ...createRecordingSessionSlice(set, get, api),
    ...createRecordingsSlice(set, get, api),
    ...createDecodersSlice(set, get, api),
    ...createPacketsSlice(set, get, api),
    lastError: undefined,
    send,
    applyEvent(event) {
      switch (event.type) {
        case 'connection':
          get().setConnection(event.connection)
          return
        case 'batch':
          get().applyBatch(event.batch)
          get().followRecordingSelection(event.batch)
          return
        case 'subscription':
          get().setSubscriptionStatus(event.filter, event.status)
          return
        case 'error':
          set({ lastError: event.message })
          return
        case 'inspection':
          get().applyInspection(event.inspection)
          return
        case 'payload':
          get().resolvePayload(event.requestId, event.result)
          return
        case 'decoders-status':
          get().applyDecodersStatus(event.status)
          return
        case 'retained-scan':
          get().applyRetainedScan(event.scan)
          return
        case 'retained-marks':
          get().applyRetainedMarks(event.marks)
          return
        case 'clear-progress':
          get().applyClearProgress(event.progress)
          return
        case 'retained-list':
          get().applyRetainedListing(event.listing)
          return
        case 'restore-progress':
          get().applyRestoreProgress(event.progress)
          return
        case 'publish-outcome':
          get().applyPublishOutcome(event.outcome)
          return
        case 'publish-job':
          get().applyPublishJob(event.job)
          return
        case 'chart-data':
          get().applyChartData(event.charts)
          return
        case 'chart-csv':
          get().resolveChartCsv(event.requestId, event.result)
          return
        case 'broker-stats':
          get().applyBrokerStats(event.stats)
          return
        case 'probe':
          get().applyProbe(event.id, event.report)
          return
        case 'watch':
          get().applyWatch(event.report)
          return
        case 'recording':
          get().applyRecordingSession(event.state)
          return
        case 'packets':
          get().applyPackets(event.seq, event.snapshot)
          return
        case 'packets-export':
          get().resolvePacketsExport(event.requestId, event.jsonl, event.count)
          return
      }
    },
  })
}

// The publish draft, history and saved messages, and the chart setup, are stored under keys of
// their own, written only when they change (not on every batch). The chart setup is written once
// per burst of changes, when the page is idle or left: hiding a series is a click that redraws the
// chart, and the write need not be part of it.
const settingsStorage = splitStorage<Record<string, unknown>>(['publishDraft', 'publishRecords', 'savedMessages', 'chartSetup', 'decoders'], undefined, {
  deferred: ['chartSetup'],
})

/** Writes the settings whose writes are held back (the chart setup) now: for tests that read storage. */
export const flushStoredSettings = (): void => settingsStorage.flush()

const persistOptions: PersistOptions<AppState, Record<string, unknown>> = {
  name: STORAGE_KEY,
  version: 1,
  storage: settingsStorage,
  // Only settings are kept; a password only when the user ticked "remember".
  partialize: (s) => ({
    profiles: s.profiles.map((p) => forStorage(p)),
    activeProfileId: s.activeProfileId,
    subscriptions: s.subscriptions.map(({ filter, qos }) => ({ filter, qos, status: { state: 'pending' as const } })),
    sort: s.sort,
    historyBudget: s.historyBudget,
    publishDraft: storedDraftOf(s.publishDraft),
    publishTopicTyped: s.publishTopicTyped,
    publishOpen: s.publishOpen,
    publishRepeat: s.publishRepeat,
    publishRecords: s.publishRecords,
    savedMessages: s.savedMessages,
    chartSetup: storedSetupOf(s.chartSetup),
    chartsOpen: s.chartsOpen,
    currentChartId: s.currentChartId,
    decoders: s.decoders,
  }),
  // The embedded broker is wherever this page came from: never trust a stored URL for it.
  merge: (persisted, current) => {
    // The publish state is read back (and checked) by restorePublishState, not spread in as stored.
    // So is the chart setup (restoreChartsState).
    const {
      publishDraft: _d,
      publishTopicTyped: _t,
      publishOpen: _po,
      publishRepeat: _r,
      publishRecords: _p,
      savedMessages: _s,
      chartSetup: _c,
      chartsOpen: _o,
      currentChartId: _i,
      decoders: storedDecoders,
      ...saved
    } = (persisted ?? {}) as Partial<AppState>
    // Older profiles have no TLS settings: restoreProfile fills in the defaults.
    const profiles: ConnectionProfile[] = ((saved.profiles ?? []) as unknown[])
      .flatMap((p) => restoreProfile(p) ?? [])
      .filter((p) => p.id !== EMBEDDED_PROFILE_ID)
    const embedded = embeddedProfile(globalThis.location ?? { protocol: 'http:', host: '127.0.0.1:8080' })
    return {
      ...current,
      ...saved,
      profiles: [embedded, ...profiles],
      historyBudget: budgetOrDefault(saved.historyBudget),
      // Checked again (budgets, valid rules): storage may hold anything.
      decoders: restoreDecoders(storedDecoders),
      ...restorePublishState((persisted ?? {}) as Record<string, unknown>),
      ...restoreChartsState((persisted ?? {}) as Record<string, unknown>),
    }
  },
}

/** The first connection's store: the settings (profiles, publish, charts, decoders) persist from it. */
export const primaryStore = createStore<AppState>()(
  persist(
    appState((command) => sendCommand(command)),
    persistOptions,
  ),
)

/**
 * Another open connection's store: nothing of it persists by itself (the connections store keeps
 * which connections are open and shares the settings between them); its commands go to its worker.
 */
export function createConnectionStore(seed: Partial<AppState>, send: (command: WorkerCommand) => void): StoreApi<AppState> {
  const store = createStore<AppState>()(appState(send))
  store.setState(seed)
  return store
}

const scoped = scopedStoreHook<AppState>(primaryStore)

/**
 * The app's store hook: in a component, the state of the connection it is shown for (StoreScope)
 * or of the active one; outside React (getState, setState, subscribe), the active connection's.
 */
export const useAppStore = Object.assign(scoped.hook, { persist: primaryStore.persist })
/** Gives a subtree another open connection's state (side by side). */
export const StoreScope = scoped.Scope
/** The store a component is shown for, for its event handlers (not only the active one). */
export const useAppStoreApi = scoped.useStoreApi
