import type { QoS } from '../connection-types.ts'
import type { MeasureLink, PublishAck, SubscribeAnswer } from './measure-link.ts'

/**
 * The few calls of an MQTT.js client the measures make, as plain functions (the model imports no
 * MQTT client): the worker and the CLI each map their MqttClient onto these in a few lines and
 * feed its 'message' and 'close' events to deliver() and closed().
 */
export interface ClientOps {
  publish(topic: string, payload: Uint8Array, qos: QoS, callback: (error?: unknown) => void): void
  subscribe(filter: string, qos: QoS, callback: (error: unknown, granted: ReadonlyArray<{ readonly qos: number }> | undefined) => void): void
  /** Closes the connection (resolves once closed). */
  end(): Promise<void>
}

export interface LinkInfo {
  readonly protocolVersion: 4 | 5
  readonly maximumQoS?: QoS
  readonly receiveMaximum?: number
}

/** SUBACK failure codes (MQTT 5 [MQTT-3.9.3]; 3.1.1 has only 0x80, "failure"). */
const SUBACK_V5: Readonly<Record<number, string>> = {
  0x80: 'Unspecified error',
  0x83: 'Implementation specific error',
  0x87: 'Not authorized',
  0x8f: 'Topic Filter invalid',
  0x91: 'Packet Identifier in use',
  0x97: 'Quota exceeded',
  0x9e: 'Shared Subscriptions not supported',
  0xa1: 'Subscription Identifiers not supported',
  0xa2: 'Wildcard Subscriptions not supported',
}

export function subackText(code: number, protocolVersion: 4 | 5): string {
  if (code < 0x80) return `Granted QoS ${code}`
  if (protocolVersion === 4) return 'Failure'
  return SUBACK_V5[code] ?? 'Refused'
}

/**
 * An MQTT.js client as a MeasureLink. MQTT.js never calls back a publish or subscribe whose
 * connection closed (with reconnect off), so a close settles every subscribe still waiting; the
 * runs stop waiting for publishes on their own (onClose). A refused MQTT 5 acknowledgement comes as
 * an error with the reason code (MQTT.js's message names it: "Publish error: Not authorized"); a
 * refused subscription as an error carrying the SUBACK packet.
 */
export class ClientLink implements MeasureLink {
  readonly protocolVersion: 4 | 5
  readonly maximumQoS?: QoS
  readonly receiveMaximum?: number
  readonly #ops: ClientOps
  readonly #now: () => number
  #receiver: ((topic: string, payload: Uint8Array, retain: boolean) => void) | undefined
  readonly #closeListeners: Array<(reason: string) => void> = []
  readonly #waiting = new Set<(error: Error) => void>()
  #closed: string | undefined

  constructor(ops: ClientOps, info: LinkInfo, now: () => number) {
    this.#ops = ops
    this.#now = now
    this.protocolVersion = info.protocolVersion
    if (info.maximumQoS !== undefined) this.maximumQoS = info.maximumQoS
    if (info.receiveMaximum !== undefined) this.receiveMaximum = info.receiveMaximum
  }

  subscribe(filter: string, qos: QoS): Promise<SubscribeAnswer> {
    if (this.#closed !== undefined) return Promise.reject(new Error(this.#closed))
    return new Promise((resolve, reject) => {
      this.#waiting.add(reject)
      this.#ops.subscribe(filter, qos, (error, granted) => {
        if (!this.#waiting.delete(reject)) return
        const code = granted?.[0]?.qos ?? refusedCodes(error)?.[0]
        if (code === undefined) return reject(new Error(errorMessage(error) ?? 'no SUBACK'))
        resolve({ code, reason: subackText(code, this.protocolVersion) })
      })
    })
  }

  publish(topic: string, payload: Uint8Array, qos: QoS, done: (ack: PublishAck) => void): void {
    const started = this.#now()
    try {
      this.#ops.publish(topic, payload, qos, (error) => {
        if (this.#closed !== undefined) return
        if (error === undefined || error === null) return done({ ok: true, ms: qos > 0 ? this.#now() - started : 0 })
        const code = (error as { code?: unknown }).code
        const reason = (errorMessage(error) ?? 'failed').replace(/^Publish error: /, '')
        done(typeof code === 'number' ? { ok: false, reasonCode: code, reason } : { ok: false, reason })
      })
    } catch (error) {
      done({ ok: false, reason: errorMessage(error) ?? 'failed' })
    }
  }

  setReceiver(listener: (topic: string, payload: Uint8Array, retain: boolean) => void): void {
    this.#receiver = listener
  }

  onClose(listener: (reason: string) => void): void {
    if (this.#closed !== undefined) listener(this.#closed)
    else this.#closeListeners.push(listener)
  }

  /** The client's 'message' event. */
  deliver(topic: string, payload: Uint8Array, retain: boolean): void {
    this.#receiver?.(topic, payload, retain)
  }

  /** The client's 'close' event (after end(), too): tells the run once. */
  closed(reason: string): void {
    if (this.#closed !== undefined) return
    this.#closed = reason
    for (const reject of this.#waiting) reject(new Error(reason))
    this.#waiting.clear()
    for (const listener of this.#closeListeners.splice(0)) listener(reason)
  }

  /** Ends the connection on purpose: the run is not told (it has ended already). */
  end(): Promise<void> {
    this.#closeListeners.length = 0
    return this.#ops.end()
  }
}

function errorMessage(error: unknown): string | undefined {
  return error instanceof Error ? error.message : typeof error === 'string' ? error : undefined
}

/** MQTT.js rejects a subscribe whose filter was refused; the SUBACK's codes ride on the error. */
function refusedCodes(error: unknown): number[] | undefined {
  const packet: unknown = typeof error === 'object' && error !== null ? (error as { packet?: unknown }).packet : undefined
  const granted: unknown = typeof packet === 'object' && packet !== null ? (packet as { granted?: unknown }).granted : undefined
  return Array.isArray(granted) ? (granted as number[]) : undefined
}
