// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StoreApi } from 'zustand'
import { EMBEDDED_PROFILE_ID, newProfile } from '@/model/connection-profile.ts'
import { shareBudget } from '@/model/history-budget.ts'
import type { WorkerCommand } from '@/worker/protocol.ts'
import { primaryStore, useAppStore, type AppState } from './app-store.ts'
import { setCommandSink } from './command-sink.ts'
import { CONNECTIONS_KEY } from './connections-persist.ts'
import {
  isShown,
  MAX_CONNECTIONS,
  openConnectionCount,
  persistConnections,
  PRIMARY_ID,
  restoreConnections,
  setConnectionLauncher,
  storedConnections,
  useConnections,
} from './connections-store.ts'

/**
 * The connections store with a launcher that records each connection's worker commands (the
 * workers themselves run in the browser: e2e/connections.spec.ts). The first connection's
 * commands go through the command sink, as in the app.
 */
const sent = new Map<StoreApi<AppState>, WorkerCommand[]>()
const terminated: StoreApi<AppState>[] = []
const mosquitto = newProfile({ id: 'p-mosquitto', name: 'mosquitto', url: 'ws://127.0.0.1:9001' })
const other = newProfile({ id: 'p-other', name: 'other', url: 'ws://127.0.0.1:9002' })

function commandsOf(store: StoreApi<AppState>): WorkerCommand[] {
  return sent.get(store) ?? []
}

function connectionStore(id: string): StoreApi<AppState> {
  return useConnections.getState().connections.find((c) => c.id === id)!.store
}

beforeEach(() => {
  sent.clear()
  terminated.length = 0
  sent.set(primaryStore, [])
  setCommandSink((command) => sent.get(primaryStore)!.push(command))
  setConnectionLauncher({
    start(store) {
      sent.set(store, [])
      return { send: (command) => sent.get(store)!.push(command), terminate: () => terminated.push(store) }
    },
  })
  primaryStore.setState({
    activeProfileId: EMBEDDED_PROFILE_ID,
    profiles: [...primaryStore.getState().profiles.filter((p) => p.id === EMBEDDED_PROFILE_ID), mosquitto, other],
  })
})

afterEach(() => {
  const { connections } = useConnections.getState()
  if (!connections.some((c) => c.id === PRIMARY_ID)) useConnections.getState().open(EMBEDDED_PROFILE_ID)
  for (const c of useConnections.getState().connections) if (c.id !== PRIMARY_ID) useConnections.getState().close(c.id)
  useConnections.getState().activate(PRIMARY_ID)
  localStorage.clear()
})

