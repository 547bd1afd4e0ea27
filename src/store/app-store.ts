import { create } from 'zustand'
import type { Batch, ConnectionState, WorkerEvent } from '../worker/protocol.ts'

export interface SubscriptionResult {
  readonly filter: string
  readonly granted: number | null
  readonly reason?: string
}

export interface AppState {
  readonly connection: ConnectionState
  readonly batch: Batch
  readonly subscriptions: readonly SubscriptionResult[]
  readonly lastError: string | undefined
  /** Applies one worker event: the only way worker data enters React. */
  applyEvent(event: WorkerEvent): void
  reset(): void
}

const EMPTY_BATCH: Batch = { totals: { messages: 0, bytes: 0, topics: 0 }, latest: [], latestEvicted: 0 }

const initial = {
  connection: { state: 'idle' } as ConnectionState,
  batch: EMPTY_BATCH,
  subscriptions: [] as readonly SubscriptionResult[],
  lastError: undefined as string | undefined,
}

export const useAppStore = create<AppState>()((set) => ({
  ...initial,
  applyEvent(event) {
    switch (event.type) {
      case 'connection':
        set({ connection: event.connection })
        return
      case 'batch':
        set({ batch: event.batch })
        return
      case 'subscribed':
        set({ subscriptions: event.results })
        return
      case 'error':
        set({ lastError: event.message })
        return
    }
  },
  reset() {
    set(initial)
  },
}))
