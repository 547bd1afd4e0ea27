import type { StateCreator } from 'zustand'
import type { QoS, SubscriptionStatus } from '@/model/connection-types.ts'
import { validateFilter } from '@/model/topic-rules.ts'
import { READ_ONLY_REASON } from './recording-session-slice.ts'
import type { AppState } from './app-store.ts'

export interface Subscription {
  readonly filter: string
  readonly qos: QoS
  readonly status: SubscriptionStatus
}

export interface SubscriptionsSlice {
  subscriptions: Subscription[]
  /** Validates and subscribes; returns the problem instead when the filter is not valid. */
  subscribe(filter: string, qos: QoS): string | undefined
  unsubscribe(filter: string): void
  setSubscriptionStatus(filter: string, status: SubscriptionStatus): void
}

export const DEFAULT_SUBSCRIPTIONS: readonly Subscription[] = [{ filter: '#', qos: 0, status: { state: 'pending' } }]

export const createSubscriptionsSlice: StateCreator<AppState, [], [], SubscriptionsSlice> = (set, get) => ({
  subscriptions: [...DEFAULT_SUBSCRIPTIONS],
  subscribe(filter, qos) {
    if (get().openedRecording !== undefined) return READ_ONLY_REASON
    const problem = validateFilter(filter)
    if (problem) return problem
    set((s) => ({
      subscriptions: [...s.subscriptions.filter((x) => x.filter !== filter), { filter, qos, status: { state: 'pending' } }],
    }))
    if (get().connection.state !== 'idle') get().send({ type: 'subscribe', subscription: { filter, qos } })
    return undefined
  },
  unsubscribe(filter) {
    if (get().openedRecording !== undefined) return
    set((s) => ({ subscriptions: s.subscriptions.filter((x) => x.filter !== filter) }))
    get().send({ type: 'unsubscribe', filter })
  },
  setSubscriptionStatus(filter, status) {
    if (status.state === 'removed') return
    set((s) => ({ subscriptions: s.subscriptions.map((x) => (x.filter === filter ? { ...x, status } : x)) }))
  },
})
