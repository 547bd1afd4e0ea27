import type { Client } from 'aedes'
import { matchesFilter } from '../../src/model/topic-rules.ts'

type Deliver = (packet: DeliveredPacket, callback: () => void) => void

/** What aedes hands a client's deliver functions: an aedes-packet. */
interface DeliveredPacket {
  /** null for a retained message sent after a SUBSCRIBE (never deduplicated). */
  readonly brokerId: string | null | undefined
  readonly brokerCounter: number
  readonly topic: string
  /** Set here to the QoS the client gets (see dedupeByIdentity). */
  qos: number
}

/** The aedes 1.2 Client internals this relies on (lib/client.js, not in its typings). */
interface DedupingClient {
  deliver0: Deliver
  deliverQoS: Deliver
  /** brokerId -> highest brokerCounter delivered; aedes drops anything not above it. */
  duplicates: Record<string, number>
  /** filter -> the client's subscription, with the QoS granted to it. */
  subscriptions: Record<string, { readonly qos?: number }>
}

/** Counters remembered per broker id: copies of one message arrive within one emit, far closer than this. */
const REMEMBERED = 4096

/**
 * One copy per message for each client, at the QoS the client is owed, instead of aedes's
 * "counter must grow" and its QoS downgrade.
 *
 * The QoS: a message matching several of a client's subscriptions goes out once, at the lower of
 * its own QoS and the highest QoS granted to any of them [MQTT-3.3.5-1] [MQTT-3.8.4-6]. aedes
 * delivers the copy of whichever subscription the router reaches first and looks up the granted
 * QoS by the topic name (subscriptions[topic]), which finds only a filter without wildcards: with
 * `#` at QoS 0 and `+/+` at QoS 2 a QoS 2 message on `a/b` went out at QoS 0 (no delivery
 * guarantee left), and `#` at QoS 1 got QoS 2 messages at QoS 2. (aedes's own lookup still runs
 * after this one: a filter equal to the topic name, granted a lower QoS than a wildcard filter
 * that matches too, still lowers the copy to its QoS.)
 *
 * The identity:
 *
 * aedes gives every message a broker counter and delivers to a client only a counter higher than
 * the last one it delivered (lib/client.js dedupe), which stops the second copy when two of a
 * client's subscriptions match one message. But messages do not reach the router in counter order:
 * a retained one waits for the store (a write to disk with --data-dir, a microtask in memory), a
 * plain one does not, so a burst mixing them lost the retained ones for every subscriber that also
 * got a later plain one (1,000 of 2,000 in memory and on disk, half retained, one `#` subscriber);
 * QoS 1 messages for persistent sessions wait for the store too and were lost the same way for
 * online subscribers. Here a client gets each (broker id, counter) once, whatever the order, and
 * aedes's check is set to let it through.
 *
 * Must run after every other wrapper of deliver0/deliverQoS (it sets aedes's counter just before
 * aedes checks it, in the same call).
 */
export function dedupeByIdentity(client: Client): void {
  const inner = client as unknown as Partial<DedupingClient>
  const { deliver0, deliverQoS, duplicates, subscriptions } = inner
  if (
    typeof deliver0 !== 'function' ||
    typeof deliverQoS !== 'function' ||
    typeof duplicates !== 'object' ||
    duplicates === null ||
    typeof subscriptions !== 'object' ||
    subscriptions === null
  ) {
    throw new Error('aedes Client has no deliver0/deliverQoS/duplicates/subscriptions: the delivery dedupe needs updating for this aedes version')
  }
  const seen = new Map<string, Set<number>>()
  // aedes's deliverQoS hands a QoS 0 message on to this.deliver0, i.e. to this wrapper again,
  // within the same call: that is the same delivery, not a second copy.
  let delivering: DeliveredPacket | undefined
  /** The copy goes out at the QoS owed: QoS 0 through deliver0, else through deliverQoS. */
  const deliverAtOwedQos = (packet: DeliveredPacket, callback: () => void): void => {
    packet.qos = Math.min(packet.qos, highestGrantedQos(inner.subscriptions!, packet.topic) ?? packet.qos)
    delivering = packet
    try {
      if (packet.qos === 0) deliver0(packet, callback)
      else deliverQoS(packet, callback)
    } finally {
      delivering = undefined
    }
  }
  const once = (deliver: Deliver): Deliver =>
    function deliverOnce(packet, callback) {
      if (packet === delivering) {
        deliver(packet, callback)
        return
      }
      const id = packet.brokerId
      // A retained message sent after a SUBSCRIBE: never a duplicate, but owed the same QoS.
      if (typeof id !== 'string' || id === '') {
        deliverAtOwedQos(packet, callback)
        return
      }
      let counters = seen.get(id)
      if (counters === undefined) {
        counters = new Set()
        seen.set(id, counters)
      }
      if (counters.has(packet.brokerCounter)) {
        // The same message through another of this client's subscriptions.
        setImmediate(callback)
        return
      }
      counters.add(packet.brokerCounter)
      if (counters.size > REMEMBERED) counters.delete(counters.values().next().value!)
      inner.duplicates![id] = packet.brokerCounter - 1
      deliverAtOwedQos(packet, callback)
    }
  inner.deliver0 = once(deliver0)
  inner.deliverQoS = once(deliverQoS)
}

/** The highest QoS granted to a subscription matching `topic`, or undefined when none does. */
function highestGrantedQos(subscriptions: DedupingClient['subscriptions'], topic: string): number | undefined {
  let highest: number | undefined
  for (const filter in subscriptions) {
    const qos = subscriptions[filter]!.qos ?? 0
    if ((highest === undefined || qos > highest) && matchesFilter(filter, topic)) highest = qos
  }
  return highest
}
