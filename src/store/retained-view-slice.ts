import type { StateCreator } from 'zustand'
import { isBridged, toConnectOptions, validateProfile } from '@/model/connection-profile.ts'
import type { RecordedMessage } from '@/model/recording-jsonl.ts'
import type { RestoreProgress, RetainedListing } from '@/model/retained-types.ts'
import { validateFilter } from '@/model/topic-rules.ts'
import type { AppState } from './app-store.ts'

/** Where a restore publishes: the current connection's broker, or another profile's (a migration). */
export type RestoreTargetChoice = { readonly kind: 'current' } | { readonly kind: 'profile'; readonly profileId: string }

/** The Retained view: the filter, the last listing, and the restore under way (or its report). */
export interface RetainedViewSlice {
  retainedFilter: string
  /** Why the typed filter was not listed. */
  retainedFilterError: string | undefined
  /** The listing being fetched (its id), if any. */
  retainedLoading: number | undefined
  retainedListing: RetainedListing | undefined
  /** The restore running or its final report; undefined before the first. */
  restoreProgress: RestoreProgress | undefined
  setRetainedFilter(filter: string): void
  /** Asks the broker for every retained message under the filter (a connection of its own). */
  listRetained(): void
  applyRetainedListing(listing: RetainedListing): void
  /** A new connection: the list (and a listing under way) belonged to the previous one. */
  forgetRetainedListing(): void
  /** Opens the clear confirmation for these topics (the existing clear flow: progress and report). */
  askClearSelected(topics: readonly string[]): void
  /** Publishes a parsed backup retained; the problem when it cannot start. */
  startRestore(messages: readonly RecordedMessage[], target: RestoreTargetChoice): string | undefined
  applyRestoreProgress(progress: RestoreProgress): void
  dismissRestore(): void
}

let nextId = 0

export const createRetainedViewSlice: StateCreator<AppState, [], [], RetainedViewSlice> = (set, get) => ({
  retainedFilter: '#',
  retainedFilterError: undefined,
  retainedLoading: undefined,
  retainedListing: undefined,
  restoreProgress: undefined,
  setRetainedFilter(filter) {
    set({ retainedFilter: filter, retainedFilterError: undefined })
  },
  listRetained() {
    const filter = get().retainedFilter.trim()
    const problem = validateFilter(filter)
    if (problem !== undefined) {
      set({ retainedFilterError: problem })
      return
    }
    const id = ++nextId
    set({ retainedLoading: id, retainedFilterError: undefined })
    get().send({ type: 'retained-list', id, filter })
  },
  applyRetainedListing(listing) {
    if (listing.id !== get().retainedLoading) return
    set({ retainedListing: listing, retainedLoading: undefined })
  },
  forgetRetainedListing() {
    set({ retainedListing: undefined, retainedLoading: undefined })
  },
  askClearSelected(topics) {
    if (topics.length === 0 || get().clearDialog?.phase === 'clearing') return
    const id = -++nextId
    set({
      clearDialog: { id, topic: '', subtree: true, selection: true, phase: 'confirm', topics: [...topics], partial: false, scanError: undefined },
    })
  },
  startRestore(messages, target) {
    if (get().restoreProgress?.finished === false) return 'a restore is still running'
    const id = ++nextId
    if (target.kind === 'current') {
      if (get().connection.state !== 'connected') return 'not connected: connect first, or pick another profile'
      get().send({ type: 'retained-restore', id, messages })
    } else {
      const profile = get().profiles.find((p) => p.id === target.profileId)
      if (!profile) return 'that profile no longer exists'
      const problems = Object.values(validateProfile(profile))
      if (problems.length > 0) return `the profile ${profile.name} is not valid: ${problems.join('; ')}`
      const page = globalThis.location ?? { protocol: 'http:', host: '127.0.0.1:8080' }
      get().send({ type: 'retained-restore', id, messages, target: toConnectOptions(profile, page, isBridged(profile) ? get().bridgeToken : '') })
    }
    set({ restoreProgress: { id, total: messages.length, done: 0, refused: 0, finished: false, reasons: [] } })
    return undefined
  },
  applyRestoreProgress(progress) {
    if (progress.id !== get().restoreProgress?.id) return
    set({ restoreProgress: progress })
  },
  dismissRestore() {
    if (get().restoreProgress?.finished === false) return
    set({ restoreProgress: undefined })
  },
})
