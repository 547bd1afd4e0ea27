/**
 * Publish drafts as browser storage and export files keep them: recent publishes (a bounded list)
 * and saved messages.
 */
import { toBase64 } from './base64.ts'
import type { QoS } from './connection-types.ts'
import { LIMITS } from './limits.ts'
import { utf8Length } from './mqtt-string.ts'
import type { PublishDraft } from './publish-draft.ts'
import { PAYLOAD_MODES, type PayloadMode, encodePayload } from './publish-payload.ts'
import type { PublishProperties } from './publish-types.ts'

/**
 * A draft as browser storage keeps it: a file's bytes as base64, dropped (and said) when over
 * LIMITS.publish.storedPayloadBytes. A typed payload over that budget is dropped the same way
 * (`payload` empty, `payloadDropped` its size in UTF-8 bytes); storedDraftNote says so.
 */
export interface StoredDraft {
  readonly topic: string
  readonly mode: PayloadMode
  readonly payload: string
  /** The typed payload was too large to keep: its size in UTF-8 bytes. */
  readonly payloadDropped?: number
  readonly file?: { readonly name: string; readonly base64: string } | { readonly name: string; readonly size: number; readonly dropped: true }
  readonly qos: QoS
  readonly retain: boolean
  readonly properties: PublishProperties
  /** Protobuf mode: the message type the JSON is encoded as. */
  readonly messageType?: string
}

/** A saved message ("Saved messages"): named, survives reload, exported and imported as JSON. */
export interface SavedMessage {
  readonly id: string
  readonly name: string
  readonly draft: StoredDraft
  readonly savedAt: number
}

/** One remembered publish ("Recent publishes", newest first, at most LIMITS.publish.history). */
export interface PublishRecord {
  readonly id: string
  readonly at: number
  /** The topic as sent (templates expanded) for the list; the draft keeps the template for re-sending. */
  readonly sentTopic: string
  readonly draft: StoredDraft
  /** Last outcome line ("PUBACK in 3 ms", "timed out"). */
  readonly outcome?: string
}

export function toStoredDraft(draft: PublishDraft): StoredDraft {
  const limit = LIMITS.publish.storedPayloadBytes
  const payloadBytes = draft.payload.length <= limit / 3 ? 0 : utf8Length(draft.payload)
  const { file } = draft
  return {
    topic: draft.topic,
    mode: draft.mode,
    payload: payloadBytes > limit ? '' : draft.payload,
    ...(payloadBytes > limit ? { payloadDropped: payloadBytes } : {}),
    ...(file
      ? {
          file:
            file.bytes.length <= limit
              ? { name: file.name, base64: toBase64(file.bytes) }
              : { name: file.name, size: file.bytes.length, dropped: true as const },
        }
      : {}),
    qos: draft.qos,
    retain: draft.retain,
    properties: draft.properties,
    ...(draft.messageType !== undefined ? { messageType: draft.messageType } : {}),
  }
}

/** Back to a draft; a dropped file comes back without one (the UI says the file must be chosen again). */
export function fromStoredDraft(stored: StoredDraft): PublishDraft {
  const file = stored.file && 'base64' in stored.file ? encodePayload('base64', stored.file.base64) : undefined
  return {
    topic: stored.topic,
    mode: stored.mode,
    payload: stored.payload,
    ...(stored.file && file && 'bytes' in file ? { file: { name: stored.file.name, bytes: file.bytes } } : {}),
    qos: stored.qos,
    retain: stored.retain,
    properties: stored.properties,
    ...(stored.messageType !== undefined ? { messageType: stored.messageType } : {}),
  }
}

/** What a stored draft lost to the storage budget, for the UI to say when it is loaded; undefined: nothing. */
export function storedDraftNote(stored: StoredDraft): string | undefined {
  const limit = count(LIMITS.publish.storedPayloadBytes)
  if (stored.file && 'dropped' in stored.file) {
    return `The file "${stored.file.name}" (${count(stored.file.size)} bytes) was over ${limit} bytes and not kept: choose it again`
  }
  if (stored.payloadDropped !== undefined) return `The payload (${count(stored.payloadDropped)} bytes) was over ${limit} bytes and not kept`
  return undefined
}

/**
 * A stored draft read back from storage or a file (untrusted): the known fields checked and
 * copied, anything else left behind; or what is wrong, naming the field.
 */
