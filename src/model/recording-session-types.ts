/**
 * The read-only recording session as the worker reports it to the page (issue 16): which
 * recording the explorer shows, its span, the time T the tree is at, and the loading progress.
 */
export interface RecordingSessionState {
  readonly id: string
  readonly name: string
  /** loading: messages up to `target` are being ingested; ready: the tree is the recording at `at`; failed: see `error`. */
  readonly phase: 'loading' | 'ready' | 'failed'
  /** First and last recorded times (epoch ms); undefined while unknown or for an empty recording. */
  readonly first: number | undefined
  readonly last: number | undefined
  /** Messages the recording holds (GET /api/recordings/:id). */
  readonly total: number
  /** Messages the server's recording budget had evicted before it was opened (its oldest). */
  readonly evictedByServer: number
  /** The time the tree shows (every message with ts <= at); undefined until the first load finished. */
  readonly at: number | undefined
  /** The time being loaded to (the slider's value while loading). */
  readonly target: number | undefined
  /** Messages ingested for the tree shown (or being built): the tree's total at `at`. */
  readonly loaded: number
  readonly error?: string
}
