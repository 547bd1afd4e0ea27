import type { StateCreator } from 'zustand'
import type { ConnectionState } from '@/model/connection-types.ts'
import { LIMITS } from '@/model/limits.ts'
import { EMPTY_DRAFT, toPublishMessage, validateDraft, type DraftProblems, type PublishDraft, type PublishTarget } from '@/model/publish-draft.ts'
import {
  addRecord,
  exportSavedMessages,
  fromStoredDraft,
  importSavedMessages,
  newMessageId,
  saveMessage,
  storedDraftNote,
  type PublishRecord,
  type SavedMessage,
  type StoredDraft,
} from '@/model/publish-storage.ts'
import { jobText, outcomeText } from '@/model/publish-outcome.ts'
import { convertPayload, type PayloadMode } from '@/model/publish-payload.ts'
import type { PublishJob, PublishOutcome, PublishRepeat } from '@/model/publish-types.ts'
import { READ_ONLY_REASON } from './recording-session-slice.ts'
import { storedDraftOf } from './publish-persist.ts'
import type { AppState } from './app-store.ts'

/** The repeat controls as typed: "Every (ms)", "Times" (empty: until stopped). */
export interface RepeatSettings {
  readonly on: boolean
  readonly intervalMs: string
  readonly count: string
}

export const DEFAULT_REPEAT: RepeatSettings = { on: false, intervalMs: '1000', count: '' }

export type PublishProblems = DraftProblems & Partial<Record<'interval' | 'count', string>>

/** The publish panel: the draft being edited, what was sent and how it ended, saved messages. */
export interface PublishSlice {
  publishDraft: PublishDraft
  /**
   * The person typed the Topic (or loaded a message with its topic) since the tree last filled it:
   * selecting a topic in the tree then leaves the field alone ("Use selected topic" fills it).
   */
  publishTopicTyped: boolean
  /** The Publish panel shows its form (its header, with the Publish button, shows either way). */
  publishOpen: boolean
  /** What the draft loaded from storage lost to the storage budget (a file to choose again). */
  draftNote: string | undefined
  publishRepeat: RepeatSettings
  /** Shown once Publish was pressed; kept up to date while the draft changes, until it is fine. */
  publishProblems: PublishProblems
  /** A send whose first outcome has not arrived yet. */
  publishPending: { readonly jobId: number; readonly topic: string } | undefined
  publishOutcome: PublishOutcome | undefined
  /** The latest repeat job, running or ended. */
  publishJob: PublishJob | undefined
  /** Newest first, at most LIMITS.publish.history. */
  publishRecords: PublishRecord[]
  savedMessages: SavedMessage[]
  setPublishDraft(patch: Partial<PublishDraft>): void
  /** The Topic as typed: the tree stops filling it, until it is emptied. */
  typePublishTopic(topic: string): void
  /** Fills the Topic with the topic selected in the tree, which fills it again from then on. */
  useSelectedTopic(): void
  setPublishOpen(open: boolean): void
  /**
   * Switches the payload mode, carrying the bytes over ("Hi" → "48 69"); when they cannot be, the
   * typed text is kept and the reason returned.
   */
  setPayloadMode(mode: PayloadMode): string | undefined
  setPublishRepeat(patch: Partial<RepeatSettings>): void
  /** Validates the draft and sends it (repeating when Repeat is on); false: problems, nothing sent. */
  publish(): boolean
  stopPublish(): void
  /** Sends a recent publish again at once (when it has problems it is loaded into the editor instead). */
  resendRecord(id: string): void
  editRecord(id: string): void
  /** Saves the draft under `name` (replacing a message of that name); returns the problem instead. */
  saveMessage(name: string): string | undefined
  loadSavedMessage(id: string): void
  publishSavedMessage(id: string): void
  deleteSavedMessage(id: string): void
  exportSavedMessages(): string
  /** Adds the file's messages (same name: replaced); returns the problem instead. */
  importSavedMessages(text: string): string | undefined
  applyPublishOutcome(outcome: PublishOutcome): void
  applyPublishJob(job: PublishJob): void
}

export function publishTarget(connection: ConnectionState): PublishTarget {
  return { connected: connection.state === 'connected', protocolVersion: connection.protocolVersion, broker: connection.broker }
}

function repeatProblems(repeat: RepeatSettings): PublishProblems {
  if (!repeat.on) return {}
  const problems: PublishProblems = {}
  const interval = Number(repeat.intervalMs)
  if (repeat.intervalMs.trim() === '' || !Number.isInteger(interval)) problems.interval = 'A whole number of milliseconds'
  else if (interval < LIMITS.publish.minIntervalMs) problems.interval = `At least ${LIMITS.publish.minIntervalMs} ms`
  const count = Number(repeat.count)
  if (repeat.count.trim() !== '' && (!Number.isInteger(count) || count < 1)) problems.count = 'A whole number, at least 1 (empty: until stopped)'
  return problems
}

