import type { QoS } from '../connection-types.ts'
import { codeText, type MeasureClock, type MeasureLink } from './measure-link.ts'
import { pathText, type WatchSettings } from './watch-settings.ts'
import { type WatchDecode, WatchRecorder, type TopicFigures, type WatchFigures } from './watch-recorder.ts'

export type WatchPhase = 'connecting' | 'watching' | 'done' | 'failed'

/** A watch as the page and the CLI show it. */
export interface WatchReport {
  readonly filter: string
  readonly seqPath: string
  readonly timePath: string
  readonly phase: WatchPhase
  readonly startedAt: number
  readonly endedAt?: number
  readonly subscribedQos?: QoS
  readonly total: WatchFigures
  /** The busiest topics first (all of them on the command line). */
  readonly topics: readonly TopicFigures[]
  readonly topicCount: number
  readonly untrackedTopics: number
  readonly retainedSkipped: number
  readonly notes: readonly string[]
  readonly error?: string
  readonly notAuthorized?: boolean
  /** The connection was lost: the figures cover the time until then. */
  readonly incomplete?: string
}

/** A watch over a connected link: subscribe (saying when a lower QoS is granted), record until stopped or the connection is lost. */
export class WatchRun {
  readonly recorder: WatchRecorder
  readonly #clock: MeasureClock
  readonly #notes: string[] = []
  readonly #done: Promise<void>
  #resolve!: () => void
  #phase: WatchPhase = 'connecting'
  #subscribedQos: QoS | undefined
  #error: string | undefined
  #notAuthorized = false
  #incomplete: string | undefined
  #endedAt: number | undefined
  #version = 0

  constructor(settings: WatchSettings, clock: MeasureClock, decode?: WatchDecode) {
    this.#clock = clock
    this.recorder = new WatchRecorder(settings, clock.now(), decode)
    this.#done = new Promise((resolve) => (this.#resolve = resolve))
  }

  get version(): number {
    return this.#version + this.recorder.version
  }

  get phase(): WatchPhase {
    return this.#phase
  }

  get ended(): boolean {
    return this.#phase === 'done' || this.#phase === 'failed'
  }

  /** Resolves when the watch has ended (stopped, failed or cut off). */
  get done(): Promise<void> {
    return this.#done
  }

  async run(link: MeasureLink): Promise<void> {
    if (this.ended) return
    const { filter, qos } = this.recorder.settings
    link.setReceiver((topic, payload, retain) => {
      if (this.#phase === 'watching') this.recorder.ingest(topic, payload, retain, this.#clock.now())
    })
    link.onClose((reason) => {
      if (this.#phase !== 'watching') return this.fail(`connection lost: ${reason}`)
      this.#incomplete = `connection lost: ${reason}`
      this.#end('done')
    })
    let answer
    try {
      answer = await link.subscribe(filter, qos)
    } catch (error) {
      return this.fail(`could not subscribe to "${filter}": ${error instanceof Error ? error.message : String(error)}`)
    }
    if (this.ended) return
    if (answer.code >= 0x80)
      return this.fail(`not authorized: the broker refused the subscription to "${filter}" (SUBACK ${codeText(answer.code, answer.reason)})`, true)
    this.#subscribedQos = answer.code as QoS
    if (answer.code < qos) this.#note(`The broker granted QoS ${answer.code} for the subscription (asked for QoS ${qos})`)
    this.#phase = 'watching'
    this.#version++
  }

  fail(error: string, notAuthorized = false): void {
    if (this.ended) return
    this.#error = error
    this.#notAuthorized = notAuthorized
    this.#end('failed')
  }

  stop(): void {
    if (this.#phase === 'watching') this.#end('done')
    else this.fail('stopped before the watch started')
  }

  /** `topicLimit`: how many topics to list (the busiest; each costs a sort of its latencies). */
  report(now: number, topicLimit = Infinity): WatchReport {
    const at = this.#endedAt ?? now
    const { settings } = this.recorder
    return {
      filter: settings.filter,
      seqPath: pathText(settings.seqPath),
      timePath: pathText(settings.timePath),
      phase: this.#phase,
      startedAt: this.recorder.startedAt,
      total: this.recorder.total(at),
      topics: this.recorder.topics(at, topicLimit),
      topicCount: this.recorder.topicCount,
      untrackedTopics: this.recorder.untrackedTopics,
      retainedSkipped: this.recorder.retainedSkipped,
      notes: [...this.#notes],
      ...(this.#endedAt !== undefined ? { endedAt: this.#endedAt } : {}),
      ...(this.#subscribedQos !== undefined ? { subscribedQos: this.#subscribedQos } : {}),
      ...(this.#error !== undefined ? { error: this.#error } : {}),
      ...(this.#notAuthorized ? { notAuthorized: true } : {}),
      ...(this.#incomplete !== undefined ? { incomplete: this.#incomplete } : {}),
    }
  }

  #end(phase: 'done' | 'failed'): void {
    this.#endedAt = this.#clock.now()
    this.#phase = phase
    this.#version++
    this.#resolve()
  }

  #note(text: string): void {
    this.#notes.push(text)
    this.#version++
  }
}
