// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { InspectedMessage, Inspection } from '@/model/inspection-types.ts'
import { LIMITS } from '@/model/limits.ts'
import type { ClearProgress } from '@/model/retained-types.ts'
import { STORAGE_KEY, useAppStore } from './app-store.ts'
import { freshStorePerTest } from './test-support/fresh-store.ts'

const sent = freshStorePerTest()

function message(seq: number, bytes: Uint8Array): InspectedMessage {
  return {
    seq,
    receivedAt: 1,
    bytes: bytes.length,
    qos: 0,
    retain: false,
    dup: false,
    preview: '',
    properties: undefined,
    window: { offset: 0, bytes },
    textBytes: bytes.length,
    detected: 'text',
  }
}

function inspection(seq: number, bytes = new Uint8Array([1, 2])): Inspection {
  return {
    id: 5,
    topic: 'a/b',
    retained: false,
    childCount: 0,
    received: seq,
    history: { kept: 1, keptBytes: 2, evicted: 0, perTopicCount: 1000, perTopicBytes: 1, newer: 0, latestSeq: seq, start: 0, entries: [] },
    following: true,
    message: message(seq, bytes),
    missing: false,
    diff: undefined,
    diffBetween: undefined,
  }
}

describe('inspector slice', () => {
  it('selecting a topic inspects its latest message; picking an entry, the diff and paging refine the request', () => {
    const s = useAppStore.getState()
    s.select(5)
    s.setDiff(true)
    useAppStore.getState().inspectMessage(42)
    useAppStore.getState().setPayloadView('hex')
    useAppStore.getState().setPayloadWindow(262_144, 262_144)
    useAppStore.getState().setPayloadView('text') // JSON and Text read from the start
    useAppStore.getState().inspectMessage(undefined)
    useAppStore.getState().select(5) // same topic: nothing new to ask
    expect(sent.filter((c) => c.type === 'inspect')).toEqual([
      { type: 'inspect', request: { id: 5 } },
      { type: 'inspect', request: { id: 5, diff: true } },
      { type: 'inspect', request: { id: 5, seq: 42, diff: true } },
      { type: 'inspect', request: { id: 5, seq: 42, diff: true, offset: 262_144, length: 262_144 } },
      { type: 'inspect', request: { id: 5, seq: 42, diff: true } },
      { type: 'inspect', request: { id: 5, diff: true } },
    ])
    expect(useAppStore.getState().payloadView).toBe('text')
    useAppStore.getState().select(6)
    expect(useAppStore.getState()).toMatchObject({ payloadView: undefined, inspectRequest: { id: 6, diff: true } })
  })

  it('picking an entry or comparing holds the history list at the newest message shown; Follow latest lets it go', () => {
    const s = useAppStore.getState()
    s.select(5)
    s.applyInspection(inspection(40))
    useAppStore.getState().inspectMessage(38)
    // New arrivals do not move the anchor; picking another entry keeps it.
    useAppStore.getState().applyInspection({ ...inspection(45), following: false })
    useAppStore.getState().inspectMessage(36)
    useAppStore.getState().compareWith(30)
    useAppStore.getState().setDiffBy('lines')
    useAppStore.getState().compareWith(undefined)
    useAppStore.getState().showNewestHistory()
    useAppStore.getState().setDiff(false)
    useAppStore.getState().inspectMessage(undefined)
    expect(sent.filter((c) => c.type === 'inspect').map((c) => (c.type === 'inspect' ? c.request : undefined))).toEqual([
      { id: 5 },
      { id: 5, seq: 38, historyAnchor: 40 },
      { id: 5, seq: 36, historyAnchor: 40 },
      { id: 5, seq: 36, historyAnchor: 40, diff: true, compareWith: 30 },
      { id: 5, seq: 36, historyAnchor: 40, diff: true, compareWith: 30, diffBy: 'lines' },
      { id: 5, seq: 36, historyAnchor: 40, diff: true, diffBy: 'lines' },
      { id: 5, seq: 36, historyAnchor: 45, diff: true, diffBy: 'lines' },
      { id: 5, seq: 36, historyAnchor: 45, diffBy: 'lines' },
      { id: 5, diffBy: 'lines' },
    ])
    // The list is held from the entry the person saw at its top, when the page passes it; paging restarts there.
    useAppStore.getState().setHistoryStart(1000)
    useAppStore.getState().inspectMessage(20, 33)
    expect(useAppStore.getState().inspectRequest).toEqual({ id: 5, seq: 20, historyAnchor: 33, diffBy: 'lines' })
    useAppStore.getState().compareWith(18, 31) // already held: stays at 33
    expect(useAppStore.getState().inspectRequest).toMatchObject({ historyAnchor: 33, compareWith: 18 })
    // Follow latest lets the list go (the comparison stays); comparing the latest with a kept message
    // holds it again, and comparing with the previous one lets it go.
    useAppStore.getState().inspectMessage(undefined)
    expect(useAppStore.getState().inspectRequest).toEqual({ id: 5, diff: true, compareWith: 18, diffBy: 'lines' })
    useAppStore.getState().compareWith(17, 40)
    expect(useAppStore.getState().inspectRequest).toEqual({ id: 5, diff: true, compareWith: 17, diffBy: 'lines', historyAnchor: 40 })
    useAppStore.getState().compareWith(undefined)
    expect(useAppStore.getState().inspectRequest).toEqual({ id: 5, diff: true, diffBy: 'lines' })
    // Another topic: no message, anchor or comparison of the old one; the JSON diff mode stays.
    useAppStore.getState().setDiff(true)
    useAppStore.getState().compareWith(12)
    useAppStore.getState().select(6)
    expect(useAppStore.getState().inspectRequest).toEqual({ id: 6, diff: true, diffBy: 'lines' })
  })

  it('applies inspections, keeping the decoded window when the same message is shown again', () => {
    const { result } = renderHook(() => useAppStore((st) => st.inspection))
    act(() => useAppStore.getState().applyEvent({ type: 'inspection', seq: 1, inspection: inspection(7) }))
    const window = result.current!.message!.window
    act(() => useAppStore.getState().applyEvent({ type: 'inspection', seq: 2, inspection: { ...inspection(7, new Uint8Array([1, 2])), received: 9 } }))
    expect(result.current!.received).toBe(9)
    expect(result.current!.message!.window).toBe(window)
    act(() => useAppStore.getState().applyEvent({ type: 'inspection', seq: 3, inspection: inspection(8) }))
    expect(result.current!.message!.window).not.toBe(window)
    act(() => useAppStore.getState().applyEvent({ type: 'inspection', seq: 4, inspection: undefined }))
    expect(result.current).toBeUndefined()
  })

  it('requests a whole payload and resolves it from the matching event', async () => {
    const promise = useAppStore.getState().requestPayload(5, 42, 'download')
    const command = sent.find((c) => c.type === 'payload')
    expect(command).toMatchObject({ type: 'payload', id: 5, seq: 42, purpose: 'download' })
    if (command?.type !== 'payload') throw new Error('no payload command')
    const bytes = new Uint8Array([0, 1, 2])
    useAppStore.getState().applyEvent({ type: 'payload', requestId: command.requestId, result: { purpose: 'download', topic: 'a/b', bytes } })
    expect(await promise).toEqual({ purpose: 'download', topic: 'a/b', bytes })
  })

  it('validates, persists and sends history budgets', () => {
    const errors = useAppStore.getState().setHistoryBudget({ ...LIMITS.history, perTopicCount: 0 })
    expect(errors).toEqual({ perTopicCount: 'Messages per topic: between 1 and 1,000,000' })
    expect(sent).toEqual([])
    const budget = { ...LIMITS.history, perTopicCount: 10 }
    expect(useAppStore.getState().setHistoryBudget(budget)).toBeUndefined()
    expect(sent).toEqual([{ type: 'budget', budget }])
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}').state.historyBudget).toEqual(budget)
  })
})

