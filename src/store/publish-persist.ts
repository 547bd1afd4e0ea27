/** How the publish state is kept in browser storage, and read back from it (untrusted: checked). */
import type { PublishDraft } from '@/model/publish-draft.ts'
import {
  checkStoredDraft,
  fromStoredDraft,
  storedDraftNote,
  toStoredDraft,
  type PublishRecord,
  type SavedMessage,
  type StoredDraft,
} from '@/model/publish-storage.ts'
import type { PublishSlice, RepeatSettings } from './publish-slice.ts'

/** The stored form of a draft, computed once per draft object (persist asks on every state change). */
const storedForms = new WeakMap<PublishDraft, StoredDraft>()
export function storedDraftOf(draft: PublishDraft): StoredDraft {
  let stored = storedForms.get(draft)
  if (!stored) {
    stored = toStoredDraft(draft)
    storedForms.set(draft, stored)
  }
  return stored
}

/** The persisted publish state back in the store; anything unreadable is dropped, not fatal. */
export function restorePublishState(saved: Record<string, unknown>): Partial<PublishSlice> {
  const restored: { -readonly [K in keyof PublishSlice]?: PublishSlice[K] } = {}
  const draft = checkStoredDraft(saved.publishDraft)
  if ('draft' in draft) {
    restored.publishDraft = fromStoredDraft(draft.draft)
    restored.draftNote = storedDraftNote(draft.draft)
  }
  if (typeof saved.publishTopicTyped === 'boolean') restored.publishTopicTyped = saved.publishTopicTyped
  if (typeof saved.publishOpen === 'boolean') restored.publishOpen = saved.publishOpen
  const repeat = saved.publishRepeat as RepeatSettings | undefined
  if (repeat && typeof repeat.on === 'boolean' && typeof repeat.intervalMs === 'string' && typeof repeat.count === 'string') restored.publishRepeat = repeat
  if (Array.isArray(saved.publishRecords)) restored.publishRecords = saved.publishRecords.flatMap(checkRecord)
  if (Array.isArray(saved.savedMessages)) restored.savedMessages = saved.savedMessages.flatMap(checkSaved)
  return restored
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

function checkRecord(value: unknown): PublishRecord[] {
  if (!isObject(value) || typeof value.id !== 'string' || typeof value.sentTopic !== 'string' || typeof value.at !== 'number') return []
  const draft = checkStoredDraft(value.draft)
  if (!('draft' in draft)) return []
  return [
    { id: value.id, at: value.at, sentTopic: value.sentTopic, draft: draft.draft, ...(typeof value.outcome === 'string' ? { outcome: value.outcome } : {}) },
  ]
}

function checkSaved(value: unknown): SavedMessage[] {
  if (!isObject(value) || typeof value.id !== 'string' || typeof value.name !== 'string') return []
  const draft = checkStoredDraft(value.draft)
  if (!('draft' in draft)) return []
  return [{ id: value.id, name: value.name, draft: draft.draft, savedAt: typeof value.savedAt === 'number' ? value.savedAt : 0 }]
}
