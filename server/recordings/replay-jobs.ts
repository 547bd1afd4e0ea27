import type { IClientOptions } from 'mqtt'
import type { BridgeSettings } from '../bridge/bridge-settings.ts'
import type { BridgePolicy, Refusal } from '../bridge/policy.ts'
import type { Lookup } from '../bridge/resolve.ts'
import { planOutbound } from './outbound.ts'
import type { RecordingsService } from './recordings-service.ts'
import { ReplayJob } from './replay-job.ts'

const MAX_JOBS_KEPT = 100

/** POST /api/recordings/:id/replay: checks the body and the target, starts a ReplayJob and keeps it for progress. */
export class ReplayJobs {
  readonly #jobs = new Map<string, ReplayJob>()

  constructor(
    private readonly service: RecordingsService,
    private readonly settings: { bridge: BridgeSettings; policy: BridgePolicy; lookup: Lookup; embeddedUrl: () => string | undefined },
  ) {}

  get(id: string): ReplayJob | undefined {
    return this.#jobs.get(id)
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
    let connectUrl: string
    let clientOptions: IClientOptions = {}
    if (b.url === undefined) {
      const url = this.settings.embeddedUrl()
      if (url === undefined) return { error: 'the embedded broker is not listening yet' }
      connectUrl = url
      // aedes speaks MQTT 3.1.1: it closes an MQTT 5 CONNECT ("Unacceptable protocol version").
      clientOptions = { protocolVersion: 4 }
    } else {
      const plan = await planOutbound(b.url, this.settings.bridge, this.settings.policy, this.settings.lookup)
      if ('error' in plan) return plan
      connectUrl = plan.connectUrl
      clientOptions = { servername: plan.servername }
    }
    if (typeof b.username === 'string') clientOptions.username = b.username
    if (typeof b.password === 'string') clientOptions.password = b.password
    const messages = [...this.service.store.messages(recordingId, { from: b.from as number | undefined, to: b.to as number | undefined })]
    const job = new ReplayJob({
      connectUrl,
      clientOptions,
      messages,
      topicPrefix: b.topicPrefix ?? '',
      speed,
      qos: b.qos,
    })
    this.#jobs.set(job.id, job)
    if (this.#jobs.size > MAX_JOBS_KEPT) this.#jobs.delete(this.#jobs.keys().next().value!)
    return { id: job.id }
  }

  stopAll(): void {
    for (const job of this.#jobs.values()) job.stop()
  }
}
