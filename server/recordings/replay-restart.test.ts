import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { startMosquitto, type MosquittoBroker } from '../../e2e/fixtures/mosquitto.ts'
import { parseRecordingJsonl } from '../../src/model/recording-jsonl.ts'
import { ClientPool } from '../test-support/mqtt-clients.ts'
import { recordingsApi, until } from '../test-support/recordings-client.ts'
import { spawnServer, type ServerProcess } from '../test-support/start-server.ts'

/**
 * The real `mqtt-scope` process restarted during a replay to mosquitto (kill -9, and SIGTERM):
 * after the restart GET /api/replays/:id answers "interrupted" with the count sent, the server
 * runs, and the recording replayed is whole.
 */
const pool = new ClientPool()
const servers: ServerProcess[] = []
let mosquitto: MosquittoBroker
let dir: string
beforeAll(async () => {
  mosquitto = await startMosquitto({ anonymous: true })
  dir = mkdtempSync(join(tmpdir(), 'replay-restart-'))
}, 20_000)
afterAll(async () => {
  await mosquitto?.stop()
  rmSync(dir, { recursive: true, force: true })
})
afterEach(async () => {
  await pool.closeAll()
  await Promise.all(servers.splice(0).map((s) => s.stop('SIGKILL')))
})

/** 100 messages 100 ms apart: ten seconds at speed 1. */
const LINES = Array.from({ length: 100 }, (_, i) =>
  JSON.stringify({ ts: 10_000 + i * 100, topic: `slow/${i}`, qos: 1, retain: false, payload_base64: Buffer.from([i]).toString('base64') }),
)

it.each([
  ['kill -9', 'SIGKILL', /the server stopped during the replay; at least \d+ of 100/],
  ['SIGTERM', 'SIGTERM', /the server shut down during the replay; \d+ of 100/],
] as const)(
  'a restart (%s) during a replay: "interrupted" with the count sent, no data lost',
  async (_name, signal, reason) => {
    const first = await spawnServer(['--data-dir', dir])
    servers.push(first)
    let api = recordingsApi(`http://127.0.0.1:${first.httpPort}`)
    const imported = await api('/api/recordings/import?name=slow', undefined, { method: 'POST', body: LINES.join('\n') })
    expect(imported.status).toBe(201)
    const recording = imported.body.id!
    const watcher = await pool.connect(mosquitto.tcpUrl)
    const seen: string[] = []
    watcher.on('message', (topic) => seen.push(topic))
    await watcher.subscribeAsync(`${signal}/#`, { qos: 1 })
    const replay = await api(`/api/recordings/${recording}/replay`, { url: mosquitto.tcpUrl, topicPrefix: `${signal}/`, speed: 1, qos: 1 })
    expect(replay.status).toBe(201)
    const job = replay.body.id!
    let progress: Record<string, unknown> = {}
    await until(
      '20 sent',
      async () => ((progress = (await api(`/api/replays/${job}`)).body).sent as number) >= 20,
      20_000,
      () => progress,
    )
    // Let the saved count catch up (it is written twice a second), then stop the server mid-replay.
    await new Promise((resolve) => setTimeout(resolve, 700))
    await first.stop(signal)
    servers.length = 0
    // What mosquitto acknowledged reaches the watcher a moment later; nothing more can come now.
    await new Promise((resolve) => setTimeout(resolve, 500))
    const seenBeforeRestart = seen.length

    const second = await spawnServer(['--data-dir', dir])
    servers.push(second)
    api = recordingsApi(`http://127.0.0.1:${second.httpPort}`)
    const after = (await api(`/api/replays/${job}`)).body
    expect(after).toMatchObject({ id: job, recording, state: 'interrupted', total: 100 })
    expect(after.reason).toMatch(reason)
    // The saved count never says more than was sent, and at most half a second's worth less.
    expect(after.sent).toBeGreaterThanOrEqual(20)
    expect(after.sent).toBeLessThanOrEqual(seenBeforeRestart)
    expect(seenBeforeRestart).toBeLessThan(100)
    expect(seen.slice(0, seenBeforeRestart)).toEqual(Array.from({ length: seenBeforeRestart }, (_, i) => `${signal}/slow/${i}`))
    // Nothing happens to it after the restart: it is not resumed, stop says so.
    expect((await api(`/api/replays/${job}/stop`, undefined, { method: 'POST' })).body).toMatchObject({ state: 'interrupted' })

    // The server runs and the recording is whole.
    expect((await api('/api/health')).status).toBe(200)
    expect((await api(`/api/recordings/${recording}`)).body).toMatchObject({ state: 'imported', messages: 100 })
    const exported = parseRecordingJsonl((await api(`/api/recordings/${recording}/messages`)).text)
    if (!exported.ok) throw new Error(exported.reason)
    expect(exported.messages.map((m) => m.topic)).toEqual(Array.from({ length: 100 }, (_, i) => `slow/${i}`))
    expect((await api('/api/replays/no-such-job')).status).toBe(404)
  },
  60_000,
)