export function checkStoredDraft(value: unknown): { draft: StoredDraft } | { error: string } {
  if (!isObject(value)) return { error: 'not an object' }
  const { topic, mode, payload, payloadDropped, file, qos, retain } = value
  if (typeof topic !== 'string') return { error: '"topic" is not text' }
  if (typeof mode !== 'string' || !(PAYLOAD_MODES as readonly string[]).includes(mode)) return { error: `"mode" is not one of ${PAYLOAD_MODES.join(', ')}` }
  if (typeof payload !== 'string') return { error: '"payload" is not text' }
  if (payloadDropped !== undefined && !isCount(payloadDropped)) return { error: '"payloadDropped" is not a size' }
  if (qos !== 0 && qos !== 1 && qos !== 2) return { error: '"qos" is not 0, 1 or 2' }
  if (typeof retain !== 'boolean') return { error: '"retain" is not true or false' }
  const storedFile = checkFile(file)
  if (typeof storedFile === 'string') return { error: storedFile }
  const properties = checkProperties(value.properties ?? {})
  if (typeof properties === 'string') return { error: properties }
  const { messageType } = value
  if (messageType !== undefined && typeof messageType !== 'string') return { error: '"messageType" is not text' }
  return {
    draft: {
      topic,
      mode: mode as PayloadMode,
      payload,
      ...(payloadDropped !== undefined ? { payloadDropped: payloadDropped } : {}),
      ...(storedFile ? { file: storedFile } : {}),
      qos,
      retain,
      properties,
      ...(messageType !== undefined ? { messageType } : {}),
    },
  }
}

function checkFile(file: unknown): StoredDraft['file'] | string {
  if (file === undefined) return undefined
  if (!isObject(file) || typeof file.name !== 'string') return '"file" has no name'
  if (file.dropped === true) return isCount(file.size) ? { name: file.name, size: file.size, dropped: true } : '"file.size" is not a size'
  if (typeof file.base64 !== 'string') return '"file" has neither "base64" nor "dropped"'
  const decoded = encodePayload('base64', file.base64)
  if ('error' in decoded) return `"file.base64": ${decoded.error}`
  return { name: file.name, base64: file.base64 }
}

function checkProperties(p: unknown): PublishProperties | string {
  if (!isObject(p)) return '"properties" is not an object'
  const out: { -readonly [K in keyof PublishProperties]: PublishProperties[K] } = {}
  for (const key of ['contentType', 'responseTopic', 'correlationData'] as const) {
    const v = p[key]
    if (v === undefined) continue
    if (typeof v !== 'string') return `"properties.${key}" is not text`
    out[key] = v
  }
  if (p.payloadFormatIndicator !== undefined) {
    if (typeof p.payloadFormatIndicator !== 'boolean') return '"properties.payloadFormatIndicator" is not true or false'
    out.payloadFormatIndicator = p.payloadFormatIndicator
  }
  for (const key of ['messageExpiryInterval', 'topicAlias'] as const) {
    const v = p[key]
    if (v === undefined) continue
    if (typeof v !== 'number' || !Number.isFinite(v)) return `"properties.${key}" is not a number`
    out[key] = v
  }
  if (p.userProperties !== undefined) {
    const rows = p.userProperties
    if (!Array.isArray(rows)) return '"properties.userProperties" is not a list'
    const pairs: Array<readonly [string, string]> = []
    for (const [i, row] of rows.entries()) {
      if (!Array.isArray(row) || row.length !== 2 || typeof row[0] !== 'string' || typeof row[1] !== 'string') {
        return `"properties.userProperties" entry ${i + 1} is not a [name, value] pair of texts`
      }
      pairs.push([row[0], row[1]])
    }
    out.userProperties = pairs
  }
  return out
}

/**
 * Storage cost of a record, in characters (what localStorage counts): its strings, the file's
 * Base64, and a fixed allowance for the JSON around them.
 */
function recordSize(r: PublishRecord): number {
  return 100 + r.id.length + r.sentTopic.length + (r.outcome?.length ?? 0) + draftSize(r.draft)
}

