import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'
import { recordedProperties, type RecordedMessage } from '../../src/model/recording-jsonl.ts'
import type { Logger } from '../logger.ts'
import type { Budgets, RecordingState, RecordingStore } from './recording-store.ts'

/** How often received messages are written: at most this much is lost to a kill -9. */
export const FLUSH_INTERVAL_MS = 250

export interface RecorderOptions {
  readonly id: string
  readonly connectUrl: string
  readonly clientOptions: IClientOptions
  readonly filters: readonly string[]
  readonly qos: 0 | 1 | 2
  readonly store: RecordingStore
  readonly budgets: () => Budgets
  readonly logger: Logger
  /** Called when the recorder ends by itself (budget reached with "stop", disk full). */
  readonly onEnded: (id: string) => void
}

/**
 * One recording's MQTT.js connection: every message it receives goes into a buffer that is written
 * in one transaction every FLUSH_INTERVAL_MS. MQTT.js reconnects with backoff when the target
 * drops; the state and reason say so meanwhile.
 */
export class Recorder {
  readonly #options: RecorderOptions
  readonly #client: MqttClient
  #buffer: RecordedMessage[] = []
  readonly #timer: NodeJS.Timeout
  #ended = false

  constructor(options: RecorderOptions) {
    this.#options = options
    const { store, id, filters, qos } = options
    store.setState(id, 'connecting')
    this.#client = mqtt.connect(options.connectUrl, {
      reconnectPeriod: 2_000,
      connectTimeout: 10_000,
      protocolVersion: 5,
      clean: true,
      ...options.clientOptions,
    })
    this.#client.on('connect', () => {
      store.setState(id, 'recording')
      this.#client.subscribe(
        filters.map((f) => f),
        // rap: the retain flag as published, so a retained message is recorded as one.
        { qos, rap: true },
        (error, granted) => {
          const refused = (granted ?? []).filter((g) => g.qos === 128).map((g) => g.topic)
          if (error !== null && error !== undefined) store.setState(id, 'recording', `subscribe failed: ${error.message}`)
          else if (refused.length > 0) store.setState(id, 'recording', `the broker refused ${refused.join(', ')}`)
        },
      )
    })
    this.#client.on('message', (topic, payload, packet) => {
      this.#buffer.push({
        ts: Date.now(),
        topic,
        qos: packet.qos,
        retain: packet.retain,
        payload: new Uint8Array(payload),
        ...optionalProperties(packet.properties),
      })
    })
    this.#client.on('error', (error) => {
      if (!this.#ended) store.setState(id, 'connecting', error.message)
    })
    this.#client.on('close', () => {
      if (!this.#ended && store.get(id)?.state === 'recording') store.setState(id, 'connecting', 'the connection closed; reconnecting')
    })
    this.#timer = setInterval(() => this.flush(), FLUSH_INTERVAL_MS)
  }

  /** Writes what was received; ends the recording on a full budget ("stop") or a full disk. */
  flush(): void {
    if (this.#buffer.length === 0) return
    const batch = this.#buffer
    this.#buffer = []
    try {
      if (this.#options.store.insert(this.#options.id, batch, this.#options.budgets()) === 'full') this.#endWith('budget reached')
    } catch (error) {
      const code = (error as { code?: string }).code
      this.#options.logger.error({ recording: this.#options.id, err: (error as Error).message }, 'recording write failed')
      this.#endWith(code === 'SQLITE_FULL' ? 'disk full' : 'stopped', code === 'SQLITE_FULL' ? undefined : (error as Error).message)
    }
  }

  #endWith(state: RecordingState, reason?: string): void {
    void this.stop(state, reason)
    this.#options.onEnded(this.#options.id)
  }

  /** Flushes, disconnects and records the final state (nothing else when already ended). */
  async stop(state: RecordingState = 'stopped', reason?: string): Promise<void> {
    if (this.#ended) return
    this.flush()
    this.#ended = true
    clearInterval(this.#timer)
    try {
      this.#options.store.setState(this.#options.id, state, reason)
    } catch (error) {
      // A full disk can refuse even this small update; the recording still stops, the server runs on.
      this.#options.logger.error({ recording: this.#options.id, err: (error as Error).message }, 'recording state not saved')
    }
    await new Promise<void>((resolve) => this.#client.end(true, {}, () => resolve()))
  }

  /** Server shutdown: write what is buffered, close, and leave the state as it is (it resumes on start). */
  async close(): Promise<void> {
    if (this.#ended) return
    this.flush()
    this.#ended = true
    clearInterval(this.#timer)
    await new Promise<void>((resolve) => this.#client.end(true, {}, () => resolve()))
  }
}

function optionalProperties(raw: Record<string, unknown> | undefined): { properties?: RecordedMessage['properties'] } {
  const properties = recordedProperties(raw)
  return properties === undefined ? {} : { properties }
}
