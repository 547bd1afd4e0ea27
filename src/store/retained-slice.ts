import type { StateCreator } from 'zustand'
import type { ClearProgress, RetainedMarks, RetainedScan } from '@/model/retained-types.ts'
import { READ_ONLY_REASON } from './recording-session-slice.ts'
import type { AppState } from './app-store.ts'

/** What "Clear retained" clears: one topic, or every retained topic at and below it. */
export interface ClearTarget {
  readonly id: number
  readonly topic: string
  readonly subtree: boolean
  /** The topics selected in the Retained view (no scan; `topic` is unused); the view lists again when done. */
  readonly selection?: boolean
}

/**
 * The clear-retained dialog, step by step: asking the broker which topics below are retained
 * (subtree only), the confirmation with their count, the progress, the final report.
 */
export type ClearDialog =
  | (ClearTarget & { readonly phase: 'scanning' })
  | (ClearTarget & { readonly phase: 'confirm'; readonly topics: readonly string[]; readonly partial: boolean; readonly scanError: string | undefined })
  | (ClearTarget & { readonly phase: 'clearing' | 'done'; readonly progress: ClearProgress })

export interface RetainedSlice {
  clearDialog: ClearDialog | undefined
  /** Where the tree's retained marks come from (the worker says); undefined before the first connection. */
  retainedMarks: RetainedMarks | undefined
  /** Asks the broker again which topics hold a retained message (a scan; MQTT 5 needs none). */
  rescanRetained(): void
  applyRetainedMarks(marks: RetainedMarks): void
  /** Opens the dialog: a single topic goes straight to the confirmation, a subtree is scanned first. */
  askClearRetained(target: ClearTarget): void
  confirmClearRetained(): void
  /** Cancel or close; a running clear keeps running (its report is dropped). */
  closeClearDialog(): void
  applyRetainedScan(scan: RetainedScan): void
  applyClearProgress(progress: ClearProgress): void
}

export const createRetainedSlice: StateCreator<AppState, [], [], RetainedSlice> = (set, get) => ({
  clearDialog: undefined,
  retainedMarks: undefined,
  rescanRetained() {
    if (get().retainedMarks?.source === 'scan' && get().connection.state === 'connected') get().send({ type: 'retained-rescan' })
  },
  applyRetainedMarks(marks) {
    set({ retainedMarks: marks })
  },
  askClearRetained(target) {
    if (get().openedRecording !== undefined) return void set({ lastError: READ_ONLY_REASON })
    const current = get().clearDialog
    if (current?.phase === 'clearing') return
    if (!target.subtree) {
      set({ clearDialog: { ...target, phase: 'confirm', topics: [target.topic], partial: false, scanError: undefined } })
      return
    }
    set({ clearDialog: { ...target, phase: 'scanning' } })
    get().send({ type: 'retained-scan', id: target.id })
  },
  confirmClearRetained() {
    const dialog = get().clearDialog
    if (dialog?.phase !== 'confirm' || dialog.topics.length === 0) return
    const { id, topic, subtree, topics, selection } = dialog
    const progress: ClearProgress = { id, subtree, total: topics.length, done: 0, failed: 0, finished: false, errors: [] }
    set({ clearDialog: { id, topic, subtree, ...(selection ? { selection } : {}), phase: 'clearing', progress } })
    get().send({ type: 'clear-retained', id, subtree, topics })
  },
  closeClearDialog() {
    set({ clearDialog: undefined })
  },
  applyRetainedScan(scan) {
    const dialog = get().clearDialog
    if (dialog?.phase !== 'scanning' || dialog.id !== scan.id) return
    set({ clearDialog: { ...dialog, phase: 'confirm', topics: scan.topics, partial: scan.partial, scanError: scan.error } })
  },
  applyClearProgress(progress) {
    const dialog = get().clearDialog
    if (dialog?.phase !== 'clearing' || dialog.id !== progress.id || dialog.subtree !== progress.subtree) return
    const { id, topic, subtree, selection } = dialog
    set({ clearDialog: { id, topic, subtree, ...(selection ? { selection } : {}), phase: progress.finished ? 'done' : 'clearing', progress } })
    // The Retained view's list shows what the broker holds now.
    if (progress.finished && selection === true) get().listRetained()
  },
})
