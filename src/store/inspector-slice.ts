import type { StateCreator } from 'zustand'
import { DEFAULT_BUDGET, validateBudget, type BudgetField } from '@/model/history-budget.ts'
import type { InspectRequest, Inspection, PayloadPurpose, PayloadResult } from '@/model/inspection-types.ts'
import type { HistoryBudget } from '@/model/message-history.ts'
import type { PayloadViewId } from '@/model/payload-decoders.ts'
import type { BinaryFormatId } from '@/model/decoded-value.ts'
import type { JsonDiffMode } from '@/model/payload-diff.ts'
import type { AppState } from './app-store.ts'

/**
 * The message inspector's state: what the page asked the worker to show (inspectRequest) and the
 * last answer (inspection: one topic's history summary and one window of one payload, never more).
 */
export interface InspectorSlice {
  inspection: Inspection | undefined
  inspectRequest: InspectRequest
  /** The view the person picked; undefined: the one detectView chose (Sparkplug B on Sparkplug topics). */
  payloadView: PayloadViewId | BinaryFormatId | undefined
  historyBudget: HistoryBudget
  applyInspection(inspection: Inspection | undefined): void
  /**
   * Shows message `seq` of the inspected topic, and holds the history list still from then on (new
   * messages are counted above it), starting at `listTop` (the seq of the first entry the person
   * sees) when it was not held yet; undefined: follow the latest, the list moving again.
   */
  inspectMessage(seq: number | undefined, listTop?: number): void
  /** Shows the newest messages at the top of a held list again; the shown message stays. */
  showNewestHistory(): void
  setPayloadView(view: PayloadViewId | BinaryFormatId): void
  /** The payload window for paging (Hex, Base64): `offset` and `length` bytes. */
  setPayloadWindow(offset: number, length: number): void
  /** The diff of the shown message against the one before it; off also forgets compareWith. */
  setDiff(on: boolean): void
  /** Turns the diff on against message `seq` (undefined: the one before the shown message); holds the list as inspectMessage does. */
  compareWith(seq: number | undefined, listTop?: number): void
  setDiffBy(mode: JsonDiffMode): void
  setHistoryStart(start: number): void
  /** Validates, keeps (persisted) and sends new budgets; returns the problems instead. */
  setHistoryBudget(budget: HistoryBudget): Partial<Record<BudgetField, string>> | undefined
  /** The whole payload of a kept message, from the worker (a download's bytes are transferred). */
  requestPayload(id: number, seq: number, purpose: PayloadPurpose): Promise<PayloadResult>
  /** A 'payload' event arrived. */
  resolvePayload(requestId: number, result: PayloadResult): void
}

// Pending payload requests: resolvers are not state (nothing renders them).
const pending = new Map<number, (result: PayloadResult) => void>()
let nextRequestId = 1

