import { describe, expect, it } from 'vitest'
import { LIMITS } from './limits.ts'
import { EMPTY_DRAFT, type PublishDraft } from './publish-draft.ts'
import {
  MESSAGES_FILE_FORMAT,
  type PublishRecord,
  type SavedMessage,
  type StoredDraft,
  addRecord,
  checkStoredDraft,
  exportSavedMessages,
  fromStoredDraft,
  importSavedMessages,
  saveMessage,
  storedDraftNote,
  toStoredDraft,
} from './publish-storage.ts'

const STORED_LIMIT = LIMITS.publish.storedPayloadBytes

function draft(fields: Partial<PublishDraft> = {}): PublishDraft {
  return { ...EMPTY_DRAFT, topic: 'a/b', ...fields }
}

/** Through JSON, as localStorage and export files keep it. */
function viaJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

function record(n: number, fields: Partial<PublishRecord> = {}): PublishRecord {
  return { id: `r${n}`, at: n, sentTopic: `t/${n}`, draft: toStoredDraft(draft({ topic: `t/${n}` })), ...fields }
}

function message(name: string, fields: Partial<SavedMessage> = {}): SavedMessage {
  return { id: `id-${name}`, name, savedAt: 1, draft: toStoredDraft(draft({ topic: `t/${name}` })), ...fields }
}

describe('stored drafts', () => {
  it('round-trip every field through JSON', () => {
    const original = draft({
      topic: 'dev/{{counter}}',
      mode: 'json',
      payload: '{"v":{{random 0 1}}}',
      qos: 2,
      retain: true,
      properties: {
        contentType: 'application/json',
        payloadFormatIndicator: true,
        messageExpiryInterval: 30,
        responseTopic: 'r',
        correlationData: 'c',
        userProperties: [['k', 'v']],
        topicAlias: 2,
      },
    })
    expect(fromStoredDraft(viaJson(toStoredDraft(original)))).toEqual(original)
  })

  it('keep a binary file byte for byte (as Base64)', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => 255 - i)
    const stored = viaJson(toStoredDraft(draft({ mode: 'file', file: { name: 'all.bin', bytes } })))
    expect(stored.file).toEqual({ name: 'all.bin', base64: expect.any(String) })
    const back = fromStoredDraft(stored)
    expect(back.file?.name).toBe('all.bin')
    expect([...back.file!.bytes]).toEqual([...bytes])
    expect(storedDraftNote(stored)).toBeUndefined()
  })

  it('drop a file over the budget, keeping its name and size, and say so', () => {
    const bytes = new Uint8Array(STORED_LIMIT + 1)
    const stored = toStoredDraft(draft({ mode: 'file', file: { name: 'big.bin', bytes } }))
    expect(stored.file).toEqual({ name: 'big.bin', size: STORED_LIMIT + 1, dropped: true })
    const back = fromStoredDraft(viaJson(stored))
    expect(back.file).toBeUndefined()
    expect(back.mode).toBe('file')
    expect(storedDraftNote(stored)).toBe('The file "big.bin" (262,145 bytes) was over 262,144 bytes and not kept: choose it again')
    // At the budget exactly, it is kept.
    expect(toStoredDraft(draft({ mode: 'file', file: { name: 'f', bytes: new Uint8Array(STORED_LIMIT) } })).file).toHaveProperty('base64')
  })

  it('drop a typed payload over the budget (counted in UTF-8 bytes), and say so', () => {
    const fits = 'é'.repeat(STORED_LIMIT / 2) // 2 bytes each: exactly the budget
    expect(toStoredDraft(draft({ payload: fits })).payload).toBe(fits)
    const stored = toStoredDraft(draft({ payload: `${fits}x` }))
    expect(stored.payload).toBe('')
    expect(stored.payloadDropped).toBe(STORED_LIMIT + 1)
    expect(storedDraftNote(stored)).toBe('The payload (262,145 bytes) was over 262,144 bytes and not kept')
  })

  it('a Protobuf draft keeps its message type', () => {
    const d = draft({ mode: 'protobuf', payload: '{"celsius": 1}', messageType: 'demo.Reading' })
    const stored = viaJson(toStoredDraft(d))
    expect(fromStoredDraft(stored)).toEqual(d)
    expect(checkStoredDraft(stored)).toEqual({ draft: stored })
    expect(checkStoredDraft({ ...stored, messageType: 3 })).toEqual({ error: '"messageType" is not text' })
  })

  it('a file kept while in text mode survives too', () => {
    const d = draft({ mode: 'text', payload: 'typed', file: { name: 'x', bytes: new Uint8Array([9]) } })
    expect(fromStoredDraft(viaJson(toStoredDraft(d)))).toEqual(d)
  })
})

