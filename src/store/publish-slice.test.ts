// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { TreeRow } from '@/model/batch-types.ts'
import { LIMITS } from '@/model/limits.ts'
import { jobText, outcomeText } from '@/model/publish-outcome.ts'
import type { PublishJob, PublishOutcome } from '@/model/publish-types.ts'
import { STORAGE_KEY, useAppStore } from './app-store.ts'
import { freshStorePerTest } from './test-support/fresh-store.ts'
import { EMPTY_BATCH } from './view-slice.ts'

const sent = freshStorePerTest()
const initialState = useAppStore.getState()
const store = () => useAppStore.getState()
const publishes = () => sent.filter((c) => c.type === 'publish')

function connect(protocolVersion: 4 | 5 = 4) {
  store().setConnection({ state: 'connected', protocolVersion })
}

function outcome(jobId: number, fields: Partial<PublishOutcome> = {}): PublishOutcome {
  return { jobId, index: 1, topic: 'a/b', bytes: 2, qos: 1, retain: false, sentAt: 1, status: 'acknowledged', ack: 'PUBACK', rttMs: 3, ...fields }
}

function row(id: number, topic: string): TreeRow {
  return {
    id,
    topic,
    name: topic.split('/').at(-1) ?? topic,
    depth: topic.split('/').length - 1,
    childCount: 0,
    expanded: false,
    ownMessages: 1,
    subtreeMessages: 1,
    subtreeTopics: 1,
    preview: '',
    previewCut: false,
    binary: false,
    lastBytes: 0,
    retained: false,
    lastAt: 0,
    subtreeLastAt: 0,
    rate: 0,
  }
}

describe('publish slice: validation', () => {
  it('an invalid topic is reported, nothing is sent and the typed payload stays', () => {
    connect()
    store().setPublishDraft({ topic: 'home/+/lamp', payload: 'on' })
    expect(store().publish()).toBe(false)
    expect(store().publishProblems.topic).toMatch(/wildcard|\+/i)
    expect(sent).toEqual([])
    expect(store().publishDraft.payload).toBe('on')
    expect(store().publishRecords).toEqual([])
  })

  it('says "not connected" and sends nothing while disconnected', () => {
    store().setPublishDraft({ topic: 'a/b', payload: 'x' })
    expect(store().publish()).toBe(false)
    expect(store().publishProblems.connection).toMatch(/connected/)
    expect(sent).toEqual([])
  })

  it('odd-length hex is a payload problem', () => {
    connect()
    store().setPublishDraft({ topic: 'a/b', mode: 'hex', payload: 'abc' })
    store().publish()
    expect(store().publishProblems.payload).toMatch(/odd/i)
    expect(sent).toEqual([])
  })

  it('problems follow the draft once shown, and disappear when fixed', () => {
    connect()
    store().publish()
    expect(store().publishProblems.topic).toBeDefined()
    store().setPublishDraft({ topic: 'a/b' })
    expect(store().publishProblems).toEqual({})
  })

  it('the "not connected" problem goes away when the connection comes up', () => {
    store().setPublishDraft({ topic: 'a/b' })
    store().publish()
    connect()
    expect(store().publishProblems).toEqual({})
  })

  it('checks the repeat settings: at least 10 ms, a whole count', () => {
    connect()
    store().setPublishDraft({ topic: 'a/b' })
    store().setPublishRepeat({ on: true, intervalMs: '5', count: '1.5' })
    expect(store().publish()).toBe(false)
    expect(store().publishProblems.interval).toMatch(/10 ms/)
    expect(store().publishProblems.count).toBeDefined()
    expect(sent).toEqual([])
  })
})

