import type { ProbeClient } from './retained-scan.ts'

export interface ProbeLimits {
  /** A round ends this long after the SUBACK, or after the last retained message that followed it. */
  readonly quietMs: number
  /** A round without its SUBACK by then fails (and the connection is dropped). */
  readonly roundMs: number
}

/** What one round learned: which of the topics asked about hold a retained message. */
export interface ProbeAnswer {
  readonly retained: ReadonlySet<string>
  /** The topics the broker answered for (a refused subscription says nothing). */
  readonly answered: readonly string[]
}

/**
 * Asks the broker, by topic name, whether it holds a retained message: on a second connection it
 * subscribes to the exact topics, collects what arrives with retain = 1 [MQTT-3.3.1-8] (a broker
 * sends a topic's retained message on every SUBSCRIBE that matches it [MQTT-3.3.1-6]), and
 * unsubscribes again once `quietMs` pass without another one. Live messages meanwhile come with
 * retain = 0 under 3.1.1 [MQTT-3.3.1-9] and are ignored. The connection is opened on the first
 * question and kept for the next ones; one round at a time.
 */
export class RetainedProbe {
  readonly #open: () => Promise<ProbeClient>
  readonly #limits: ProbeLimits
  #client: Promise<ProbeClient> | undefined
  #onMessage: ((topic: string, length: number, retain: boolean) => void) | undefined
  #onFailure: ((reason: string) => void) | undefined
  #closed = false

  constructor(open: () => Promise<ProbeClient>, limits: ProbeLimits) {
    this.#open = open
    this.#limits = limits
  }

  /** One round; rejects with the reason when the broker could not be asked. */
  async ask(topics: readonly string[]): Promise<ProbeAnswer> {
    const client = await this.#connected()
    return new Promise<ProbeAnswer>((resolve, reject) => {
      const wanted = new Set(topics)
      const retained = new Set<string>()
      let answered: readonly string[] | undefined
      let quiet: ReturnType<typeof setTimeout> | undefined
      const finish = (error?: string) => {
        clearTimeout(quiet)
        clearTimeout(overall)
        this.#onMessage = undefined
        this.#onFailure = undefined
        if (error !== undefined) {
          this.#drop()
          reject(new Error(error))
          return
        }
        client.unsubscribe(topics)
        resolve({ retained, answered: answered ?? [] })
      }
      const armQuiet = () => {
        clearTimeout(quiet)
        quiet = setTimeout(() => finish(), this.#limits.quietMs)
      }
      const overall = setTimeout(() => finish(`the broker did not answer within ${this.#limits.roundMs / 1000} s`), this.#limits.roundMs)
      this.#onMessage = (topic, length, retain) => {
        if (!retain || !wanted.has(topic)) return
        if (length > 0) retained.add(topic)
        if (answered !== undefined) armQuiet()
      }
      this.#onFailure = (reason) => finish(reason)
      client.subscribe(topics, (refused, error) => {
        if (error !== undefined) return finish(error)
        const no = new Set(refused)
        answered = topics.filter((t) => !no.has(t))
        armQuiet()
      })
    })
  }

  close(): void {
    this.#closed = true
    this.#drop()
  }

  #drop(): void {
    const client = this.#client
    this.#client = undefined
    void client?.then((c) => c.end()).catch(() => {})
  }

  /** The open connection, opened (and its CONNACK awaited) when there is none. */
  #connected(): Promise<ProbeClient> {
    if (this.#closed) return Promise.reject(new Error('the probe is closed'))
    this.#client ??= this.#connect()
    return this.#client
  }

  async #connect(): Promise<ProbeClient> {
    const client = await this.#open()
    await new Promise<void>((resolve, reject) => {
      let open = false
      client.onConnect(() => {
        open = true
        resolve()
      })
      client.onMessage((topic, length, retain) => this.#onMessage?.(topic, length, retain))
      client.onFailure((reason) => {
        if (!open) reject(new Error(reason))
        else {
          // Lost later: the round in progress fails, the next question opens a new connection.
          this.#client = undefined
          this.#onFailure?.(reason)
        }
      })
    }).catch((error: unknown) => {
      this.#client = undefined
      client.end()
      throw error
    })
    return client
  }
}