describe('connections', () => {
  it('a new connection gets its own store and worker, connects to its profile, and becomes the active one', () => {
    expect(useConnections.getState().open(mosquitto.id)).toBeUndefined()
    const { connections, activeId } = useConnections.getState()
    expect(connections).toHaveLength(2)
    const second = connectionStore(activeId)
    expect(second).not.toBe(primaryStore)
    expect(useAppStore.getState()).toBe(second.getState())
    const commands = commandsOf(second)
    expect(commands.find((c) => c.type === 'connect')).toMatchObject({ options: { url: mosquitto.url }, subscriptions: [{ filter: '#', qos: 0 }] })
    // Nothing went to the first connection's worker but its new budget share.
    expect(commandsOf(primaryStore).map((c) => c.type)).toEqual(['budget'])
    expect(isShown(second)).toBe(true)
    expect(isShown(primaryStore)).toBe(false)
  })

  it('actions act on the active connection only: the other tree does not hear its filter or selection', () => {
    useConnections.getState().open(mosquitto.id)
    const second = useAppStore.getState()
    second.setFilter({ ...second.filter, query: 'kitchen' })
    expect(commandsOf(connectionStore(useConnections.getState().activeId)).at(-1)).toMatchObject({ type: 'filter', filter: { query: 'kitchen' } })
    expect(commandsOf(primaryStore).some((c) => c.type === 'filter')).toBe(false)
    expect(primaryStore.getState().filter.query).toBe('')
  })

  it('side by side, the other pane follows the active filter; both are shown', () => {
    useConnections.getState().open(mosquitto.id)
    useConnections.getState().setSideBySide(true)
    expect(useConnections.getState().sideId).toBe(PRIMARY_ID)
    expect(isShown(primaryStore)).toBe(true)
    useAppStore.getState().setFilter({ ...useAppStore.getState().filter, query: 'temp' })
    expect(primaryStore.getState().filter.query).toBe('temp')
    expect(commandsOf(primaryStore).at(-1)).toMatchObject({ type: 'filter', filter: { query: 'temp' } })
    // Switching tabs swaps the panes.
    useConnections.getState().activate(PRIMARY_ID)
    expect(useConnections.getState().sideId).not.toBe(PRIMARY_ID)
    // One connection left: side by side ends.
    useConnections.getState().close(useConnections.getState().sideId!)
    expect(useConnections.getState().sideBySide).toBe(false)
  })

  it('profiles, decoders and the budget are shared; the history budget totals are divided among the open connections', () => {
    const budget = primaryStore.getState().historyBudget
    useConnections.getState().open(mosquitto.id)
    useConnections.getState().open(other.id)
    expect(openConnectionCount()).toBe(3)
    const third = connectionStore(useConnections.getState().activeId)
    expect(commandsOf(third).find((c) => c.type === 'budget')).toEqual({ type: 'budget', budget })
    // (The app's launcher divides the totals; openConnectionCount is what it divides by.)
    expect(shareBudget(budget, openConnectionCount()).totalBytes).toBe(Math.floor(budget.totalBytes / 3))
    const added = newProfile({ name: 'added in tab 3', url: 'ws://127.0.0.1:9003' })
    expect(useAppStore.getState().saveProfile(added)).toBeUndefined()
    expect(primaryStore.getState().profiles.map((p) => p.name)).toContain('added in tab 3')
    const smaller = { ...budget, totalCount: 1000 }
    primaryStore.getState().setHistoryBudget(smaller)
    expect(third.getState().historyBudget).toEqual(smaller)
    expect(commandsOf(third).at(-1)).toEqual({ type: 'budget', budget: smaller })
  })

  it('closing a connection stops its worker; the first one is disconnected and hidden, and opened again before a new one', () => {
    useConnections.getState().open(mosquitto.id)
    const second = connectionStore(useConnections.getState().activeId)
    useConnections.getState().close(PRIMARY_ID)
    expect(commandsOf(primaryStore).map((c) => c.type)).toContain('disconnect')
    expect(useConnections.getState().connections.map((c) => c.store)).toEqual([second])
    // The last tab cannot be closed.
    useConnections.getState().close(useConnections.getState().activeId)
    expect(useConnections.getState().connections).toHaveLength(1)
    expect(useConnections.getState().open(other.id)).toBeUndefined()
    expect(useConnections.getState().connections[0]!.id).toBe(PRIMARY_ID)
    expect(
      commandsOf(primaryStore)
        .filter((c) => c.type === 'connect')
        .at(-1),
    ).toMatchObject({ options: { url: other.url } })
    useConnections.getState().close(useConnections.getState().connections[1]!.id)
    expect(terminated).toEqual([second])
  })

  it(`refuses an unknown profile and an eleventh connection, with a reason`, () => {
    expect(useConnections.getState().open('p-none')).toBe('No such profile')
    for (let i = 1; i < MAX_CONNECTIONS; i++) expect(useConnections.getState().open(mosquitto.id)).toBeUndefined()
    expect(useConnections.getState().open(mosquitto.id)).toMatch(/At most 10 connections/)
    expect(useConnections.getState().connections).toHaveLength(MAX_CONNECTIONS)
  })

  it('what is open is stored (profiles, the active tab, side by side) and opened again', () => {
    const stop = persistConnections()
    useConnections.getState().open(mosquitto.id)
    useConnections.getState().open(other.id)
    useConnections.getState().activate(useConnections.getState().connections[1]!.id)
    useConnections.getState().setSideBySide(true)
    stop()
    const stored = JSON.parse(localStorage.getItem(CONNECTIONS_KEY)!) as unknown
    expect(stored).toEqual(storedConnections())
    expect(stored).toEqual({
      tabs: [
        { primary: true, profileId: EMBEDDED_PROFILE_ID },
        { primary: false, profileId: mosquitto.id },
        { primary: false, profileId: other.id },
      ],
      active: 1,
      sideBySide: true,
    })
    // As after a reload: only the first connection, then the stored ones opened again.
    for (const c of useConnections.getState().connections) if (c.id !== PRIMARY_ID) useConnections.getState().close(c.id)
    useConnections.getState().setSideBySide(false)
    localStorage.setItem(CONNECTIONS_KEY, JSON.stringify(stored))
    expect(restoreConnections()).toBe(true)
    expect(storedConnections()).toEqual(stored)
  })
})
