import type { ClearProgress } from '../model/retained-types.ts'
import type { TopicTree } from '../model/topic-tree.ts'
import type { MqttSession } from './mqtt-session.ts'
import type { WorkerEvent } from './protocol.ts'
import { clearRetained } from './retained-clear.ts'
import { knownRetained, openScanClient, scanRetained, subtreeFilters } from './retained-scan.ts'
import type { RetainedTracker } from './retained-tracker.ts'
import { throttledProgress } from './throttled-progress.ts'

export interface RetainedJobsContext {
  readonly tree: TopicTree
  readonly tracker: RetainedTracker
  /** The live session, if any (it may change while a job runs). */
  current(): MqttSession | undefined
  emit(event: WorkerEvent): void
}

/** "Clear retained" (below): the scan of what is retained under a topic, and the clear itself, one at a time. */
export class RetainedJobs {
  readonly #ctx: RetainedJobsContext
  #clearing = false

  constructor(ctx: RetainedJobsContext) {
    this.#ctx = ctx
  }

  /** Retained topics at or below `id`: the broker's answer (a second connection) and what the tree knows. */
  async scan(id: number): Promise<void> {
    const { tree, tracker, emit } = this.#ctx
    const node = tree.byId(id)
    if (!node || node === tree.root) {
      emit({ type: 'error', message: 'that topic is no longer in the tree' })
      return
    }
    const topics = new Set(knownRetained(node, true))
    let partial = false
    let error: string | undefined
    const session = this.#ctx.current()
    if (!session) error = 'not connected'
    else {
      try {
        const startedAt = Date.now()
        const result = await scanRetained(await openScanClient(session.options), node.topic)
        for (const topic of result.topics) topics.add(topic)
        partial = result.partial
        error = result.error
        // The broker's answer also sets the subtree's marks (the scan, re-run on demand).
        if (!partial && error === undefined && this.#ctx.current() === session) tracker.applyScan(subtreeFilters(node.topic), result.topics, startedAt)
      } catch (e) {
        error = e instanceof Error ? e.message : String(e) // the page still gets an answer, with the tree's topics
      }
    }
    emit({ type: 'retained-scan', scan: { id, topic: node.topic, topics: [...topics].sort(), partial, ...(error !== undefined ? { error } : {}) } })
  }

  /** Empty retained messages at QoS 1, progress at most once per flush interval plus the final report. */
  async clear(id: number, subtree: boolean, topics: readonly string[]): Promise<void> {
    const report = (state: Omit<ClearProgress, 'id' | 'subtree'>) => this.#ctx.emit({ type: 'clear-progress', progress: { id, subtree, ...state } })
    if (this.#clearing) {
      report({ total: topics.length, done: 0, failed: topics.length, finished: true, errors: [{ topic: '', reason: 'another clear is still running' }] })
      return
    }
    this.#clearing = true
    try {
      const active = this.#ctx.current()
      await clearRetained(
        topics,
        (topic) => (active ? active.publish(topic, '', 1, true) : Promise.reject(new Error('not connected'))),
        throttledProgress(report),
      )
    } finally {
      this.#clearing = false
    }
  }
}