function toRepeat(repeat: RepeatSettings): PublishRepeat | undefined {
  if (!repeat.on) return undefined
  const intervalMs = Number(repeat.intervalMs)
  return repeat.count.trim() === '' ? { intervalMs } : { intervalMs, count: Number(repeat.count) }
}

const hasProblems = (problems: PublishProblems): boolean => Object.values(problems).some((p) => p !== undefined)

export const createPublishSlice: StateCreator<AppState, [], [], PublishSlice> = (set, get, api) => {
  let nextJobId = 1
  // Which record each job of this page wrote, and whether it repeats (its record then says how the job ended).
  const jobs = new Map<number, { recordId: string; repeats: boolean }>()

  const check = (draft: PublishDraft, repeat: RepeatSettings): PublishProblems => ({
    ...validateDraft(draft, publishTarget(get().connection)),
    ...repeatProblems(repeat),
  })

  /** Sends a valid draft; the caller checked it. */
  const send = (draft: PublishDraft, stored: StoredDraft, repeat: PublishRepeat | undefined) => {
    // A recording is read-only: nothing is sent to any broker while it is open.
    if (get().openedRecording !== undefined) return void set({ lastError: READ_ONLY_REASON })
    const jobId = nextJobId++
    const message = toPublishMessage(draft, get().connection.protocolVersion ?? 4)
    get().send(repeat ? { type: 'publish', jobId, message, repeat } : { type: 'publish', jobId, message })
    const record: PublishRecord = { id: newMessageId(), at: Date.now(), sentTopic: draft.topic, draft: stored }
    jobs.set(jobId, { recordId: record.id, repeats: repeat !== undefined })
    set((s) => ({
      publishPending: { jobId, topic: draft.topic },
      publishOutcome: undefined,
      publishRecords: addRecord(s.publishRecords, record),
      ...(repeat ? { publishJob: { jobId, total: repeat.count, sent: 0, acknowledged: 0, failed: 0, running: true } } : {}),
    }))
  }

  /** Puts a stored draft into the editor, saying what storage could not keep; its topic counts as chosen. */
  const load = (stored: StoredDraft, problems: PublishProblems = {}) =>
    set({ publishDraft: fromStoredDraft(stored), draftNote: storedDraftNote(stored), publishProblems: problems, publishTopicTyped: stored.topic !== '' })

  /** Sends a stored draft at once; one with problems, or that lost its payload, is loaded into the editor instead. */
  const sendStored = (stored: StoredDraft) => {
    const draft = fromStoredDraft(stored)
    const problems = validateDraft(draft, publishTarget(get().connection))
    if (hasProblems(problems) || storedDraftNote(stored)) load(stored, problems)
    else send(draft, stored, undefined)
  }

  const updateRecord = (jobId: number, patch: Partial<PublishRecord>) => {
    const recordId = jobs.get(jobId)?.recordId
    if (recordId === undefined) return
    set((s) => ({ publishRecords: s.publishRecords.map((r) => (r.id === recordId ? { ...r, ...patch } : r)) }))
  }

  /** The topic selected in the tree, from the rows on screen or the batch (undefined: not known yet). */
  const selectedTopic = (state: AppState, id: number | undefined): string | undefined => {
    if (id === undefined) return undefined
    if (state.batch.selected?.id === id) return state.batch.selected.topic
    return (state.batch.tree.rows.find((r) => r.id === id) ?? state.batch.busiest?.find((r) => r.id === id))?.topic
  }

  // The tree's selection fills the topic, unless the person typed one: at once when the selected row
  // is on screen, else with the next batch (which carries the selected topic).
  let fillFor: number | undefined
  api.subscribe((state, previous) => {
    if (state.selectedId !== previous.selectedId) {
      fillFor = state.publishTopicTyped ? undefined : state.selectedId
      const row = state.batch.tree.rows.find((r) => r.id === fillFor) ?? state.batch.busiest?.find((r) => r.id === fillFor)
      if (row && fillFor !== undefined) {
        fillFor = undefined
        state.setPublishDraft({ topic: row.topic })
        return
      }
    }
    if (fillFor !== undefined && state.batch.selected?.id === fillFor) {
      fillFor = undefined
      state.setPublishDraft({ topic: state.batch.selected.topic })
      return
    }
    if (state.connection !== previous.connection && hasProblems(state.publishProblems)) {
      set({ publishProblems: check(state.publishDraft, state.publishRepeat) })
    }
  })

  return {
    publishDraft: EMPTY_DRAFT,
    publishTopicTyped: false,
    publishOpen: true,
    draftNote: undefined,
    publishRepeat: DEFAULT_REPEAT,
    publishProblems: {},
    publishPending: undefined,
    publishOutcome: undefined,
    publishJob: undefined,
    publishRecords: [],
    savedMessages: [],
    setPublishDraft(patch) {
      const { publishDraft, publishProblems, publishRepeat, draftNote } = get()
      const draft = { ...publishDraft, ...patch }
      if (draft.topic === publishDraft.topic && Object.keys(patch).every((k) => k === 'topic')) return
      set({
        publishDraft: draft,
        draftNote: patch.file || patch.payload !== undefined ? undefined : draftNote,
        ...(hasProblems(publishProblems) ? { publishProblems: check(draft, publishRepeat) } : {}),
      })
    },
    typePublishTopic(topic) {
      get().setPublishDraft({ topic })
      if (get().publishTopicTyped !== (topic !== '')) set({ publishTopicTyped: topic !== '' })
    },
    useSelectedTopic() {
      const topic = selectedTopic(get(), get().selectedId)
      fillFor = undefined
      if (topic !== undefined) get().setPublishDraft({ topic })
      set({ publishTopicTyped: false })
    },
    setPublishOpen(open) {
      set({ publishOpen: open })
    },
    setPayloadMode(mode) {
      const { mode: from, payload } = get().publishDraft
      if (mode === from) return undefined
      // The file mode keeps the typed payload aside for when the person comes back.
      const converted = from === 'file' || mode === 'file' || payload === '' ? { text: payload } : convertPayload(payload, from, mode)
      get().setPublishDraft({ mode, payload: 'text' in converted ? converted.text : payload })
      return 'error' in converted ? `Kept as typed: ${converted.error}` : undefined
    },
    setPublishRepeat(patch) {
      const { publishDraft, publishProblems, publishRepeat } = get()
      const repeat = { ...publishRepeat, ...patch }
      set({ publishRepeat: repeat, ...(hasProblems(publishProblems) ? { publishProblems: check(publishDraft, repeat) } : {}) })
    },
    publish() {
      const { publishDraft: draft, publishRepeat: repeat, publishJob } = get()
      if (publishJob?.running) return false
      const problems = check(draft, repeat)
      set({ publishProblems: problems })
      if (hasProblems(problems)) return false
      send(draft, storedDraftOf(draft), toRepeat(repeat))
      return true
    },
    stopPublish() {
      const job = get().publishJob
      if (job?.running) get().send({ type: 'publish-stop', jobId: job.jobId })
    },
    resendRecord(id) {
      const record = get().publishRecords.find((r) => r.id === id)
      if (record) sendStored(record.draft)
    },
    editRecord(id) {
      const record = get().publishRecords.find((r) => r.id === id)
      if (record) load(record.draft)
    },
    saveMessage(rawName) {
      const name = rawName.trim()
      if (name === '') return 'Give the message a name'
      const result = saveMessage(get().savedMessages, { id: newMessageId(), name, draft: storedDraftOf(get().publishDraft), savedAt: Date.now() })
      if ('error' in result) return result.error
      set({ savedMessages: result.messages })
      return undefined
    },
    loadSavedMessage(id) {
      const message = get().savedMessages.find((m) => m.id === id)
      if (message) load(message.draft)
    },
    publishSavedMessage(id) {
      const message = get().savedMessages.find((m) => m.id === id)
      if (message) sendStored(message.draft)
    },
    deleteSavedMessage(id) {
      set((s) => ({ savedMessages: s.savedMessages.filter((m) => m.id !== id) }))
    },
    exportSavedMessages() {
      return exportSavedMessages(get().savedMessages)
    },
    importSavedMessages(text) {
      const result = importSavedMessages(text)
      if ('error' in result) return result.error
      // One by one as if saved here (same name: replaced), all or nothing.
      let messages: SavedMessage[] = get().savedMessages
      for (const message of result.messages) {
        const saved = saveMessage(messages, message)
        if ('error' in saved) return saved.error
        messages = saved.messages
      }
      set({ savedMessages: messages })
      return undefined
    },
    applyPublishOutcome(outcome) {
      const job = jobs.get(outcome.jobId)
      set((s) => ({ publishOutcome: outcome, publishPending: s.publishPending?.jobId === outcome.jobId ? undefined : s.publishPending }))
      // A single send's record shows its outcome; a repeating job's, how the job ended (applyPublishJob).
      if (job && !job.repeats) {
        updateRecord(outcome.jobId, { sentTopic: outcome.topic, outcome: outcomeText(outcome) })
        jobs.delete(outcome.jobId)
      } else if (job && outcome.index === 1) updateRecord(outcome.jobId, { sentTopic: outcome.topic })
    },
    applyPublishJob(job) {
      if (get().publishJob?.jobId === job.jobId) set({ publishJob: job })
      if (!job.running && jobs.get(job.jobId)?.repeats) {
        updateRecord(job.jobId, { outcome: jobText(job) })
        jobs.delete(job.jobId)
      }
    },
  }
}
