import type { Readable } from 'node:stream'
import type { Aedes } from 'aedes'

/**
 * Which topics hold a retained message, for $SYS/broker/retained messages/count: read once from
 * the store at start, then kept up to date from the broker's 'publish' events (a retained PUBLISH
 * with a payload sets one, with an empty payload clears it [MQTT-3.3.1-10]). Topics starting with
 * '$' are the broker's own and are not counted. One Set lookup per retained PUBLISH; the store
 * itself offers no count.
 */
export class RetainedTopics {
  readonly #topics = new Set<string>()

  constructor(broker: Aedes) {
    broker.on('publish', (packet) => {
      if (!packet.retain || packet.topic.charCodeAt(0) === DOLLAR) return
      if (packet.payload.length === 0) this.#topics.delete(packet.topic)
      else this.#topics.add(packet.topic)
    })
  }

  get count(): number {
    return this.#topics.size
  }

  /** Adds what the store held before this process started (a persistent store survives restarts). */
  async load(broker: Aedes): Promise<void> {
    const persistence = (broker as unknown as { persistence?: { createRetainedStream?(pattern: string): Readable } }).persistence
    if (typeof persistence?.createRetainedStream !== 'function') return
    for await (const packet of persistence.createRetainedStream('#') as AsyncIterable<{ topic: string; payload: Buffer }>) {
      if (packet.topic.charCodeAt(0) !== DOLLAR && packet.payload.length > 0) this.#topics.add(packet.topic)
    }
  }
}

const DOLLAR = 0x24
