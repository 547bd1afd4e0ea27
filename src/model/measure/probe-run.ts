import type { QoS } from '../connection-types.ts'
import type { HistogramBin } from './latency-stats.ts'
import type { TimelinePoint } from './latency-timeline.ts'
import { codeText, type MeasureClock, type MeasureLink, type PublishAck } from './measure-link.ts'
import { startCheck } from './probe-check.ts'
import { MEASURE_LIMITS } from './measure-limits.ts'
import { decodeProbe, encodeProbe } from './probe-payload.ts'
import { ProbeRecorder, type ProbeFigures } from './probe-recorder.ts'
import { grouped, type ProbeSettings } from './probe-settings.ts'

export type ProbePhase = 'connecting' | 'subscribing' | 'checking' | 'sending' | 'draining' | 'done' | 'failed'

/** Where a probe run is and what it measured so far (or in the end). */
export interface ProbeReport {
  readonly runId: string
  readonly settings: ProbeSettings
  readonly phase: ProbePhase
  readonly startedAt: number
  readonly endedAt?: number
  /** The QoS the broker granted for the subscription, and the QoS the messages were published at. */
  readonly subscribedQos?: QoS
  readonly publishQos?: QoS
  readonly figures?: ProbeFigures
  /** What the user should know: a lower QoS granted, refusals, the bound that stopped the run. */
  readonly notes: readonly string[]
  /** Why the run could not run (phase 'failed'). */
  readonly error?: string
  /** The broker refused us (CONNACK, SUBACK or PUBACK "not authorized"). */
  readonly notAuthorized?: boolean
  /** The run was cut short (connection lost, no acknowledgements): the figures are partial. */
  readonly incomplete?: string
  /** Stopped with Stop (or Ctrl+C) before every message was sent. */
  readonly stopped?: boolean
  readonly histogram?: readonly HistogramBin[]
  readonly timeline?: readonly TimelinePoint[]
}

/** How often a running probe checks the grace period, stalls and the duration bound. */
const MONITOR_MS = 100

/**
 * One probe run over connected links (the same link twice, or a publisher and a separate
 * subscriber), step by step:
 * 1. subscribe to the probe topic at the run's QoS; a refusal (0x80 and up) is retried one QoS
 *    lower, and a lower QoS granted is said (the run measures at what was granted); refused at
 *    QoS 0 too: not authorized;
 * 2. the check: message 0 is published (at QoS 1 when the run is QoS 0, so an MQTT 5 broker says
 *    "not authorized" in its PUBACK) and must come back within MEASURE_LIMITS.checkMs; an MQTT
 *    3.1.1 broker drops a refused message silently, and this is how that is told;
 * 3. messages 1..count at the rate (or as fast as the connection takes them), never more than
 *    MEASURE_LIMITS.inFlight (or the broker's Receive Maximum) unwritten or unacknowledged;
 * 4. draining: done when everything came back, or once nothing happened for the grace period
 *    (and QoS 1/2 acknowledgements got their time); then lost = sent − received.
 * A lost connection ends the run at once, its figures marked incomplete.
 */
export class ProbeRun {
  readonly runId: string
  readonly settings: ProbeSettings
  readonly #clock: MeasureClock
  readonly #recorder: ProbeRecorder
  readonly #startedAt: number
  readonly #notes: string[] = []
  readonly #done: Promise<ProbeReport>
  #resolve!: (report: ProbeReport) => void
  #phase: ProbePhase = 'connecting'
  #version = 0
  #pub: MeasureLink | undefined
  #subscribedQos: QoS | undefined
  #publishQos: QoS | undefined
  #error: string | undefined
  #notAuthorized = false
  #incomplete: string | undefined
  #stopped = false
  #endedAt: number | undefined
  #final: ProbeFigures | undefined
  #next = 1
  #inFlight = 0
  #window = 0
  #sendStart = 0
  #lastCompletion = 0
  #pumping = false
  #cancelPump: (() => void) | undefined
  #cancelMonitor: (() => void) | undefined
  #refusalNoted = false
  #failureNoted = false
  /** Set during the check: message 0 came back. */
  #checkEcho: (() => void) | undefined
  /** Set during the check: ends it early (stop, connection lost). */
  #abortCheck: (() => void) | undefined

