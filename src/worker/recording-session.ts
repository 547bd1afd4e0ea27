import type { RecordedMessage } from '../model/recording-jsonl.ts'
import type { RecordingSessionState } from '../model/recording-session-types.ts'
import { clampTime, planSeek } from '../model/recording-window.ts'
import type { IncomingMessage } from './mqtt-session.ts'
import { asIncoming, fetchRecordingInfo, streamRecording, type RecordingServer } from './recording-source.ts'

/** What the worker does for the recording session: the same data path as a live session. */
export interface RecordingSink {
  /** Forget every topic, its history and the charts' points (another recording, or back to live). */
  reset(): void
  /** The same, going back in time within the recording: the open rows stay open (Explorer.rewind). */
  rewind(): void
  /** One recorded message, through the live ingest path, arriving at its recorded time. */
  ingest(message: IncomingMessage, at: number): void
}

type Fetch = Parameters<typeof streamRecording>[5]

/**
 * A server recording opened in the explorer, read-only (issue 16). Opening loads every message
 * (streamed: never the whole file at once) and shows the tree at the last one; `seek(T)` shows it
 * as it was at T: forward adds the messages in (shown, T], backward starts again from nothing and
 * streams ts <= T (the server answers from its index on ts; model/recording-window.ts). One load
 * at a time: a newer open or seek aborts the one running, and the tree is rebuilt from scratch
 * after an aborted load, so it is never a mix of two times.
 */
export class RecordingSession {
  readonly #sink: RecordingSink
  readonly #fetch: Fetch | undefined
  #state: RecordingSessionState | undefined
  #source: RecordingServer | undefined
  #abort: AbortController | undefined
  /** The T whose messages are all in the tree; undefined: the tree is empty or partial. */
  #shown: number | undefined
  /** The newest recorded time ingested: the clock while loading (rates and charts at that time). */
  #clock = 0
  /** Messages ingested by the load running (the state's `loaded` is brought up to it when read). */
  #loaded = 0
  /** Bumped on every state change; the flush clock sends the state when it moved. */
  version = 0
  #queue: Promise<void> = Promise.resolve()

  constructor(sink: RecordingSink, fetchImpl?: Fetch) {
    this.#sink = sink
    this.#fetch = fetchImpl
  }

  get state(): RecordingSessionState | undefined {
    const state = this.#state
    return state?.phase === 'loading' && this.#loaded !== state.loaded ? { ...state, loaded: this.#loaded } : state
  }

  get open(): boolean {
    return this.#state !== undefined
  }

  /** The explorer's "now" while a recording is open: the time the tree is at. */
  clock(): number | undefined {
    if (this.#state === undefined) return undefined
    return this.#state.phase === 'ready' && this.#state.at !== undefined ? this.#state.at : this.#clock
  }

  /** Opens recording `id` and loads it to its last message. */
  openRecording(id: string, name: string, source: RecordingServer): Promise<void> {
    this.#abort?.abort()
    this.#source = source
    this.#shown = undefined
    this.#sink.reset()
    this.#set({ id, name, phase: 'loading', first: undefined, last: undefined, total: 0, evictedByServer: 0, at: undefined, target: undefined, loaded: 0 })
    return this.#run(async () => {
      const info = await fetchRecordingInfo(source, id, this.#fetch).catch((error: unknown) => ({
        error: error instanceof Error ? error.message : String(error),
      }))
      if (this.#state?.id !== id || this.#source !== source) return
      if ('error' in info) return this.#set({ ...this.#state, phase: 'failed', error: `the recording could not be read: ${info.error}` })
      this.#set({ ...this.#state, first: info.first, last: info.last, total: info.messages, evictedByServer: info.evicted, target: info.last })
      if (info.last === undefined) return this.#set({ ...this.#state, phase: 'ready', at: undefined })
      await this.#load(info.last)
    })
  }

  /** Shows the tree as it was at `time` (clamped to the recording's span). */
  seek(time: number): Promise<void> {
    const state = this.#state
    if (state === undefined) return Promise.resolve()
    const target = clampTime(state, time)
    if (target === undefined) return Promise.resolve()
    // A newer position wins: the load running is stopped (and the tree rebuilt from nothing).
    if (this.#abort !== undefined) {
      this.#abort.abort()
      this.#shown = undefined
    }
    this.#set({ ...state, phase: 'loading', target, error: undefined })
    return this.#run(() => this.#load(target))
  }

  /** Back to live: the recording's data is forgotten. */
  close(): void {
    this.#abort?.abort()
    this.#abort = undefined
    this.#source = undefined
    this.#shown = undefined
    if (this.#state === undefined) return
    this.#state = undefined
    this.version++
    this.#sink.reset()
  }

  async #load(target: number): Promise<void> {
    const state = this.#state
    const source = this.#source
    if (state === undefined || source === undefined) return
    // A newer seek came while this one waited its turn: only the newest is loaded.
    if (state.target !== target) return
    const plan = planSeek(this.#shown, target)
    if (plan.kind === 'none') return this.#set({ ...state, phase: 'ready', at: target, target })
    let loaded = state.loaded
    if (plan.kind === 'restart') {
      this.#sink.rewind()
      this.#clock = state.first ?? 0
      loaded = 0
    }
    this.#shown = undefined
    const abort = new AbortController()
    this.#abort = abort
    this.#set({ ...state, phase: 'loading', target, loaded })
    const range = plan.kind === 'forward' ? { from: plan.from, to: plan.to } : { to: plan.to }
    const result = await streamRecording(
      source,
      state.id,
      range,
      (message: RecordedMessage) => {
        if (message.ts > this.#clock) this.#clock = message.ts
        this.#sink.ingest(asIncoming(message), message.ts)
        loaded++
        // Progress: a counter read when the flush clock sends the state (never an event per message).
        this.#loaded = loaded
        this.version++
      },
      abort.signal,
      this.#fetch,
    )
    if (this.#abort === abort) this.#abort = undefined
    if (result.aborted === true || this.#state === undefined || this.#source !== source) return
    if (result.error !== undefined) return this.#set({ ...this.#state, phase: 'failed', loaded, error: `the recording could not be read: ${result.error}` })
    this.#shown = target
    this.#set({ ...this.#state, phase: 'ready', at: target, target, loaded })
  }

  #set(state: RecordingSessionState): void {
    this.#state = state
    this.#loaded = state.loaded
    this.version++
  }

  #run(step: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(step)
    this.#queue = next.catch(() => {})
    return next
  }
}
