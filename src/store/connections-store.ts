import type { StoreApi } from 'zustand'
import { create } from 'zustand'
import type { WorkerCommand } from '@/worker/protocol.ts'
import { createConnectionStore, primaryStore, useAppStore, type AppState } from './app-store.ts'
import { readOpenConnections, writeOpenConnections, type StoredConnections } from './connections-persist.ts'
import { watchSharedSettings } from './connections-shared.ts'

/** One open connection (a tab): its own store and, behind its `send`, its own worker. */
export interface OpenConnection {
  readonly id: string
  readonly store: StoreApi<AppState>
}

/**
 * What starts and stops the worker of a connection (set by the app, which owns the workers): the
 * store only knows its commands go somewhere.
 */
export interface ConnectionLauncher {
  start(store: StoreApi<AppState>): { send(command: WorkerCommand): void; terminate(): void }
}

/** At most this many connections open at once: each is a worker with its own history budget share. */
export const MAX_CONNECTIONS = 10

export const PRIMARY_ID = 'connection-1'

interface ConnectionsState {
  /** The tabs, left to right. The first connection (PRIMARY_ID) keeps the settings that persist. */
  connections: readonly OpenConnection[]
  activeId: string
  /** Two connections' trees next to each other (the active one and `sideId`), with one filter. */
  sideBySide: boolean
  sideId: string | undefined
  /** Opens a connection to a profile in a new tab and makes it active; a refusal says why. */
  open(profileId: string): string | undefined
  close(id: string): void
  activate(id: string): void
  setSideBySide(on: boolean): void
}

let launcher: ConnectionLauncher | undefined
const workers = new Map<string, { terminate(): void }>()
let nextId = 2

export function setConnectionLauncher(next: ConnectionLauncher): void {
  launcher = next
}

/** The connection whose state `useAppStore` outside a StoreScope means. */
export function activeConnection(): OpenConnection {
  const { connections, activeId } = useConnections.getState()
  return connections.find((c) => c.id === activeId) ?? { id: PRIMARY_ID, store: primaryStore }
}

/** How many connections share the history budget now. */
export function openConnectionCount(): number {
  return Math.max(1, useConnections.getState().connections.length)
}

/** The store of an open connection that the side-by-side view shows next to the active one. */
function sidePartner(connections: readonly OpenConnection[], activeId: string, wanted: string | undefined): string | undefined {
  if (wanted !== undefined && wanted !== activeId && connections.some((c) => c.id === wanted)) return wanted
  return connections.find((c) => c.id !== activeId)?.id
}

export const useConnections = create<ConnectionsState>()((set, get) => ({
  connections: [{ id: PRIMARY_ID, store: primaryStore }],
  activeId: PRIMARY_ID,
  sideBySide: false,
  sideId: undefined,
  open(profileId) {
    const { connections } = get()
    if (connections.length >= MAX_CONNECTIONS) return `At most ${MAX_CONNECTIONS} connections can be open at once; close one first`
    const profile = useAppStore.getState().profiles.find((p) => p.id === profileId)
    if (!profile) return 'No such profile'
    // The first connection, closed earlier, is opened again rather than a new one made.
    const reuse = connections.some((c) => c.id === PRIMARY_ID) ? undefined : { id: PRIMARY_ID, store: primaryStore }
    const connection = reuse ?? startConnection(sharedSeed(useAppStore.getState()))
    if (connection === undefined) return 'Connections cannot be opened yet'
    set((s) => ({ connections: reuse ? [reuse, ...s.connections] : [...s.connections, connection] }))
    const problems = connection.store.getState().connect(profileId)
    if (problems !== undefined) {
      get().close(connection.id)
      return Object.values(problems).join('; ')
    }
    get().activate(connection.id)
    resendBudgets()
    return undefined
  },
  close(id) {
    const { connections } = get()
    const connection = connections.find((c) => c.id === id)
    // The last tab stays: there is always something on screen to connect with.
    if (!connection || connections.length === 1) return
    const rest = connections.filter((c) => c.id !== id)
    if (id === PRIMARY_ID) {
      // The first connection's store holds the settings: it is disconnected and hidden, not dropped.
      connection.store.getState().disconnect()
      connection.store.getState().resetTree()
    } else {
      workers.get(id)?.terminate()
      workers.delete(id)
      stopWatching.get(id)?.()
      stopWatching.delete(id)
    }
    const index = connections.indexOf(connection)
    const activeId = get().activeId === id ? rest[Math.min(index, rest.length - 1)]!.id : get().activeId
    set({ connections: rest, sideBySide: get().sideBySide && rest.length > 1 })
    get().activate(activeId)
    set({ sideId: sidePartner(rest, activeId, get().sideId === id ? undefined : get().sideId) })
    resendBudgets()
  },
  activate(id) {
    const connection = get().connections.find((c) => c.id === id)
    if (!connection) return
    const previous = get().activeId
    // Side by side, the tab left behind moves to the other pane.
    const sideId = id === get().sideId ? previous : sidePartner(get().connections, id, get().sideId)
    useAppStore.activate(connection.store)
    set({ activeId: id, sideId })
  },
  setSideBySide(on) {
    const { connections, activeId, sideId } = get()
    set({ sideBySide: on && connections.length > 1, sideId: sidePartner(connections, activeId, sideId) })
  },
}))