describe('retained slice (the clear-retained dialog)', () => {
  it('a single topic goes straight to the confirmation; confirming sends the clear and shows progress, then the report', () => {
    const s = useAppStore.getState()
    s.askClearRetained({ id: 3, topic: 'a/b', subtree: false })
    expect(useAppStore.getState().clearDialog).toMatchObject({ phase: 'confirm', topics: ['a/b'] })
    useAppStore.getState().confirmClearRetained()
    expect(sent).toEqual([{ type: 'clear-retained', id: 3, subtree: false, topics: ['a/b'] }])
    const progress: ClearProgress = { id: 3, subtree: false, total: 1, done: 1, failed: 0, finished: true, errors: [] }
    useAppStore.getState().applyEvent({ type: 'clear-progress', progress })
    expect(useAppStore.getState().clearDialog).toMatchObject({ phase: 'done', progress })
    useAppStore.getState().closeClearDialog()
    expect(useAppStore.getState().clearDialog).toBeUndefined()
  })

  it('a subtree is scanned first; a late or foreign scan result is ignored', () => {
    const s = useAppStore.getState()
    s.askClearRetained({ id: 4, topic: 'home', subtree: true })
    expect(sent).toEqual([{ type: 'retained-scan', id: 4 }])
    expect(useAppStore.getState().clearDialog?.phase).toBe('scanning')
    useAppStore.getState().applyEvent({ type: 'retained-scan', scan: { id: 9, topic: 'x', topics: ['x'], partial: false } })
    expect(useAppStore.getState().clearDialog?.phase).toBe('scanning')
    useAppStore.getState().applyEvent({ type: 'retained-scan', scan: { id: 4, topic: 'home', topics: ['home/a', 'home/b'], partial: true, error: 'x' } })
    expect(useAppStore.getState().clearDialog).toMatchObject({ phase: 'confirm', topics: ['home/a', 'home/b'], partial: true, scanError: 'x' })
    useAppStore.getState().closeClearDialog()
    useAppStore.getState().applyEvent({ type: 'retained-scan', scan: { id: 4, topic: 'home', topics: [], partial: false } })
    expect(useAppStore.getState().clearDialog).toBeUndefined()
  })

  it('progress updates the count until finished', () => {
    useAppStore.getState().askClearRetained({ id: 4, topic: 'home', subtree: true })
    useAppStore.getState().applyRetainedScan({ id: 4, topic: 'home', topics: ['home/a', 'home/b', 'home/c'], partial: false })
    useAppStore.getState().confirmClearRetained()
    useAppStore.getState().applyClearProgress({ id: 4, subtree: true, total: 3, done: 2, failed: 0, finished: false, errors: [] })
    expect(useAppStore.getState().clearDialog).toMatchObject({ phase: 'clearing', progress: { done: 2 } })
    useAppStore
      .getState()
      .applyClearProgress({ id: 4, subtree: true, total: 3, done: 2, failed: 1, finished: true, errors: [{ topic: 'home/c', reason: 'Not authorized' }] })
    expect(useAppStore.getState().clearDialog).toMatchObject({ phase: 'done', progress: { failed: 1 } })
  })
})
