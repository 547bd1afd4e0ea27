import { LIMITS } from '../model/limits.ts'
import { expandTemplate, hasTemplates, liveContext, type TemplateContext } from '../model/publish-template.ts'
import type { SendResult } from './publish-acks.ts'
import type { OutgoingMessage } from './publish-packet.ts'
import type { PublishJob, PublishMessage, PublishOutcome, PublishRepeat } from '../model/publish-types.ts'
import type { EncodedFormat } from '../model/encoded-publish.ts'

/** Where sends go: the MQTT session (it answers 'failed: not connected' when it is not). */
export interface PublishConnection {
  publishMessage(message: OutgoingMessage, ackTimeoutMs: number): Promise<SendResult>
}

export interface PublisherEvents {
  outcome(outcome: PublishOutcome): void
  job(job: PublishJob): void
}

export interface PublisherOptions {
  /** A send without its last acknowledgement by then is reported as 'timeout'. */
  readonly ackTimeoutMs: number
  /** The fastest repeat; a faster one asked for is slowed to this. */
  readonly minIntervalMs: number
  /** Events of one job: at most one progress event and one outcome per interval (plus the final ones). */
  readonly flushIntervalMs: number
  /** The template context of the send with this counter value. */
  readonly context: (counter: number) => TemplateContext
  /**
   * Encodes an 'encoded' payload (JSON, templates expanded) for one send to `topic`; throws with the
   * position or field when it cannot (the send fails, nothing is sent). Undefined: the encoders are
   * not loaded (the worker loads them before starting such a job).
   */
  readonly encode?: ((format: EncodedFormat, topic: string, text: string, messageType?: string) => Uint8Array) | undefined
}

const DEFAULTS: PublisherOptions = {
  ackTimeoutMs: LIMITS.publish.ackTimeoutMs,
  minIntervalMs: LIMITS.publish.minIntervalMs,
  flushIntervalMs: LIMITS.flushIntervalMs,
  context: liveContext,
}

const utf8 = new TextEncoder()

interface Job {
  readonly id: number
  readonly message: PublishMessage
  readonly connection: PublishConnection | undefined
  readonly total: number | undefined
  /** A text payload without templates, encoded once. */
  readonly fixedPayload: Uint8Array | undefined
  sent: number
  acknowledged: number
  failed: number
  /** Sends handed over whose outcome has not come yet. */
  outstanding: number
  running: boolean
  endReason: string | undefined
  repeatTimer: ReturnType<typeof setInterval> | undefined
  lastJobEventAt: number
  /** The last progress sent: an unchanged one is not sent again. */
  lastJobEvent: PublishJob | undefined
  jobEventDue: boolean
  lastOutcomeAt: number
  /** The latest outcome not emitted yet (a fast repeat's outcomes are coalesced to one per interval). */
  pendingOutcome: PublishOutcome | undefined
}

/**
 * Runs publish jobs: one send, or one every `intervalMs`, `count` times or until stopped. Several
 * jobs may run at once. Templates are expanded for every send with a counter shared by all sends of
 * this worker, so single publishes count up too. Every send gets an outcome; a job ends after its
 * last send, on stop(), on endAll() (disconnect, another connection) and on a send that could not
 * be made ('failed', such as "not connected": MQTT.js is never left to queue one for later).
 *
 * Events: a job's progress at most once per flush interval while it runs, and always when it stops
 * sending and once its last outcome is in; outcomes as they come, but at most one per flush interval
 * per job (the latest wins; every send is still counted in the job).
 */
export class Publisher {
  readonly #events: PublisherEvents
  readonly #options: PublisherOptions
  readonly #jobs = new Map<number, Job>()
  #counter = 0
  #flushTimer: ReturnType<typeof setTimeout> | undefined

  constructor(events: PublisherEvents, options: Partial<PublisherOptions> = {}) {
    this.#events = events
    this.#options = { ...DEFAULTS, ...options }
  }