describe('publish slice: sending', () => {
  it('sends a valid draft with a new job id and remembers it as the newest recent publish', () => {
    connect()
    store().setPublishDraft({ topic: 'a/b', payload: 'hello', qos: 1, retain: true })
    expect(store().publish()).toBe(true)
    expect(store().publish()).toBe(true)
    const [first, second] = publishes()
    expect(first).toMatchObject({ type: 'publish', message: { topic: 'a/b', payload: { kind: 'text', text: 'hello' }, qos: 1, retain: true } })
    expect(first).not.toHaveProperty('repeat')
    if (first?.type !== 'publish' || second?.type !== 'publish') throw new Error('no publish')
    expect(second.jobId).not.toBe(first.jobId)
    expect(store().publishRecords).toHaveLength(2)
    expect(store().publishRecords[0]).toMatchObject({ sentTopic: 'a/b', draft: { topic: 'a/b', payload: 'hello', qos: 1, retain: true } })
    expect(store().publishPending).toEqual({ jobId: second.jobId, topic: 'a/b' })
  })

  it('hex becomes bytes; v5 properties go only to a v5 connection', () => {
    connect(5)
    store().setPublishDraft({ topic: 'a/b', mode: 'hex', payload: '00 ff', properties: { contentType: 'application/octet-stream' } })
    store().publish()
    connect(4)
    store().publish()
    const [v5, v4] = publishes()
    expect(v5).toMatchObject({
      message: { payload: { kind: 'bytes', bytes: new Uint8Array([0, 255]) }, properties: { contentType: 'application/octet-stream' } },
    })
    expect(v4?.type === 'publish' && v4.message.properties).toBeFalsy()
  })

  it('a publish-outcome event becomes the outcome and the record says how it went, with the topic as sent', () => {
    connect()
    store().setPublishDraft({ topic: 'a/{{counter}}', payload: 'x', qos: 1 })
    store().publish()
    const jobId = (publishes()[0] as { jobId: number }).jobId
    const result = outcome(jobId, { topic: 'a/1' })
    act(() => store().applyEvent({ type: 'publish-outcome', outcome: result }))
    expect(store().publishOutcome).toEqual(result)
    expect(store().publishPending).toBeUndefined()
    expect(store().publishRecords[0]).toMatchObject({ sentTopic: 'a/1', outcome: outcomeText(result) })
    // The record keeps the template for re-sending.
    expect(store().publishRecords[0]?.draft.topic).toBe('a/{{counter}}')
  })

  it('repeats: sends the settings, counts progress, refuses a second job, stops on request', () => {
    connect()
    store().setPublishDraft({ topic: 'a/b', payload: 'tick' })
    store().setPublishRepeat({ on: true, intervalMs: '50', count: '20' })
    expect(store().publish()).toBe(true)
    const command = publishes()[0]
    if (command?.type !== 'publish') throw new Error('no publish')
    expect(command.repeat).toEqual({ intervalMs: 50, count: 20 })
    expect(store().publishJob).toMatchObject({ jobId: command.jobId, running: true, total: 20 })

    expect(store().publish()).toBe(false)
    expect(publishes()).toHaveLength(1)

    const progress: PublishJob = { jobId: command.jobId, total: 20, sent: 3, acknowledged: 3, failed: 0, running: true }
    act(() => store().applyEvent({ type: 'publish-job', job: progress }))
    expect(store().publishJob).toEqual(progress)

    store().stopPublish()
    expect(sent.at(-1)).toEqual({ type: 'publish-stop', jobId: command.jobId })
    const stopped: PublishJob = { ...progress, sent: 4, acknowledged: 4, running: false, endReason: 'stopped' }
    act(() => store().applyEvent({ type: 'publish-job', job: stopped }))
    expect(store().publishJob?.running).toBe(false)
    expect(store().publishRecords[0]?.outcome).toBe(jobText(stopped))
    store().stopPublish()
    expect(sent.filter((c) => c.type === 'publish-stop')).toHaveLength(1)
  })

  it('an empty "Times" repeats until stopped', () => {
    connect()
    store().setPublishDraft({ topic: 'a/b' })
    store().setPublishRepeat({ on: true, intervalMs: '1000', count: '' })
    store().publish()
    expect(publishes()[0]).toMatchObject({ repeat: { intervalMs: 1000 } })
    expect(publishes()[0]).not.toHaveProperty('repeat.count')
  })

  it('re-sends a recent publish at once, and edits one back into the editor', () => {
    connect()
    store().setPublishDraft({ topic: 'a/b', mode: 'hex', payload: 'de ad', qos: 2 })
    store().publish()
    store().setPublishDraft({ topic: 'c/d', mode: 'text', payload: 'other', qos: 0 })
    const id = store().publishRecords[0]!.id
    store().resendRecord(id)
    expect(publishes()[1]).toMatchObject({ message: { topic: 'a/b', payload: { kind: 'bytes', bytes: new Uint8Array([0xde, 0xad]) }, qos: 2 } })
    expect(store().publishRecords).toHaveLength(2)
    expect(store().publishDraft.topic).toBe('c/d')

    store().editRecord(id)
    expect(store().publishDraft).toMatchObject({ topic: 'a/b', mode: 'hex', payload: 'de ad', qos: 2 })
  })

  it('a re-send that cannot go now loads the message into the editor with its problems', () => {
    connect()
    store().setPublishDraft({ topic: 'a/b', payload: 'x' })
    store().publish()
    store().setConnection({ state: 'closed' })
    store().setPublishDraft({ topic: 'other' })
    store().resendRecord(store().publishRecords[0]!.id)
    expect(publishes()).toHaveLength(1)
    expect(store().publishDraft.topic).toBe('a/b')
    expect(store().publishProblems.connection).toMatch(/connected/)
  })

  it('a recent publish whose payload was too big to store is loaded, not re-sent empty', () => {
    connect()
    store().setPublishDraft({ topic: 'big', payload: 'x'.repeat(LIMITS.publish.storedPayloadBytes + 1) })
    store().publish()
    store().setPublishDraft({ topic: 'other', payload: 'small' })
    store().resendRecord(store().publishRecords[0]!.id)
    expect(publishes()).toHaveLength(1)
    expect(store().publishDraft).toMatchObject({ topic: 'big', payload: '' })
    expect(store().draftNote).toMatch(/not kept/)
  })
})

