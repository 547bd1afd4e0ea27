/**
 * What ChartCollector.ingest costs per message on the worker's hot path, in node (V8 as in
 * Chromium's worker, without the browser):
 *
 *   npm run bench:chart-ingest [-- --rounds N]
 *
 * Each round ingests 10,000 messages (one second at 10,000 msg/s), round-robin over 10,000
 * unpinned topics, or over the pinned ones (50 series: the most the page pins). As from MQTT.js,
 * every topic is a fresh string decoded from bytes (so its hash is not cached yet when the Map is
 * asked) and every payload a view into one shared buffer (a ~70-byte JSON object). Cases: no
 * series pinned; 50 series pinned on other topics; every message on a pinned topic with a plain
 * number, with a JSON path, with three JSON paths of one payload. Explorer.ingest of the same
 * messages (tree, history copy) is measured too, for scale. Prints the median ns per message
 * over the rounds and what that is of one core at 10,000 msg/s. Measures, never judges.
 */
import { seriesKey } from '../src/model/chart-setup.ts'
import type { JsonPath } from '../src/model/json-path.ts'
import { LIMITS } from '../src/model/limits.ts'
import { ChartCollector } from '../src/worker/charts.ts'
import { Explorer } from '../src/worker/explorer.ts'
import type { PinnedSeries } from '../src/model/chart-types.ts'
import { resultFile, saveResult } from './common/results.ts'
import { median } from './common/stats.ts'

const PER_ROUND = 10_000
/** Series the page lets a person pin over all charts (LIMITS.charts.series). */
const PINNED = LIMITS.charts.series
const roundsArg = process.argv.indexOf('--rounds')
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 30

const encoder = new TextEncoder()
const decoder = new TextDecoder()
const topicName = (i: number) => `bench/g${String(Math.floor(i / 100) % 100).padStart(2, '0')}/t${String(i % 100).padStart(2, '0')}`

interface Message {
  readonly topic: string
  readonly payload: Uint8Array
}

/**
 * One round's messages, round-robin over `topics` topics: fresh topic strings, payload views into
 * one buffer (like a socket chunk).
 */
function round(topics: number, payloadOf: (i: number) => string): Message[] {
  const topicBytes = Array.from({ length: topics }, (_, i) => encoder.encode(topicName(i)))
  const texts = Array.from({ length: PER_ROUND }, (_, i) => encoder.encode(payloadOf(i)))
  const chunk = new Uint8Array(texts.reduce((n, t) => n + t.length, 0))
  let at = 0
  return texts.map((text, i) => {
    chunk.set(text, at)
    const payload = chunk.subarray(at, at + text.length)
    at += text.length
    return { topic: decoder.decode(topicBytes[i % topics]), payload }
  })
}

const json = (i: number) => `{"reading":{"value":${(20 + (i % 100) / 10).toFixed(1)},"unit":"C"},"battery":${i % 100},"ts":${1735689600000 + i}}`
const plain = (i: number) => String(20 + (i % 1000) / 100)

/** A collector with `paths` pinned on each of the first `topics` topics (under `prefix`). */
function charts(topics: number, paths: JsonPath[], prefix = ''): (message: Message, now: number) => void {
  const pinned: PinnedSeries[] = []
  for (let i = 0; i < topics; i++) {
    const topic = prefix + topicName(i)
    for (const path of paths) pinned.push({ key: seriesKey(topic, path), topic, path })
  }
  const collector = new ChartCollector()
  collector.setSeries(pinned)
  return (m, now) => collector.ingest(m.topic, m.payload, now)
}

interface Case {
  readonly name: string
  /** Topics the messages go round: 10,000 unpinned ones, or the pinned ones. */
  readonly topics: number
  readonly payload: (i: number) => string
  readonly setup: () => (message: Message, now: number) => void
}

const cases: Case[] = [
  { name: 'unpinned topic, nothing pinned', topics: 10_000, payload: json, setup: () => charts(0, []) },
  { name: `unpinned topic, ${PINNED} series pinned elsewhere`, topics: 10_000, payload: json, setup: () => charts(PINNED, [[]], 'other/') },
  { name: 'pinned topic, plain number', topics: PINNED, payload: plain, setup: () => charts(PINNED, [[]]) },
  { name: 'pinned JSON topic, 1 path', topics: PINNED, payload: json, setup: () => charts(PINNED, [['reading', 'value']]) },
  {
    name: 'pinned JSON topic, 3 paths (one parse)',
    topics: Math.floor(PINNED / 3),
    payload: json,
    setup: () => charts(Math.floor(PINNED / 3), [['reading', 'value'], ['battery'], ['ts']]),
  },
  {
    name: 'for scale: Explorer.ingest (tree + history)',
    topics: 10_000,
    payload: json,
    setup: () => {
      const explorer = new Explorer()
      return (m, now) => explorer.ingest({ topic: m.topic, payload: m.payload, qos: 0, retain: false, dup: false, properties: undefined }, now)
    },
  },
]

const rows: string[][] = []
for (const c of cases) {
  const ingest = c.setup()
  const perMessage: number[] = []
  for (let r = 0; r < ROUNDS + 3; r++) {
    const messages = round(c.topics, c.payload)
    const now = Date.now()
    const start = performance.now()
    for (let k = 0; k < messages.length; k++) ingest(messages[k]!, now + k)
    const ns = ((performance.now() - start) * 1e6) / messages.length
    if (r >= 3) perMessage.push(ns) // the first rounds warm the JIT up
  }
  const ns = median(perMessage)
  rows.push([c.name, ns.toFixed(0), `${(((ns * 10_000) / 1e9) * 100).toFixed(2)} %`])
}

const widths = [0, 1, 2].map((col) => Math.max(...rows.map((r) => r[col]!.length), ['case', 'ns / message', 'of a core at 10k msg/s'][col]!.length))
const line = (cells: string[]) => cells.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  ')
console.log(`ChartCollector.ingest, ${PER_ROUND.toLocaleString('en-US')} messages a round, median of ${ROUNDS} rounds, node ${process.version}`)
console.log(line(['case', 'ns / message', 'of a core at 10k msg/s']))
for (const row of rows) console.log(line(row))

const saved = await saveResult(resultFile('chart-ingest'), {
  at: new Date().toISOString(),
  node: process.version,
  perRound: PER_ROUND,
  rounds: ROUNDS,
  cases: rows.map(([name, ns]) => ({ name, nsPerMessage: Number(ns) })),
})
console.log(`saved ${saved}`)
