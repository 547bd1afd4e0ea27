import type { StateCreator } from 'zustand'
import {
  EMBEDDED_PROFILE_ID,
  embeddedProfile,
  exportProfiles,
  importProfiles,
  isBridged,
  isRelayed,
  toConnectOptions,
  validateProfile,
  type ConnectionProfile,
} from '@/model/connection-profile.ts'
import type { ConnectionState } from '@/model/connection-types.ts'
import { mergeDecoders } from '@/model/decode-rules.ts'
import type { AppState } from './app-store.ts'

export interface ConnectionSlice {
  connection: ConnectionState
  profiles: ConnectionProfile[]
  activeProfileId: string
  /** Adds or replaces a profile; returns the problems instead when it is not valid. */
  saveProfile(profile: ConnectionProfile): Record<string, string> | undefined
  deleteProfile(id: string): void
  /**
   * The profile picker. While connected (or trying to) it switches: the old connection is closed,
   * its retries stopped, and the chosen profile connected. Otherwise it picks the profile and the
   * status and tree show nothing of the previous broker. Returns the chosen profile's problems
   * when it cannot connect (nothing changes then).
   */
  selectProfile(id: string): Record<string, string> | undefined
  connect(profileId?: string): Record<string, string> | undefined
  disconnect(): void
  /** `withSecrets`: passwords and TLS client keys too. */
  exportProfiles(withSecrets: boolean): string
  importProfiles(text: string): string | undefined
  setConnection(connection: ConnectionState): void
}

/** Connected, or on the way there: Disconnect (not Connect) is what a person can do. */
export function isLive(connection: ConnectionState): boolean {
  return connection.state === 'connecting' || connection.state === 'connected' || connection.state === 'reconnecting'
}

export const createConnectionSlice: StateCreator<AppState, [], [], ConnectionSlice> = (set, get) => ({
  connection: { state: 'idle' },
  profiles: [embeddedProfile(globalThis.location ?? { protocol: 'http:', host: '127.0.0.1:8080' })],
  activeProfileId: EMBEDDED_PROFILE_ID,
  saveProfile(profile) {
    const problems = validateProfile(profile)
    if (Object.keys(problems).length > 0) return problems
    set((s) => {
      const exists = s.profiles.some((p) => p.id === profile.id)
      return { profiles: exists ? s.profiles.map((p) => (p.id === profile.id ? profile : p)) : [...s.profiles, profile] }
    })
    return undefined
  },
  deleteProfile(id) {
    if (id === EMBEDDED_PROFILE_ID) return
    set((s) => ({
      profiles: s.profiles.filter((p) => p.id !== id),
      activeProfileId: s.activeProfileId === id ? EMBEDDED_PROFILE_ID : s.activeProfileId,
    }))
  },
  selectProfile(id) {
    const profile = get().profiles.find((p) => p.id === id)
    if (!profile) return undefined
    if (isLive(get().connection)) {
      return id !== get().activeProfileId || get().connection.profile !== profile.name ? get().connect(id) : undefined
    }
    if (id === get().activeProfileId) return undefined
    set({ activeProfileId: id, connection: { state: 'idle', url: profile.url, profile: profile.name } })
    get().resetTree()
    return undefined
  },
  connect(profileId) {
    const id = profileId ?? get().activeProfileId
    const profile = get().profiles.find((p) => p.id === id)
    if (!profile) return { profile: 'No such profile' }
    const problems = validateProfile(profile)
    if (Object.keys(problems).length > 0) return problems
    // Connecting leaves an open recording (the worker closes it on 'connect').
    if (get().openedRecording !== undefined) set({ openedRecording: undefined, recordingSession: undefined })
    // What the previous connection reported is stale from this moment: say so at once, so neither a
    // person nor a test reads the old "connected" or "granted" while the worker switches over.
    set((s) => ({
      activeProfileId: id,
      connection: { state: 'connecting', url: profile.url, profile: profile.name },
      subscriptions: s.subscriptions.map((x) => ({ ...x, status: { state: 'pending' as const } })),
    }))
    get().resetView()
    // The Retained view's list was another connection's: selecting and clearing from it here would
    // clear topics on this broker by what another holds. (The open view lists again once connected.)
    get().forgetRetainedListing()
    const { bridgePolicy, bridgeToken } = get()
    const page = globalThis.location ?? { protocol: 'http:', host: '127.0.0.1:8080' }
    const bridged = isBridged(profile) || isRelayed(profile, page, bridgePolicy)
    // The policy says a token is needed and none was given: ask now. The connection is still tried
    // (its refusal is the status line) and tried again once the token is given.
    if (bridged && bridgePolicy?.tokenRequired && bridgeToken === '' && get().tokenPrompt === undefined) get().tokenRefused()
    get().send({
      type: 'connect',
      options: toConnectOptions(profile, page, bridged ? bridgeToken : '', bridgePolicy),
      subscriptions: get().subscriptions.map(({ filter, qos }) => ({ filter, qos })),
    })
    return undefined
  },
  disconnect() {
    get().send({ type: 'disconnect' })
  },
  exportProfiles(withSecrets) {
    return exportProfiles(get().profiles, withSecrets, get().decoders)
  },
  importProfiles(text) {
    const result = importProfiles(text)
    if ('error' in result) return result.error
    set((s) => {
      const byId = new Map(s.profiles.map((p) => [p.id, p]))
      for (const p of result.profiles) if (p.id !== EMBEDDED_PROFILE_ID) byId.set(p.id, p)
      return { profiles: [...byId.values()] }
    })
    // The file's .proto files and rules join the ones here (same file name or rule: the file's).
    if (result.decoders) get().setDecoders(mergeDecoders(get().decoders, result.decoders))
    return undefined
  },
  setConnection(connection) {
    set({ connection })
    // The bridge refused the token (or there was none): ask for it; a wrong one is forgotten.
    if (connection.needsToken) get().tokenRefused(get().bridgeToken === '' ? undefined : 'The access token is wrong')
  },
})