const stopWatching = new Map<string, () => void>()
// The first connection's settings reach the others too.
watchSharedSettings(primaryStore, () => useConnections.getState().connections.map((c) => c.store))

/** Side by side, the other pane's tree follows the left one's filter (one filter for both). */
function shareFilter(): void {
  const { connections, sideBySide, sideId } = useConnections.getState()
  const side = sideBySide ? connections.find((c) => c.id === sideId) : undefined
  if (!side) return
  const { filter } = useAppStore.getState()
  if (side.store.getState().filter !== filter) side.store.getState().setFilter(filter)
}
useAppStore.subscribe((state, previous) => {
  if (state.filter !== previous.filter) shareFilter()
})
useConnections.subscribe((state, previous) => {
  if (state.sideBySide !== previous.sideBySide || state.sideId !== previous.sideId || state.activeId !== previous.activeId) shareFilter()
})

/** Whether a connection is on screen now (the active one, or the other pane side by side). */
export function isShown(store: StoreApi<AppState>): boolean {
  const { connections, activeId, sideBySide, sideId } = useConnections.getState()
  const connection = connections.find((c) => c.store === store)
  return connection !== undefined && (connection.id === activeId || (sideBySide && connection.id === sideId))
}

/** What a new connection starts with: the shared settings of the open ones, nothing of their data. */
function sharedSeed(from: AppState): Partial<AppState> {
  return {
    profiles: from.profiles,
    decoders: from.decoders,
    savedMessages: from.savedMessages,
    historyBudget: from.historyBudget,
    bridgeToken: from.bridgeToken,
    sort: from.sort,
  }
}

function startConnection(seed: Partial<AppState>): OpenConnection | undefined {
  if (launcher === undefined) return undefined
  const id = `connection-${nextId++}`
  // The store is made first (its worker reports to it), so its commands reach the worker through this.
  const to: { worker?: { send(command: WorkerCommand): void } } = {}
  const store = createConnectionStore(seed, (command) => to.worker?.send(command))
  const worker = launcher.start(store)
  to.worker = worker
  workers.set(id, worker)
  stopWatching.set(
    id,
    watchSharedSettings(store, () => useConnections.getState().connections.map((c) => c.store)),
  )
  prepareConnection(store)
  return { id, store }
}

/** What a connection's new worker is told first, and what its store asks the server, before it connects. */
export function prepareConnection(store: StoreApi<AppState>): void {
  const state = store.getState()
  // The stored history budget (the worker starts with the default one).
  state.send({ type: 'budget', budget: state.historyBudget })
  // The stored payload decoders (.proto files and rules), compiled in the worker.
  state.send({ type: 'decoders', config: state.decoders })
  // The stored charts: the worker collects their series from now on, charts on screen or not.
  state.syncCharts()
  // What the server's bridge allows, and whether it needs an access token (asked for once).
  void state.loadBridgePolicy()
  // Where the embedded broker listens (MQTT/TCP port): the "get data in" hints.
  void state.loadServerConfig()
}

/** The history budget's totals are shared: every worker hears its part again when a tab opens or closes. */
function resendBudgets(): void {
  for (const { store } of useConnections.getState().connections) {
    const state = store.getState()
    state.send({ type: 'budget', budget: state.historyBudget })
  }
}

/** Which connections were open (their profiles, not their messages), for the next page load. */
export function storedConnections(): StoredConnections {
  const { connections, activeId, sideBySide } = useConnections.getState()
  return {
    tabs: connections.map((c) => ({ primary: c.id === PRIMARY_ID, profileId: c.store.getState().activeProfileId })),
    active: Math.max(
      0,
      connections.findIndex((c) => c.id === activeId),
    ),
    sideBySide,
  }
}

/**
 * Opens what the last page load had open: the first connection as it was (connected by the
 * caller, or closed), the others by their profiles. Returns whether the first one was open.
 */
export function restoreConnections(): boolean {
  const stored = readOpenConnections()
  if (stored === undefined) return true
  const primaryOpen = stored.tabs.some((t) => t.primary)
  for (const tab of stored.tabs) if (!tab.primary) useConnections.getState().open(tab.profileId)
  const { connections } = useConnections.getState()
  if (!primaryOpen && connections.length > 1) useConnections.getState().close(PRIMARY_ID)
  const order = useConnections.getState().connections
  const active = order[Math.min(stored.active, order.length - 1)]
  if (active) useConnections.getState().activate(active.id)
  useConnections.getState().setSideBySide(stored.sideBySide)
  return primaryOpen || useConnections.getState().connections.some((c) => c.id === PRIMARY_ID)
}

/** Keeps the stored list of open connections up to date (tabs, the active one, their profiles). */
export function persistConnections(): () => void {
  let last = ''
  const write = () => {
    const text = JSON.stringify(storedConnections())
    if (text === last) return
    last = text
    writeOpenConnections(storedConnections())
  }
  const stopTabs = useConnections.subscribe(write)
  const stopProfile = useAppStore.subscribe((state, previous) => {
    if (state.activeProfileId !== previous.activeProfileId) write()
  })
  return () => {
    stopTabs()
    stopProfile()
  }
}
