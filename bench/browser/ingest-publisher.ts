/**
 * The ingest benchmark's publisher, a process of its own so its CPU is not the page's or the
 * benchmark's: MQTT.js over TCP to the broker, QoS 0, paced.
 *
 *   tsx bench/browser/publisher.ts --url mqtt://127.0.0.1:1883 --topics 10000
 *
 * Commands come as JSON lines on stdin and reports go as JSON lines to stdout (publisher-protocol.ts).
 *
 * Pacing: every TICK_MS the pacer works out how many messages are due since the step began
 * (rate x elapsed) and sends the difference in one synchronous batch, so the average rate is
 * exact whatever the timer jitter, and bursts stay as small as rate x TICK_MS (20 messages at
 * 10,000/s). When the socket already holds more than MAX_BUFFERED bytes the pacer waits instead
 * (and counts it): the measured rate is then what the broker accepted, not what was asked.
 */
import mqtt from 'mqtt'
import { createInterface } from 'node:readline'
import { benchTopic, type PublisherCommand, type PublisherEvent, type StepReport } from './harness/publisher-protocol.ts'

const TICK_MS = 2
const MAX_BUFFERED = 4 * 1024 * 1024

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(name)
  const value = i >= 0 ? process.argv[i + 1] : fallback
  if (value === undefined) throw new Error(`missing ${name}`)
  return value
}

const url = arg('--url')
const topicCount = Number(arg('--topics', '10000'))
const topics = Array.from({ length: topicCount }, (_, i) => benchTopic(i, topicCount))

function emit(event: PublisherEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`)
}

const client = await mqtt.connectAsync(url, { protocolVersion: 4, clean: true, keepalive: 60, reconnectPeriod: 0, connectTimeout: 10_000 }, false)
client.on('error', (error) => emit({ type: 'error', message: error.message }))
client.on('close', () => {
  if (!quitting) {
    emit({ type: 'error', message: 'the connection to the broker closed' })
    process.exit(1)
  }
})
let quitting = false
let cumulative = 0
let next = 0

function buffered(): number {
  return client.stream?.writableLength ?? 0
}

function waitDrained(): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (buffered() === 0 ? resolve() : setTimeout(check, 1))
    check()
  })
}

async function runStep(rate: number, seconds: number): Promise<StepReport> {
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
      if (buffered() > MAX_BUFFERED) {
        backpressureTicks++
      } else if (due > sent) {
        const second = Math.min(Math.floor(elapsed / 1000), Math.max(0, Math.ceil(seconds) - 1))
        while (perSecond.length <= second) perSecond.push(0)
        perSecond[second]! += due - sent
        for (; sent < due; sent++) {
          client.publish(topics[next]!, String(cumulative + sent), { qos: 0 })
          next = next + 1 === topicCount ? 0 : next + 1
        }
        lastSendAt = performance.now()
      }
      if (sent >= total) resolve()
      else setTimeout(tick, TICK_MS)
    }
    tick()
  })
  await waitDrained()
  const drainedMs = performance.now() - start
  const sendMs = lastSendAt - start
  cumulative += sent
  return {
    type: 'step-done',
    targetRate: rate,
    sent,
    cumulative,
    sendMs: Math.round(sendMs),
    drainedMs: Math.round(drainedMs),
    actualRate: Math.round(sent / (Math.max(sendMs, 1) / 1000)),
    perSecond,
    maxBehind,
    backpressureTicks,
  }
}

emit({ type: 'ready', topics: topicCount, firstTopic: topics[0]!, lastTopic: topics[topicCount - 1]! })

let queue = Promise.resolve()
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '') continue
  const command = JSON.parse(line) as PublisherCommand
  if (command.type === 'quit') break
  queue = queue.then(async () => emit(await runStep(command.rate, command.seconds)))
}
await queue
quitting = true
await client.endAsync()
process.exit(0)