describe('checkStoredDraft', () => {
  const valid = viaJson(toStoredDraft(draft({ payload: 'p' })))

  it('accepts a stored draft and leaves unknown fields behind', () => {
    expect(checkStoredDraft({ ...valid, extra: 1 })).toEqual({ draft: valid })
    const { properties: _, ...withoutProperties } = valid
    expect(checkStoredDraft(withoutProperties)).toEqual({ draft: { ...valid, properties: {} } })
  })

  it('names the bad field', () => {
    const cases: Array<[unknown, RegExp]> = [
      [null, /not an object/],
      [{ ...valid, topic: 1 }, /"topic" is not text/],
      [{ ...valid, mode: 'xml' }, /"mode" is not one of text, json, hex, base64, file/],
      [{ ...valid, payload: null }, /"payload"/],
      [{ ...valid, qos: 3 }, /"qos" is not 0, 1 or 2/],
      [{ ...valid, retain: 'yes' }, /"retain"/],
      [{ ...valid, file: { base64: 'AA==' } }, /"file" has no name/],
      [{ ...valid, file: { name: 'f', base64: '!!' } }, /"file.base64": "!" at position 1 is not Base64/],
      [{ ...valid, file: { name: 'f' } }, /neither "base64" nor "dropped"/],
      [{ ...valid, file: { name: 'f', dropped: true, size: -1 } }, /"file.size"/],
      [{ ...valid, properties: [] }, /"properties" is not an object/],
      [{ ...valid, properties: { contentType: 5 } }, /"properties.contentType" is not text/],
      [{ ...valid, properties: { topicAlias: '3' } }, /"properties.topicAlias" is not a number/],
      [{ ...valid, properties: { payloadFormatIndicator: 1 } }, /payloadFormatIndicator/],
      [{ ...valid, properties: { userProperties: [['a', 'b'], ['c']] } }, /userProperties" entry 2 is not a \[name, value\] pair/],
    ]
    for (const [value, error] of cases) {
      const result = checkStoredDraft(value)
      expect('error' in result ? result.error : 'accepted', JSON.stringify(value)).toMatch(error)
    }
  })
})

describe('addRecord', () => {
  it('puts the new record first', () => {
    expect(addRecord([record(1)], record(2)).map((r) => r.id)).toEqual(['r2', 'r1'])
  })

  it(`keeps at most ${LIMITS.publish.history} records, dropping the oldest`, () => {
    let records: PublishRecord[] = []
    for (let n = 1; n <= LIMITS.publish.history + 5; n++) records = addRecord(records, record(n))
    expect(records).toHaveLength(LIMITS.publish.history)
    expect(records[0]!.id).toBe(`r${LIMITS.publish.history + 5}`)
    expect(records.at(-1)!.id).toBe('r6')
  })

  it('keeps all records within the byte budget, dropping the oldest', () => {
    const bigDraft = toStoredDraft(draft({ payload: 'x'.repeat(STORED_LIMIT) }))
    let records: PublishRecord[] = []
    for (let n = 1; n <= 20; n++) records = addRecord(records, record(n, { draft: bigDraft }))
    // 2 MiB of budget holds 7 records of 256 KiB plus their overhead, not 8.
    expect(records.map((r) => r.id)).toEqual(['r20', 'r19', 'r18', 'r17', 'r16', 'r15', 'r14'])
    // Small records still fill up to the count limit after big ones.
    for (let n = 21; n <= 30; n++) records = addRecord(records, record(n))
    expect(records).toHaveLength(17)
  })
})

describe('saveMessage', () => {
  it('appends a new name and replaces a known one where it stands, keeping its id', () => {
    const first = saveMessage([], message('a'))
    if ('error' in first) throw new Error(first.error)
    const second = saveMessage(first.messages, message('b'))
    if ('error' in second) throw new Error(second.error)
    const replaced = saveMessage(second.messages, message('a', { id: 'other', savedAt: 2 }))
    if ('error' in replaced) throw new Error(replaced.error)
    expect(replaced.messages.map((m) => [m.name, m.id, m.savedAt])).toEqual([
      ['a', 'id-a', 2],
      ['b', 'id-b', 1],
    ])
  })

  it('refuses beyond the count and byte budgets instead of dropping saved messages', () => {
    const many = Array.from({ length: LIMITS.publish.saved }, (_, i) => message(`m${i}`))
    expect(saveMessage(many, message('one more'))).toEqual({ error: 'At most 500 saved messages: delete some first' })
    const bigDraft = toStoredDraft(draft({ payload: 'x'.repeat(STORED_LIMIT) }))
    const big = Array.from({ length: 7 }, (_, i) => message(`big${i}`, { draft: bigDraft }))
    expect(saveMessage(big, message('big7', { draft: bigDraft }))).toEqual({
      error: 'Saved messages would take over 2,097,152 characters of browser storage: delete some first',
    })
  })
})

describe('export and import of saved messages', () => {
  const binary: StoredDraft = toStoredDraft(draft({ mode: 'file', file: { name: 'b.bin', bytes: new Uint8Array([0, 1, 254, 255]) }, qos: 1 }))
  const messages = [message('first'), message('binary', { draft: binary, savedAt: 5 })]

  it('round-trips, binary payloads included', () => {
    const text = exportSavedMessages(messages)
    expect(JSON.parse(text).format).toBe(MESSAGES_FILE_FORMAT)
    const imported = importSavedMessages(text)
    expect(imported).toEqual({ messages })
    if ('error' in imported) throw new Error(imported.error)
    expect([...fromStoredDraft(imported.messages[1]!.draft).file!.bytes]).toEqual([0, 1, 254, 255])
  })

  it('refuses what is not a messages file', () => {
    expect(importSavedMessages('{not json')).toEqual({ error: 'The file is not JSON' })
    expect(importSavedMessages('{"format":"mqtt-scope/profiles@1","profiles":[]}')).toEqual({
      error: 'Not an mqtt-scope messages file (expected "format": "mqtt-scope/messages@1")',
    })
    expect(importSavedMessages(`{"format":"${MESSAGES_FILE_FORMAT}"}`)).toHaveProperty('error')
    expect(importSavedMessages('[]')).toHaveProperty('error')
  })

  it('is all or nothing, naming the bad entry', () => {
    const file = (list: unknown[]) => JSON.stringify({ format: MESSAGES_FILE_FORMAT, messages: list })
    const good = viaJson(messages[0]!)
    expect(importSavedMessages(file([good, { ...good, name: '' }]))).toEqual({ error: 'Message 2 has no name' })
    expect(importSavedMessages(file([good, { ...good, name: 'x', draft: { ...good.draft, qos: 7 } }]))).toEqual({
      error: 'Message 2 ("x"): "qos" is not 0, 1 or 2',
    })
    expect(importSavedMessages(file([good, good, 'junk']))).toEqual({ error: 'Message 3 has no name' })
    expect(importSavedMessages(file([{ ...good, savedAt: 'yesterday' }]))).toEqual({ error: 'Message 1 ("first"): "savedAt" is not a time' })
  })

  it('refuses more messages than can be saved', () => {
    const list = Array.from({ length: LIMITS.publish.saved + 1 }, (_, i) => message(`m${i}`))
    expect(importSavedMessages(exportSavedMessages(list))).toEqual({ error: 'The file holds 501 messages; at most 500 can be saved' })
  })

  it('gives new ids to entries without one or with a repeated one', () => {
    const good = viaJson(messages[0]!)
    const { id: _, ...noId } = good
    const imported = importSavedMessages(JSON.stringify({ format: MESSAGES_FILE_FORMAT, messages: [good, good, noId] }))
    if ('error' in imported) throw new Error(imported.error)
    const ids = imported.messages.map((m) => m.id)
    expect(ids[0]).toBe(good.id)
    expect(new Set(ids).size).toBe(3)
  })
})
