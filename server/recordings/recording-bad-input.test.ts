import Database from 'better-sqlite3'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, type MosquittoBroker } from '../../e2e/fixtures/mosquitto.ts'
import { parseRecordingJsonl, type RecordedMessage } from '../../src/model/recording-jsonl.ts'
import type { MqttScopeServer } from '../create-server.ts'
import { ClientPool } from '../test-support/mqtt-clients.ts'
import { recordingsApi, until } from '../test-support/recordings-client.ts'
import { startTestServer } from '../test-support/start-server.ts'

/**
 * The "Bad input" against the real server (in this process, recordings in a temporary
 * --data-dir) and Debian's mosquitto: a full disk, ten recordings at once, payloads as large as
 * each broker takes, and a replay to a broker whose ACL refuses publishes.
 */
let server: MqttScopeServer
let dir: string
let api: ReturnType<typeof recordingsApi>
let embeddedUrl: string
let mosquitto: MosquittoBroker
const pool = new ClientPool()
/** mosquitto's limit for this file: a client's packet larger than this is refused. */
const MOSQUITTO_MAX_PACKET = 2 * 1024 * 1024
/** The embedded broker's --max-packet-size default (server/broker/broker-limits.ts). */
const EMBEDDED_MAX_PACKET = 1024 * 1024

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rec-bad-input-'))
  const started = await startTestServer(['--data-dir', dir])
  server = started.server
  api = recordingsApi(`http://127.0.0.1:${started.addresses.httpPort}`)
  embeddedUrl = `mqtt://127.0.0.1:${started.addresses.mqttPort}`
  mosquitto = await startMosquitto({
    anonymous: true,
    settings: ['max_queued_messages 0', 'max_inflight_messages 0', `max_packet_size ${MOSQUITTO_MAX_PACKET}`],
  })
}, 30_000)
afterAll(async () => {
  await server?.close()
  await mosquitto?.stop()
  rmSync(dir, { recursive: true, force: true })
})
afterEach(() => pool.closeAll())

async function startRecording(name: string, filter: string, url?: string): Promise<string> {
  const started = await api('/api/recordings', { name, filters: [filter], qos: 1, ...(url === undefined ? {} : { url }) })
  expect(started.status, JSON.stringify(started.body)).toBe(201)
  const id = started.body.id!
  let last: unknown
  await until(
    'recording',
    async () => ((last = (await api(`/api/recordings/${id}`)).body) as { state: string }).state === 'recording',
    15_000,
    () => last,
  )
  return id
}

async function exported(id: string): Promise<RecordedMessage[]> {
  const parsed = parseRecordingJsonl((await api(`/api/recordings/${id}/messages?format=jsonl`)).text)
  if (!parsed.ok) throw new Error(`export unparseable at line ${parsed.line}: ${parsed.reason}`)
  return parsed.messages
}

