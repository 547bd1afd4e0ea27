import type { StateCreator } from 'zustand'
import type { Batch } from '@/model/batch-types.ts'
import type { RecordingSessionState } from '@/model/recording-session-types.ts'
import type { AppState } from './app-store.ts'

/** A recording opened in the explorer as a read-only session (issue 16). */
export interface OpenedRecording {
  readonly id: string
  readonly name: string
}

export interface RecordingSessionSlice {
  /** The recording the explorer shows instead of a live connection; undefined when live. */
  openedRecording: OpenedRecording | undefined
  /** What the worker reports about it: loading progress, span, the time T the tree is at. */
  recordingSession: RecordingSessionState | undefined
  /** Opens a server recording in the explorer (tree, inspector, history, charts), read-only. */
  openRecording(recording: OpenedRecording): void
  /** Back to the live connection. */
  closeRecording(): void
  /** The time slider: the tree as the recording was at `at` (epoch ms). */
  seekRecording(at: number): void
  applyRecordingSession(state: RecordingSessionState | undefined): void
  /**
   * The topic selected when the slider moved: a move back rebuilds the tree (new topic ids) and the
   * worker selects the same topic again under its new id; the page follows (followRecordingSelection).
   */
  recordingReselect: { readonly id: number; readonly topic: string } | undefined
  /** After each batch: adopts the worker's new id for the topic selected before a move back. */
  followRecordingSelection(batch: Batch): void
}

/** Why publishing, clearing retained messages and subscription changes are off while a recording is open. */
export const READ_ONLY_REASON = 'A recording is open (read-only): go back to live to publish, clear or change subscriptions'

/** The page's own server: the recordings are there (the worker fetches them from it). */
function serverOrigin(): string {
  return globalThis.location?.origin ?? 'http://127.0.0.1:8080'
}

// The seam between the Recordings panel (which offers "Open in explorer") and the read-only session
// (which loads the recording into the worker). Opening ends the live connection (the worker holds
// one tree: see docs/architecture.md "The read-only recording session"); "Back to live" connects
// again with the same profile and subscriptions.
export const createRecordingSessionSlice: StateCreator<AppState, [], [], RecordingSessionSlice> = (set, get) => ({
  openedRecording: undefined,
  recordingSession: undefined,
  recordingReselect: undefined,
  openRecording(recording) {
    // A paused tree would hide the recording: the slider is how it moves, so it opens unpaused.
    if (get().batch.paused) get().resume()
    set({ openedRecording: recording, recordingSession: undefined, recordingReselect: undefined })
    get().resetView()
    get().send({ type: 'recording-open', id: recording.id, name: recording.name, server: serverOrigin(), token: get().bridgeToken })
  },
  closeRecording() {
    if (get().openedRecording === undefined) return
    set({ openedRecording: undefined, recordingSession: undefined, recordingReselect: undefined })
    get().send({ type: 'recording-close' })
    get().connect()
  },
  seekRecording(at) {
    if (get().openedRecording === undefined) return
    const { selectedId, batch } = get()
    if (selectedId !== undefined && batch.selected?.id === selectedId) set({ recordingReselect: { id: selectedId, topic: batch.selected.topic } })
    get().send({ type: 'recording-seek', at })
  },
  followRecordingSelection(batch) {
    const pending = get().recordingReselect
    if (pending === undefined) return
    // The person chose another topic meanwhile (or none): theirs wins.
    if (get().selectedId !== pending.id || get().openedRecording === undefined) return void set({ recordingReselect: undefined })
    const selected = batch.selected
    if (selected === undefined || selected.topic !== pending.topic || selected.id === pending.id) return
    set({ recordingReselect: undefined })
    get().select(selected.id)
  },
  applyRecordingSession(state) {
    // A state from a recording closed meanwhile (or another one) is stale.
    const opened = get().openedRecording
    if (state !== undefined && opened?.id !== state.id) return
    set({ recordingSession: state })
  },
})

/** One row of GET /api/recordings, as the "Open recording" dialog lists it. */
export interface RecordingListItem {
  readonly id: string
  readonly name: string
  readonly state: string
  readonly messages: number
  readonly first: number | undefined
  readonly last: number | undefined
}

/** GET /api/recordings with the page's access token (when it has one), or why not. */
export async function listRecordings(token: string): Promise<{ readonly recordings: RecordingListItem[] } | { readonly error: string }> {
  try {
    const response = await fetch(`${serverOrigin()}/api/recordings`, { headers: token === '' ? {} : { Authorization: `Bearer ${token}` } })
    const body = (await response.json().catch(() => ({}))) as { recordings?: unknown; error?: unknown }
    if (!response.ok) return { error: typeof body.error === 'string' ? body.error : `HTTP ${response.status}` }
    const rows = Array.isArray(body.recordings) ? (body.recordings as Array<Record<string, unknown>>) : []
    const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined)
    return {
      recordings: rows
        .filter((r) => typeof r.id === 'string')
        .map((r) => ({
          id: r.id as string,
          name: typeof r.name === 'string' ? r.name : String(r.id),
          state: typeof r.state === 'string' ? r.state : '',
          messages: num(r.messages) ?? 0,
          first: num(r.first),
          last: num(r.last),
        })),
    }
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) }
  }
}
