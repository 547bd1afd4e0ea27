/**
 * `npm run fuzz`: the malformed-packet test for longer. Starts the real server, sends hostile
 * packets over TCP and WebSocket (server/test-support/packet-fuzzer.ts) for --seconds (default
 * 300), then checks that the server is alive and routes a publish. Prints what was sent, how the
 * cases ended and the server's memory before and after. Exits 1 if the server died or stopped
 * routing, and prints the seed to repeat the run with (--seed).
 *
 *   npm run fuzz
 *   npm run fuzz -- --seconds 60 --seed 42 --concurrency 16
 */
import { readFileSync } from 'node:fs'
import { ClientPool, nextMessage, uniqueTopic } from '../server/test-support/mqtt-clients.ts'
import { fuzz } from '../server/test-support/packet-fuzzer.ts'
import { spawnServer } from '../server/test-support/start-server.ts'
import { withTimeout } from '../server/test-support/timeout.ts'

function flag(name: string, fallback: number): number {
  const args = process.argv.slice(2)
  const at = args.findIndex((a) => a === name || a.startsWith(`${name}=`))
  if (at === -1) return fallback
  const text = args[at]!.includes('=') ? args[at]!.split('=')[1] : args[at + 1]
  const value = Number(text)
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} needs a whole number`)
  return value
}

function rssMiB(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024
}

const seconds = flag('--seconds', 300)
const seed = flag('--seed', Date.now() % 2 ** 31)
const concurrency = flag('--concurrency', 12)

const server = await spawnServer(['--log-level', 'warn'])
const alive = () => server.child.exitCode === null && server.child.signalCode === null
let failed = false
try {
  const rssBefore = rssMiB(server.child.pid)
  process.stderr.write(`fuzzing the broker for ${seconds} s, seed ${seed}, ${concurrency} connections at a time (server RSS ${rssBefore.toFixed(1)} MiB)\n`)
  const deadline = Date.now() + seconds * 1000
  let lastReport = Date.now()
  const report = await fuzz({
    target: server,
    seed,
    concurrency,
    caseMs: 150,
    alive,
    shouldStop: (r) => {
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now()
        process.stderr.write(`  ${r.cases} cases, server RSS ${rssMiB(server.child.pid).toFixed(1)} MiB\n`)
      }
      return Date.now() > deadline
    },
  })
  process.stdout.write(`${JSON.stringify({ seed, ...report }, null, 2)}\n`)
  if (!alive()) throw new Error(`the server died:\n${server.output()}`)
  process.stdout.write(`server RSS: ${rssBefore.toFixed(1)} MiB before, ${rssMiB(server.child.pid).toFixed(1)} MiB after\n`)
  const clients = new ClientPool()
  try {
    for (const url of [`mqtt://127.0.0.1:${server.mqttPort}`, `ws://127.0.0.1:${server.httpPort}/mqtt`]) {
      const topic = uniqueTopic('after-fuzz')
      const [sub, pub] = await Promise.all([clients.connect(url), clients.connect(url)])
      await withTimeout(sub.subscribeAsync(topic, { qos: 1 }), 5_000, 'subscribe')
      const got = nextMessage(sub)
      await withTimeout(pub.publishAsync(topic, 'still here', { qos: 1 }), 5_000, 'publish')
      await got
    }
  } finally {
    await clients.closeAll()
  }
  process.stdout.write('the server is alive and routes a publish over TCP and WebSocket\n')
} catch (error) {
  failed = true
  process.stderr.write(`FAILED (seed ${seed}): ${error instanceof Error ? error.message : String(error)}\n`)
} finally {
  await server.stop()
}
process.exit(failed ? 1 : 0)