  /** Starts a job; its first send is made now. `connection` undefined: not connected. */
  start(jobId: number, message: PublishMessage, repeat: PublishRepeat | undefined, connection: PublishConnection | undefined): void {
    if (this.#jobs.has(jobId)) this.#endSending(this.#jobs.get(jobId)!, 'replaced by a new job with the same id')
    const total = repeat ? (repeat.count === undefined ? undefined : Math.max(0, Math.floor(repeat.count))) : 1
    const job: Job = {
      id: jobId,
      message,
      connection,
      total: Number.isNaN(total) ? 0 : total,
      fixedPayload: message.payload.kind === 'text' && !hasTemplates(message.payload.text) ? utf8.encode(message.payload.text) : undefined,
      sent: 0,
      acknowledged: 0,
      failed: 0,
      outstanding: 0,
      running: true,
      endReason: undefined,
      repeatTimer: undefined,
      lastJobEventAt: -Infinity,
      lastJobEvent: undefined,
      jobEventDue: false,
      lastOutcomeAt: -Infinity,
      pendingOutcome: undefined,
    }
    this.#jobs.set(jobId, job)
    this.#sendNext(job)
    if (job.running && repeat) {
      const interval = Math.max(this.#options.minIntervalMs, Number.isFinite(repeat.intervalMs) ? repeat.intervalMs : 0)
      job.repeatTimer = setInterval(() => this.#sendNext(job), interval)
    }
  }

  /** No further sends of this job; those on the wire still report their outcome. */
  stop(jobId: number): void {
    const job = this.#jobs.get(jobId)
    if (job?.running) this.#endSending(job, 'stopped')
  }

  /** Ends every running job (the connection is going away). */
  endAll(reason: string): void {
    for (const job of this.#jobs.values()) if (job.running) this.#endSending(job, reason)
  }

  /** Jobs still sending. */
  get runningJobs(): number {
    let n = 0
    for (const job of this.#jobs.values()) if (job.running) n++
    return n
  }

  #sendNext(job: Job): void {
    if (!job.running) return
    if (job.total !== undefined && job.sent >= job.total) {
      this.#endSending(job, undefined)
      return
    }
    const index = ++job.sent
    const counter = ++this.#counter
    job.outstanding++
    let outgoing: OutgoingMessage | undefined
    let result: Promise<SendResult>
    try {
      outgoing = expand(job.message, job.fixedPayload, this.#options.context(counter), this.#options.encode)
      result = job.connection ? job.connection.publishMessage(outgoing, this.#options.ackTimeoutMs) : Promise.resolve(notConnected())
    } catch (error) {
      // A template that cannot be expanded (the page checks them first).
      result = Promise.resolve({ sentAt: Date.now(), status: 'failed', reason: error instanceof Error ? error.message : String(error) })
    }
    const sent = outgoing
    void result.then((r) => this.#onResult(job, index, sent, r))
    if (job.total !== undefined && job.sent >= job.total) this.#endSending(job, undefined)
    else this.#jobChanged(job)
  }

  #onResult(job: Job, index: number, outgoing: OutgoingMessage | undefined, result: SendResult): void {
    job.outstanding--
    if (result.status === 'acknowledged') job.acknowledged++
    else if (result.status !== 'sent') job.failed++
    const message = job.message
    this.#outcome(job, {
      jobId: job.id,
      index,
      topic: outgoing?.topic ?? message.topic,
      bytes: outgoing?.payload.length ?? 0,
      qos: message.qos,
      retain: message.retain,
      ...result,
    })
    // Not sent at all: the next send would not be either (not connected, a limit of the broker's).
    if (result.status === 'failed' && job.running) this.#endSending(job, result.reason ?? 'failed')
    else if (!job.running && job.outstanding === 0) this.#finish(job)
    else this.#jobChanged(job)
  }

  /** The job makes no further sends; it is finished once its outstanding sends reported. */
  #endSending(job: Job, reason: string | undefined): void {
    if (!job.running) return
    job.running = false
    job.endReason = reason
    clearInterval(job.repeatTimer)
    job.repeatTimer = undefined
    if (job.outstanding === 0) this.#finish(job)
    else this.#emitJob(job)
  }

  /** Everything reported: the pending outcome, then the job's final state. */
  #finish(job: Job): void {
    this.#emitPendingOutcome(job)
    this.#emitJob(job)
    if (this.#jobs.get(job.id) === job) this.#jobs.delete(job.id)
  }

  #jobChanged(job: Job): void {
    if (performance.now() - job.lastJobEventAt >= this.#options.flushIntervalMs) this.#emitJob(job)
    else {
      job.jobEventDue = true
      this.#scheduleFlush()
    }
  }

  #outcome(job: Job, outcome: PublishOutcome): void {
    if (job.pendingOutcome === undefined && performance.now() - job.lastOutcomeAt >= this.#options.flushIntervalMs) {
      job.lastOutcomeAt = performance.now()
      this.#events.outcome(outcome)
    } else {
      job.pendingOutcome = outcome
      this.#scheduleFlush()
    }
  }

  #emitPendingOutcome(job: Job): void {
    if (job.pendingOutcome === undefined) return
    const outcome = job.pendingOutcome
    job.pendingOutcome = undefined
    job.lastOutcomeAt = performance.now()
    this.#events.outcome(outcome)
  }

  #emitJob(job: Job): void {
    job.jobEventDue = false
    const last = job.lastJobEvent
    if (
      last &&
      last.sent === job.sent &&
      last.acknowledged === job.acknowledged &&
      last.failed === job.failed &&
      last.running === job.running &&
      last.endReason === job.endReason
    ) {
      return
    }
    job.lastJobEventAt = performance.now()
    job.lastJobEvent = {
      jobId: job.id,
      total: job.total,
      sent: job.sent,
      acknowledged: job.acknowledged,
      failed: job.failed,
      running: job.running,
      ...(job.endReason !== undefined ? { endReason: job.endReason } : {}),
    }
    this.#events.job(job.lastJobEvent)
  }

