/**
 * `npm run bench:broker -- --cluster`: what --cluster costs. Fan-in (publishers -> one subscriber)
 * and fan-out (one publisher -> subscribers) msg/s, QoS 0, over TCP, for: one node without
 * --cluster, one cluster node, two nodes each with its own traffic, and traffic across the nodes;
 * CPU of each node and of redis-server (Redis' share). Short runs; saves
 * docs/bench-results/broker-cluster.json; timing never fails it.
 */
import { availableParallelism, cpus, loadavg } from 'node:os'
import mqtt, { type MqttClient } from 'mqtt'
import { spawnNode } from '../../server/test-support/cluster-nodes.ts'
import { RedisServer } from '../../server/test-support/redis-server.ts'
import { spawnServer, type ServerProcess } from '../../server/test-support/start-server.ts'
import { stopChild, trackChild } from '../common/children.ts'
import { resultFile, saveResult } from '../common/results.ts'
import { median, round } from '../common/stats.ts'
import { startCpuWatch } from './cpu.ts'
import type { BenchParams } from './options.ts'
import { startPublishers } from './publishers.ts'

interface Scenario {
  readonly name: string
  /** Publisher groups: where they connect, how many, their topic prefix. */
  readonly publish: ReadonlyArray<{ readonly node: ServerProcess; readonly count: number; readonly prefix: string }>
  /** Subscribers: where they connect and what they subscribe to. */
  readonly subscribe: ReadonlyArray<{ readonly node: ServerProcess; readonly filter: string }>
}

interface ScenarioResult {
  readonly name: string
  readonly sent: number
  readonly received: number
  /** Deliveries per second to all subscribers together (median of per-second samples after the first). */
  readonly medianMsgPerSec: number
  readonly deliveredShare: number
  readonly cpuPercent: Readonly<Record<string, number | null>>
}

const tcp = (node: ServerProcess) => `mqtt://127.0.0.1:${node.mqttPort}`

async function subscriber(node: ServerProcess, filter: string): Promise<{ client: MqttClient; count: () => number }> {
  const client = await mqtt.connectAsync(tcp(node), { reconnectPeriod: 0, connectTimeout: 10_000 })
  let count = 0
  client.on('message', () => count++)
  await client.subscribeAsync(filter, { qos: 0 })
  return { client, count: () => count }
}

async function run(scenario: Scenario, params: BenchParams, pids: Record<string, number | undefined>): Promise<ScenarioResult> {
  const subs = await Promise.all(scenario.subscribe.map(({ node, filter }) => subscriber(node, filter)))
  const total = () => subs.reduce((sum, s) => sum + s.count(), 0)
  const runs = scenario.publish.map(({ node, count, prefix }) =>
    startPublishers(
      { url: tcp(node), publishers: count, payloadBytes: params.payloadBytes, seconds: params.seconds, topicPrefix: prefix, wsClient: params.wsClient },
      { startMs: 20_000, doneMs: 20_000 + params.seconds * 1000 + 10_000 },
    ),
  )
  try {
    await Promise.all(runs.map((r) => r.started))
    const cpu = startCpuWatch({ ...pids, publishers: runs[0]?.pid })
    const rates: number[] = []
    let last = { at: performance.now(), count: total() }
    const timer = setInterval(() => {
      const now = { at: performance.now(), count: total() }
      rates.push(((now.count - last.count) * 1000) / (now.at - last.at))
      last = now
    }, 1_000)
    const done = await Promise.all(runs.map((r) => r.done))
    clearInterval(timer)
    const cpuPercent = cpu.stop()
    await Promise.all(runs.map((r) => r.exited))
    // Let the last messages arrive: until nothing came for 1 s (10 s at most).
    for (let quiet = 0, before = total(), waited = 0; quiet < 1_000 && waited < 10_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      quiet = total() === before ? quiet + 100 : 0
      before = total()
    }
    const sentBy = done.map((d) => d.sent.reduce((a, b) => a + b, 0))
    const sent = sentBy.reduce((a, b) => a + b, 0)
    // Each group's messages go to the subscribers whose filter covers its prefix.
    const expected = scenario.publish.reduce((sum, group, i) => sum + sentBy[i]! * scenario.subscribe.filter((s) => s.filter === `${group.prefix}#`).length, 0)
    return {
      name: scenario.name,
      sent,
      received: total(),
      medianMsgPerSec: round(median(rates.slice(params.warmupSeconds)), 0),
      deliveredShare: expected === 0 ? 0 : round(total() / expected, 4),
      cpuPercent,
    }
  } finally {
    await Promise.all(runs.map((r) => r.stop()))
    await Promise.all(subs.map((s) => s.client.endAsync(true)))
  }
}

