import type { StoreApi } from 'zustand'
import type { AppState } from './app-store.ts'

/**
 * Settings every open connection shares: a profile saved, a decoder rule added or a budget
 * changed in one tab holds in all of them (and persists through the first connection's store).
 */
const SHARED = ['profiles', 'decoders', 'savedMessages', 'historyBudget', 'bridgeToken', 'bridgePolicy'] as const

/**
 * Copies the shared settings from `store` to the other open stores whenever they change there.
 * Values are compared by reference, so the copy made in another store does not echo back. The
 * workers of the others hear the budget and decoders they now have.
 */
export function watchSharedSettings(store: StoreApi<AppState>, openStores: () => readonly StoreApi<AppState>[]): () => void {
  return store.subscribe((state, previous) => {
    const changed = SHARED.filter((key) => state[key] !== previous[key])
    if (changed.length === 0) return
    for (const other of openStores()) {
      if (other === store) continue
      const current = other.getState()
      const update: Partial<AppState> = {}
      for (const key of changed) if (current[key] !== state[key]) Object.assign(update, { [key]: state[key] })
      if (Object.keys(update).length === 0) continue
      other.setState(update)
      if (update.historyBudget !== undefined) current.send({ type: 'budget', budget: state.historyBudget })
      if (update.decoders !== undefined) current.send({ type: 'decoders', config: state.decoders })
    }
  })
}
