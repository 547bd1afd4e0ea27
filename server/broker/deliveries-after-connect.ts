import { Transform, type Readable } from 'node:stream'
import type { Aedes, Client } from 'aedes'

type Deliver = (packet: DeliveredPacket, callback: () => void) => void

interface DeliveredPacket {
  readonly qos: number
  readonly brokerId: string | null | undefined
  readonly brokerCounter: number
}

/** The aedes 1.2 Client internals this relies on (lib/client.js). */
interface DeliveringClient {
  id: string
  clean: boolean
  connected: boolean
  deliver0: Deliver
  deliverQoS: Deliver
  once(event: 'connected', listener: () => void): void
  conn: { once(event: 'close', listener: () => void): void }
}

/** The stored-queue stream aedes reads for a persistent session right after its CONNACK. */
interface QueueSource {
  outgoingStream(client: { id: string }): Readable
}

/**
 * aedes restores a persistent session's subscriptions before it writes the CONNACK (and before
 * it stores the will and registers the client), so a message routed in between was written to the
 * client before its CONNACK [MQTT-3.2.0-1]. MQTT.js then waits for the CONNACK to send the PUBACK
 * and reads nothing more: the session stalled after one message. The window is a few store round
 * trips: rare on one node, common when the store is Redis and other nodes publish.
 *
 * Deliveries asked for during the connect wait here until aedes has also sent the session's stored
 * queue ('connected'). A QoS 1/2 message of a persistent session was queued before it was routed,
 * so it usually came with that queue: sent again it would be a duplicate, and out of order. Those
 * are dropped; the others go out in order after the queue.
 *
 * `track` must be installed once per broker, `hold` per client after the other wrappers of
 * deliver0/deliverQoS (delivery-dedupe.ts must see deliveries in the order they are made).
 */
export function deliveriesAfterConnect(broker: Aedes): { hold(client: Client): void } {
  const persistence = (broker as unknown as { persistence: QueueSource }).persistence
  /** Client id -> identities of the queued messages sent, while that client has deliveries waiting. */
  const queued = new Map<string, Set<string>>()
  const outgoingStream = persistence.outgoingStream.bind(persistence)
  persistence.outgoingStream = (client) => {
    const source = outgoingStream(client)
    const seen = queued.get(client.id)
    if (seen === undefined) return source
    const recording = new Transform({
      objectMode: true,
      transform(packet: DeliveredPacket, _encoding, callback) {
        seen.add(identity(packet))
        callback(null, packet)
      },
    })
    source.on('error', (error: Error) => recording.destroy(error))
    return source.pipe(recording)
  }

  return {
    hold(client) {
      const inner = client as unknown as DeliveringClient
      const deliver0 = inner.deliver0
      const deliverQoS = inner.deliverQoS
      let waiting: Array<[Deliver, DeliveredPacket, () => void]> | undefined = []

      const release = (connected: boolean) => {
        if (waiting === undefined) return
        const held = waiting
        waiting = undefined
        const seen = queued.get(inner.id)
        queued.delete(inner.id)
        for (const [send, packet, callback] of held) {
          // Not delivered: mqemitter still waits for every callback.
          if (!connected || (packet.qos > 0 && seen?.has(identity(packet)) === true)) setImmediate(callback)
          else send(packet, callback)
        }
      }
      inner.once('connected', () => release(true))
      inner.conn.once('close', () => release(false))

      const hold =
        (send: Deliver): Deliver =>
        (packet, callback) => {
          if (waiting === undefined || inner.connected) {
            send(packet, callback)
            return
          }
          if (!inner.clean && !queued.has(inner.id)) queued.set(inner.id, new Set())
          waiting.push([send, packet, callback])
        }
      inner.deliver0 = hold(deliver0)
      inner.deliverQoS = hold(deliverQoS)
    },
  }
}

function identity(packet: DeliveredPacket): string {
  return `${packet.brokerId}:${packet.brokerCounter}`
}
