/**
 * `npm run bench:broker`: fan-in throughput of the embedded broker over MQTT/WebSocket (/mqtt)
 * against its plain TCP listener, with the system mosquitto as a reference when installed.
 * Prints a table and saves docs/bench-results/broker-throughput.json; timing never fails it.
 * With --cluster, cluster-bench.ts measures what --cluster costs instead.
 */
import { readFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, platform, release } from 'node:os'
import { join } from 'node:path'
import { spawnServer } from '../../server/test-support/start-server.ts'
import { stopAllChildren, stopChild, trackChild } from '../common/children.ts'
import { PROJECT_DIR, resultFile, saveResult } from '../common/results.ts'
import { runClusterBench } from './cluster-bench.ts'
import { measure } from './measure.ts'
import { hasMosquitto, mosquittoVersion, startMosquitto, MOSQUITTO } from './mosquitto.ts'
import { parseBenchArgs, type BenchParams } from './options.ts'
import { formatTable, roundNumbers, wsOverTcp, type BenchResult, type TargetResult, type Transport } from './report.ts'

const TRANSPORTS: readonly Transport[] = ['tcp', 'websocket']

function log(line: string): void {
  process.stderr.write(`${line}\n`)
}

/** A fresh mqtt-scope process per run, so neither transport inherits the other's heap. */
async function benchMqttScope(transport: Transport, params: BenchParams): Promise<TargetResult> {
  const server = await spawnServer(['--log-level', 'warn'])
  trackChild(server.child)
  try {
    const url = transport === 'tcp' ? `mqtt://127.0.0.1:${server.mqttPort}` : `ws://127.0.0.1:${server.httpPort}/mqtt`
    const aedes = JSON.parse(readFileSync(join(PROJECT_DIR, 'node_modules/aedes/package.json'), 'utf8')) as { version: string }
    const measured = await measure(url, server.child.pid, params)
    return { broker: 'mqtt-scope', brokerVersion: `aedes ${aedes.version}`, transport, brokerNotices: [], ...measured }
  } finally {
    await stopChild(server.child)
  }
}

async function benchMosquitto(transport: Transport, params: BenchParams): Promise<TargetResult> {
  const mosquitto = await startMosquitto()
  try {
    const url = transport === 'tcp' ? `mqtt://127.0.0.1:${mosquitto.tcpPort}` : `ws://127.0.0.1:${mosquitto.wsPort}/mqtt`
    const measured = await measure(url, mosquitto.pid, params)
    return { broker: 'mosquitto', brokerVersion: mosquitto.version, transport, brokerNotices: mosquitto.notices(), ...measured }
  } finally {
    await mosquitto.stop()
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  // --cluster: the cluster's costs instead (cluster-bench.ts).
  if (args.includes('--cluster')) return runClusterBench(parseBenchArgs(args.filter((arg) => arg !== '--cluster')), log)
  const params = parseBenchArgs(args)
  const loadBefore = loadavg()[0]!
  log(
    `broker throughput: ${params.publishers} publishers -> 1 subscriber on #, QoS 0, ${params.payloadBytes}-byte payloads, ` +
      `${params.seconds} s per run, ${params.wsClient} WebSocket clients (load average ${loadBefore.toFixed(2)})`,
  )
  const targets: TargetResult[] = []
  const skipped: Array<{ broker: string; reason: string }> = []

  for (const transport of TRANSPORTS) {
    log(`  mqtt-scope over ${transport}...`)
    targets.push(await benchMqttScope(transport, params))
  }
  if (!hasMosquitto()) {
    skipped.push({ broker: 'mosquitto', reason: `${MOSQUITTO} not found` })
  } else {
    try {
      for (const transport of TRANSPORTS) {
        log(`  mosquitto ${mosquittoVersion()} over ${transport}...`)
        targets.push(await benchMosquitto(transport, params))
      }
    } catch (error) {
      // Only a reference: a mosquitto that will not run is reported, not fatal.
      skipped.push({ broker: 'mosquitto', reason: error instanceof Error ? error.message.split('\n')[0]! : String(error) })
    }
  }

  const broken = targets.filter((t) => t.received === 0)
  const result: BenchResult = {
    benchmark: 'broker-throughput',
    date: new Date().toISOString(),
    machine: {
      cpus: availableParallelism(),
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      platform: `${platform()} ${release()}`,
      loadBefore,
      loadAfter: loadavg()[0]!,
    },
    params,
    targets,
    wsOverTcp: wsOverTcp(targets),
    skipped,
  }
  const saved = await saveResult(resultFile('broker-throughput'), result, roundNumbers)
  process.stdout.write(`\n${formatTable(result)}\n\nsaved ${saved}\n`)
  if (broken.length > 0) {
    throw new Error(`no messages reached the subscriber on: ${broken.map((t) => `${t.broker} ${t.transport}`).join(', ')}`)
  }
}

let exiting = false
async function finish(code: number): Promise<void> {
  if (exiting) return
  exiting = true
  await stopAllChildren()
  process.exit(code)
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void finish(130))

main().then(
  () => finish(0),
  (error: unknown) => {
    process.stderr.write(`bench:broker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    return finish(1)
  },
)