export async function runClusterBench(params: BenchParams, log: (line: string) => void): Promise<void> {
  const loadBefore = loadavg()[0]!
  log(`broker cluster: QoS 0, ${params.payloadBytes}-byte payloads, ${params.seconds} s per run, TCP (load average ${loadBefore.toFixed(2)})`)
  const redis = await RedisServer.start()
  const nodes: ServerProcess[] = []
  try {
    // One after the other: three tsx compiles at once can miss the start timeout on a busy machine.
    const start = async (started: Promise<ServerProcess>) => {
      const node = await started
      nodes.push(node)
      trackChild(node.child)
      return node
    }
    const alone = await start(spawnServer(['--log-level', 'warn']))
    const a = await start(spawnNode(redis.url, 'a', ['--log-level', 'warn']))
    const b = await start(spawnNode(redis.url, 'b', ['--log-level', 'warn']))
    const fanIn = params.publishers
    const scenarios: Scenario[] = [
      { name: 'fan-in, one node without --cluster', publish: [{ node: alone, count: fanIn, prefix: 'x/' }], subscribe: [{ node: alone, filter: 'x/#' }] },
      { name: 'fan-in, one cluster node', publish: [{ node: a, count: fanIn, prefix: 'x/' }], subscribe: [{ node: a, filter: 'x/#' }] },
      {
        name: 'fan-in, two nodes, each its own traffic',
        publish: [
          { node: a, count: fanIn / 2, prefix: 'a/' },
          { node: b, count: fanIn / 2, prefix: 'b/' },
        ],
        subscribe: [
          { node: a, filter: 'a/#' },
          { node: b, filter: 'b/#' },
        ],
      },
      {
        name: 'fan-in, across nodes (publish on A, subscribe on B)',
        publish: [{ node: a, count: fanIn, prefix: 'x/' }],
        subscribe: [{ node: b, filter: 'x/#' }],
      },
      {
        name: 'fan-out 1 -> 4, one cluster node',
        publish: [{ node: a, count: 1, prefix: 'o/' }],
        subscribe: [0, 1, 2, 3].map(() => ({ node: a, filter: 'o/#' })),
      },
      {
        name: 'fan-out 1 -> 4, two on each node',
        publish: [{ node: a, count: 1, prefix: 'o/' }],
        subscribe: [a, a, b, b].map((node) => ({ node, filter: 'o/#' })),
      },
    ]
    const pids = { 'node a': a.child.pid, 'node b': b.child.pid, 'redis-server': redis.pid, 'no cluster': alone.child.pid }
    const results: ScenarioResult[] = []
    for (const scenario of scenarios) {
      log(`  ${scenario.name}...`)
      const began = performance.now()
      const result = await run(scenario, params, pids)
      log(
        `    ${result.medianMsgPerSec} msg/s, ${result.received} delivered, ${(result.deliveredShare * 100).toFixed(2)} % (${Math.round((performance.now() - began) / 1000)} s)`,
      )
      results.push(result)
    }
    const record = {
      benchmark: 'broker-cluster',
      date: new Date().toISOString(),
      machine: { cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, loadBefore, loadAfter: loadavg()[0]! },
      params,
      results,
    }
    const saved = await saveResult(resultFile('broker-cluster'), record)
    const lines = results.map((r) => {
      const cpu = Object.entries(r.cpuPercent)
        .filter(([name, value]) => value !== null && value >= 1 && name !== 'publishers')
        .map(([name, value]) => `${name} ${Math.round(value!)}%`)
        .join(', ')
      return `${r.name.padEnd(52)} ${String(r.medianMsgPerSec).padStart(8)} msg/s  delivered ${(r.deliveredShare * 100).toFixed(2)}%  cpu: ${cpu}`
    })
    process.stdout.write(`\n${lines.join('\n')}\n\nsaved ${saved}\n`)
  } finally {
    await Promise.all(nodes.map((node) => stopChild(node.child)))
    await redis.stop()
  }
}
