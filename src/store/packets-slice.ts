import type { StateCreator } from 'zustand'
import type { PacketQuery, PacketSnapshot } from '@/model/packet-types.ts'
import { validateFilter } from '@/model/topic-rules.ts'
import type { AppState } from './app-store.ts'

export type PacketsExport = { readonly jsonl: string; readonly count: number } | { readonly error: string }

/** The Packets panel (issue 20): its filter, the keep filter, and the worker's latest snapshot. */
export interface PacketsSlice {
  packetsOpen: boolean
  packetQuery: PacketQuery
  /** The "Keep PUBLISH for" field as typed, and what is wrong with it (then nothing was sent). */
  packetKeepDraft: string
  packetKeepProblem: string | undefined
  packetSnapshot: PacketSnapshot | undefined
  setPacketsOpen(open: boolean): void
  setPacketQuery(patch: Partial<PacketQuery>): void
  setPacketKeepDraft(text: string): void
  /** Sends the keep filter ('' = automatic) unless it is not a valid topic filter. */
  applyPacketKeep(): void
  applyPackets(seq: number, snapshot: PacketSnapshot): void
  exportPackets(): Promise<PacketsExport>
  resolvePacketsExport(requestId: number, jsonl: string, count: number): void
}

const EXPORT_TIMEOUT_MS = 30_000
const pendingExports = new Map<number, (result: PacketsExport) => void>()
let nextExport = 0

export const createPacketsSlice: StateCreator<AppState, [], [], PacketsSlice> = (set, get) => ({
  packetsOpen: false,
  packetQuery: { types: [], topic: '' },
  packetKeepDraft: '',
  packetKeepProblem: undefined,
  packetSnapshot: undefined,
  setPacketsOpen(open) {
    set({ packetsOpen: open, ...(open ? {} : { packetSnapshot: undefined }) })
    get().send({ type: 'packets-view', query: open ? get().packetQuery : undefined })
  },
  setPacketQuery(patch) {
    const packetQuery = { ...get().packetQuery, ...patch }
    set({ packetQuery })
    if (get().packetsOpen) get().send({ type: 'packets-view', query: packetQuery })
  },
  setPacketKeepDraft(text) {
    set({ packetKeepDraft: text, packetKeepProblem: undefined })
  },
  applyPacketKeep() {
    const filter = get().packetKeepDraft.trim()
    const problem = filter === '' ? undefined : validateFilter(filter)
    set({ packetKeepProblem: problem })
    if (problem === undefined) get().send({ type: 'packets-keep', filter })
  },
  applyPackets(seq, snapshot) {
    if (get().packetsOpen) set({ packetSnapshot: snapshot })
    get().send({ type: 'packets-ack', seq })
  },
  exportPackets() {
    const requestId = ++nextExport
    return new Promise<PacketsExport>((resolve) => {
      const timer = setTimeout(() => {
        pendingExports.delete(requestId)
        resolve({ error: 'the export took too long' })
      }, EXPORT_TIMEOUT_MS)
      pendingExports.set(requestId, (result) => {
        clearTimeout(timer)
        resolve(result)
      })
      get().send({ type: 'packets-export', requestId, query: get().packetQuery })
    })
  },
  resolvePacketsExport(requestId, jsonl, count) {
    const resolve = pendingExports.get(requestId)
    pendingExports.delete(requestId)
    resolve?.({ jsonl, count })
  },
})