describe('recordings under bad input', () => {
  it('ten recordings at once (five on the embedded broker, five on mosquitto) each count exactly what they subscribed to', async () => {
    const ids = new Map<string, string>()
    for (const [broker, url, target] of [
      ['e', embeddedUrl, undefined],
      ['m', mosquitto.tcpUrl, mosquitto.tcpUrl],
    ] as const) {
      for (let i = 0; i < 4; i++) ids.set(`${broker}${i}`, await startRecording(`ten ${broker}${i}`, `ten/${broker}${i}/#`, target))
      // The fifth overlaps the other four: it counts all of their messages on its broker.
      ids.set(`${broker}-all`, await startRecording(`ten ${broker} all`, 'ten/#', target))
      const device = await pool.connect(url)
      const publishes: Array<Promise<unknown>> = []
      for (let n = 0; n < 150; n++)
        for (let i = 0; i < 4; i++) publishes.push(device.publishAsync(`ten/${broker}${i}/${n}`, Buffer.from([i, n & 255]), { qos: 1 }))
      await Promise.all(publishes)
    }
    const expected = (key: string) => (key.endsWith('-all') ? 600 : 150)
    let rows: unknown
    await until(
      'every recording counted',
      async () => {
        const list = (await api('/api/recordings')).body.recordings as Array<{ id: string; messages: number }>
        rows = list
        return [...ids].every(([key, id]) => list.find((r) => r.id === id)?.messages === expected(key))
      },
      30_000,
      () => rows,
    )
    // Counted exactly (no more arrive late), and what is stored is what each one subscribed to.
    await new Promise((resolve) => setTimeout(resolve, 500))
    for (const [key, id] of ids) {
      const row = (await api(`/api/recordings/${id}`)).body
      expect([key, row.messages, row.state]).toEqual([key, expected(key), 'recording'])
      const topics = (await exported(id)).map((m) => m.topic)
      const prefix = key.endsWith('-all') ? `ten/${key[0]}` : `ten/${key}/`
      expect(topics.every((t) => t.startsWith(prefix))).toBe(true)
      expect(new Set(topics).size).toBe(expected(key))
    }
    for (const id of ids.values()) expect((await api(`/api/recordings/${id}`, undefined, { method: 'DELETE' })).status).toBe(200)
  }, 90_000)

  it('stores and exports payloads as large as each broker takes, byte for byte', async () => {
    for (const [name, url, target, limit] of [
      ['embedded', embeddedUrl, undefined, EMBEDDED_MAX_PACKET],
      ['mosquitto', mosquitto.tcpUrl, mosquitto.tcpUrl, MOSQUITTO_MAX_PACKET],
    ] as const) {
      const id = await startRecording(`huge ${name}`, `huge/${name}`, target)
      // The whole PUBLISH packet (fixed header, topic, packet id) must fit in the broker's limit.
      const payload = Buffer.alloc(limit - 64, 0)
      for (let i = 0; i < payload.length; i++) payload[i] = (i * 31 + 7) & 255
      const device = await pool.connect(url)
      await device.publishAsync(`huge/${name}`, payload, { qos: 1 })
      await until(`${name}: the large message stored`, async () => (await api(`/api/recordings/${id}`)).body.messages === 1)
      const [message] = await exported(id)
      expect(message!.payload.length).toBe(payload.length)
      expect(Buffer.from(message!.payload).equals(payload)).toBe(true)
      expect((await api(`/api/recordings/${id}`)).body).toMatchObject({ bytes: payload.length + `huge/${name}`.length, state: 'recording' })
      await api(`/api/recordings/${id}`, undefined, { method: 'DELETE' })
    }
  }, 60_000)

  it('a replay to mosquitto whose ACL refuses a topic stops with the reason (0x87) and the count sent', async () => {
    // MQTT 5: mosquitto answers a refused QoS 1 publish with PUBACK reason 0x87 (Not authorized).
    // At QoS 0 (and over MQTT 3.1.1 at any QoS) a refusal is silent: mosquitto drops the message
    // and acknowledges it, so a replay cannot tell; replay at QoS 1 to find out.
    const guarded = await startMosquitto({ anonymous: true, acl: 'topic readwrite allowed/a/#\n' })
    try {
      const lines = ['a/0', 'a/1', 'a/2', 'b/3', 'a/4'].map((topic, i) =>
        JSON.stringify({ ts: 1_000 + i, topic, qos: 1, retain: false, payload_base64: Buffer.from(topic).toString('base64') }),
      )
      const imported = await api('/api/recordings/import?name=acl', undefined, { method: 'POST', body: lines.join('\n') })
      expect(imported.status).toBe(201)
      const watcher = await pool.connect(guarded.tcpUrl)
      const seen: string[] = []
      watcher.on('message', (topic) => seen.push(topic))
      await watcher.subscribeAsync('allowed/#', { qos: 1 })
      const replay = await api(`/api/recordings/${imported.body.id!}/replay`, { url: guarded.tcpUrl, topicPrefix: 'allowed/', speed: 0, qos: 1 })
      expect(replay.status).toBe(201)
      let progress: Record<string, unknown> = {}
      await until(
        'the replay ends',
        // Over once it left both 'connecting' and 'running' (a poll can come before the CONNACK).
        async () => !['connecting', 'running'].includes((progress = (await api(`/api/replays/${replay.body.id!}`)).body).state as string),
        20_000,
        () => progress,
      )
      expect(progress).toMatchObject({ state: 'failed', sent: 3, total: 5 })
      expect(progress.reason).toContain('Not authorized')
      expect(progress.reason).toContain('0x87')
      expect(progress.reason).toContain('allowed/b/3')
      expect(progress.reason).toContain('3 of 5 sent')
      await until('the allowed messages seen', () => seen.length === 3)
      expect(seen).toEqual(['allowed/a/0', 'allowed/a/1', 'allowed/a/2'])
      await api(`/api/recordings/${imported.body.id!}`, undefined, { method: 'DELETE' })
    } finally {
      await guarded.stop()
    }
  }, 40_000)

  it('a replay to the embedded broker whose --acl-file refuses a topic stops when aedes closes the connection (MQTT 3.1.1 has no refusal code)', async () => {
    const aclDir = mkdtempSync(join(tmpdir(), 'rec-acl-'))
    writeFileSync(join(aclDir, 'acl'), 'topic readwrite allowed/#\ntopic deny allowed/b/#\n')
    const guarded = await startTestServer(['--acl-file', join(aclDir, 'acl')])
    try {
      const guardedApi = recordingsApi(`http://127.0.0.1:${guarded.addresses.httpPort}`)
      const lines = ['a/0', 'a/1', 'a/2', 'b/3', 'a/4'].map((topic, i) =>
        JSON.stringify({ ts: 1_000 + i, topic, qos: 1, retain: false, payload_base64: Buffer.from(topic).toString('base64') }),
      )
      const imported = await guardedApi('/api/recordings/import?name=acl', undefined, { method: 'POST', body: lines.join('\n') })
      const watcher = await pool.connect(`mqtt://127.0.0.1:${guarded.addresses.mqttPort}`)
      const seen: string[] = []
      watcher.on('message', (topic) => seen.push(topic))
      await watcher.subscribeAsync('allowed/#', { qos: 1 })
      const replay = await guardedApi(`/api/recordings/${imported.body.id!}/replay`, { topicPrefix: 'allowed/', speed: 0, qos: 1 })
      expect(replay.status).toBe(201)
      let progress: Record<string, unknown> = {}
      await until(
        'the replay ends',
        async () => !['running', 'connecting'].includes((progress = (await guardedApi(`/api/replays/${replay.body.id!}`)).body).state as string),
        30_000,
        () => progress,
      )
      // aedes closes the connection of a client whose publish the ACL refuses: the job stops there.
      expect(progress).toMatchObject({ state: 'failed', sent: 3, total: 5 })
      expect(progress.reason).toContain('the broker closed the connection')
      expect(progress.reason).toContain('allowed/b/3; 3 of 5 sent')
      await until('the allowed messages seen', () => seen.length === 3)
      expect(seen).toEqual(['allowed/a/0', 'allowed/a/1', 'allowed/a/2'])
    } finally {
      await guarded.server.close()
      rmSync(aclDir, { recursive: true, force: true })
    }
  }, 40_000)

  // Last: it leaves the database full for this server.
  it('a full disk stops the recording as "disk full"; the server runs on and the stored messages stay intact', async () => {
    const id = await startRecording('full', 'full/#')
    const device = await pool.connect(embeddedUrl)
    const before = Array.from({ length: 20 }, (_, i) => Buffer.from(Array.from({ length: 1_000 }, (_, j) => (i + j) & 255)))
    for (const [i, payload] of before.entries()) await device.publishAsync(`full/${i}`, payload, { qos: 1 })
    await until('20 stored', async () => (await api(`/api/recordings/${id}`)).body.messages === 20)

    // SQLITE_FULL from SQLite itself: the database may not grow past a few more pages, as on a full disk.
    const db = server.recordings.store.db
    // The earlier tests' deleted recordings left free pages; give them back first.
    db.exec('VACUUM')
    const pages = db.pragma('page_count', { simple: true }) as number
    db.pragma(`max_page_count = ${pages + 4}`)
    for (let i = 0; i < 10; i++) await device.publishAsync(`full/big/${i}`, Buffer.alloc(64 * 1024, i), { qos: 1 })
    let row: Record<string, unknown> = {}
    await until(
      'disk full',
      async () => (row = (await api(`/api/recordings/${id}`)).body).state === 'disk full',
      15_000,
      () => row,
    )
    expect(row.reason).toContain('database or disk is full')
    expect(row.messages).toBe(20)

    // The server runs on: the API answers, the broker carries messages, the export is whole.
    expect((await api('/api/health')).status).toBe(200)
    const listener = await pool.connect(embeddedUrl)
    await listener.subscribeAsync('still/alive', { qos: 1 })
    const heard = new Promise<string>((resolve) => listener.once('message', (_topic, payload) => resolve(payload.toString())))
    await device.publishAsync('still/alive', 'yes', { qos: 1 })
    expect(await heard).toBe('yes')
    const stored = await exported(id)
    expect(stored.map((m) => m.topic)).toEqual(before.map((_, i) => `full/${i}`))
    expect(stored.every((m, i) => Buffer.from(m.payload).equals(before[i]!))).toBe(true)
    // A new recording may not fit either: refused with 507 and "disk full", or (when a free page remains) created.
    const another = await api('/api/recordings', { name: 'no room', filters: ['x/#'] })
    if (another.status !== 201) expect([another.status, another.body.rule]).toEqual([507, 'disk full'])
    // An import does not fit either: refused whole, nothing half-imported.
    const lines = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify({ ts: i, topic: 'imp', qos: 0, retain: false, payload_base64: Buffer.alloc(8_000, i).toString('base64') }),
    )
    const listedBefore = ((await api('/api/recordings')).body.recordings as unknown[]).length
    const refusedImport = await api('/api/recordings/import?name=too-much', undefined, { method: 'POST', body: lines.join('\n') })
    expect([refusedImport.status, refusedImport.body.rule]).toEqual([507, 'disk full'])
    expect(((await api('/api/recordings')).body.recordings as unknown[]).length).toBe(listedBefore)

    // Nothing corrupt: after the server closes, the file passes SQLite's integrity check and holds the 20.
    await server.close()
    const file = new Database(join(dir, 'recordings.sqlite'), { readonly: true })
    try {
      expect(file.pragma('integrity_check', { simple: true })).toBe('ok')
      const kept = file.prepare('SELECT topic, payload FROM messages WHERE recording = ? ORDER BY seq').all(id) as Array<{ topic: string; payload: Buffer }>
      expect(kept.map((m) => m.topic)).toEqual(before.map((_, i) => `full/${i}`))
      expect(kept.every((m, i) => m.payload.equals(before[i]!))).toBe(true)
      expect(file.prepare('SELECT state, messages FROM recordings WHERE id = ?').get(id)).toEqual({ state: 'disk full', messages: 20 })
    } finally {
      file.close()
    }
    // Started again on the same folder, the recording is listed as it was and does not resume.
    const again = await startTestServer(['--data-dir', dir])
    server = again.server
    api = recordingsApi(`http://127.0.0.1:${again.addresses.httpPort}`)
    expect((await api(`/api/recordings/${id}`)).body).toMatchObject({ state: 'disk full', messages: 20 })
    expect((await exported(id)).length).toBe(20)
  }, 60_000)
})
