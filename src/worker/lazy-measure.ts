import type { ConnectOptions } from '../model/connection-types.ts'
import type { ProbeSettings } from '../model/measure/probe-settings.ts'
import type { WatchSettings } from '../model/measure/watch-settings.ts'
import { failureReason, LazyService } from './lazy-service.ts'
import type { MeasureService } from './measure-service.ts'
import type { WorkerEvent } from './protocol.ts'

/**
 * The Measure panel's probe and watch (MeasureService, with the probe and watch runs of
 * src/model/measure), loaded with the first probe or watch: the same calls, queued in order while
 * the chunk loads. Before any start there is nothing to stop or report.
 */
export class LazyMeasure {
  readonly #service: LazyService<MeasureService>

  constructor(emit: (event: WorkerEvent) => void) {
    this.#service = new LazyService(
      () => import('./measure-service.ts').then((m) => new m.MeasureService(emit)),
      (error) => emit({ type: 'error', message: `Measure could not be loaded: ${failureReason(error)}` }),
    )
  }

  startProbe(id: number, runId: string, settings: ProbeSettings, options: ConnectOptions | undefined): void {
    this.#service.use((measure) => measure.startProbe(id, runId, settings, options))
  }

  stopProbe(id: number): void {
    this.#service.ifUsed((measure) => measure.stopProbe(id))
  }

  startWatch(settings: WatchSettings, options: ConnectOptions | undefined): void {
    this.#service.use((measure) => measure.startWatch(settings, options))
  }

  stopWatch(): void {
    this.#service.ifUsed((measure) => measure.stopWatch())
  }

  stopAll(): void {
    this.#service.ifUsed((measure) => measure.stopAll())
  }

  poll(now: number): void {
    this.#service.loaded?.poll(now)
  }
}
