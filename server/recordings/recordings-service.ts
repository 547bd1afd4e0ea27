import { randomUUID } from 'node:crypto'
import type { IClientOptions } from 'mqtt'
import type { RecordedMessage } from '../../src/model/recording-jsonl.ts'
import type { BridgeSettings } from '../bridge/bridge-settings.ts'
import type { BridgePolicy, Refusal } from '../bridge/policy.ts'
import type { Lookup } from '../bridge/resolve.ts'
import type { Logger } from '../logger.ts'
import { CredentialsFile, type RememberedCredentials } from './credentials-file.ts'
import { planOutbound } from './outbound.ts'
import { Recorder } from './recorder.ts'
import type { RecordingRequest } from './recording-request.ts'
import { tlsClientOptions } from './tls-request.ts'
import { RecordingStore, type Budgets, type RecordingRow } from './recording-store.ts'

export interface RecordingsSettings {
  /** undefined: --memory (recordings live in memory only). */
  readonly dataDir: string | undefined
  readonly budgets: Budgets
  readonly bridge: BridgeSettings
  readonly policy: BridgePolicy
  readonly lookup: Lookup
  readonly logger: Logger
  /** The embedded broker's own MQTT URL, known once the server listens. */
  readonly embeddedUrl: () => string | undefined
}

const ACTIVE = new Set(['recording', 'connecting'])

/**
 * Every recording of this server: the store, one Recorder per running recording, the remembered
 * credentials. At start the recordings that were running resume; those whose credentials were not
 * remembered wait as "paused: credentials needed".
 */
export class RecordingsService {
  readonly store: RecordingStore
  readonly #settings: RecordingsSettings
  readonly #recorders = new Map<string, Recorder>()
  readonly #credentials: CredentialsFile
  /** Credentials given this run without "remember": enough to run now, gone at restart. */
  readonly #transient = new Map<string, RememberedCredentials>()

  constructor(settings: RecordingsSettings) {
    this.#settings = settings
    this.store = new RecordingStore(settings.dataDir)
    this.#credentials = new CredentialsFile(settings.dataDir)
  }

  get inMemory(): boolean {
    return this.store.inMemory
  }

  /** After the server listens: restart what was recording before the restart. */
  async resumeAll(): Promise<void> {
    for (const row of this.store.list()) {
      if (!ACTIVE.has(row.state)) continue
      const needsSecrets = row.target.username !== undefined || row.target.tls !== undefined
      const remembered = this.#credentials.get(row.id)
      if (needsSecrets && remembered === undefined) {
        this.store.setState(row.id, 'paused: credentials needed', 'the credentials were not remembered; start a new recording')
        continue
      }
      const started = await this.#run(row, remembered ?? {})
      if (started !== undefined) this.store.setState(row.id, 'connecting', started.error)
    }
  }

  async start(request: RecordingRequest): Promise<{ id: string } | Refusal> {
    const id = randomUUID()
    const secrets: RememberedCredentials = {
      ...(request.username === undefined ? {} : { username: request.username }),
      ...(request.password === undefined ? {} : { password: request.password }),
      ...(request.tls === undefined ? {} : { tls: request.tls }),
    }
    const target = {
      url: request.url,
      ...(request.username === undefined ? {} : { username: request.username }),
      // Only whether TLS options were given: their content (keys) is secret.
      ...(request.tls === undefined ? {} : { tls: { given: true } }),
    }
    const row: RecordingRow = {
      id,
      name: request.name,
      target,
      filters: request.filters,
      qos: request.qos,
      onFull: request.onFull,
      state: 'connecting',
      reason: undefined,
      messages: 0,
      bytes: 0,
      first: undefined,
      last: undefined,
      evicted: 0,
    }
    const plan = await this.#plan(row)
    if ('error' in plan) return plan
    try {
      this.store.create({ ...row })
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_FULL') throw error
      return { error: 'disk full: the recordings database cannot grow; free space or delete recordings', rule: 'disk full' }
    }
    if (request.remember) this.#credentials.set(id, secrets)
    else this.#transient.set(id, secrets)
    this.#startRecorder(row, plan.url, plan.options, secrets)
    return { id }
  }

