import { matchesFilter } from '../../src/model/topic-rules.ts'

/** A persistent session's subscription as the store keeps it (aedes-persistence). */
export interface StoredSubscription {
  readonly clientId: string
  readonly topic: string
  readonly qos: number
}

type ClientRef = { readonly id: string }
type Subscription = { readonly topic: string; readonly qos: number }
type QueuedPacket = { readonly brokerId?: string | null; readonly messageId?: number | null }

/** The parts of an aedes 1.2 persistence (memory or LevelDB) that queue messages for persistent sessions. */
export interface SessionStore {
  subscriptionsByTopic(topic: string): Promise<unknown[]>
  subscriptionsByClient(client: ClientRef): Promise<unknown[]>
  addSubscriptions(client: ClientRef, subs: unknown[]): Promise<void>
  removeSubscriptions(client: ClientRef, topics: string[]): Promise<void>
  cleanSubscriptions(client: ClientRef): Promise<void>
  outgoingEnqueue(sub: unknown, packet: unknown): Promise<void>
  outgoingUpdate(client: unknown, packet: unknown): Promise<void>
  outgoingClearMessageId(client: unknown, packet: unknown): Promise<unknown>
}

/**
 * Which persistent sessions a QoS 1/2 message is queued for, and how their queues are kept. aedes
 * asks the store for every persistent subscription matching the topic (subscriptionsByTopic),
 * queues the message once per answer, sends it live to the sessions that are online (updating
 * the queued copy with its packet id) and the rest at their next CONNECT. Four faults in that
 * path, fixed here on the store object:
 *
 * 1. The LevelDB store's index of subscriptions (aedes-persistence-level 9.2, addSubToTrie) matches
 *    a new filter against the client's other filters as if it were a topic name, and drops those
 *    that "match" it with another QoS: `#` (QoS 1) is dropped by subscribing to `+/+` or `$SYS/#`
 *    at QoS 2. Messages only `#` matched were then never queued: lost while the client was
 *    offline, and while online aedes could not update the missing copy ("no such packet"), closed
 *    the connection and sent nothing. The store on disk is right (one key per subscription), so a
 *    client whose subscriptions changed since the start is answered from its own list here (read
 *    from the store once, then kept up to date); the others from the store's index, which is right
 *    when it is loaded at the start.
 * 2. The index knows nothing of [MQTT-4.7.2-1] (aedes drops wildcard filters for `$SYS/` topics
 *    only): a `$TopicA/B` message was queued for a session subscribed to `+/+`, and sent at its
 *    next CONNECT.
 * 3. One answer per matching subscription: a session with `+/+` and `#` got two copies queued, one
 *    sent live and the other again at reconnect (a QoS 2 message delivered twice). One answer per
 *    session here.
 * 4. When authorizeForward (the ACL) refuses a live message to a persistent session, aedes clears
 *    "the queued copy with this packet id", but a live message has no packet id yet: the memory
 *    store then deleted the oldest unsent message of that session instead (lost if the client
 *    went away before acknowledging it). A clear without a packet id is ignored; the refused copy
 *    is cleared at the next CONNECT, when aedes asks the ACL again.
 * And one safeguard: a live message whose queued copy is missing (a SUBSCRIBE that raced the
 * routing of that message) is queued now instead of closing the connection (fault 1's symptom).
 */
export function keepSessionQueuesRight(store: SessionStore): void {
  const inner = {
    subscriptionsByTopic: store.subscriptionsByTopic.bind(store),
    subscriptionsByClient: store.subscriptionsByClient.bind(store),
    addSubscriptions: store.addSubscriptions.bind(store),
    removeSubscriptions: store.removeSubscriptions.bind(store),
    cleanSubscriptions: store.cleanSubscriptions.bind(store),
    outgoingEnqueue: store.outgoingEnqueue.bind(store),
    outgoingUpdate: store.outgoingUpdate.bind(store),
    outgoingClearMessageId: store.outgoingClearMessageId.bind(store),
  }
  /** Client id -> its QoS 1/2 subscriptions (filter -> QoS), for clients that subscribed since the start. */
  const own = new Map<string, Map<string, number>>()
  /** Subscription changes of one client run one after the other (aedes sends several at once). */
  const changes = new Map<string, Promise<unknown>>()

  const inTurn = <T>(clientId: string, change: () => Promise<T>): Promise<T> => {
    const result = (changes.get(clientId) ?? Promise.resolve()).then(change)
    const settled = result.catch(() => {})
    changes.set(clientId, settled)
    void settled.then(() => {
      if (changes.get(clientId) === settled) changes.delete(clientId)
    })
    return result
  }

  store.addSubscriptions = (client, subs) =>
    inTurn(client.id, async () => {
      let filters = own.get(client.id)
      if (filters === undefined) {
        // Read before the store's index is touched; nothing else changes this client meanwhile.
        filters = new Map()
        for (const sub of (await inner.subscriptionsByClient(client)) as Subscription[]) setQos(filters, sub)
      }
      for (const sub of subs as Subscription[]) setQos(filters, sub)
      own.set(client.id, filters)
      await inner.addSubscriptions(client, subs)
    })

  store.removeSubscriptions = (client, topics) =>
    inTurn(client.id, async () => {
      const filters = own.get(client.id)
      for (const topic of topics) filters?.delete(topic)
      await inner.removeSubscriptions(client, topics)
    })

  store.cleanSubscriptions = (client) =>
    inTurn(client.id, async () => {
      await inner.cleanSubscriptions(client)
      // The store's index has nothing left for this client, so it is right about it again.
      own.delete(client.id)
    })

  store.subscriptionsByTopic = async (topic) => {
    const found = (await inner.subscriptionsByTopic(topic)) as StoredSubscription[]
    const best = new Map<string, StoredSubscription>()
    const consider = (sub: StoredSubscription) => {
      // QoS 0 subscriptions queue nothing; the LevelDB index holds them after a restart.
      if (sub.qos < 1 || !matchesFilter(sub.topic, topic)) return
      const kept = best.get(sub.clientId)
      if (kept === undefined || kept.qos < sub.qos) best.set(sub.clientId, sub)
    }
    for (const sub of found) if (!own.has(sub.clientId)) consider(sub)
    for (const [clientId, filters] of own) {
      for (const [filter, qos] of filters) consider({ clientId, topic: filter, qos })
    }
    return [...best.values()]
  }

  store.outgoingClearMessageId = async (client, packet) => {
    const id = (packet as QueuedPacket).messageId
    if (id === undefined || id === null) return undefined
    return inner.outgoingClearMessageId(client, packet)
  }

  store.outgoingUpdate = async (client, packet) => {
    try {
      await inner.outgoingUpdate(client, packet)
    } catch (error) {
      const brokerId = (packet as QueuedPacket).brokerId
      if (!isMissingPacket(error) || typeof brokerId !== 'string') throw error
      await inner.outgoingEnqueue({ clientId: (client as ClientRef).id }, packet)
      await inner.outgoingUpdate(client, packet)
    }
  }
}

/** A QoS 0 subscription replaces a QoS 1/2 one and queues nothing. */
function setQos(filters: Map<string, number>, sub: Subscription): void {
  if (sub.qos > 0) filters.set(sub.topic, sub.qos)
  else filters.delete(sub.topic)
}

/** aedes-persistence-level's answer to an update of a packet it does not hold. */
function isMissingPacket(error: unknown): boolean {
  return error instanceof Error && error.message === 'no such packet'
}
