import type { StateCreator } from 'zustand'
import { readServerConfig, type ServerConfig } from '@/model/server-config.ts'
import type { AppState } from './app-store.ts'

export interface ServerSlice {
  /** GET /api/config: where MQTT clients reach the embedded broker; undefined until it answered (or if it could not). */
  serverConfig: ServerConfig | undefined
  loadServerConfig(): Promise<void>
}

export const createServerSlice: StateCreator<AppState, [], [], ServerSlice> = (set) => ({
  serverConfig: undefined,
  async loadServerConfig() {
    try {
      const response = await fetch(`${globalThis.location?.origin ?? 'http://127.0.0.1:8080'}/api/config`, { cache: 'no-store' })
      const config = response.ok ? readServerConfig(await response.json()) : undefined
      // Without it the hints name no port (they never guess one).
      if (config !== undefined) set({ serverConfig: config })
    } catch {
      // An older server, or none: no hint with addresses.
    }
  },
})