describe('publish slice: payload modes', () => {
  it('switching the format carries the bytes over, and keeps text that cannot be carried', () => {
    store().setPublishDraft({ payload: 'Hi' })
    expect(store().setPayloadMode('hex')).toBeUndefined()
    expect(store().publishDraft.payload).toBe('48 69')
    store().setPublishDraft({ payload: 'ff fe' })
    expect(store().setPayloadMode('text')).toMatch(/kept/i)
    expect(store().publishDraft).toMatchObject({ mode: 'text', payload: 'ff fe' })
  })

  it('file mode keeps the typed payload for when the person switches back', () => {
    store().setPublishDraft({ payload: 'typed' })
    store().setPayloadMode('file')
    store().setPublishDraft({ file: { name: 'a.bin', bytes: new Uint8Array([1, 2, 3]) } })
    store().setPayloadMode('text')
    expect(store().publishDraft.payload).toBe('typed')
  })
})

describe('publish slice: saved messages', () => {
  it('saves under a name (same name replaces), loads, publishes at once and deletes', () => {
    connect()
    store().setPublishDraft({ topic: 'lamp/set', mode: 'json', payload: '{"on": true}', qos: 1 })
    expect(store().saveMessage('  ')).toMatch(/name/i)
    expect(store().saveMessage('Lamp on')).toBeUndefined()
    store().setPublishDraft({ payload: '{"on": 1}' })
    expect(store().saveMessage('Lamp on')).toBeUndefined()
    expect(store().savedMessages).toHaveLength(1)
    expect(store().savedMessages[0]?.draft.payload).toBe('{"on": 1}')

    const id = store().savedMessages[0]!.id
    store().setPublishDraft({ topic: 'x', mode: 'text', payload: 'y', qos: 0 })
    store().loadSavedMessage(id)
    expect(store().publishDraft).toMatchObject({ topic: 'lamp/set', mode: 'json', payload: '{"on": 1}', qos: 1 })

    store().setPublishDraft({ topic: 'x' })
    store().publishSavedMessage(id)
    expect(publishes()[0]).toMatchObject({ message: { topic: 'lamp/set', payload: { kind: 'text', text: '{"on": 1}' }, qos: 1 } })
    expect(store().publishDraft.topic).toBe('x')

    store().deleteSavedMessage(id)
    expect(store().savedMessages).toEqual([])
  })

  it('exports and imports them (all or nothing)', () => {
    store().setPublishDraft({ topic: 'a/b', payload: 'one' })
    store().saveMessage('One')
    store().setPublishDraft({ topic: 'c/d', payload: 'two' })
    store().saveMessage('Two')
    const file = store().exportSavedMessages()
    store().deleteSavedMessage(store().savedMessages[0]!.id)
    expect(store().importSavedMessages(file)).toBeUndefined()
    expect(
      store()
        .savedMessages.map((m) => m.name)
        .sort(),
    ).toEqual(['One', 'Two'])
    expect(store().importSavedMessages('not json')).toBeDefined()
    expect(store().importSavedMessages('{"nope": 1}')).toBeDefined()
    expect(store().savedMessages).toHaveLength(2)
  })
})

