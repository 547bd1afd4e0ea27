import type { ConnectOptions } from '../model/connection-types.ts'
import type { RecordedMessage } from '../model/recording-jsonl.ts'
import { failureReason, LazyService } from './lazy-service.ts'
import type { WorkerEvent } from './protocol.ts'
import type { RetainedJobs, RetainedJobsContext } from './retained-jobs.ts'
import type { RetainedViewDeps, RetainedViewService } from './retained-view-service.ts'

/**
 * The retained scan and clear (RetainedJobs) and the Retained view's listing and restore
 * (RetainedViewService, with the recording format's message codec), loaded with the first such
 * request: each is a user's action the worker answers with a message, so the page only waits the
 * chunk's few ms longer. Calls made meanwhile run in order once it is there; a chunk that fails to
 * load answers each of them with the reason. The retained tracker (the tree's marks) is not here:
 * it runs with every session.
 */
export class LazyRetained {
  readonly #jobs: LazyService<RetainedJobs>
  readonly #view: LazyService<RetainedViewService>
  readonly #emit: (event: WorkerEvent) => void
  readonly #current: RetainedJobsContext['current']

  constructor(jobs: RetainedJobsContext, view: RetainedViewDeps) {
    const emit = jobs.emit
    this.#emit = emit
    this.#current = jobs.current
    const report = (error: unknown) => emit({ type: 'error', message: `the retained messages' code could not be loaded: ${failureReason(error)}` })
    this.#jobs = new LazyService(() => import('./retained-jobs.ts').then((m) => new m.RetainedJobs(jobs)), report)
    this.#view = new LazyService(() => import('./retained-view-service.ts').then((m) => new m.RetainedViewService(view)), report)
  }

  scan(id: number): void {
    this.#jobs.use(
      (jobs) => void jobs.scan(id).catch(this.#report),
      (error) => this.#emit({ type: 'retained-scan', scan: { id, topic: '', topics: [], partial: true, error: failureReason(error) } }),
    )
  }

  /** Clears on the session of the moment asked: one that was switched while the chunk loaded is not cleared. */
  clear(id: number, subtree: boolean, topics: readonly string[]): void {
    const asked = this.#current()
    const fail = (why: string) =>
      this.#emit({
        type: 'clear-progress',
        progress: { id, subtree, total: topics.length, done: 0, failed: topics.length, finished: true, errors: [{ topic: '', reason: why }] },
      })
    this.#jobs.use(
      (jobs) => {
        if (this.#current() !== asked) return fail('the connection changed')
        void jobs.clear(id, subtree, topics).catch(this.#report)
      },
      (error) => fail(failureReason(error)),
    )
  }

  list(id: number, filter: string): void {
    this.#view.use(
      (view) => void view.list(id, filter).catch(this.#report),
      (error) =>
        this.#emit({ type: 'retained-list', listing: { id, filter, entries: [], leftOut: 0, partial: false, at: Date.now(), error: failureReason(error) } }),
    )
  }

  /** Restores to `target`, else to the broker of the moment asked (not one switched to while the chunk loaded). */
  restore(id: number, messages: readonly RecordedMessage[], target: ConnectOptions | undefined): void {
    const fail = (why: string) =>
      this.#emit({ type: 'restore-progress', progress: { id, total: messages.length, done: 0, refused: 0, finished: true, reasons: [], error: why } })
    const to = target ?? this.#current()?.options
    if (to === undefined) return fail('not connected')
    this.#view.use(
      (view) => void view.restore(id, messages, to).catch(this.#report),
      (error) => fail(failureReason(error)),
    )
  }

  readonly #report = (error: unknown) => this.#emit({ type: 'error', message: failureReason(error) })
}
