// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { EMBEDDED_PROFILE_ID, newProfile } from '@/model/connection-profile.ts'
import { STORAGE_KEY, useAppStore } from './app-store.ts'
import { freshStorePerTest } from './test-support/fresh-store.ts'
import { EMPTY_BATCH } from './view-slice.ts'

const sent = freshStorePerTest()

describe('subscriptions slice', () => {
  it('defaults to "#"', () => {
    const { result } = renderHook(() => useAppStore((s) => s.subscriptions))
    expect(result.current.map((s) => s.filter)).toEqual(['#'])
  })

  it('[MQTT-4.7.1-2] refuses "#" that is not last, sends nothing and keeps the list', () => {
    const { result } = renderHook(() => useAppStore())
    let problem: string | undefined
    act(() => {
      problem = result.current.subscribe('home/#/temp', 0)
    })
    expect(problem).toMatch(/#/)
    expect(sent).toEqual([])
    expect(result.current.subscriptions.map((s) => s.filter)).toEqual(['#'])
  })

  it('[MQTT-4.7.1-3] refuses "+" that does not fill a whole level', () => {
    expect(useAppStore.getState().subscribe('home/kitchen+', 1)).toMatch(/\+/)
  })

  it('subscribes a valid filter once connected and records the SUBACK result per filter', () => {
    const { result } = renderHook(() => useAppStore())
    act(() => result.current.setConnection({ state: 'connected' }))
    act(() => {
      expect(result.current.subscribe('$SYS/#', 1)).toBeUndefined()
    })
    expect(sent).toContainEqual({ type: 'subscribe', subscription: { filter: '$SYS/#', qos: 1 } })
    act(() => result.current.applyEvent({ type: 'subscription', filter: '$SYS/#', status: { state: 'refused', reason: 'not authorized' } }))
    act(() => result.current.applyEvent({ type: 'subscription', filter: '#', status: { state: 'granted', qos: 0 } }))
    expect(result.current.subscriptions).toEqual([
      { filter: '#', qos: 0, status: { state: 'granted', qos: 0 } },
      { filter: '$SYS/#', qos: 1, status: { state: 'refused', reason: 'not authorized' } },
    ])
  })

  it('unsubscribes', () => {
    act(() => useAppStore.getState().unsubscribe('#'))
    expect(useAppStore.getState().subscriptions).toEqual([])
    expect(sent).toEqual([{ type: 'unsubscribe', filter: '#' }])
  })
})

describe('connection slice', () => {
  it('connects with the active profile and the current subscriptions', () => {
    act(() => {
      expect(useAppStore.getState().connect()).toBeUndefined()
    })
    const connect = sent.find((c) => c.type === 'connect')
    expect(connect).toMatchObject({ type: 'connect', subscriptions: [{ filter: '#', qos: 0 }] })
    if (connect?.type !== 'connect') throw new Error('no connect')
    expect(connect.options.url).toMatch(/^ws:\/\/.+\/mqtt$/)
    expect(connect.options.clientId).toMatch(/^mqtt-scope-[0-9a-f]{8}$/)
  })

  it('marks the old connection state and SUBACK results stale as soon as it connects again', () => {
    const s = useAppStore.getState()
    s.applyEvent({ type: 'connection', connection: { state: 'connected' } })
    s.applyEvent({ type: 'subscription', filter: '#', status: { state: 'granted', qos: 0 } })
    s.connect()
    expect(useAppStore.getState().connection.state).toBe('connecting')
    expect(useAppStore.getState().subscriptions[0]?.status).toEqual({ state: 'pending' })
  })

  it('refuses to save a profile with problems and lists each of them', () => {
    const problems = useAppStore.getState().saveProfile(newProfile({ name: '', url: 'http://x', keepalive: -1 }))
    expect(Object.keys(problems ?? {}).sort()).toEqual(['keepalive', 'name', 'url'])
  })

  it('keeps a password in storage only when "remember" is ticked', () => {
    const store = useAppStore.getState()
    store.saveProfile(newProfile({ id: 'a', name: 'A', url: 'ws://a:1/mqtt', username: 'u', password: 'secret-a' }))
    store.saveProfile(newProfile({ id: 'b', name: 'B', url: 'ws://b:1/mqtt', password: 'secret-b', rememberPassword: true }))
    const stored = localStorage.getItem(STORAGE_KEY) ?? ''
    expect(stored).not.toContain('secret-a')
    expect(stored).toContain('secret-b')
    expect(stored).toContain('"username":"u"')
  })

  it('exports without passwords unless asked, and imports what it exported', () => {
    const store = useAppStore.getState()
    store.saveProfile(newProfile({ id: 'c', name: 'C', url: 'wss://c:8884/mqtt', password: 'pw', protocolVersion: 5 }))
    const plain = store.exportProfiles(false)
    expect(plain).not.toContain('"pw"')
    expect(store.exportProfiles(true)).toContain('"pw"')
    store.deleteProfile('c')
    expect(useAppStore.getState().profiles.map((p) => p.id)).toEqual([EMBEDDED_PROFILE_ID])
    expect(store.importProfiles(plain)).toBeUndefined()
    expect(useAppStore.getState().profiles.find((p) => p.id === 'c')).toMatchObject({ name: 'C', protocolVersion: 5, password: '' })
    expect(store.importProfiles('{"nope":1}')).toMatch(/not an mqtt-scope profiles file/i)
    expect(store.importProfiles('not json')).toMatch(/not JSON/)
  })

  it('never deletes the embedded profile', () => {
    useAppStore.getState().deleteProfile(EMBEDDED_PROFILE_ID)
    expect(useAppStore.getState().profiles.map((p) => p.id)).toContain(EMBEDDED_PROFILE_ID)
  })

  it('choosing another profile while connected switches to it: one connect with that profile, named in the state', () => {
    const s = useAppStore.getState()
    s.saveProfile(newProfile({ id: 'mosq', name: 'Local mosquitto', url: 'ws://127.0.0.1:9001' }))
    s.connect()
    s.applyEvent({ type: 'connection', connection: { state: 'connected', url: 'ws://127.0.0.1:8080/mqtt', profile: 'Embedded broker' } })
    sent.length = 0
    s.selectProfile('mosq')
    expect(sent.filter((c) => c.type === 'connect')).toMatchObject([{ options: { url: 'ws://127.0.0.1:9001', profile: 'Local mosquitto' } }])
    expect(useAppStore.getState()).toMatchObject({
      activeProfileId: 'mosq',
      connection: { state: 'connecting', profile: 'Local mosquitto', url: 'ws://127.0.0.1:9001' },
    })
    // Still trying (reconnecting counts as connected here): choosing again switches again.
    s.applyEvent({ type: 'connection', connection: { state: 'reconnecting', attempt: 3, profile: 'Local mosquitto' } })
    sent.length = 0
    s.selectProfile(EMBEDDED_PROFILE_ID)
    expect(sent.filter((c) => c.type === 'connect')).toHaveLength(1)
    expect(useAppStore.getState().activeProfileId).toBe(EMBEDDED_PROFILE_ID)
  })

  it('choosing a profile while not connected picks it: the status names it, the tree is reset, nothing connects', () => {
    const s = useAppStore.getState()
    s.saveProfile(newProfile({ id: 'mosq', name: 'Local mosquitto', url: 'ws://127.0.0.1:9001' }))
    s.applyEvent({ type: 'connection', connection: { state: 'closed', reason: 'closed by you', profile: 'Embedded broker' } })
    sent.length = 0
    s.selectProfile('mosq')
    expect(useAppStore.getState().connection).toEqual({ state: 'idle', url: 'ws://127.0.0.1:9001', profile: 'Local mosquitto' })
    expect(sent.map((c) => c.type)).toContain('clear')
    expect(sent.map((c) => c.type)).not.toContain('connect')
  })

  it('shows the connection state the worker reports', () => {
    const { result } = renderHook(() => useAppStore((s) => s.connection))
    act(() => useAppStore.getState().applyEvent({ type: 'connection', connection: { state: 'closed', reason: 'not authorized' } }))
    expect(result.current).toEqual({ state: 'closed', reason: 'not authorized' })
  })
})

describe('view slice', () => {
  it('applies a batch in one update', () => {
    const { result } = renderHook(() => useAppStore((s) => s.batch))
    const batch = { ...EMPTY_BATCH, seq: 7, totals: { ...EMPTY_BATCH.totals, messages: 2000, topics: 2000 } }
    act(() => useAppStore.getState().applyEvent({ type: 'batch', batch }))
    expect(result.current.totals.messages).toBe(2000)
  })

  it('sends view commands to the worker', () => {
    const s = useAppStore.getState()
    s.setSort('messages')
    s.setFilter({ mode: 'mqtt', query: 'home/+/temp', payloads: false })
    s.setFilter({ mode: 'text', query: '', payloads: false })
    s.toggle(3)
    s.expandSubtree(4)
    s.select(5)
    s.showBusiest('bytes')
    s.pause()
    s.resume()
    expect(sent).toEqual([
      { type: 'sort', sort: 'messages' },
      { type: 'filter', filter: { mode: 'mqtt', query: 'home/+/temp', payloads: false } },
      { type: 'filter', filter: undefined },
      { type: 'toggle', id: 3 },
      { type: 'expand-subtree', id: 4 },
      { type: 'select', id: 5 },
      { type: 'inspect', request: { id: 5 } },
      { type: 'busiest', by: 'bytes' },
      { type: 'pause' },
      { type: 'resume' },
    ])
    expect(useAppStore.getState()).toMatchObject({ sort: 'messages', selectedId: 5, busiestBy: 'bytes' })
  })

  it('"Retained only" is a filter even without a query; switching it on rescans where the marks come from a scan', () => {
    const s = useAppStore.getState()
    s.applyEvent({ type: 'connection', connection: { state: 'connected' } })
    s.applyEvent({ type: 'retained-marks', marks: { source: 'scan', scanning: false } })
    sent.length = 0
    s.setFilter({ mode: 'text', query: '', payloads: false, retainedOnly: true })
    s.setFilter({ mode: 'text', query: 'x', payloads: false, retainedOnly: true })
    expect(sent).toEqual([
      { type: 'filter', filter: { mode: 'text', query: '', payloads: false, retainedOnly: true } },
      { type: 'retained-rescan' },
      { type: 'filter', filter: { mode: 'text', query: 'x', payloads: false, retainedOnly: true } },
    ])
    s.setFilter({ mode: 'text', query: '', payloads: false })
    s.applyEvent({ type: 'retained-marks', marks: { source: 'flags', scanning: false } })
    sent.length = 0
    s.setFilter({ mode: 'text', query: '', payloads: false, retainedOnly: true })
    expect(sent.map((c) => c.type)).toEqual(['filter'])
  })

  it('"Forget topic" forgets in the worker and drops a selection at or below it; "Reset tree" clears and resets the view', () => {
    const s = useAppStore.getState()
    s.select(9)
    useAppStore.setState({ batch: { ...EMPTY_BATCH, selected: { ...selectedTopic, id: 9, topic: 'home/kitchen/temp' } } })
    sent.length = 0
    s.forget({ id: 4, topic: 'home/attic' })
    expect(sent).toEqual([{ type: 'forget', id: 4 }])
    expect(useAppStore.getState().selectedId).toBe(9)
    s.forget({ id: 2, topic: 'home' })
    expect(sent[1]).toEqual({ type: 'forget', id: 2 })
    expect(useAppStore.getState().selectedId).toBeUndefined()
    sent.length = 0
    s.resetTree()
    expect(sent[0]).toEqual({ type: 'clear' })
    expect(useAppStore.getState().batch).toBe(EMPTY_BATCH)
  })
})

const selectedTopic = {
  id: 0,
  topic: '',
  ownMessages: 1,
  subtreeMessages: 1,
  subtreeTopics: 0,
  retained: false,
  lastAt: 0,
  lastBytes: 0,
  lastQos: 0 as const,
  preview: '',
  previewCut: false,
  binary: false,
  rate: 0,
  byteRate: 0,
}
