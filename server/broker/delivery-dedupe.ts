import type { Client } from 'aedes'

type Deliver = (packet: DeliveredPacket, callback: () => void) => void

/** What aedes hands a client's deliver functions: an aedes-packet. */
interface DeliveredPacket {
  /** null for a retained message sent after a SUBSCRIBE (never deduplicated). */
  readonly brokerId: string | null | undefined
  readonly brokerCounter: number
}

/** The aedes 1.2 Client internals this relies on (lib/client.js, not in its typings). */
interface DedupingClient {
  deliver0: Deliver
  deliverQoS: Deliver
  /** brokerId -> highest brokerCounter delivered; aedes drops anything not above it. */
  duplicates: Record<string, number>
}

/** Counters remembered per broker id: copies of one message arrive within one emit, far closer than this. */
const REMEMBERED = 4096

/**
 * Deduplication by message identity instead of aedes's "counter must grow".
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
  const { deliver0, deliverQoS, duplicates } = inner
  if (typeof deliver0 !== 'function' || typeof deliverQoS !== 'function' || typeof duplicates !== 'object' || duplicates === null) {
    throw new Error('aedes Client has no deliver0/deliverQoS/duplicates: the delivery dedupe needs updating for this aedes version')
  }
  const seen = new Map<string, Set<number>>()
  // aedes's deliverQoS hands a QoS 0 message on to this.deliver0, i.e. to this wrapper again,
  // within the same call: that is the same delivery, not a second copy.
  let delivering: DeliveredPacket | undefined
  const once = (deliver: Deliver): Deliver =>
    function deliverOnce(packet, callback) {
      const id = packet.brokerId
      if (typeof id !== 'string' || id === '' || packet === delivering) {
        deliver(packet, callback)
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
      delivering = packet
      try {
        deliver(packet, callback)
      } finally {
        delivering = undefined
      }
    }
  inner.deliver0 = once(deliver0)
  inner.deliverQoS = once(deliverQoS)
}
