import type { DecodersStatus } from '../model/decode-rules.ts'
import type { InspectRequest, Inspection } from '../model/inspection-types.ts'
import type { TopicTree } from '../model/topic-tree.ts'
import { Decoding } from './decoding.ts'
import type { Inspector } from './inspector.ts'
import { failureReason, LazyService } from './lazy-service.ts'
import type { WorkerEvent } from './protocol.ts'

/**
 * The message inspector (Inspector, with the payload and JSON diffs), loaded with the first topic
 * inspected: the page asks (setRequest) and the worker answers on a later flush anyway, so the
 * first answer only comes the chunk's few ms later. Requests made meanwhile are applied in order,
 * then `loaded` asks for a flush. The decoding (rules, .proto files) stays in the first load: the
 * tree's previews, the charts and the publisher use it too.
 */
export class LazyInspector {
  readonly decoding: Decoding
  readonly #inspector: LazyService<Inspector>
  readonly #loaded: () => void

  constructor(tree: TopicTree, onDecodersStatus: (status: DecodersStatus) => void, emit: (event: WorkerEvent) => void, loaded: () => void) {
    this.decoding = new Decoding(tree, () => this.invalidate(), onDecodersStatus)
    this.#loaded = loaded
    this.#inspector = new LazyService(
      () => import('./inspector.ts').then((m) => new m.Inspector(tree, this.decoding)),
      (error) => emit({ type: 'error', message: `the inspector could not be loaded: ${failureReason(error)}` }),
    )
  }

  /** Nothing inspected and nothing asked: no inspector to load. */
  setRequest(request: InspectRequest): void {
    if (!this.#inspector.using && request.id === undefined) return
    const queued = this.#inspector.loaded === undefined
    this.#inspector.use((inspector) => {
      inspector.setRequest(request)
      if (queued) this.#loaded()
    })
  }

  invalidate(): void {
    this.#inspector.ifUsed((inspector) => inspector.invalidate())
  }

  /** As Inspector's; nothing before the first request. */
  poll(paused: boolean): { seq: number; inspection: Inspection | undefined } | undefined {
    return this.#inspector.loaded?.poll(paused)
  }
}
