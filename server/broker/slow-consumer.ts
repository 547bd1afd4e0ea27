import type { Client } from 'aedes'
import type { GuardedConnection } from './guarded-connection.ts'
import type { TrafficCounters } from './traffic-counters.ts'

type Deliver = (packet: DeliveredPacket, callback: () => void) => void

/** What aedes hands a client's deliver functions: an aedes-packet. */
interface DeliveredPacket {
  /** null marks a retained message sent after a SUBSCRIBE (aedes sets it so dedup lets it through). */
  readonly brokerId: string | null
}

/** The two aedes 1.2 Client methods every delivery goes through (lib/client.js, not in its typings). */
interface DeliveringClient {
  deliver0: Deliver
  deliverQoS: Deliver
}

/**
 * The delivery policy for one client, so that a subscriber that falls behind never holds up the
 * others (GuardedConnection explains why writes no longer wait):
 *
 * - a live message for a client whose connection is congested (more than --max-queued-bytes not
 *   taken yet) is dropped for that client and counted ($SYS/broker/publish/messages/dropped), like
 *   mosquitto does past its queue limits. A QoS 1/2 message for a persistent session stays in its
 *   stored queue and is sent again when it reconnects;
 * - retained messages sent after a SUBSCRIBE are never dropped: aedes streams them from the
 *   store one by one, and the next one waits until the client has caught up. That wait holds up
 *   only this client's own stream.
 *
 * aedes picks the deliver function when a subscription is made, so this must run right after
 * `broker.handle()`, before the client's first packet is read.
 */
export function applyDeliveryPolicy(client: Client, guard: GuardedConnection, counters: TrafficCounters): void {
  const delivering = client as unknown as Partial<DeliveringClient>
  const { deliver0, deliverQoS } = delivering
  if (typeof deliver0 !== 'function' || typeof deliverQoS !== 'function') {
    throw new Error('aedes Client has no deliver0/deliverQoS: the slow-consumer policy needs updating for this aedes version')
  }
  const policy = (deliver: Deliver): Deliver =>
    function deliverWithPolicy(packet, callback) {
      if (packet.brokerId === null) {
        deliver(packet, () => guard.whenCaughtUp(callback))
        return
      }
      if (guard.congested) {
        counters.publishDropped++
        setImmediate(callback)
        return
      }
      deliver(packet, callback)
    }
  delivering.deliver0 = policy(deliver0)
  delivering.deliverQoS = policy(deliverQoS)
}
