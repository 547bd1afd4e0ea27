import type { MqttClient } from 'mqtt'
import { connectMqtt, type WsClientMode } from './mqtt-connect.ts'

/** One MQTT.js client subscribed to `#` that only counts what arrives under `topicPrefix`. */
export class CountingSubscriber {
  messages = 0
  bytes = 0
  lastMessageAt = 0

  private constructor(readonly client: MqttClient) {}

  static async connect(url: string, topicPrefix: string, wsClient: WsClientMode): Promise<CountingSubscriber> {
    const client = await connectMqtt(url, { clientId: `bench-sub-${process.pid}` }, wsClient)
    const subscriber = new CountingSubscriber(client)
    client.on('message', (topic, payload) => {
      if (!topic.startsWith(topicPrefix)) return
      subscriber.messages++
      subscriber.bytes += payload.length
      subscriber.lastMessageAt = performance.now()
    })
    await client.subscribeAsync('#', { qos: 0 })
    return subscriber
  }

  /** Resolves once nothing has arrived for `quietMs`, or after `maxMs` in any case. */
  async settle(quietMs: number, maxMs: number): Promise<void> {
    const began = performance.now()
    for (;;) {
      const now = performance.now()
      if (now - Math.max(this.lastMessageAt, began) >= quietMs || now - began >= maxMs) return
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  async close(): Promise<void> {
    await Promise.race([this.client.endAsync(true), new Promise((resolve) => setTimeout(resolve, 2_000))])
  }
}

export interface Sample {
  /** Milliseconds since sampling began, at the end of this interval. */
  readonly atMs: number
  readonly messages: number
  readonly bytes: number
  readonly msgPerSec: number
  readonly bytesPerSec: number
}

/**
 * Every `intervalMs`, the messages and bytes the subscriber got since the previous tick, as
 * rates over the time that really passed (a tick can be late when the event loop is busy).
 */
export function startSampling(subscriber: CountingSubscriber, intervalMs = 1_000): { stop(): Sample[] } {
  const samples: Sample[] = []
  const start = performance.now()
  let last = { at: start, messages: subscriber.messages, bytes: subscriber.bytes }
  const timer = setInterval(() => {
    const now = { at: performance.now(), messages: subscriber.messages, bytes: subscriber.bytes }
    const seconds = (now.at - last.at) / 1000
    const messages = now.messages - last.messages
    const bytes = now.bytes - last.bytes
    samples.push({ atMs: Math.round(now.at - start), messages, bytes, msgPerSec: messages / seconds, bytesPerSec: bytes / seconds })
    last = now
  }, intervalMs)
  return {
    stop() {
      clearInterval(timer)
      return samples
    },
  }
}
