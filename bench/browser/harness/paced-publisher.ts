/**
 * The publisher process of the browser benchmarks (ingest-publisher.ts, chart-publisher.ts): a
 * process of its own so its CPU is not the page's or the benchmark's. MQTT.js over TCP to the
 * broker, QoS 0, round-robin over the topics it is given, paced.
 *
 * Commands come as JSON lines on stdin and reports go as JSON lines to stdout (publisher-protocol.ts).
 *
 * Pacing: every TICK_MS the pacer works out how many messages are due since the step began
 * (rate x elapsed) and sends the difference in one synchronous batch, so the average rate is
 * exact whatever the timer jitter, and bursts stay as small as rate x TICK_MS (20 messages at
 * 10,000/s). When the socket already holds more than MAX_BUFFERED bytes the pacer waits instead
 * (and counts it): the measured rate is then what the broker accepted, not what was asked.
 */
import mqtt, { type MqttClient } from 'mqtt'
import { createInterface } from 'node:readline'
import type { PublisherCommand, PublisherEvent, StepReport } from './publisher-protocol.ts'

const TICK_MS = 2
const MAX_BUFFERED = 4 * 1024 * 1024

export interface PacedPublisher {
  readonly url: string
  readonly topics: readonly string[]
  /** The payload of message number `sequence` (from 0, over all steps), which goes to topics[topicIndex]. */
  readonly payload: (topicIndex: number, sequence: number) => string
}

/** `--name value` from this process's arguments, or `fallback`; throws when neither is there. */
export function argument(name: string, fallback?: string): string {
  const i = process.argv.indexOf(name)
  const value = i >= 0 ? process.argv[i + 1] : fallback
  if (value === undefined) throw new Error(`missing ${name}`)
  return value
}

function emit(event: PublisherEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`)
}

/** Connects, says 'ready', runs the steps it is sent one after another, and exits on 'quit'. */
export async function runPacedPublisher(spec: PacedPublisher): Promise<never> {
  const client = await mqtt.connectAsync(spec.url, { protocolVersion: 4, clean: true, keepalive: 60, reconnectPeriod: 0, connectTimeout: 10_000 }, false)
  let quitting = false
  client.on('error', (error) => emit({ type: 'error', message: error.message }))
  client.on('close', () => {
    if (quitting) return
    emit({ type: 'error', message: 'the connection to the broker closed' })
    process.exit(1)
  })
  const pacer = new Pacer(client, spec)
  emit({ type: 'ready', topics: spec.topics.length, firstTopic: spec.topics[0]!, lastTopic: spec.topics.at(-1)! })

  let queue = Promise.resolve()
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === '') continue
    const command = JSON.parse(line) as PublisherCommand
    if (command.type === 'quit') break
    queue = queue.then(async () => emit(await pacer.step(command.rate, command.seconds)))
  }
  await queue
  quitting = true
  await client.endAsync()
  process.exit(0)
}

class Pacer {
  /** Messages sent since the publisher connected. */
  #cumulative = 0
  /** The topic the next message goes to (round-robin). */
  #next = 0

  constructor(
    readonly client: MqttClient,
    readonly spec: PacedPublisher,
  ) {}

  #buffered(): number {
    return this.client.stream?.writableLength ?? 0
  }

  /** Sends `rate` messages a second for `seconds`, then waits until the socket has written them all. */
  async step(rate: number, seconds: number): Promise<StepReport> {
    const { topics, payload } = this.spec
    const durationMs = seconds * 1000
    const total = Math.round(rate * seconds)
    const perSecond: number[] = []
    let sent = 0
    let maxBehind = 0
    let backpressureTicks = 0
    const start = performance.now()
    let lastSendAt = start
    await new Promise<void>((resolve) => {
      const tick = () => {
        const elapsed = performance.now() - start
        const due = Math.min(total, Math.floor((rate * Math.min(elapsed, durationMs)) / 1000))
        maxBehind = Math.max(maxBehind, due - sent)
        if (this.#buffered() > MAX_BUFFERED) {
          backpressureTicks++
        } else if (due > sent) {
          const second = Math.min(Math.floor(elapsed / 1000), Math.max(0, Math.ceil(seconds) - 1))
          while (perSecond.length <= second) perSecond.push(0)
          perSecond[second]! += due - sent
          for (; sent < due; sent++) {
            this.client.publish(topics[this.#next]!, payload(this.#next, this.#cumulative + sent), { qos: 0 })
            this.#next = this.#next + 1 === topics.length ? 0 : this.#next + 1
          }
          lastSendAt = performance.now()
        }
        if (sent >= total) resolve()
        else setTimeout(tick, TICK_MS)
      }
      tick()
    })
    while (this.#buffered() > 0) await new Promise((resolve) => setTimeout(resolve, 1))
    const sendMs = lastSendAt - start
    this.#cumulative += sent
    return {
      type: 'step-done',
      targetRate: rate,
      sent,
      cumulative: this.#cumulative,
      sendMs: Math.round(sendMs),
      drainedMs: Math.round(performance.now() - start),
      actualRate: Math.round(sent / (Math.max(sendMs, 1) / 1000)),
      perSecond,
      maxBehind,
      backpressureTicks,
    }
  }
}
