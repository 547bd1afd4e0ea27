import type { IClientOptions } from 'mqtt'
import type { BridgeSettings } from '../bridge/bridge-settings.ts'
import type { BridgePolicy, Refusal } from '../bridge/policy.ts'
import type { Lookup } from '../bridge/resolve.ts'
import type { Logger } from '../logger.ts'
import { planOutbound } from './outbound.ts'
import type { RecordingsService } from './recordings-service.ts'
import { ReplayJob, type ReplayProgress } from './replay-job.ts'
import { ReplayLog } from './replay-log.ts'
import { parseTlsRequest, tlsClientOptions } from './tls-request.ts'

const MAX_JOBS_KEPT = 100
/** How often a running job's count is saved: what a kill -9 can lose from the reported count. */
const SAVE_INTERVAL_MS = 500

/**
 * POST /api/recordings/:id/replay: checks the body and the target, starts a ReplayJob and keeps it
 * for progress. Progress is saved in the recordings database (ReplayLog) so a restart reports a
 * job it cut short as "interrupted" with the count sent.
 */
export class ReplayJobs {
  readonly #jobs = new Map<string, ReplayJob>()
  readonly #log: ReplayLog
  readonly #timer: NodeJS.Timeout

  constructor(
    private readonly service: RecordingsService,
    private readonly settings: { bridge: BridgeSettings; policy: BridgePolicy; lookup: Lookup; embeddedUrl: () => string | undefined; logger: Logger },
  ) {
    this.#log = new ReplayLog(service.store.db, settings.logger)
    this.#log.markInterrupted()
    this.#timer = setInterval(() => {
      for (const job of this.#jobs.values()) if (job.active) this.#log.save(job.progress())
    }, SAVE_INTERVAL_MS)
  }

  /** A job of this run, or one a restart interrupted. */
  progress(id: string): ReplayProgress | undefined {
    return this.#jobs.get(id)?.progress() ?? this.#log.get(id)
  }

  stop(id: string): ReplayProgress | undefined {
    const job = this.#jobs.get(id)
    if (job === undefined) return this.#log.get(id)
    job.stop()
    this.#log.save(job.progress())
    return job.progress()
  }

  async start(recordingId: string, body: unknown): Promise<{ id: string } | Refusal | { error: string }> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return { error: 'the body must be a JSON object' }
    const b = body as Record<string, unknown>
    if (b.url !== undefined && typeof b.url !== 'string') return { error: '"url" must be a string' }
    if (b.topicPrefix !== undefined && (typeof b.topicPrefix !== 'string' || /[+#]/.test(b.topicPrefix)))
      return { error: '"topicPrefix" must be a string without + or #' }
    const speed = b.speed ?? 1
    if (typeof speed !== 'number' || !(speed >= 0) || !Number.isFinite(speed)) return { error: '"speed" must be a number ≥ 0 (0: as fast as possible)' }
    for (const key of ['from', 'to'] as const)
      if (b[key] !== undefined && !Number.isSafeInteger(b[key])) return { error: `"${key}" must be epoch milliseconds` }
    if (b.qos !== undefined && b.qos !== 0 && b.qos !== 1 && b.qos !== 2) return { error: '"qos" must be 0, 1 or 2' }
    if (b.username !== undefined && typeof b.username !== 'string') return { error: '"username" must be a string' }
    if (b.password !== undefined && typeof b.password !== 'string') return { error: '"password" must be a string' }
    const tls = parseTlsRequest(b.tls, b.url)
    if (tls !== undefined && 'error' in tls) return tls
    let connectUrl: string
    let clientOptions: IClientOptions
    if (b.url === undefined) {
      const url = this.settings.embeddedUrl()
      if (url === undefined) return { error: 'the embedded broker is not listening yet' }
      connectUrl = url
      // aedes speaks MQTT 3.1.1 (it closes an MQTT 5 CONNECT).
      clientOptions = { protocolVersion: 4 }
    } else {
      const plan = await planOutbound(b.url, this.settings.bridge, this.settings.policy, this.settings.lookup)
      if ('error' in plan) return plan
      connectUrl = plan.connectUrl
      clientOptions = tlsClientOptions(tls, plan.servername)
    }
    if (typeof b.username === 'string') clientOptions.username = b.username
    if (typeof b.password === 'string') clientOptions.password = b.password
    const range = { from: b.from as number | undefined, to: b.to as number | undefined }
    const messages = this.service.store.messages(recordingId, range)
    const total = this.service.store.countMessages(recordingId, range)
    const job = new ReplayJob({
      recording: recordingId,
      connectUrl,
      clientOptions,
      messages,
      total,
      topicPrefix: b.topicPrefix ?? '',
      speed,
      qos: b.qos,
    })
    this.#jobs.set(job.id, job)
    this.#log.save(job.progress())
    void job.finished.then(() => this.#log.save(job.progress()))
    if (this.#jobs.size > MAX_JOBS_KEPT) {
      this.#jobs.delete(this.#jobs.keys().next().value!)
      this.#log.prune()
    }
    return { id: job.id }
  }

  /** Server shutdown: running jobs end as "interrupted", with their count saved. */
  close(): void {
    clearInterval(this.#timer)
    for (const job of this.#jobs.values()) {
      if (!job.active) continue
      job.interrupt(`the server shut down during the replay; ${job.progress().sent} of ${job.progress().total} messages were sent`)
      this.#log.save(job.progress())
    }
  }
}
