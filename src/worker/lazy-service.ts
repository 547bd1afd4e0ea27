/**
 * A worker service whose code is a chunk of its own, loaded on first use (issue 18: what the first
 * message does not need stays out of the worker's first load). Calls made while the chunk loads are
 * queued and run in their order once it is there, so nothing is lost or reordered; calls that have
 * nothing to do before the first use (a stop, a poll) do nothing until then. A chunk that fails to
 * load is reported (onError), its queued calls are dropped with that report (each told first, in
 * order, when it gave a `failed` callback: a call that owes the page an answer answers it), and the
 * next use tries again.
 */
/** Why a chunk (or anything else) failed, as text for the page. */
export function failureReason(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export class LazyService<T> {
  readonly #load: () => Promise<T>
  readonly #onError: (error: unknown) => void
  #service: T | undefined
  #queued: Array<{ readonly call: (service: T) => void; readonly failed: ((error: unknown) => void) | undefined }> | undefined

  constructor(load: () => Promise<T>, onError: (error: unknown) => void) {
    this.#load = load
    this.#onError = onError
  }

  /** The service, when loaded. */
  get loaded(): T | undefined {
    return this.#service
  }

  /** Loaded, or loading. */
  get using(): boolean {
    return this.#service !== undefined || this.#queued !== undefined
  }

  /**
   * Runs `call` now if the service is loaded, else once it is (and starts loading it). `failed`:
   * called instead of `call` when the load fails.
   */
  use(call: (service: T) => void, failed?: (error: unknown) => void): void {
    if (this.#service !== undefined) return call(this.#service)
    if (this.#queued !== undefined) {
      this.#queued.push({ call, failed })
      return
    }
    const queued = [{ call, failed }]
    this.#queued = queued
    this.#load().then(
      (service) => {
        this.#service = service
        this.#queued = undefined
        for (const each of queued) each.call(service)
      },
      (error: unknown) => {
        this.#queued = undefined
        for (const each of queued) each.failed?.(error)
        this.#onError(error)
      },
    )
  }

  /** Runs `call` only if the service is loaded or loading (in order after what is queued). */
  ifUsed(call: (service: T) => void): void {
    if (this.#service !== undefined) call(this.#service)
    else this.#queued?.push({ call, failed: undefined })
  }
}
