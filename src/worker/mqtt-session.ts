import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'
import { connackReason } from './reason-codes.ts'
import type { ConnectionState, ConnectOptions, SubscribeRequest } from './protocol.ts'

export interface SessionHandlers {
  onState(state: ConnectionState): void
  onMessage(topic: string, payload: Uint8Array, qos: 0 | 1 | 2, retain: boolean): void
  onSubscribed(results: { filter: string; granted: number | null; reason?: string }[]): void
}

const RECONNECT_PERIOD_MS = 2_000

/**
 * One MQTT.js connection and what it reports, turned into plain states. Lives in the worker, so
 * the page never parses MQTT.
 */
export class MqttSession {
  readonly #client: MqttClient
  readonly #handlers: SessionHandlers
  readonly #options: ConnectOptions
  #attempt = 0
  #lastReason: string | undefined
  #ended = false

  constructor(options: ConnectOptions, subscriptions: readonly SubscribeRequest[], handlers: SessionHandlers) {
    this.#options = options
    this.#handlers = handlers
    const clientOptions: IClientOptions = {
      clientId: options.clientId,
      protocolVersion: options.protocolVersion,
      keepalive: options.keepalive,
      clean: options.clean,
      reconnectPeriod: RECONNECT_PERIOD_MS,
      connectTimeout: 10_000,
      resubscribe: true,
      ...(options.username ? { username: options.username } : {}),
      ...(options.password ? { password: options.password } : {}),
    }
    handlers.onState({ state: 'connecting', url: options.url })
    this.#client = mqtt.connect(options.url, clientOptions)
    this.#client.on('connect', () => {
      this.#attempt = 0
      this.#lastReason = undefined
      handlers.onState({ state: 'connected', url: options.url })
      this.#subscribe(subscriptions)
    })
    this.#client.on('reconnect', () => {
      this.#attempt++
      handlers.onState({ state: 'reconnecting', attempt: this.#attempt, url: options.url, ...this.#reason() })
    })
    this.#client.on('error', (error: Error & { code?: number | string }) => {
      this.#lastReason = typeof error.code === 'number' ? connackReason(error.code, options.protocolVersion) : error.message
    })
    this.#client.on('disconnect', (packet) => {
      if (packet.reasonCode !== undefined) this.#lastReason = `disconnected by the broker: ${connackReason(packet.reasonCode, 5)}`
    })
    this.#client.on('close', () => {
      if (this.#ended) return
      handlers.onState({ state: this.#attempt > 0 ? 'reconnecting' : 'closed', attempt: this.#attempt, url: options.url, ...this.#reason() })
    })
    this.#client.on('message', (topic, payload, packet) => {
      handlers.onMessage(topic, payload, packet.qos, packet.retain)
    })
  }

  #reason(): { reason?: string } {
    return this.#lastReason === undefined ? {} : { reason: this.#lastReason }
  }

  #subscribe(subscriptions: readonly SubscribeRequest[]): void {
    if (subscriptions.length === 0) return
    const map = Object.fromEntries(subscriptions.map((s) => [s.filter, { qos: s.qos }]))
    this.#client.subscribe(map, (error, granted) => {
      if (error && !granted) {
        this.#handlers.onSubscribed(subscriptions.map((s) => ({ filter: s.filter, granted: null, reason: error.message })))
        return
      }
      this.#handlers.onSubscribed(
        (granted ?? []).map((g) =>
          g.qos >= 0x80
            ? { filter: g.topic, granted: null, reason: connackReason(g.qos, this.#options.protocolVersion === 5 ? 5 : 4) }
            : { filter: g.topic, granted: g.qos },
        ),
      )
    })
  }

  end(): Promise<void> {
    this.#ended = true
    return new Promise((resolve) => {
      this.#client.end(true, {}, () => {
        this.#handlers.onState({ state: 'closed', reason: 'closed by you', url: this.#options.url })
        resolve()
      })
    })
  }
}
