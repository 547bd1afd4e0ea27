import { randomUUID } from 'node:crypto'
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'
import { propertiesToPublish, type RecordedMessage } from '../../src/model/recording-jsonl.ts'
import { replayDelayMs } from '../../src/model/replay-timing.ts'

/** "interrupted": the server shut down or was killed during the replay (the count is what was known sent). */
export type ReplayState = 'connecting' | 'running' | 'done' | 'stopped' | 'failed' | 'interrupted'

export interface ReplayProgress {
  readonly id: string
  /** The recording replayed; undefined for the CLI's file. */
  readonly recording?: string
  readonly state: ReplayState
  readonly sent: number
  readonly total: number
  readonly reason?: string
}

export interface ReplayOptions {
  readonly recording?: string
  readonly connectUrl: string
  readonly clientOptions: IClientOptions
  /** Read lazily, in order (the store pages them): a replay never holds the whole recording. */
  readonly messages: Iterable<RecordedMessage>
  /** How many `messages` yields, for the progress. */
  readonly total: number
  readonly topicPrefix: string
  /** Original gaps are divided by this; 0: as fast as possible. */
  readonly speed: number
  /** undefined: each message's own QoS. */
  readonly qos: 0 | 1 | 2 | undefined
}

const PUBLISH_TIMEOUT_MS = 10_000

/**
 * Republishes recorded messages in order, each at its original offset from the first divided by
 * `speed`. A publish the broker refuses (MQTT 5 reason code, or no acknowledgement in time) ends
 * the job as "failed" with the reason and the count sent.
 */
export class ReplayJob {
  readonly id = randomUUID()
  #state: ReplayState = 'connecting'
  #sent = 0
  #reason: string | undefined
  #stopped = false
  readonly #options: ReplayOptions
  readonly #client: MqttClient
  readonly finished: Promise<void>

  constructor(options: ReplayOptions) {
    this.#options = options
    this.#client = mqtt.connect(options.connectUrl, { reconnectPeriod: 0, connectTimeout: 10_000, protocolVersion: 5, ...options.clientOptions })
    this.#client.on('error', () => {})
    this.finished = this.#run().then(
      () => this.#end(),
      (error: unknown) => {
        if (this.#state === 'running' || this.#state === 'connecting') {
          this.#state = this.#stopped ? 'stopped' : 'failed'
          this.#reason = error instanceof Error ? error.message : String(error)
        }
        return this.#end()
      },
    )
  }

  progress(): ReplayProgress {
    return {
      id: this.id,
      ...(this.#options.recording === undefined ? {} : { recording: this.#options.recording }),
      state: this.#state,
      sent: this.#sent,
      total: this.#options.total,
      ...(this.#reason === undefined ? {} : { reason: this.#reason }),
    }
  }

  get active(): boolean {
    return this.#state === 'connecting' || this.#state === 'running'
  }

  stop(): void {
    this.#halt('stopped')
  }

  /** Server shutdown: the job ends as "interrupted", saying how far it got. */
  interrupt(reason: string): void {
    this.#halt('interrupted', reason)
  }

  #halt(state: ReplayState, reason?: string): void {
    if (!this.active) return
    this.#stopped = true
    this.#state = state
    if (reason !== undefined) this.#reason = reason
    this.#client.end(true)
  }

  async #run(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#client.once('connect', () => resolve())
      this.#client.once('error', reject)
      this.#client.once('close', () => reject(new Error('the connection closed before it was accepted')))
    })
    if (this.#stopped) return
    this.#state = 'running'
    // An MQTT 3.1.1 broker refuses a publish by closing the connection: say so at once rather
    // than after the acknowledgement timeout.
    const closed = new Promise<never>((_, reject) =>
      this.#client.once('close', () => reject(new Error('the broker closed the connection (an MQTT 3.1.1 broker does so to refuse a publish)'))),
    )
    closed.catch(() => {})
    const { messages, speed, topicPrefix, qos } = this.#options
    const started = Date.now()
    const { total } = this.#options
    let firstTs: number | undefined
    for (const message of messages) {
      firstTs ??= message.ts
      if (this.#stopped) return
      const wait = started + replayDelayMs(firstTs, message.ts, speed) - Date.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      if (this.#stopped) return
      const properties = propertiesToPublish(message.properties)
      const publishing = this.#client.publishAsync(topicPrefix + message.topic, Buffer.from(message.payload), {
        qos: qos ?? message.qos,
        retain: message.retain,
        ...(properties === undefined ? {} : { properties }),
      })
      let packet: unknown
      try {
        // publishAsync at QoS > 0 never settles if the socket closes: bound it.
        packet = await Promise.race([withTimeout(publishing, PUBLISH_TIMEOUT_MS), closed])
      } catch (error) {
        if (this.#stopped) return
        throw new Error(`${refusalText(error)} (publishing to ${topicPrefix + message.topic}; ${this.#sent} of ${total} sent)`)
      }
      // MQTT.js turns PUBACK/PUBREC reason codes >= 0x80 into errors; this catches any it lets through.
      const code = (packet as { reasonCode?: number } | undefined)?.reasonCode
      if (code !== undefined && code >= 0x80)
        throw new Error(`the broker refused the publish to ${topicPrefix + message.topic} (reason code 0x${code.toString(16)}; ${this.#sent} of ${total} sent)`)
      this.#sent += 1
    }
    this.#state = 'done'
  }

  async #end(): Promise<void> {
    await new Promise<void>((resolve) => this.#client.end(false, {}, () => resolve()))
  }
}

/** An MQTT 5 refusal names its reason code (0x87 Not authorized...), other errors their message. */
function refusalText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const code = (error as { code?: unknown }).code
  return typeof code === 'number' ? `${message} (reason code 0x${code.toString(16)})` : message
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no acknowledgement within ${ms / 1000} s`)), ms)
    }),
  ])
}
