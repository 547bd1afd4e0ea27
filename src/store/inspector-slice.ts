import type { StateCreator } from 'zustand'
import { DEFAULT_BUDGET, validateBudget, type BudgetField } from '@/model/history-budget.ts'
import type { InspectRequest, Inspection, PayloadPurpose, PayloadResult } from '@/model/inspection-types.ts'
import type { HistoryBudget } from '@/model/message-history.ts'
import type { PayloadViewId } from '@/model/payload-decoders.ts'
import type { BinaryFormatId } from '@/model/decoded-value.ts'
import { sendCommand } from './command-sink.ts'
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
  /** Shows message `seq` of the inspected topic; undefined: follow the latest. */
  inspectMessage(seq: number | undefined): void
  setPayloadView(view: PayloadViewId | BinaryFormatId): void
  /** The payload window for paging (Hex, Base64): `offset` and `length` bytes. */
  setPayloadWindow(offset: number, length: number): void
  setDiff(on: boolean): void
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
    sendCommand({ type: 'inspect', request: next })
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
    inspectMessage(seq) {
      const { id, diff, historyStart, decode } = get().inspectRequest
      request({
        id,
        ...(seq !== undefined ? { seq } : {}),
        ...(diff ? { diff } : {}),
        ...(historyStart ? { historyStart } : {}),
        ...(decode ? { decode } : {}),
      })
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
      const { diff: _, ...rest } = get().inspectRequest
      request(on ? { ...rest, diff: true } : rest)
    },
    setHistoryStart(start) {
      const { historyStart: _, ...rest } = get().inspectRequest
      request(start > 0 ? { ...rest, historyStart: start } : rest)
    },
    setHistoryBudget(budget) {
      const checked = validateBudget(budget)
      if ('errors' in checked) return checked.errors
      set({ historyBudget: checked.budget })
      sendCommand({ type: 'budget', budget: checked.budget })
      return undefined
    },
    requestPayload(id, seq, purpose) {
      const requestId = nextRequestId++
      return new Promise((resolve) => {
        pending.set(requestId, resolve)
        sendCommand({ type: 'payload', requestId, id, seq, purpose })
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
 * What selecting topic `id` does to the inspector: follow its latest message, in the detected
 * view (the diff toggle stays as it was). Undefined when `id` is the topic already inspected.
 */
export function inspectTopic(id: number | undefined, previous: InspectRequest): InspectRequest | undefined {
  if (id === previous.id) return undefined
  return { id, ...(previous.diff ? { diff: true } : {}) }
}
