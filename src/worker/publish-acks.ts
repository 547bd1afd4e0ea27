import type { IClientPublishOptions, MqttClient, Packet, PacketCallback } from 'mqtt'
import type { QoS } from '../model/connection-types.ts'
import type { PublishOutcome } from '../model/publish-types.ts'
import { connackReason } from './reason-codes.ts'

/** How one send ended, as far as the connection knows (the publisher adds the job's part). */
export type SendResult = Pick<PublishOutcome, 'sentAt' | 'status' | 'ack' | 'pubrecMs' | 'rttMs' | 'reasonCode' | 'reason'>

type Ack = NonNullable<PublishOutcome['ack']>

interface InFlight {
  /** Our payload view: how 'packetsend' recognises this send. */
  readonly key: Uint8Array
  readonly qos: QoS
  /** performance.now() when handed to MQTT.js: the clock of pubrecMs and rttMs. */
  readonly startedAt: number
  readonly sentAt: number
  readonly callback: PacketCallback
  readonly timer: ReturnType<typeof setTimeout>
  readonly resolve: (result: SendResult) => void
  messageId?: number
  ack?: Ack
  pubrecMs?: number
  pubrecCode?: number
  rttMs?: number
  finalCode?: number
}

/**
 * Times the acknowledgements of the PUBLISH packets it sends: PUBACK (QoS 1), PUBREC then PUBCOMP
 * (QoS 2), with their MQTT 5 reason codes. MQTT.js only calls back once, after the last ack, and on
 * success without the ack packet; so the packet id is taken from 'packetsend' (our PUBLISH is
 * recognised by its payload object, a fresh view for every send) and the acks from 'packetreceive'
 * (emitted before MQTT.js handles the packet, so before the callback).
 *
 * Every send settles: on the callback, after `timeoutMs` (MQTT.js waits for ever when the socket
 * closes while reconnecting; the message is then taken out of its outgoing store so a reconnect does
 * not send it again), or at once on failAll() when the connection is ended.
 */
export class PublishTracker {
  readonly #client: MqttClient
  readonly #v5: boolean
  /** Sent at QoS > 0, packet id not seen yet (MQTT.js allocates it, possibly later). */
  readonly #awaitingId = new Map<Uint8Array, InFlight>()
  readonly #byId = new Map<number, InFlight>()
  readonly #all = new Set<InFlight>()

