import type { StateCreator } from 'zustand'
import {
  exportPath,
  isReplayOver,
  readRecordingList,
  readReplayProgress,
  type ExportRange,
  type RecordingList,
  type ReplayProgress,
} from '@/model/recording-list.ts'
import type { RecordingRequestBody } from '@/model/recording-start.ts'
import { callRecordingsApi, fetchExport, type ApiAnswer } from './recordings-client.ts'
import type { AppState } from './app-store.ts'

/** A replay started from this page, with the server's latest progress. */
export interface ReplayEntry {
  readonly recordingId: string
  readonly recordingName: string
  readonly progress: ReplayProgress
}

/** The body of POST /api/recordings/:id/replay. */
export interface ReplayRequestBody {
  readonly url?: string
  readonly topicPrefix?: string
  readonly speed: number
  readonly qos?: 0 | 1 | 2
  readonly from?: number
  readonly to?: number
}

/** The Recordings panel: the server's recordings (polled while the panel is open) and the replays started here. */
export interface RecordingsSlice {
  recordingsOpen: boolean
  /** The last answer of GET /api/recordings; undefined until one came. */
  recordingList: RecordingList | undefined
  /** Why the list could not be read (the server refused or is gone); the last list stays shown. */
  recordingsProblem: string | undefined
  /** Replays started from this page, newest first (at most 20 kept). */
  replays: readonly ReplayEntry[]
  setRecordingsOpen(open: boolean): void
  refreshRecordings(): Promise<void>
  /** POST /api/recordings; returns the server's refusal (bridge policy, bad filter), or undefined once started. */
  startRecording(body: RecordingRequestBody): Promise<string | undefined>
  stopRecording(id: string): Promise<string | undefined>
  deleteRecording(id: string): Promise<string | undefined>
  /** GET /api/recordings/:id/messages with the token, as a Blob to save. */
  exportRecording(id: string, range: ExportRange): Promise<{ blob: Blob } | { error: string }>
  /** POST /api/recordings/import: a new recording, or the refusal (with the bad line's number). */
  importRecording(file: Blob, name: string): Promise<{ id: string } | { error: string; line?: number | undefined }>
  startReplay(recordingId: string, recordingName: string, body: ReplayRequestBody): Promise<string | undefined>
  /** GET /api/replays/:id for every replay not over yet. */
  refreshReplays(): Promise<void>
  stopReplay(replayId: string): Promise<string | undefined>
  dismissReplay(replayId: string): void
}

const MAX_REPLAYS = 20

/** The token the dialog was last opened for: a refused poll asks once, not every second. */
let promptedForToken: string | undefined

export const createRecordingsSlice: StateCreator<AppState, [], [], RecordingsSlice> = (set, get) => {
  /** Every call goes through here: the token, and the access-token dialog when the server wants one. */
  const call = async (path: string, init?: Parameters<typeof callRecordingsApi>[2]): Promise<ApiAnswer> => {
    const token = get().bridgeToken
    const answer = await callRecordingsApi(path, token, init)
    if (!answer.ok && answer.status === 401) askForToken(token, answer.error)
    return answer
  }
  const askForToken = (token: string, error: string) => {
    if (promptedForToken === token || get().tokenPrompt !== undefined) return
    promptedForToken = token
    get().tokenRefused(token === '' ? undefined : `The access token is wrong (${error})`)
  }
  const setReplay = (progress: ReplayProgress) => set((s) => ({ replays: s.replays.map((r) => (r.progress.id === progress.id ? { ...r, progress } : r)) }))

  return {
    recordingsOpen: false,
    recordingList: undefined,
    recordingsProblem: undefined,
    replays: [],
    setRecordingsOpen(open) {
      set({ recordingsOpen: open })
      if (open) void get().refreshRecordings()
    },
    async refreshRecordings() {
      const answer = await call('/api/recordings')
      if (!answer.ok) return set({ recordingsProblem: answer.error })
      const list = readRecordingList(answer.json)
      if (list === undefined) return set({ recordingsProblem: 'the server answered with something that is not a list of recordings' })
      set({ recordingList: list, recordingsProblem: undefined })
    },
    async startRecording(body) {
      const answer = await call('/api/recordings', { json: body })
      if (!answer.ok) return answer.error
      await get().refreshRecordings()
      return undefined
    },
    async stopRecording(id) {
      const answer = await call(`/api/recordings/${encodeURIComponent(id)}/stop`, { method: 'POST' })
      await get().refreshRecordings()
      return answer.ok ? undefined : answer.error
    },
    async deleteRecording(id) {
      const answer = await call(`/api/recordings/${encodeURIComponent(id)}`, { method: 'DELETE' })
      await get().refreshRecordings()
      return answer.ok ? undefined : answer.error
    },
    async exportRecording(id, range) {
      const token = get().bridgeToken
      const answer = await fetchExport(exportPath(id, range), token)
      if ('error' in answer && answer.status === 401) askForToken(token, answer.error)
      return 'error' in answer ? { error: answer.error } : answer
    },
    async importRecording(file, name) {
      const answer = await call(`/api/recordings/import?${new URLSearchParams({ name }).toString()}`, { body: file })
      if (!answer.ok) return { error: answer.error, line: answer.line }
      await get().refreshRecordings()
      const id = (answer.json as { id?: unknown } | undefined)?.id
      return { id: typeof id === 'string' ? id : '' }
    },
    async startReplay(recordingId, recordingName, body) {
      const answer = await call(`/api/recordings/${encodeURIComponent(recordingId)}/replay`, { json: body })
      if (!answer.ok) return answer.error
      const id = (answer.json as { id?: unknown } | undefined)?.id
      if (typeof id !== 'string') return 'the server started no replay'
      const progress: ReplayProgress = { id, state: 'connecting', sent: 0, total: 0, reason: undefined }
      set((s) => ({ replays: [{ recordingId, recordingName, progress }, ...s.replays].slice(0, MAX_REPLAYS) }))
      await get().refreshReplays()
      return undefined
    },
    async refreshReplays() {
      const running = get().replays.filter((r) => !isReplayOver(r.progress.state))
      await Promise.all(
        running.map(async ({ progress: { id } }) => {
          const answer = await call(`/api/replays/${encodeURIComponent(id)}`)
          const progress = answer.ok ? readReplayProgress(answer.json) : undefined
          if (progress !== undefined) setReplay(progress)
          // The server forgot it (restarted, or too many replays since): say so instead of polling forever.
          else if (!answer.ok && answer.status === 404) {
            const entry = get().replays.find((r) => r.progress.id === id)
            if (entry) setReplay({ ...entry.progress, state: 'failed', reason: 'the server no longer knows this replay (was it restarted?)' })
          }
        }),
      )
    },
    async stopReplay(replayId) {
      const answer = await call(`/api/replays/${encodeURIComponent(replayId)}/stop`, { method: 'POST' })
      const progress = answer.ok ? readReplayProgress(answer.json) : undefined
      if (progress !== undefined) setReplay(progress)
      return answer.ok ? undefined : answer.error
    },
    dismissReplay(replayId) {
      set((s) => ({ replays: s.replays.filter((r) => r.progress.id !== replayId) }))
    },
  }
}
