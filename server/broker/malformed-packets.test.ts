import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ClientPool, nextMessage, uniqueTopic } from '../test-support/mqtt-clients.ts'
import { fuzz } from '../test-support/packet-fuzzer.ts'
import { spawnServer, type ServerProcess } from '../test-support/start-server.ts'
import { withTimeout } from '../test-support/timeout.ts'

/** The CI run: a few thousand cases within this budget. `npm run fuzz` runs the same for longer. */
const CASES = 3_000
const BUDGET_MS = 25_000
const SEED = Number(process.env.MQTT_SCOPE_FUZZ_SEED ?? 20261126)

let server: ServerProcess
const clients = new ClientPool()

beforeAll(async () => {
  // The real command in its own process: a crash ends the process, and this test sees it.
  server = await spawnServer(['--log-level', 'warn'])
})

afterAll(async () => {
  await clients.closeAll()
  await server?.stop()
})

describe('the broker under malformed and hostile packets', () => {
  it(
    `takes ${CASES.toLocaleString('en')} mutated, truncated and hostile packets over TCP and WebSocket, then still routes a publish`,
    async () => {
      const alive = () => server.child.exitCode === null && server.child.signalCode === null
      const deadline = Date.now() + BUDGET_MS
      const report = await fuzz({
        target: server,
        seed: SEED,
        concurrency: 12,
        caseMs: 150,
        shouldStop: (r) => r.cases >= CASES || Date.now() > deadline,
        alive,
      })
      expect(alive(), `the server died (seed ${SEED}):\n${server.output()}`).toBe(true)
      expect(report.cases, JSON.stringify(report)).toBeGreaterThanOrEqual(1_500)
      // Most cases are refused at once; the rest are valid enough to stay open until we leave.
      expect(report.closedByServer).toBeGreaterThan(report.cases / 2)
      expect(server.output()).not.toMatch(/RangeError|TypeError|uncaught|unhandled/i)

      for (const url of [`mqtt://127.0.0.1:${server.mqttPort}`, `ws://127.0.0.1:${server.httpPort}/mqtt`]) {
        const topic = uniqueTopic('after-fuzz')
        const [sub, pub] = await Promise.all([clients.connect(url), clients.connect(url)])
        await withTimeout(sub.subscribeAsync(topic, { qos: 1 }), 5_000, 'subscribe')
        const got = nextMessage(sub)
        await withTimeout(pub.publishAsync(topic, 'still here', { qos: 1 }), 5_000, 'publish')
        expect((await got).payload.toString()).toBe('still here')
      }
    },
    BUDGET_MS + 30_000,
  )
})
