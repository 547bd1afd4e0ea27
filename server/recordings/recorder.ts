import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'
import { recordedProperties, type RecordedMessage } from '../../src/model/recording-jsonl.ts'
import type { Logger } from '../logger.ts'
import type { Budgets, RecordingState, RecordingStore } from './recording-store.ts'

/** How often received messages are written: at most this much is lost to a kill -9. */
export const FLUSH_INTERVAL_MS = 250
/** Reconnect backoff: the first retry after 1 s, doubling up to a minute. */
export const RECONNECT_FIRST_MS = 1_000
export const RECONNECT_MAX_MS = 60_000

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
 * in one transaction every FLUSH_INTERVAL_MS. When the target refuses (CONNACK error: bad
 * password, not authorised, server unavailable) or drops, the recorder reconnects itself with
 * exponential backoff (MQTT.js's own retry is fixed-period and gives up on a refused CONNACK);
 * meanwhile the state is "connecting" and the reason says why and when the next attempt is.
 */
export class Recorder {
  readonly #options: RecorderOptions
  readonly #client: MqttClient
  #buffer: RecordedMessage[] = []
  readonly #timer: NodeJS.Timeout
  #ended = false
  #attempts = 0
  #lastError: string | undefined
  #retry: NodeJS.Timeout | undefined

  constructor(options: RecorderOptions) {
    this.#options = options
    const { filters, qos } = options
    this.#setState('connecting')
    this.#client = mqtt.connect(options.connectUrl, {
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      protocolVersion: 5,
      clean: true,
      ...options.clientOptions,
    })
    this.#client.on('connect', () => {
      this.#attempts = 0
      this.#lastError = undefined
      this.#setState('recording')
      this.#client.subscribe(
        filters.map((f) => f),
        // rap: the retain flag as published, so a retained message is recorded as one.
        { qos, rap: true },
        (error, granted) => {
          const refused = (granted ?? []).filter((g) => g.qos === 128).map((g) => g.topic)
          if (error !== null && error !== undefined) this.#setState('recording', `subscribe failed: ${error.message}`)
          else if (refused.length > 0) this.#setState('recording', `the broker refused ${refused.join(', ')}`)
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
      this.#lastError = error.message
      if (!this.#ended) this.#setState('connecting', error.message)
    })
    this.#client.on('close', () => this.#scheduleReconnect())
    this.#timer = setInterval(() => this.flush(), FLUSH_INTERVAL_MS)
  }

  #scheduleReconnect(): void {
    if (this.#ended || this.#retry !== undefined) return
    const delay = Math.min(RECONNECT_FIRST_MS * 2 ** this.#attempts, RECONNECT_MAX_MS)
    this.#attempts += 1
    const why = this.#lastError ?? 'the connection closed'
    this.#setState('connecting', `${why}; attempt ${this.#attempts + 1} in ${Math.round(delay / 1000)} s`)
    this.#lastError = undefined
    this.#retry = setTimeout(() => {
      this.#retry = undefined
      if (!this.#ended) this.#client.reconnect()
    }, delay)
  }

  /** A state change that a full disk may refuse: logged, the recorder goes on. */
  #setState(state: RecordingState, reason?: string): void {
    try {
      this.#options.store.setState(this.#options.id, state, reason)
    } catch (error) {
      this.#options.logger.error({ recording: this.#options.id, err: (error as Error).message }, 'recording state not saved')
    }
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
      if (code === 'SQLITE_FULL')
        this.#endWith(
          'disk full',
          `the recordings database cannot grow (${(error as Error).message}); the ${batch.length} messages of the last ${FLUSH_INTERVAL_MS} ms are lost, those stored before are kept`,
        )
      else this.#endWith('stopped', (error as Error).message)
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
    clearTimeout(this.#retry)
    // A full disk can refuse even this small update; the recording still stops, the server runs on.
    this.#setState(state, reason)
    await new Promise<void>((resolve) => this.#client.end(true, {}, () => resolve()))
  }

  /** Server shutdown: write what is buffered, close, and leave the state as it is (it resumes on start). */
  async close(): Promise<void> {
    if (this.#ended) return
    this.flush()
    this.#ended = true
    clearInterval(this.#timer)
    clearTimeout(this.#retry)
    await new Promise<void>((resolve) => this.#client.end(true, {}, () => resolve()))
  }
}

function optionalProperties(raw: Record<string, unknown> | undefined): { properties?: RecordedMessage['properties'] } {
  const properties = recordedProperties(raw)
  return properties === undefined ? {} : { properties }
}