describe('publish slice: storage', () => {
  it('keeps the draft, recent publishes and saved messages across a reload, beside the existing settings', async () => {
    connect()
    store().setPublishDraft({ topic: 'a/b', mode: 'hex', payload: '01 02', qos: 2 })
    store().setPublishRepeat({ on: true, intervalMs: '250', count: '3' })
    store().saveMessage('Kept')
    store().setPublishRepeat({ on: false })
    store().publish()
    store().setSort('messages')

    // A reload: a fresh state, then what storage holds.
    const stored = Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)!]))
    useAppStore.setState(initialState, true)
    for (const [k, v] of Object.entries(stored)) localStorage.setItem(k, v)
    await useAppStore.persist.rehydrate()
    expect(store().publishDraft).toMatchObject({ topic: 'a/b', mode: 'hex', payload: '01 02', qos: 2 })
    expect(store().publishRepeat).toEqual({ on: false, intervalMs: '250', count: '3' })
    expect(store().savedMessages.map((m) => m.name)).toEqual(['Kept'])
    expect(store().publishRecords).toHaveLength(1)
    expect(store().sort).toBe('messages')
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}').state.sort).toBe('messages')
  })

  it('reads back only what checks out from storage (it is untrusted: edited, older, damaged)', async () => {
    const draft = { topic: 'ok', mode: 'text', payload: 'p', qos: 1, retain: false, properties: {} }
    localStorage.setItem(`${STORAGE_KEY}/publishDraft`, JSON.stringify({ ...draft, qos: 7 }))
    localStorage.setItem(
      `${STORAGE_KEY}/publishRecords`,
      JSON.stringify([{ id: 'r1', at: 1, sentTopic: 'ok', draft }, { id: 'r2', at: 2, sentTopic: 'bad', draft: { topic: 3 } }, null]),
    )
    localStorage.setItem(
      `${STORAGE_KEY}/savedMessages`,
      JSON.stringify([
        { id: 'm1', name: 'Fine', draft, savedAt: 1 },
        { id: 'm2', draft },
      ]),
    )
    await useAppStore.persist.rehydrate()
    expect(store().publishDraft).toEqual(initialState.publishDraft)
    expect(store().publishRecords.map((r) => r.id)).toEqual(['r1'])
    expect(store().savedMessages.map((m) => m.name)).toEqual(['Fine'])

    localStorage.setItem(`${STORAGE_KEY}/publishRecords`, JSON.stringify({ not: 'a list' }))
    await useAppStore.persist.rehydrate()
    expect(Array.isArray(store().publishRecords)).toBe(true)
  })

  it('does not write the publish history again for changes elsewhere (batches arrive ten times a second)', () => {
    connect()
    store().setPublishDraft({ topic: 'a/b', payload: 'x' })
    store().publish()
    const key = `${STORAGE_KEY}/publishRecords`
    expect(localStorage.getItem(key)).toContain('a/b')
    localStorage.removeItem(key)
    store().applyBatch({ ...EMPTY_BATCH, seq: 2 })
    expect(localStorage.getItem(key)).toBeNull()
  })
})

