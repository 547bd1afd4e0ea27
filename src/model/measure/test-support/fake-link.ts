import type { QoS } from '../../connection-types.ts'
import type { MeasureClock, MeasureLink, PublishAck, SubscribeAnswer } from '../measure-link.ts'

/** A clock whose time moves only when a test says so; timers run in time order. */
export class FakeClock implements MeasureClock {
  #now: number
  #timers: Array<{ at: number; order: number; run: () => void }> = []
  #order = 0

  constructor(start = 1_700_000_000_000) {
    this.#now = start
  }

  now(): number {
    return this.#now
  }

  after(ms: number, run: () => void): () => void {
    const timer = { at: this.#now + Math.max(0, ms), order: this.#order++, run }
    this.#timers.push(timer)
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer)
    }
  }

  get pending(): number {
    return this.#timers.length
  }

  /** Runs every timer due within `ms` (and the promise callbacks they start), then sets the time to now + ms. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms
    for (;;) {
      await settle()
      this.#timers.sort((a, b) => a.at - b.at || a.order - b.order)
      const next = this.#timers[0]
      if (!next || next.at > end) break
      this.#timers.shift()
      this.#now = Math.max(this.#now, next.at)
      next.run()
    }
    this.#now = end
    await settle()
  }

  /** Advances until `done` resolves (or `limitMs` passes). */
  async runUntil<T>(done: Promise<T>, limitMs = 3_600_000): Promise<T> {
    let finished = false
    void done.then(() => (finished = true))
    for (let spent = 0; !finished && spent < limitMs; spent += 50) await this.advance(50)
    if (!finished) throw new Error(`not done within ${limitMs} ms of fake time`)
    return done
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve))
}

export interface FakeBrokerOptions {
  /** One-way delay of a message from publisher to subscriber, ms. */
  readonly latencyMs?: number
  /** Time to a PUBACK/PUBCOMP, ms. */
  readonly ackMs?: number
  /** Drop the message with this sequence number (read from the payload) on the way. */
  readonly drop?: (seq: number) => boolean
  /** Deliver this message twice. */
  readonly duplicate?: (seq: number) => boolean
  /** SUBACK code per asked QoS (default: the QoS asked). */
  readonly suback?: (qos: QoS) => number
  /** PUBACK refusal code for every publish at QoS > 0 (MQTT 5). */
  readonly refuseCode?: number
  /** Acknowledge but never deliver (an MQTT 3.1.1 broker refusing a publish). */
  readonly silentDrop?: boolean
  readonly protocolVersion?: 4 | 5
  readonly maximumQoS?: QoS
  readonly receiveMaximum?: number
}

/** A broker and one connection to it, in memory, on a FakeClock: what a probe run needs of MQTT. */
export class FakeLink implements MeasureLink {
  readonly protocolVersion: 4 | 5
  readonly maximumQoS?: QoS
  readonly receiveMaximum?: number
  readonly published: Array<{ topic: string; qos: QoS; seq: number }> = []
  maxInFlight = 0
  #inFlight = 0
  #receiver: ((topic: string, payload: Uint8Array, retain: boolean) => void) | undefined
  #closeListeners: Array<(reason: string) => void> = []
  #subscribed: string | undefined
  #closed = false
  readonly #clock: FakeClock
  readonly #options: FakeBrokerOptions

  constructor(clock: FakeClock, options: FakeBrokerOptions = {}) {
    this.#clock = clock
    this.#options = options
    this.protocolVersion = options.protocolVersion ?? 5
    if (options.maximumQoS !== undefined) this.maximumQoS = options.maximumQoS
    if (options.receiveMaximum !== undefined) this.receiveMaximum = options.receiveMaximum
  }

  subscribe(filter: string, qos: QoS): Promise<SubscribeAnswer> {
    const code = this.#options.suback?.(qos) ?? qos
    if (code < 0x80) this.#subscribed = filter
    return Promise.resolve({ code, reason: code === 0x87 ? 'Not authorized' : code >= 0x80 ? 'Unspecified error' : `Granted QoS ${code}` })
  }

  publish(topic: string, payload: Uint8Array, qos: QoS, done: (ack: PublishAck) => void): void {
    if (this.#closed) return
    const seq = Number(/"seq":(\d+)/.exec(new TextDecoder().decode(payload.subarray(0, 80)))?.[1] ?? -1)
    this.published.push({ topic, qos, seq })
    this.#inFlight++
    this.maxInFlight = Math.max(this.maxInFlight, this.#inFlight)
    const o = this.#options
    const refused = o.refuseCode !== undefined && qos > 0
    if (!refused && !o.silentDrop && !o.drop?.(seq) && this.#subscribed === topic) {
      const copies = o.duplicate?.(seq) ? 2 : 1
      for (let i = 0; i < copies; i++) this.#clock.after(o.latencyMs ?? 1, () => !this.#closed && this.#receiver?.(topic, payload, false))
    }
    const settle = (ack: PublishAck) => {
      if (this.#closed) return
      this.#inFlight--
      done(ack)
    }
    if (qos === 0) return settle({ ok: true, ms: 0 })
    const ackMs = o.ackMs ?? 0.5
    this.#clock.after(ackMs, () => settle(refused ? { ok: false, reasonCode: o.refuseCode, reason: 'Not authorized' } : { ok: true, ms: ackMs }))
  }

  setReceiver(listener: (topic: string, payload: Uint8Array, retain: boolean) => void): void {
    this.#receiver = listener
  }

  onClose(listener: (reason: string) => void): void {
    this.#closeListeners.push(listener)
  }

  /** A device or another client publishing on the broker. */
  deliver(topic: string, payload: Uint8Array | string, retain = false): void {
    this.#receiver?.(topic, typeof payload === 'string' ? new TextEncoder().encode(payload) : payload, retain)
  }

  close(reason = 'connection reset'): void {
    if (this.#closed) return
    this.#closed = true
    for (const listener of this.#closeListeners) listener(reason)
  }
}
