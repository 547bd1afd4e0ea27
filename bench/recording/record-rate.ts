/**
 * npm run bench:record: the sustained rate at which a recording stores messages from the embedded
 * broker to disk (SQLite, WAL), and the bytes on disk per stored message. One in-process server
 * with a temporary --data-dir; one MQTT.js publisher sends COUNT QoS 0 messages of 64 bytes on
 * 100 topics in bursts, and the rate is counted from the recording's own counter.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mqtt from 'mqtt'
import { startTestServer } from '../../server/test-support/start-server.ts'

const COUNT = Number(process.env.BENCH_RECORD_COUNT ?? 100_000)
const dir = mkdtempSync(join(tmpdir(), 'bench-record-'))
const { server, addresses } = await startTestServer(['--data-dir', dir])
const base = `http://127.0.0.1:${addresses.httpPort}/api/recordings`
const status = async (id: string) => (await (await fetch(`${base}/${id}`)).json()) as { messages: number; state: string }
const { id } = (await (await fetch(base, { method: 'POST', body: JSON.stringify({ name: 'bench', filters: ['bench/#'] }) })).json()) as { id: string }
while ((await status(id)).state !== 'recording') await new Promise((resolve) => setTimeout(resolve, 50))
const publisher = await mqtt.connectAsync(`mqtt://127.0.0.1:${addresses.mqttPort}`)
const payload = Buffer.alloc(64, 120)
const started = Date.now()
for (let i = 0; i < COUNT; i += 1_000) {
  for (let j = i; j < Math.min(i + 1_000, COUNT); j++) publisher.publish(`bench/${j % 100}`, payload, { qos: 0 })
  // Let the socket drain so the broker is not asked to buffer the whole run.
  while ((await status(id)).messages < i - 5_000) await new Promise((resolve) => setTimeout(resolve, 5))
}
let last = 0
while ((last = (await status(id)).messages) < COUNT && Date.now() - started < 120_000) await new Promise((resolve) => setTimeout(resolve, 20))
const seconds = (Date.now() - started) / 1000
await publisher.endAsync()
await server.close()
const files = ['recordings.sqlite', 'recordings.sqlite-wal'].map((name) => {
  try {
    return statSync(join(dir, name)).size
  } catch {
    return 0
  }
})
const bytes = files.reduce((a, b) => a + b, 0)
console.log(`recorded ${last} of ${COUNT} messages (64-byte payload, 7-9 byte topics) in ${seconds.toFixed(1)} s`)
console.log(`sustained rate: ${Math.round(last / seconds)} msg/s; on disk: ${bytes} bytes, ${(bytes / last).toFixed(1)} bytes per message`)
rmSync(dir, { recursive: true, force: true })