  constructor(client: MqttClient, v5: boolean) {
    this.#client = client
    this.#v5 = v5
    client.on('packetsend', (packet) => this.#onSend(packet))
    client.on('packetreceive', (packet) => this.#onReceive(packet))
  }

  /** Publishes; resolves with how it ended, never rejects, never later than `timeoutMs`. */
  send(topic: string, payload: Uint8Array, options: IClientPublishOptions & { qos: QoS }, timeoutMs: number): Promise<SendResult> {
    return new Promise<SendResult>((resolve) => {
      // A view of its own: the key that finds this send in 'packetsend', even when the caller
      // sends the same bytes object again.
      const own = new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength)
      const flight: InFlight = {
        key: own,
        qos: options.qos,
        startedAt: performance.now(),
        sentAt: Date.now(),
        callback: (error, packet) => this.#onCallback(flight, error ?? undefined, packet),
        timer: setTimeout(() => this.#onTimeout(flight, timeoutMs), timeoutMs),
        resolve,
      }
      this.#all.add(flight)
      if (options.qos > 0) this.#awaitingId.set(own, flight)
      try {
        // MQTT.js types the payload as Buffer | string; a Uint8Array is written as it is (the worker has no Buffer).
        this.#client.publish(topic, own as unknown as Buffer, options, flight.callback)
      } catch (error) {
        this.#settle(flight, { status: 'failed', reason: error instanceof Error ? error.message : String(error) })
      }
      // MQTT.js put it in its offline queue after all (the caller checked the connection first): not sent now.
      if (this.#all.has(flight) && flight.messageId === undefined && !this.#client.connected) {
        this.#forget(flight)
        this.#settle(flight, { status: 'failed', reason: 'not connected' })
      }
    })
  }

  /** Settles every send still waiting (the connection is being ended: no ack can come any more). */
  failAll(reason: string): void {
    for (const flight of [...this.#all]) {
      this.#forget(flight)
      this.#settle(flight, { status: 'failed', reason })
    }
  }

  #onSend(packet: Packet): void {
    if (packet.cmd !== 'publish' || !packet.qos || packet.messageId === undefined) return
    const flight = this.#awaitingId.get(packet.payload as unknown as Uint8Array)
    if (!flight) return
    this.#awaitingId.delete(packet.payload as unknown as Uint8Array)
    flight.messageId = packet.messageId
    this.#byId.set(packet.messageId, flight)
  }

  #onReceive(packet: Packet): void {
    if (packet.cmd !== 'puback' && packet.cmd !== 'pubrec' && packet.cmd !== 'pubcomp') return
    const flight = packet.messageId === undefined ? undefined : this.#byId.get(packet.messageId)
    if (!flight) return
    const ms = elapsed(flight)
    // MQTT 5 leaves the reason code out when it is 0 (success) and there are no properties.
    const code = this.#v5 ? (packet.reasonCode ?? 0) : undefined
    if (packet.cmd === 'pubrec') {
      flight.ack = 'PUBREC'
      flight.pubrecMs = ms
      flight.pubrecCode = code
    } else {
      flight.ack = packet.cmd === 'puback' ? 'PUBACK' : 'PUBCOMP'
      flight.rttMs = ms
      flight.finalCode = code
    }
  }

  #onCallback(flight: InFlight, error: (Error & { code?: unknown }) | undefined, packet: Packet | undefined): void {
    if (!this.#all.has(flight)) return // already settled (timed out, or removed by us)
    this.#forget(flight)
    if (error) {
      // ErrorWithReasonCode: the broker refused it (MQTT 5 reason code >= 0x80 on PUBACK, PUBREC or PUBCOMP).
      if (typeof error.code === 'number') {
        const ack = ackName(packet) ?? flight.ack
        this.#settle(flight, {
          status: 'refused',
          ...(ack ? { ack } : {}),
          ...(flight.pubrecMs !== undefined ? { pubrecMs: flight.pubrecMs } : {}),
          ...(ack !== 'PUBREC' ? { rttMs: flight.rttMs ?? elapsed(flight) } : {}),
          reasonCode: error.code,
          reason: connackReason(error.code, 5),
        })
        return
      }
      this.#settle(flight, { status: 'failed', reason: lowerFirst(error.message.replace(/^Publish error: /, '')) || 'failed' })
      return
    }
    if (flight.qos === 0) {
      this.#settle(flight, { status: 'sent' })
      return
    }
    // Success, possibly with a reason ("no matching subscribers", 0x10): on PUBACK, or for QoS 2 on
    // PUBREC (PUBCOMP then says 0 or, rarely, something of its own).
    const code = this.#v5 ? flight.finalCode || flight.pubrecCode || 0 : undefined
    this.#settle(flight, {
      status: 'acknowledged',
      ack: flight.qos === 1 ? 'PUBACK' : 'PUBCOMP',
      ...(flight.pubrecMs !== undefined ? { pubrecMs: flight.pubrecMs } : {}),
      rttMs: flight.rttMs ?? elapsed(flight),
      ...(code !== undefined ? { reasonCode: code, reason: connackReason(code, 5) } : {}),
    })
  }

  #onTimeout(flight: InFlight, timeoutMs: number): void {
    if (!this.#all.has(flight)) return
    this.#forget(flight)
    const id = flight.messageId
    // Taken out of MQTT.js's outgoing store (if it is still ours) so that it is not sent again on a
    // reconnect and its packet id is free again. MQTT.js then calls back 'Message removed': ignored.
    if (id !== undefined && this.#client.outgoing[id]?.cb === flight.callback) this.#client.removeOutgoingMessage(id)
    const waitingFor = flight.qos === 0 ? undefined : flight.qos === 1 ? 'PUBACK' : flight.ack === 'PUBREC' ? 'PUBCOMP' : 'PUBREC'
    const seconds = `${timeoutMs / 1000} s`
    this.#settle(flight, {
      status: 'timeout',
      ...(flight.ack ? { ack: flight.ack } : {}),
      ...(flight.pubrecMs !== undefined ? { pubrecMs: flight.pubrecMs } : {}),
      reason: waitingFor ? `no ${waitingFor} within ${seconds}` : `not written within ${seconds}`,
    })
  }

  #forget(flight: InFlight): void {
    this.#all.delete(flight)
    clearTimeout(flight.timer)
    this.#awaitingId.delete(flight.key)
    if (flight.messageId !== undefined && this.#byId.get(flight.messageId) === flight) this.#byId.delete(flight.messageId)
  }

  #settle(flight: InFlight, result: Omit<SendResult, 'sentAt'>): void {
    flight.resolve({ sentAt: flight.sentAt, ...result })
  }
}

function elapsed(flight: InFlight): number {
  return Math.round((performance.now() - flight.startedAt) * 10) / 10
}

function ackName(packet: Packet | undefined): Ack | undefined {
  switch (packet?.cmd) {
    case 'puback':
      return 'PUBACK'
    case 'pubrec':
      return 'PUBREC'
    case 'pubcomp':
      return 'PUBCOMP'
    default:
      return undefined
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}
