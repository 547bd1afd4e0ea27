// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { useAppStore } from './app-store.ts'
import { READ_ONLY_REASON } from './recording-session-slice.ts'
import type { Batch } from '@/model/batch-types.ts'
import { freshStorePerTest } from './test-support/fresh-store.ts'
import { EMPTY_BATCH } from './view-slice.ts'

const sent = freshStorePerTest()

describe('recording session slice', () => {
  it('opens a recording in the worker with the page origin and access token, and refuses changes while it is open', () => {
    useAppStore.setState({ bridgeToken: 'tok-123' })
    useAppStore.getState().openRecording({ id: 'r1', name: 'night' })
    expect(useAppStore.getState().openedRecording).toEqual({ id: 'r1', name: 'night' })
    expect(sent).toContainEqual({ type: 'recording-open', id: 'r1', name: 'night', server: location.origin, token: 'tok-123' })

    sent.length = 0
    expect(useAppStore.getState().subscribe('a/#', 0)).toBe(READ_ONLY_REASON)
    useAppStore.getState().unsubscribe('#')
    useAppStore.getState().askClearRetained({ id: 3, topic: 'a', subtree: false })
    expect(useAppStore.getState().clearDialog).toBeUndefined()
    useAppStore.setState({ publishDraft: { ...useAppStore.getState().publishDraft, topic: 'a/b', payload: 'x' } })
    useAppStore.getState().publish()
    expect(useAppStore.getState().lastError).toBe(READ_ONLY_REASON)
    expect(sent).toEqual([])
    expect(useAppStore.getState().subscriptions.map((s) => s.filter)).toEqual(['#'])

    useAppStore.getState().seekRecording(1_234)
    expect(sent).toEqual([{ type: 'recording-seek', at: 1_234 }])
  })

  it('takes only the states of the open recording, and Back to live closes it and connects again', () => {
    useAppStore.getState().openRecording({ id: 'r1', name: 'night' })
    const state = { id: 'r1', name: 'night', phase: 'ready', first: 1, last: 9, total: 3, evictedByServer: 0, at: 9, target: 9, loaded: 3 } as const
    useAppStore.getState().applyEvent({ type: 'recording', state: { ...state, id: 'other' } })
    expect(useAppStore.getState().recordingSession).toBeUndefined()
    useAppStore.getState().applyEvent({ type: 'recording', state })
    expect(useAppStore.getState().recordingSession).toEqual(state)

    sent.length = 0
    useAppStore.getState().closeRecording()
    expect(useAppStore.getState().openedRecording).toBeUndefined()
    expect(useAppStore.getState().recordingSession).toBeUndefined()
    expect(sent[0]).toEqual({ type: 'recording-close' })
    expect(sent.some((c) => c.type === 'connect')).toBe(true)
    expect(useAppStore.getState().connection.state).toBe('connecting')
  })

  it('Connect while a recording is open leaves it', () => {
    useAppStore.getState().openRecording({ id: 'r1', name: 'night' })
    useAppStore.getState().connect()
    expect(useAppStore.getState().openedRecording).toBeUndefined()
  })

  it('follows the selected topic to its new id after the slider rebuilt the tree, unless another was chosen', () => {
    const withSelected = (id: number, topic: string): Batch => ({ ...EMPTY_BATCH, selected: { id, topic } as Batch['selected'] })
    const store = useAppStore.getState()
    store.openRecording({ id: 'r1', name: 'night' })
    store.select(5)
    store.applyEvent({ type: 'batch', batch: withSelected(5, 'a/b') })
    store.seekRecording(10)
    sent.length = 0
    store.applyEvent({ type: 'batch', batch: withSelected(9, 'a/b') })
    expect(useAppStore.getState().selectedId).toBe(9)
    expect(sent).toContainEqual({ type: 'inspect', request: expect.objectContaining({ id: 9 }) })

    store.seekRecording(5)
    store.select(12)
    store.applyEvent({ type: 'batch', batch: withSelected(13, 'a/b') })
    expect(useAppStore.getState().selectedId).toBe(12)
  })
})
