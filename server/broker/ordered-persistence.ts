import type { Readable } from 'node:stream'

/** The aedes 1.2 async persistence interface (aedes-persistence 11), as aedes calls it. */
export interface AsyncPersistence {
  setup(broker: unknown): Promise<void>
  storeRetained(packet: unknown): Promise<void>
  createRetainedStream(pattern: string): Readable
  createRetainedStreamCombi(patterns: string[]): Readable
  addSubscriptions(client: unknown, subs: unknown[]): Promise<void>
  removeSubscriptions(client: unknown, topics: string[]): Promise<void>
  subscriptionsByClient(client: unknown): Promise<unknown[]>
  countOffline(): Promise<unknown>
  subscriptionsByTopic(pattern: string): Promise<unknown[]>
  cleanSubscriptions(client: unknown): Promise<void>
  outgoingEnqueue(sub: unknown, packet: unknown): Promise<void>
  outgoingEnqueueCombi(subs: unknown[], packet: unknown): Promise<unknown>
  outgoingUpdate(client: unknown, packet: unknown): Promise<void>
  outgoingClearMessageId(client: unknown, packet: unknown): Promise<unknown>
  outgoingStream(client: unknown): Readable
  incomingStorePacket(client: unknown, packet: unknown): Promise<void>
  incomingGetPacket(client: unknown, packet: unknown): Promise<unknown>
  incomingDelPacket(client: unknown, packet: unknown): Promise<void>
  cleanIncoming(client: unknown): Promise<void>
  putWill(client: unknown, packet: unknown): Promise<void>
  getWill(client: unknown): Promise<unknown>
  delWill(client: unknown): Promise<unknown>
  streamWill(brokers?: unknown): Readable
  getClientList(topic: string): Readable
  destroy(): Promise<void>
}

/**
 * A persistence that routes messages in the order aedes hands them over.
 *
 * aedes routes a QoS 1/2 or retained message only once the store has answered: the retained
 * write, the lookup of the persistent sessions it must be queued for, their queue writes. LevelDB
 * answers from a pool of threads, in any order, so messages published in a row to one topic left
 * the router out of order: 699 of 5,000 QoS 1 messages to one topic reached a persistent subscriber
 * out of order (156 for a clean one), where MQTT requires each topic to be ordered [MQTT-4.6.0-6].
 * Those three operations here run one after the other, in the order they were asked for (which
 * also keeps two retained writes to one topic in order). Likewise a persistent session's messages
 * are sent only once their queue entry is updated (outgoingUpdate), so those updates run in order
 * per client (9 of 5,000 went out of order otherwise). The others run at once: aedes starts each of
 * them only after the write it depends on has finished (a message is cleared after it was sent). The streams (retained messages for a SUBSCRIBE, a
 * session's queue at reconnect, wills) read the database directly. destroy() waits for everything
 * started before it.
 */
export class OrderedPersistence implements AsyncPersistence {
  readonly #inner: AsyncPersistence
  /** The last routing operation. */
  #routing: Promise<unknown> = Promise.resolve()
  readonly #running = new Set<Promise<unknown>>()
  /** The last outgoingUpdate per client id. */
  readonly #sending = new Map<string, Promise<unknown>>()

  constructor(inner: AsyncPersistence) {
    this.#inner = inner
  }

  /** After the routing operation before it. */
  #inOrder<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#routing.then(operation)
    // A failed operation is the caller's to handle; the next one still runs.
    this.#routing = result.catch(() => {})
    return this.#tracked(() => result)
  }

  /** After the same client's outgoingUpdate before it. */
  #inClientOrder<T>(client: unknown, operation: () => Promise<T>): Promise<T> {
    const id = String((client as { id?: unknown }).id)
    const result = (this.#sending.get(id) ?? Promise.resolve()).then(operation)
    const settled = result.catch(() => {})
    this.#sending.set(id, settled)
    void settled.then(() => {
      if (this.#sending.get(id) === settled) this.#sending.delete(id)
    })
    return this.#tracked(() => result)
  }

  #tracked<T>(operation: () => Promise<T>): Promise<T> {
    const result = operation()
    const settled = result.catch(() => {})
    this.#running.add(settled)
    void settled.then(() => this.#running.delete(settled))
    return result
  }

  // aedes checks that setup is an async function.
  async setup(broker: unknown): Promise<void> {
    await this.#inner.setup(broker)
  }

  // The routing operations.
  storeRetained(packet: unknown) {
    return this.#inOrder(() => this.#inner.storeRetained(packet))
  }
  subscriptionsByTopic(pattern: string) {
    return this.#inOrder(() => this.#inner.subscriptionsByTopic(pattern))
  }
  outgoingEnqueueCombi(subs: unknown[], packet: unknown) {
    return this.#inOrder(() => this.#inner.outgoingEnqueueCombi(subs, packet))
  }

  createRetainedStream(pattern: string) {
    return this.#inner.createRetainedStream(pattern)
  }
  createRetainedStreamCombi(patterns: string[]) {
    return this.#inner.createRetainedStreamCombi(patterns)
  }
  addSubscriptions(client: unknown, subs: unknown[]) {
    return this.#tracked(() => this.#inner.addSubscriptions(client, subs))
  }
  removeSubscriptions(client: unknown, topics: string[]) {
    return this.#tracked(() => this.#inner.removeSubscriptions(client, topics))
  }
  subscriptionsByClient(client: unknown) {
    return this.#tracked(() => this.#inner.subscriptionsByClient(client))
  }
  countOffline() {
    return this.#tracked(() => this.#inner.countOffline())
  }
  cleanSubscriptions(client: unknown) {
    return this.#tracked(() => this.#inner.cleanSubscriptions(client))
  }
  outgoingEnqueue(sub: unknown, packet: unknown) {
    return this.#tracked(() => this.#inner.outgoingEnqueue(sub, packet))
  }
  outgoingUpdate(client: unknown, packet: unknown) {
    return this.#inClientOrder(client, () => this.#inner.outgoingUpdate(client, packet))
  }
  outgoingClearMessageId(client: unknown, packet: unknown) {
    return this.#tracked(() => this.#inner.outgoingClearMessageId(client, packet))
  }
  outgoingStream(client: unknown) {
    return this.#inner.outgoingStream(client)
  }
  incomingStorePacket(client: unknown, packet: unknown) {
    return this.#tracked(() => this.#inner.incomingStorePacket(client, packet))
  }
  incomingGetPacket(client: unknown, packet: unknown) {
    return this.#tracked(() => this.#inner.incomingGetPacket(client, packet))
  }
  incomingDelPacket(client: unknown, packet: unknown) {
    return this.#tracked(() => this.#inner.incomingDelPacket(client, packet))
  }
  cleanIncoming(client: unknown) {
    return this.#tracked(() => this.#inner.cleanIncoming(client))
  }
  putWill(client: unknown, packet: unknown) {
    return this.#tracked(() => this.#inner.putWill(client, packet))
  }
  getWill(client: unknown) {
    return this.#tracked(() => this.#inner.getWill(client))
  }
  delWill(client: unknown) {
    return this.#tracked(() => this.#inner.delWill(client))
  }
  streamWill(brokers?: unknown) {
    return this.#inner.streamWill(brokers)
  }
  getClientList(topic: string) {
    return this.#inner.getClientList(topic)
  }

  /** Closes the database once every operation started before has finished. */
  async destroy(): Promise<void> {
    await Promise.all(this.#running)
    await this.#inner.destroy()
  }
}
