/**
 * The chart benchmark's publisher, a process of its own so its CPU is not the page's: MQTT.js over
 * TCP to the broker, QoS 0, paced like the ingest benchmark's (publisher.ts, same JSON-lines
 * protocol: publisher-protocol.ts), round-robin over the topics given.
 *
 *   tsx bench/browser/chart-publisher.ts --url mqtt://127.0.0.1:1883 --topics a/s0,a/s1,a/s2
 *
 * The payloads are what makes a chart hard to draw: a slow sine, noise on every point and a spike
 * now and then, as decimal text (`-12.345`). Seen through min/max decimation, every pixel column
 * of such a series has a distinct first, minimum, maximum and last point, so the chart draws the
 * most points it ever can (a smooth or monotonic series would draw half as many). Deterministic:
 * the same run publishes the same values.
 */
import mqtt from 'mqtt'
import { createInterface } from 'node:readline'
import type { PublisherCommand, PublisherEvent, StepReport } from './harness/publisher-protocol.ts'

const TICK_MS = 2
const MAX_BUFFERED = 4 * 1024 * 1024

function arg(name: string): string {
  const i = process.argv.indexOf(name)
  const value = i >= 0 ? process.argv[i + 1] : undefined
  if (value === undefined) throw new Error(`missing ${name}`)
  return value
}

const url = arg('--url')
const topics = arg('--topics').split(',')

/** mulberry32: a small seeded generator, so every run sends the same values. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const noise = topics.map((_, i) => random(0x5eed + i))
const sent = topics.map(() => 0)

/** The next value of topic `k`: sine + noise, and every 9,973rd point a spike. */
function nextValue(k: number): string {
  const n = sent[k]!++
  const spike = n % 9973 === 9972 ? (k % 2 === 0 ? 400 : -400) : 0
  return (100 * Math.sin(n / 2000 + k) + 20 * (noise[k]!() - 0.5) + spike).toFixed(3)
}

function emit(event: PublisherEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`)
}

const client = await mqtt.connectAsync(url, { protocolVersion: 4, clean: true, keepalive: 60, reconnectPeriod: 0, connectTimeout: 10_000 }, false)
client.on('error', (error) => emit({ type: 'error', message: error.message }))
let quitting = false
client.on('close', () => {
  if (!quitting) {
    emit({ type: 'error', message: 'the connection to the broker closed' })
    process.exit(1)
  }
})
let cumulative = 0
let next = 0

const buffered = () => client.stream?.writableLength ?? 0

async function runStep(rate: number, seconds: number): Promise<StepReport> {
  const durationMs = seconds * 1000
  const total = Math.round(rate * seconds)
  const perSecond: number[] = []
  let count = 0
  let maxBehind = 0
  let backpressureTicks = 0
  const start = performance.now()
  let lastSendAt = start
  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = performance.now() - start
      const due = Math.min(total, Math.floor((rate * Math.min(elapsed, durationMs)) / 1000))
      maxBehind = Math.max(maxBehind, due - count)
      if (buffered() > MAX_BUFFERED) backpressureTicks++
      else if (due > count) {
        const second = Math.min(Math.floor(elapsed / 1000), Math.max(0, Math.ceil(seconds) - 1))
        while (perSecond.length <= second) perSecond.push(0)
        perSecond[second]! += due - count
        for (; count < due; count++) {
          client.publish(topics[next]!, nextValue(next), { qos: 0 })
          next = next + 1 === topics.length ? 0 : next + 1
        }
        lastSendAt = performance.now()
      }
      if (count >= total) resolve()
      else setTimeout(tick, TICK_MS)
    }
    tick()
  })
  while (buffered() > 0) await new Promise((resolve) => setTimeout(resolve, 1))
  const sendMs = lastSendAt - start
  cumulative += count
  return {
    type: 'step-done',
    targetRate: rate,
    sent: count,
    cumulative,
    sendMs: Math.round(sendMs),
    drainedMs: Math.round(performance.now() - start),
    actualRate: Math.round(count / (Math.max(sendMs, 1) / 1000)),
    perSecond,
    maxBehind,
    backpressureTicks,
  }
}

emit({ type: 'ready', topics: topics.length, firstTopic: topics[0]!, lastTopic: topics.at(-1)! })

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
