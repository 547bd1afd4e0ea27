import type { StateCreator } from 'zustand'
import type { BrokerStats } from '@/model/broker-stats.ts'
import type { AppState } from './app-store.ts'

/** The broker dashboard: whether its panel is open, and the latest $SYS/broker statistics. */
export interface BrokerSlice {
  brokerOpen: boolean
  /** undefined: none received (or the tree was cleared). */
  brokerStats: BrokerStats | undefined
  setBrokerOpen(open: boolean): void
  applyBrokerStats(stats: BrokerStats | undefined): void
}

export const createBrokerSlice: StateCreator<AppState, [], [], BrokerSlice> = (set) => ({
  brokerOpen: false,
  brokerStats: undefined,
  setBrokerOpen(open) {
    set({ brokerOpen: open })
  },
  applyBrokerStats(stats) {
    set({ brokerStats: stats })
  },
})