  /** A new recording that holds these messages (an import); all or nothing. */
  importMessages(name: string, messages: readonly RecordedMessage[]): { id: string } | { error: string; rule?: string } {
    const id = randomUUID()
    const store = this.store
    const tooLarge = new Error('the import is larger than the recording budget (--recording-max-bytes, --recording-max-messages)')
    // One transaction: a file that does not fit leaves nothing behind (the throw rolls it back).
    const importAll = store.db.transaction(() => {
      store.create({ id, name, target: { url: undefined }, filters: [], qos: 0, onFull: 'stop', state: 'imported' })
      if (store.insert(id, messages, this.#settings.budgets) === 'full') throw tooLarge
    })
    try {
      importAll.immediate()
    } catch (error) {
      if (error === tooLarge) return { error: tooLarge.message }
      if ((error as { code?: string }).code === 'SQLITE_FULL')
        return { error: 'disk full: the recordings database cannot grow; nothing was imported', rule: 'disk full' }
      return { error: `the import failed: ${(error as Error).message}` }
    }
    return { id }
  }

  async stop(id: string): Promise<boolean> {
    const recorder = this.#recorders.get(id)
    if (recorder !== undefined) {
      this.#recorders.delete(id)
      await recorder.stop('stopped')
    } else if (this.store.get(id) === undefined) return false
    else if (ACTIVE.has(this.store.get(id)!.state) || this.store.get(id)!.state === 'paused: credentials needed') this.store.setState(id, 'stopped')
    this.#credentials.delete(id)
    this.#transient.delete(id)
    return true
  }

  async delete(id: string): Promise<boolean> {
    if (this.store.get(id) === undefined) return false
    await this.stop(id)
    return this.store.delete(id)
  }

  async close(): Promise<void> {
    await Promise.all([...this.#recorders.values()].map((recorder) => recorder.close()))
    this.#recorders.clear()
    this.store.close()
  }

  async #run(row: RecordingRow, secrets: RememberedCredentials): Promise<Refusal | undefined> {
    const plan = await this.#plan(row)
    if ('error' in plan) return plan
    this.#startRecorder(row, plan.url, plan.options, secrets)
    return undefined
  }

  async #plan(row: RecordingRow): Promise<{ url: string; options: IClientOptions } | Refusal> {
    if (row.target.url === undefined) {
      const url = this.#settings.embeddedUrl()
      if (url === undefined) return { error: 'the embedded broker is not listening yet', rule: 'target' }
      // aedes speaks MQTT 3.1.1 (it closes an MQTT 5 CONNECT).
      return { url, options: { protocolVersion: 4 } }
    }
    const plan = await planOutbound(row.target.url, this.#settings.bridge, this.#settings.policy, this.#settings.lookup)
    if ('error' in plan) return plan
    return { url: plan.connectUrl, options: plan.servername === undefined ? {} : { servername: plan.servername } }
  }

  #startRecorder(row: RecordingRow, url: string, options: IClientOptions, secrets: RememberedCredentials): void {
    const recorder = new Recorder({
      id: row.id,
      connectUrl: url,
      clientOptions: {
        ...options,
        ...tlsClientOptions(secrets.tls, options.servername),
        ...(secrets.username === undefined ? {} : { username: secrets.username }),
        ...(secrets.password === undefined ? {} : { password: secrets.password }),
      },
      filters: row.filters,
      qos: row.qos,
      store: this.store,
      budgets: () => this.#settings.budgets,
      logger: this.#settings.logger,
      onEnded: (id) => this.#recorders.delete(id),
    })
    this.#recorders.set(row.id, recorder)
  }
}
