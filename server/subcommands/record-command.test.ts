import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { startMosquitto, type MosquittoBroker } from '../../e2e/fixtures/mosquitto.ts'
import { parseRecordingJsonl } from '../../src/model/recording-jsonl.ts'
import { ClientPool } from '../test-support/mqtt-clients.ts'
import { CLI, Child, cleanEnv, runCli } from '../test-support/processes.ts'

/** `mqtt-scope record` and `mqtt-scope replay` as real processes against Debian's mosquitto. */
let mosquitto: MosquittoBroker
let dir: string
const pool = new ClientPool()
beforeAll(async () => {
  mosquitto = await startMosquitto({ anonymous: true })
  dir = mkdtempSync(join(tmpdir(), 'record-cli-'))
}, 20_000)
afterAll(async () => {
  await mosquitto.stop()
  rmSync(dir, { recursive: true, force: true })
})
afterEach(() => pool.closeAll())

async function until(what: string, check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

it('records to a JSONL file until interrupted, and replays it with a prefix', async () => {
  const out = join(dir, 'cli.jsonl')
  const recorder = new Child(process.execPath, [CLI, 'record', '--url', mosquitto.tcpUrl, '--filter', 'cli/#', '--out', out], { env: cleanEnv() })
  await until('recorder subscribed', () => recorder.stderr.includes('recording cli/#'))
  await new Promise((resolve) => setTimeout(resolve, 300))
  const device = await pool.connect(mosquitto.tcpUrl)
  for (let i = 0; i < 5; i++) await device.publishAsync(`cli/${i}`, Buffer.from([i, 0, 255]), { qos: 1 })
  await new Promise((resolve) => setTimeout(resolve, 500))
  const finished = await recorder.stop('SIGINT')
  expect(finished.code).toBe(0)
  expect(finished.stderr).toContain('5 messages recorded')
  const file = parseRecordingJsonl(readFileSync(out, 'utf8'))
  if (!file.ok) throw new Error(file.reason)
  expect(file.messages.map((m) => m.topic)).toEqual(['cli/0', 'cli/1', 'cli/2', 'cli/3', 'cli/4'])

  const watcher = await pool.connect(mosquitto.tcpUrl)
  const seen: string[] = []
  watcher.on('message', (topic, payload) => seen.push(`${topic}=${payload.toString('hex')}`))
  await watcher.subscribeAsync('again/#', { qos: 1 })
  const replay = await runCli(['replay', out, '--url', mosquitto.tcpUrl, '--speed', '0', '--topic-prefix', 'again/'])
  expect(replay.code).toBe(0)
  expect(replay.stderr).toContain('done: 5 of 5 sent')
  await until('replayed messages', () => seen.length === 5)
  expect(seen).toEqual([0, 1, 2, 3, 4].map((i) => `again/cli/${i}=0${i}00ff`))
}, 60_000)

it('names the bad line of a hand-edited file and sends nothing', async () => {
  const bad = join(dir, 'bad.jsonl')
  writeFileSync(bad, '{"ts":1,"topic":"a","qos":0,"retain":false,"payload_base64":""}\n{"ts":2,"topic":"a","qos":7}\n')
  const replay = await runCli(['replay', bad, '--url', mosquitto.tcpUrl])
  expect(replay.code).toBe(1)
  expect(replay.stderr).toContain('line 2: "qos" must be 0, 1 or 2')
  expect((await runCli(['record', '--url', mosquitto.tcpUrl])).code).toBe(2)
}, 30_000)