export const createInspectorSlice: StateCreator<AppState, [], [], InspectorSlice> = (set, get) => {
  const request = (next: InspectRequest) => {
    set({ inspectRequest: next })
    get().send({ type: 'inspect', request: next })
  }
  return {
    inspection: undefined,
    inspectRequest: { id: undefined },
    payloadView: undefined,
    historyBudget: DEFAULT_BUDGET,
    applyInspection(inspection) {
      const previous = get().inspection?.message
      const message = inspection?.message
      // Same message and window: keep the old window object, so views decoded from it are reused.
      if (
        inspection &&
        message &&
        previous &&
        previous.seq === message.seq &&
        previous.window.offset === message.window.offset &&
        previous.window.bytes.length === message.window.bytes.length
      ) {
        set({ inspection: { ...inspection, message: { ...message, window: previous.window } } })
      } else set({ inspection })
    },
    inspectMessage(seq, listTop) {
      const { seq: _, historyAnchor: _a, historyStart: _s, offset: _o, length: _l, ...rest } = get().inspectRequest
      if (seq === undefined) request(rest)
      else request({ ...rest, seq, ...held(get().inspectRequest, get().inspection, listTop) })
    },
    showNewestHistory() {
      const { historyAnchor: _, historyStart: _s, ...rest } = get().inspectRequest
      const latest = get().inspection?.history.latestSeq
      request(rest.seq === undefined || latest === undefined ? rest : { ...rest, historyAnchor: latest })
    },
    setPayloadView(view) {
      set({ payloadView: view })
      // JSON and Text read the payload from its start; a paged window starts elsewhere. A binary
      // view asks the worker to decode (the decoders live there, loaded on first use).
      const { offset, length, decode, ...rest } = get().inspectRequest
      const binary = view === 'sparkplug' || view === 'protobuf' || view === 'cbor' || view === 'msgpack' ? view : undefined
      if (offset !== undefined || length !== undefined || decode !== binary) request(binary ? { ...rest, decode: binary } : rest)
    },
    setPayloadWindow(offset, length) {
      request({ ...get().inspectRequest, offset, length })
    },
    setDiff(on) {
      const { diff: _, compareWith: _c, ...rest } = get().inspectRequest
      request(on ? { ...rest, diff: true } : letGo(rest))
    },
    compareWith(seq, listTop) {
      const { compareWith: _, historyAnchor: _a, historyStart: _s, ...rest } = get().inspectRequest
      if (seq === undefined) request(letGo({ ...get().inspectRequest, compareWith: undefined, diff: true }))
      else request({ ...rest, diff: true, compareWith: seq, ...held(get().inspectRequest, get().inspection, listTop) })
    },
    setDiffBy(mode) {
      const { diffBy: _, ...rest } = get().inspectRequest
      request(mode === 'keys' ? rest : { ...rest, diffBy: mode })
    },
    setHistoryStart(start) {
      const { historyStart: _, ...rest } = get().inspectRequest
      request(start > 0 ? { ...rest, historyStart: start } : rest)
    },
    setHistoryBudget(budget) {
      const checked = validateBudget(budget)
      if ('errors' in checked) return checked.errors
      set({ historyBudget: checked.budget })
      get().send({ type: 'budget', budget: checked.budget })
      return undefined
    },
    requestPayload(id, seq, purpose) {
      const requestId = nextRequestId++
      return new Promise((resolve) => {
        pending.set(requestId, resolve)
        get().send({ type: 'payload', requestId, id, seq, purpose })
      })
    },
    resolvePayload(requestId, result) {
      const resolve = pending.get(requestId)
      pending.delete(requestId)
      resolve?.(result)
    },
  }
}

/**
 * What holds the history list where it is: the anchor (and page) it has; else `listTop`, the first
 * entry the person sees (the list starts there from now on); else the newest message the page knows.
 */
function held(current: InspectRequest, inspection: Inspection | undefined, listTop: number | undefined): { historyAnchor?: number; historyStart?: number } {
  if (current.historyAnchor !== undefined) {
    return { historyAnchor: current.historyAnchor, ...(current.historyStart ? { historyStart: current.historyStart } : {}) }
  }
  if (listTop !== undefined) return { historyAnchor: listTop }
  const latest = inspection?.history.latestSeq
  if (latest === undefined) return current.historyStart ? { historyStart: current.historyStart } : {}
  return { historyAnchor: latest, ...(current.historyStart ? { historyStart: current.historyStart } : {}) }
}

/**
 * Following the latest message and comparing with nothing picked, the list has no reason to hold
 * still: it moves with the arrivals again. A picked message keeps it held.
 */
function letGo(request: InspectRequest): InspectRequest {
  const { compareWith, historyAnchor, ...rest } = request
  const hold = request.seq !== undefined || compareWith !== undefined
  return { ...rest, ...(compareWith !== undefined ? { compareWith } : {}), ...(hold && historyAnchor !== undefined ? { historyAnchor } : {}) }
}

/**
 * What selecting topic `id` does to the inspector: follow its latest message, in the detected
 * view (the diff toggle and the JSON diff mode stay as they were). Undefined when `id` is the
 * topic already inspected.
 */
export function inspectTopic(id: number | undefined, previous: InspectRequest): InspectRequest | undefined {
  if (id === previous.id) return undefined
  return { id, ...(previous.diff ? { diff: true } : {}), ...(previous.diffBy ? { diffBy: previous.diffBy } : {}) }
}