  constructor(runId: string, settings: ProbeSettings, clock: MeasureClock) {
    this.runId = runId
    this.settings = settings
    this.#clock = clock
    this.#startedAt = clock.now()
    this.#recorder = new ProbeRecorder(runId, settings.count, settings.qos, this.#startedAt)
    this.#done = new Promise((resolve) => (this.#resolve = resolve))
  }

  /** Bumped whenever the report would read differently (apart from the clock). */
  get version(): number {
    return this.#version + this.#recorder.sent + this.#recorder.received
  }

  get phase(): ProbePhase {
    return this.#phase
  }

  get ended(): boolean {
    return this.#phase === 'done' || this.#phase === 'failed'
  }

  /** Resolves with the final report. */
  get done(): Promise<ProbeReport> {
    return this.#done
  }

  /** Runs the probe over connected links; resolves with the final report. */
  async run(pub: MeasureLink, sub: MeasureLink): Promise<ProbeReport> {
    if (this.ended) return this.#done
    this.#pub = pub
    sub.setReceiver((topic, payload) => this.#receive(topic, payload))
    pub.onClose((reason) => this.connectionLost(reason))
    if (sub !== pub) sub.onClose((reason) => this.connectionLost(`the subscriber's connection: ${reason}`))
    this.#setPhase('subscribing')
    const granted = await this.#subscribe(sub)
    if (granted === undefined || this.ended) return this.#done
    this.#subscribedQos = granted
    const max = pub.maximumQoS ?? 2
    // Measured at what the broker grants: an MQTT 3.1.1 broker may close a connection that publishes above it (mosquitto's max_qos).
    this.#publishQos = Math.min(this.settings.qos, max, granted) as QoS
    if (max < Math.min(this.settings.qos, granted)) this.#note(`The broker takes QoS ${max} at most (its CONNACK says so): measuring at QoS ${max}`)
    // In flight: bounded by count, by bytes, and by what the broker takes unacknowledged (Receive Maximum).
    const byBytes = Math.floor(MEASURE_LIMITS.inFlightBytes / this.settings.size)
    const byBroker = this.#publishQos > 0 ? (pub.receiveMaximum ?? Infinity) : Infinity
    this.#window = Math.max(1, Math.min(MEASURE_LIMITS.inFlight, byBytes, byBroker))
    this.#setPhase('checking')
    if (!(await this.#check(pub))) return this.#done
    this.#startSending()
    return this.#done
  }

  /** The run could not start (the connection failed, ...). */
  fail(error: string, notAuthorized = false): void {
    if (this.ended) return
    this.#error = error
    this.#notAuthorized = notAuthorized
    this.#finish('failed')
  }

  /** A connection closed: before sending the run fails; after, it ends at once with what it has, marked incomplete. */
  connectionLost(reason: string): void {
    if (this.ended) return
    if (this.#phase === 'sending' || this.#phase === 'draining') {
      this.#incomplete = `connection lost: ${reason}`
      this.#finish('done')
    } else {
      this.#abortCheck?.()
      this.fail(`connection lost: ${reason}`)
    }
  }

  /** Stop: stops sending and drains as usual; a second Stop (while draining) ends the run at once. */
  stop(): void {
    if (this.ended) return
    if (this.#phase === 'sending') {
      this.#stopped = true
      this.#note(`Stopped after ${grouped(this.#recorder.sent)} of ${grouped(this.settings.count)} messages`)
      this.#drain()
    } else if (this.#phase === 'draining') {
      this.#incomplete = `stopped before the grace period (${MEASURE_LIMITS.graceMs / 1000} s) after the last message ended`
      this.#finish('done')
    } else {
      this.#abortCheck?.()
      this.fail('stopped before the run started')
    }
  }

  report(now: number, charts = false): ProbeReport {
    const sending = this.#phase === 'sending' || this.#phase === 'draining' || this.#recorder.sent > 0
    const figures = this.#final ?? (sending ? this.#recorder.figures(now, false) : undefined)
    return {
      runId: this.runId,
      settings: this.settings,
      phase: this.#phase,
      startedAt: this.#startedAt,
      notes: [...this.#notes],
      ...(this.#endedAt !== undefined ? { endedAt: this.#endedAt } : {}),
      ...(this.#subscribedQos !== undefined ? { subscribedQos: this.#subscribedQos } : {}),
      ...(this.#publishQos !== undefined ? { publishQos: this.#publishQos } : {}),
      ...(figures ? { figures } : {}),
      ...(this.#error !== undefined ? { error: this.#error } : {}),
      ...(this.#notAuthorized ? { notAuthorized: true } : {}),
      ...(this.#incomplete !== undefined ? { incomplete: this.#incomplete } : {}),
      ...(this.#stopped ? { stopped: true } : {}),
      ...(charts && figures ? { histogram: this.#recorder.histogram(), timeline: this.#recorder.timeline() } : {}),
    }
  }

  async #subscribe(sub: MeasureLink): Promise<QoS | undefined> {
    const { topic, qos } = this.settings
    for (let asked = qos; ; asked--) {
      let answer
      try {
        answer = await sub.subscribe(topic, asked)
      } catch (error) {
        this.fail(`could not subscribe to "${topic}": ${error instanceof Error ? error.message : String(error)}`)
        return undefined
      }
      if (this.ended) return undefined
      if (answer.code < 0x80) {
        const granted = answer.code as QoS
        if (granted < qos) this.#note(`The broker granted QoS ${granted} for the subscription (asked for QoS ${qos}): measuring at QoS ${granted}`)
        return granted
      }
      if (asked === 0) {
        this.fail(`not authorized: the broker refused the subscription to "${topic}" (SUBACK ${codeText(answer.code, answer.reason)})`, true)
        return undefined
      }
      this.#note(`The broker refused the subscription at QoS ${asked} (SUBACK ${codeText(answer.code, answer.reason)}): trying QoS ${asked - 1}`)
    }
  }

  /** Message 0 goes out and must come back (see probe-check.ts). */
  async #check(pub: MeasureLink): Promise<boolean> {
    const qos: QoS = this.#publishQos! > 0 ? this.#publishQos! : pub.maximumQoS === 0 ? 0 : 1
    const check = startCheck(pub, this.#clock, this.settings.topic, encodeProbe(this.runId, 0, this.#clock.now(), this.settings.size), qos)
    this.#checkEcho = check.echoed
    this.#abortCheck = check.abort
    const outcome = await check.outcome
    this.#checkEcho = this.#abortCheck = undefined
    if (!outcome.ok && !('aborted' in outcome)) this.fail(outcome.error, outcome.notAuthorized)
    return outcome.ok && !this.ended
  }

  #startSending(): void {
    this.#setPhase('sending')
    this.#sendStart = this.#clock.now()
    this.#lastCompletion = this.#sendStart
    this.#monitor()
    this.#pump()
  }

  #pump = (): void => {
    this.#cancelPump = undefined
    if (this.#phase !== 'sending') return
    const pub = this.#pub!
    const now = this.#clock.now()
    const { rate, count } = this.settings
    if (now - this.#sendStart >= MEASURE_LIMITS.maxDurationMs) {
      this.#note(`Stopped at the ${MEASURE_LIMITS.maxDurationMs / 60_000} min bound after ${grouped(this.#recorder.sent)} messages`)
      return this.#drain()
    }
    const due = rate === undefined ? count : Math.min(count, Math.floor(((now - this.#sendStart) * rate) / 1000) + 1)
    // At most one window per turn, so acknowledgements and arrivals are handled in between.
    let turn = this.#window
    this.#pumping = true
    while (this.#next <= due && this.#inFlight < this.#window && turn-- > 0) this.#send(pub, this.#next++)
    this.#pumping = false
    if (this.ended || this.#phase !== 'sending') return
    if (this.#next > count) return this.#drain()
    if (this.#inFlight >= this.#window) return // a completion pumps again
    const wait = rate !== undefined && this.#next > due ? Math.max(MEASURE_LIMITS.tickMs, this.#sendStart + ((this.#next - 1) * 1000) / rate - now) : 0
    this.#schedulePump(wait)
  }

  #schedulePump(ms: number): void {
    if (this.#cancelPump === undefined) this.#cancelPump = this.#clock.after(ms, this.#pump)
  }

  #send(pub: MeasureLink, seq: number): void {
    const at = this.#clock.now()
    this.#recorder.recordSend(seq, at)
    this.#inFlight++
    pub.publish(this.settings.topic, encodeProbe(this.runId, seq, at, this.settings.size), this.#publishQos!, (ack) => this.#completed(ack))
  }

  #completed(ack: PublishAck): void {
    if (this.ended) return
    this.#inFlight--
    this.#lastCompletion = this.#clock.now()
    if (ack.ok) {
      if (this.#publishQos! > 0) this.#recorder.recordAck(ack.ms)
    } else if (ack.reasonCode !== undefined) {
      this.#recorder.recordRefused()
      if (!this.#refusalNoted) this.#note(`The broker refused messages (${codeText(ack.reasonCode, ack.reason)}): they count as lost`)
      this.#refusalNoted = true
    } else {
      if (!this.#failureNoted) this.#note(`Some messages could not be sent: ${ack.reason}`)
      this.#failureNoted = true
    }
    if (this.#phase === 'sending' && !this.#pumping) this.#schedulePump(0)
    else if (this.#phase === 'draining') this.#checkDrained()
  }

  #receive(topic: string, payload: Uint8Array): void {
    if (topic !== this.settings.topic || this.ended) return
    const stamp = decodeProbe(payload)
    if (stamp?.seq === 0 && stamp.runId === this.runId) {
      this.#checkEcho?.()
      return
    }
    if (this.#phase !== 'sending' && this.#phase !== 'draining') return
    this.#recorder.recordReceive(stamp, this.#clock.now(), payload.length)
    if (this.#phase === 'draining') this.#checkDrained()
  }

  #drain(): void {
    this.#cancelPump?.()
    this.#cancelPump = undefined
    this.#setPhase('draining')
    this.#checkDrained()
  }

  /** Everything came back; or quiet for the grace period, with QoS 1/2 acknowledgements given their time. */
  #checkDrained(): void {
    const now = this.#clock.now()
    const recorder = this.#recorder
    if (recorder.received >= recorder.sent && this.#inFlight === 0) return this.#finish('done')
    const quiet = now - (recorder.lastActivity ?? now) >= MEASURE_LIMITS.graceMs
    const acksSettled = this.#inFlight === 0 || now - this.#lastCompletion >= MEASURE_LIMITS.ackTimeoutMs
    if (quiet && acksSettled) this.#finish('done')
  }

  #monitor = (): void => {
    this.#cancelMonitor = undefined
    if (this.ended) return
    if (this.#phase === 'draining') this.#checkDrained()
    else if (this.#phase === 'sending') {
      const now = this.#clock.now()
      if (this.#inFlight >= this.#window && now - this.#lastCompletion >= MEASURE_LIMITS.ackTimeoutMs) {
        this.#incomplete = `no acknowledgement from the broker for ${MEASURE_LIMITS.ackTimeoutMs / 1000} s`
        return this.#finish('done')
      }
      if (now - this.#sendStart >= MEASURE_LIMITS.maxDurationMs) this.#pump()
    }
    if (!this.ended) this.#cancelMonitor = this.#clock.after(MONITOR_MS, this.#monitor)
  }

  #finish(phase: 'done' | 'failed'): void {
    if (this.ended) return
    this.#cancelPump?.()
    this.#cancelMonitor?.()
    this.#cancelPump = this.#cancelMonitor = undefined
    const now = this.#clock.now()
    if (this.#recorder.sent > 0) this.#final = this.#recorder.figures(now, true)
    this.#endedAt = now
    this.#setPhase(phase)
    this.#resolve(this.report(now, true))
  }

  #setPhase(phase: ProbePhase): void {
    this.#phase = phase
    this.#version++
  }

  #note(text: string): void {
    this.#notes.push(text)
    this.#version++
  }
}
