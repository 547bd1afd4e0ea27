import { connectAsync, type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt'
import { withTimeout } from './timeout.ts'

export interface Received {
  readonly topic: string
  readonly payload: Buffer
  readonly packet: IPublishPacket
}

type Predicate = (message: Received) => boolean

const anyMessage: Predicate = () => true

/**
 * MQTT.js clients for tests: no reconnect, short timeouts, and all of them closed by `closeAll()`
 * (call it from afterEach), however the test ended.
 */
export class ClientPool {
  readonly #clients = new Set<MqttClient>()

  async connect(url: string, options: IClientOptions = {}): Promise<MqttClient> {
    // allowRetries=false: a connection that closes before CONNACK rejects (and is ended by
    // MQTT.js) instead of leaving the promise pending; connectTimeout closes it before our timeout.
    const client = await withTimeout(connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5_000, ...options }, false), 6_000, `connect to ${url}`)
    this.#clients.add(client)
    // An abrupt close later on is part of some tests; an unhandled 'error' must not crash the run.
    client.on('error', () => {})
    return client
  }

  async closeAll(): Promise<void> {
    const clients = [...this.#clients]
    this.#clients.clear()
    await Promise.all(
      clients.map(async (client) => {
        try {
          await withTimeout(client.endAsync(true), 2_000, 'close client')
        } catch {
          client.stream?.destroy()
        }
      }),
    )
  }
}

/** The next message the client receives that matches, or a rejection after `ms`. */
export function nextMessage(client: MqttClient, predicate: Predicate = anyMessage, ms = 5_000): Promise<Received> {
  return collectMessages(client, 1, predicate, ms).then((messages) => messages[0]!)
}

/** The next `count` matching messages, in arrival order, or a rejection after `ms` naming how many came. */
export function collectMessages(client: MqttClient, count: number, predicate: Predicate = anyMessage, ms = 5_000): Promise<Received[]> {
  const received: Received[] = []
  let onMessage: ((topic: string, payload: Buffer, packet: IPublishPacket) => void) | undefined
  const done = new Promise<Received[]>((resolve) => {
    onMessage = (topic, payload, packet) => {
      const message = { topic, payload, packet }
      if (!predicate(message)) return
      received.push(message)
      if (received.length === count) resolve(received)
    }
    client.on('message', onMessage)
  })
  return withTimeout(done, ms, () => `${count} message(s), got ${received.length}`).finally(() => client.off('message', onMessage!))
}

/** Waits `ms` and fails if a matching message arrives meanwhile. */
export async function expectNoMessage(client: MqttClient, predicate: Predicate = anyMessage, ms = 300): Promise<void> {
  let unexpected: Received | undefined
  const onMessage = (topic: string, payload: Buffer, packet: IPublishPacket) => {
    const message = { topic, payload, packet }
    if (unexpected === undefined && predicate(message)) unexpected = message
  }
  client.on('message', onMessage)
  await new Promise((resolve) => setTimeout(resolve, ms))
  client.off('message', onMessage)
  if (unexpected !== undefined) {
    throw new Error(`unexpected message on ${unexpected.topic}: ${unexpected.payload.toString().slice(0, 80)}`)
  }
}

/** A topic prefix no other test uses, so tests sharing one broker (and its retained store) never meet. */
export function uniqueTopic(name: string): string {
  return `test/${name}/${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
}

/**
 * Every message the client receives until one arrives on `endTopic` (not included). Publish the
 * messages under test and then one on `endTopic` from the same publisher: MQTT keeps one
 * publisher's order, so whatever has not arrived by the end marker was never delivered.
 */
export function messagesUntil(client: MqttClient, endTopic: string, ms = 5_000): Promise<Received[]> {
  const received: Received[] = []
  let onMessage: ((topic: string, payload: Buffer, packet: IPublishPacket) => void) | undefined
  const done = new Promise<Received[]>((resolve) => {
    onMessage = (topic, payload, packet) => {
      if (topic === endTopic) resolve(received)
      else received.push({ topic, payload, packet })
    }
    client.on('message', onMessage)
  })
  return withTimeout(done, ms, () => `a message on ${endTopic} (got ${received.length} before it)`).finally(() => client.off('message', onMessage!))
}