describe('publish slice: the tree selection fills the topic', () => {
  it('from the row on screen at once', () => {
    store().applyBatch({ ...EMPTY_BATCH, tree: { rowCount: 1, start: 0, rows: [row(7, 'home/kitchen')], filterError: undefined } })
    const { result } = renderHook(() => useAppStore((s) => s.publishDraft.topic))
    act(() => store().select(7))
    expect(result.current).toBe('home/kitchen')
  })

  it('else from the next batch that carries the selected topic', () => {
    store().setPublishDraft({ topic: 'typed' })
    store().select(9)
    expect(store().publishDraft.topic).toBe('typed')
    const selected = {
      id: 9,
      topic: 'far/away',
      ownMessages: 0,
      subtreeMessages: 0,
      subtreeTopics: 0,
      retained: false,
      lastAt: 0,
      lastBytes: 0,
      lastQos: undefined,
      preview: '',
      previewCut: false,
      binary: false,
      rate: 0,
      byteRate: 0,
    }
    store().applyBatch({ ...EMPTY_BATCH, selected })
    expect(store().publishDraft.topic).toBe('far/away')
    // Later batches of the same selection do not overwrite what the person typed since.
    store().setPublishDraft({ topic: 'edited' })
    store().applyBatch({ ...EMPTY_BATCH, seq: 3, selected })
    expect(store().publishDraft.topic).toBe('edited')
  })

  it('but not over a topic the person typed; "Use selected topic" takes the selection, and the tree fills it again', () => {
    const rows = [row(7, 'home/kitchen'), row(8, 'home/hall')]
    store().applyBatch({ ...EMPTY_BATCH, tree: { rowCount: 2, start: 0, rows, filterError: undefined } })
    store().select(7)
    expect(store().publishDraft.topic).toBe('home/kitchen')
    store().typePublishTopic('my/own')
    expect(store().publishTopicTyped).toBe(true)
    store().select(8)
    expect(store().publishDraft.topic).toBe('my/own')
    store().useSelectedTopic()
    expect(store()).toMatchObject({ publishDraft: { topic: 'home/hall' }, publishTopicTyped: false })
    store().select(7)
    expect(store().publishDraft.topic).toBe('home/kitchen')
    // Emptying the field hands it back to the tree.
    store().typePublishTopic('x')
    store().typePublishTopic('')
    expect(store().publishTopicTyped).toBe(false)
    store().select(8)
    expect(store().publishDraft.topic).toBe('home/hall')
  })

  it('a loaded message keeps its topic against the tree, and the choice survives a reload', () => {
    store().applyBatch({ ...EMPTY_BATCH, tree: { rowCount: 1, start: 0, rows: [row(7, 'home/kitchen')], filterError: undefined } })
    store().setPublishDraft({ topic: 'saved/topic', payload: 'p' })
    expect(store().saveMessage('mine')).toBeUndefined()
    store().setPublishDraft({ topic: '' })
    store().loadSavedMessage(store().savedMessages[0]!.id)
    store().select(7)
    expect(store().publishDraft.topic).toBe('saved/topic')
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!).state.publishTopicTyped).toBe(true)
  })
})
