/**
 * `npm run bench:worker`: the worker's ingest path in Node, without a browser, so regressions show
 * in seconds. Socket bytes as a broker sends them (QoS 0 PUBLISH packets, gathered into 64 KiB
 * chunks as the bridge and the relay send them to the page) go through the same code the MQTT
 * worker runs: MQTT.js's client and parser (mqtt-packet), its 'message' event, Explorer.ingest
 * (payload copy, properties, TopicTree: topic splitting, counts, history) and the Sparkplug check.
 *
 *   tsx bench/worker/worker-ingest.ts [--messages N] [--topics 100,100000] [--rounds 3] [--parser-only] [--out FILE | --no-save]
 *
 * --parser-only stops at MQTT.js's 'message' event (no Explorer): the split between MQTT.js and the tree.
 *
 * Each case runs `--rounds` times on a fresh Explorer; the best round is the figure (the others show
 * the spread). The bytes are built before the clock starts. It never fails on timing.
 */
import os from 'node:os'
import { Duplex } from 'node:stream'
import { MqttClient } from 'mqtt'
import { Explorer } from '../../src/worker/explorer.ts'
import { publish } from '../../server/test-support/raw-packets.ts'
import { benchTopic } from '../browser/harness/publisher-protocol.ts'
import { resultFile, saveResult } from '../common/results.ts'

const CHUNK_BYTES = 64 * 1024
const CONNACK = Buffer.from([0x20, 0x02, 0x00, 0x00])

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(name)
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback
}

/** `messages` PUBLISH packets round-robin over `topics` topics, payload the sequence number, in CHUNK_BYTES chunks. */
function recordedBytes(messages: number, topics: number): Buffer[] {
  const names = Array.from({ length: topics }, (_, i) => benchTopic(i, topics))
  const chunks: Buffer[] = []
  let pending: Buffer[] = []
  let size = 0
  for (let i = 0; i < messages; i++) {
    const packet = publish(names[i % topics]!, String(i))
    pending.push(packet)
    size += packet.length
    if (size >= CHUNK_BYTES) {
      const all = Buffer.concat(pending)
      for (let o = 0; o < all.length; o += CHUNK_BYTES) chunks.push(all.subarray(o, o + CHUNK_BYTES))
      pending = []
      size = 0
    }
  }
  if (size > 0) chunks.push(Buffer.concat(pending))
  return chunks
}

/** A broker in a Duplex: answers CONNECT with CONNACK, then hands out the recorded chunks as fast as they are read. */
class RecordedBroker extends Duplex {
  #chunks: Buffer[]
  #next = 0
  #connected = false

  constructor(chunks: Buffer[]) {
    super()
    this.#chunks = chunks
  }

  override _write(_chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    if (!this.#connected) {
      this.#connected = true
      this.push(CONNACK)
    }
    callback()
  }

  override _read(): void {
    if (!this.#connected) return
    while (this.#next < this.#chunks.length) if (!this.push(this.#chunks[this.#next++])) return
  }
}

async function run(chunks: Buffer[], messages: number, parserOnly: boolean): Promise<{ ms: number; rate: number; treeTopics: number }> {
  const explorer = new Explorer()
  const broker = new RecordedBroker(chunks)
  let seen = 0
  const start = performance.now()
  const done = new Promise<void>((resolve) => {
    const client = new MqttClient(() => broker, { protocolVersion: 4, reconnectPeriod: 0, keepalive: 0, clientId: 'bench-worker' })
    client.on('message', (topic: string, payload: Uint8Array, packet) => {
      if (!parserOnly) {
        const now = Date.now()
        explorer.ingest({ topic, payload, qos: packet.qos, retain: packet.retain, dup: packet.dup, properties: undefined, retainAsPublished: false }, now)
      }
      if (++seen === messages) {
        client.end(true)
        resolve()
      }
    })
    client.on('connect', () => broker.resume())
  })
  await done
  const ms = performance.now() - start
  return { ms: Math.round(ms), rate: Math.round(messages / (ms / 1000)), treeTopics: explorer.tree.topicCount }
}

const messages = Number(flag('--messages', '300000'))
const topicCases = flag('--topics', '100,100000')
  .split(',')
  .map((t) => Number(t))
const rounds = Number(flag('--rounds', '3'))
const parserOnly = process.argv.includes('--parser-only')
const results = []
for (const topics of topicCases) {
  const chunks = recordedBytes(messages, topics)
  const bytes = chunks.reduce((n, c) => n + c.length, 0)
  const runs = []
  for (let r = 0; r < rounds; r++) runs.push(await run(chunks, messages, parserOnly))
  const best = Math.max(...runs.map((x) => x.rate))
  process.stdout.write(
    `${messages.toLocaleString('en')} messages over ${topics.toLocaleString('en')} topics${parserOnly ? ', MQTT.js only' : ''} (${(bytes / 2 ** 20).toFixed(1)} MiB in ${chunks.length} chunks): best ${best.toLocaleString('en')} msg/s; rounds ${runs.map((x) => x.rate.toLocaleString('en')).join(', ')}\n`,
  )
  results.push({ topics, parserOnly, messages, bytes, chunks: chunks.length, bestRate: best, rounds: runs })
}
process.stdout.write(`load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores\n`)
if (!process.argv.includes('--no-save')) {
  const out = flag('--out', resultFile('worker'))
  const saved = await saveResult(out, {
    benchmark: 'worker',
    date: new Date().toISOString(),
    command: `npm run bench:worker -- ${process.argv.slice(2).join(' ')}`.trim(),
    loadAverage: os.loadavg()[0],
    node: process.version,
    results,
  })
  process.stdout.write(`saved ${saved}\n`)
}
process.exit(0)