function draftSize(d: StoredDraft): number {
  const p = d.properties
  let size = 150 + d.topic.length + d.payload.length
  if (d.file) size += d.file.name.length + ('base64' in d.file ? d.file.base64.length : 20)
  size += (p.contentType?.length ?? 0) + (p.responseTopic?.length ?? 0) + (p.correlationData?.length ?? 0)
  for (const [name, value] of p.userProperties ?? []) size += 8 + name.length + value.length
  return size
}

/**
 * Adds a record in front, keeping LIMITS.publish.history records and LIMITS.publish.storedTotalBytes
 * together: the oldest go first. The new record is always kept.
 */
export function addRecord(records: readonly PublishRecord[], record: PublishRecord): PublishRecord[] {
  const kept = [record]
  let size = recordSize(record)
  for (const r of records) {
    if (kept.length >= LIMITS.publish.history) break
    size += recordSize(r)
    if (size > LIMITS.publish.storedTotalBytes) break
    kept.push(r)
  }
  return kept
}

/**
 * Saves a message: one with the same name is replaced where it stands, a new one goes last.
 * Refused (with the reason) beyond LIMITS.publish.saved messages or LIMITS.publish.storedTotalBytes
 * together: saved messages are never dropped to make room.
 */
export function saveMessage(messages: readonly SavedMessage[], message: SavedMessage): { messages: SavedMessage[] } | { error: string } {
  const at = messages.findIndex((m) => m.name === message.name)
  const next = at >= 0 ? messages.map((m, i) => (i === at ? { ...message, id: m.id } : m)) : [...messages, message]
  if (next.length > LIMITS.publish.saved) return { error: `At most ${count(LIMITS.publish.saved)} saved messages: delete some first` }
  const size = next.reduce((sum, m) => sum + 100 + m.id.length + m.name.length + draftSize(m.draft), 0)
  if (size > LIMITS.publish.storedTotalBytes) {
    return { error: `Saved messages would take over ${count(LIMITS.publish.storedTotalBytes)} characters of browser storage: delete some first` }
  }
  return { messages: next }
}

export const MESSAGES_FILE_FORMAT = 'mqtt-scope/messages@1'

export function exportSavedMessages(messages: readonly SavedMessage[]): string {
  return JSON.stringify({ format: MESSAGES_FILE_FORMAT, messages: messages.map(({ id, name, savedAt, draft }) => ({ id, name, savedAt, draft })) }, null, 2)
}

/**
 * Parses an exported file; every entry validated (bad ones named by index) — all or nothing.
 * An entry without a usable id (missing, or one an earlier entry has) gets a new one; without
 * savedAt it gets the import time.
 */
export function importSavedMessages(text: string): { messages: SavedMessage[] } | { error: string } {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return { error: 'The file is not JSON' }
  }
  const list = isObject(data) ? data.messages : undefined
  if (!isObject(data) || data.format !== MESSAGES_FILE_FORMAT || !Array.isArray(list)) {
    return { error: `Not an mqtt-scope messages file (expected "format": "${MESSAGES_FILE_FORMAT}")` }
  }
  if (list.length > LIMITS.publish.saved) return { error: `The file holds ${count(list.length)} messages; at most ${count(LIMITS.publish.saved)} can be saved` }
  const now = Date.now()
  const ids = new Set<string>()
  const messages: SavedMessage[] = []
  for (const [i, item] of list.entries()) {
    if (!isObject(item) || typeof item.name !== 'string' || item.name.trim() === '') return { error: `Message ${i + 1} has no name` }
    const draft = checkStoredDraft(item.draft)
    if ('error' in draft) return { error: `Message ${i + 1} ("${item.name}"): ${draft.error}` }
    if (item.savedAt !== undefined && !isCount(item.savedAt)) return { error: `Message ${i + 1} ("${item.name}"): "savedAt" is not a time` }
    const id = typeof item.id === 'string' && item.id !== '' && !ids.has(item.id) ? item.id : newMessageId(now, i)
    ids.add(id)
    messages.push({ id, name: item.name, draft: draft.draft, savedAt: item.savedAt ?? now })
  }
  return { messages }
}

/** An id for a message (crypto.randomUUID is missing outside secure contexts: not used). */
export function newMessageId(now = Date.now(), n = 0): string {
  return `m-${now.toString(36)}-${n.toString(36)}-${Math.random().toString(36).slice(2, 8)}`
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0
}

function count(n: number): string {
  return n.toLocaleString('en')
}
