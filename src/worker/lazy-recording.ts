import type { RecordingSessionState } from '../model/recording-session-types.ts'
import { failureReason, LazyService } from './lazy-service.ts'
import type { RecordingSession, RecordingSink } from './recording-session.ts'
import type { RecordingServer } from './recording-source.ts'
import type { WorkerEvent } from './protocol.ts'

/**
 * A server recording opened read-only (RecordingSession, with its streaming reader), loaded with
 * the first recording opened: the same calls, queued in order while the chunk loads. Until then no
 * recording is open (no state, no clock, nothing to close or seek).
 */
export class LazyRecording {
  readonly #session: LazyService<RecordingSession>

  constructor(sink: RecordingSink, emit: (event: WorkerEvent) => void) {
    this.#session = new LazyService(
      () => import('./recording-session.ts').then((m) => new m.RecordingSession(sink)),
      (error) => emit({ type: 'error', message: `the recording could not be opened: ${failureReason(error)}` }),
    )
  }

  get version(): number {
    return this.#session.loaded?.version ?? 0
  }

  get state(): RecordingSessionState | undefined {
    return this.#session.loaded?.state
  }

  clock(): number | undefined {
    return this.#session.loaded?.clock()
  }

  /** Settles when the recording is loaded (as RecordingSession's); a chunk that fails to load is reported instead. */
  openRecording(id: string, name: string, source: RecordingServer): Promise<void> {
    return new Promise((resolve, reject) => this.#session.use((session) => void session.openRecording(id, name, source).then(resolve, reject)))
  }

  /** Before any recording was opened there is nothing to seek in. */
  seek(time: number): Promise<void> {
    if (!this.#session.using) return Promise.resolve()
    return new Promise((resolve, reject) => this.#session.ifUsed((session) => void session.seek(time).then(resolve, reject)))
  }

  close(): void {
    this.#session.ifUsed((session) => session.close())
  }
}
