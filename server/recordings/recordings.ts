import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Config } from '../config.ts'
import type { Bridge } from '../bridge/bridge.ts'
import { systemLookup, type Lookup } from '../bridge/resolve.ts'
import type { RequestPolicy } from '../http/request-policy.ts'
import type { Logger } from '../logger.ts'
import { handleRecordingsApi } from './recordings-api.ts'
import { RecordingsService } from './recordings-service.ts'
import { ReplayJobs } from './replay-jobs.ts'

/** Recordings as the server wires them: the service, replay jobs and their API. */
export interface Recordings {
  readonly service: RecordingsService
  handleApi(req: IncomingMessage, res: ServerResponse, urlPath: string): boolean
  /** Once the server listens: the embedded broker's URL, then resume what was recording. */
  start(mqttPort: number): Promise<void>
  close(): Promise<void>
}

export function createRecordings(config: Config, bridge: Bridge, requestPolicy: RequestPolicy, logger: Logger, lookup: Lookup = systemLookup): Recordings {
  let embeddedUrl: string | undefined
  const service = new RecordingsService({
    dataDir: config.memory ? undefined : config.dataDir,
    budgets: {
      maxBytes: config.recordingMaxBytes,
      maxMessages: config.recordingMaxMessages,
      totalMaxBytes: config.recordingsMaxBytes,
      totalMaxMessages: config.recordingsMaxMessages,
    },
    bridge: bridge.settings,
    policy: bridge.policy,
    lookup,
    logger,
    embeddedUrl: () => embeddedUrl,
  })
  const replays = new ReplayJobs(service, { bridge: bridge.settings, policy: bridge.policy, lookup, embeddedUrl: () => embeddedUrl, logger })
  const context = { service, replays, bridge: bridge.settings, requestPolicy, logger }
  return {
    service,
    handleApi: (req, res, urlPath) => handleRecordingsApi(context, req, res, urlPath),
    async start(mqttPort) {
      // The recorder is a client of our own TCP listener; loopback reaches it whatever --host is.
      embeddedUrl = `mqtt://${loopbackFor(config.host)}:${mqttPort}`
      await service.resumeAll()
    },
    async close() {
      replays.close()
      await service.close()
    },
  }
}

function loopbackFor(host: string): string {
  if (host === '::' || host === '::1' || host.includes(':')) return host === '::' || host === '::1' ? '[::1]' : `[${host}]`
  if (host === '0.0.0.0') return '127.0.0.1'
  return host
}