  #scheduleFlush(): void {
    if (this.#flushTimer !== undefined) return
    this.#flushTimer = setTimeout(() => {
      this.#flushTimer = undefined
      for (const job of this.#jobs.values()) {
        this.#emitPendingOutcome(job)
        if (job.jobEventDue) this.#emitJob(job)
      }
    }, this.#options.flushIntervalMs)
  }
}

function notConnected(): SendResult {
  return { sentAt: Date.now(), status: 'failed', reason: 'not connected' }
}

/**
 * One send: the message with its templates expanded (topic, text payload, response topic, correlation
 * data); an encoded payload's JSON expanded, then encoded for this send (Sparkplug: its seq and time).
 */
function expand(message: PublishMessage, fixedPayload: Uint8Array | undefined, context: TemplateContext, encode: PublisherOptions['encode']): OutgoingMessage {
  const topic = expandTemplate(message.topic, context)
  let payload: Uint8Array
  if (message.payload.kind === 'bytes') payload = message.payload.bytes
  else if (message.payload.kind === 'encoded') {
    if (!encode) throw new Error('the encoders are not loaded')
    payload = encode(message.payload.format, topic, expandTemplate(message.payload.text, context), message.payload.messageType)
  } else payload = fixedPayload ?? utf8.encode(expandTemplate(message.payload.text, context))
  const p = message.properties
  const properties = p && {
    ...p,
    ...(p.responseTopic !== undefined ? { responseTopic: expandTemplate(p.responseTopic, context) } : {}),
    ...(p.correlationData !== undefined ? { correlationData: expandTemplate(p.correlationData, context) } : {}),
  }
  return {
    topic,
    payload,
    qos: message.qos,
    retain: message.retain,
    ...(properties ? { properties } : {}),
  }
}
