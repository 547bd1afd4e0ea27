import type { ConnectOptions } from '../model/connection-types.ts'
import type { RecordedMessage } from '../model/recording-jsonl.ts'
import type { TopicTree } from '../model/topic-tree.ts'
import type { WorkerEvent } from './protocol.ts'
import { lastSetFromTree, listRetained } from './retained-list.ts'
import { openRestoreTarget, restoreMessages } from './retained-restore.ts'
import { openScanClient } from './retained-scan.ts'
import { throttledProgress } from './throttled-progress.ts'

export interface RetainedViewDeps {
  readonly tree: TopicTree
  /** The session's options (undefined: not connected). */
  readonly current: () => ConnectOptions | undefined
  /** Sends an event; `transfer` lists buffers handed over instead of copied. */
  readonly post: (event: WorkerEvent, transfer?: Transferable[]) => void
}

/**
 * The worker's side of the Retained view: a listing (the retained scan, keeping the messages) and
 * a restore (publishing a backup retained), one of each at a time, each on a connection of its own.
 */
export class RetainedViewService {
  readonly #deps: RetainedViewDeps
  #restoring = false

  constructor(deps: RetainedViewDeps) {
    this.#deps = deps
  }

  async list(id: number, filter: string): Promise<void> {
    const options = this.#deps.current()
    const empty = { id, filter, entries: [], leftOut: 0, partial: false, at: Date.now() }
    if (!options) {
      this.#deps.post({ type: 'retained-list', listing: { ...empty, error: 'not connected' } })
      return
    }
    try {
      const listing = await listRetained(await openScanClient(options), filter, lastSetFromTree(this.#deps.tree))
      // The payloads share one packed buffer of their own: handed over, not copied again.
      const packed = listing.entries[0]?.payload.buffer
      this.#deps.post({ type: 'retained-list', listing: { id, ...listing } }, packed ? [packed as ArrayBuffer] : [])
    } catch (error) {
      this.#deps.post({ type: 'retained-list', listing: { ...empty, error: error instanceof Error ? error.message : String(error) } })
    }
  }

  /** Publishes `messages` retained to `target` (undefined: the current session's broker). */
  async restore(id: number, messages: readonly RecordedMessage[], target: ConnectOptions | undefined): Promise<void> {
    const report = (state: Parameters<Parameters<typeof restoreMessages>[2]>[0]) => this.#deps.post({ type: 'restore-progress', progress: { id, ...state } })
    const fail = (error: string) => report({ total: messages.length, done: 0, refused: 0, finished: true, reasons: [], error })
    if (this.#restoring) return fail('another restore is still running')
    const options = target ?? this.#deps.current()
    if (!options) return fail('not connected')
    this.#restoring = true
    try {
      let connection
      try {
        connection = await openRestoreTarget(options)
      } catch (error) {
        return fail(`cannot connect: ${error instanceof Error ? error.message : String(error)}`)
      }
      try {
        await restoreMessages(messages, (m) => connection.publish(m), throttledProgress(report))
      } finally {
        connection.end()
      }
    } finally {
      this.#restoring = false
    }
  }
}
