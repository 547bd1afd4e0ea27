import type { MqttClient } from 'mqtt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, type MosquittoBroker } from '../../e2e/fixtures/mosquitto.ts'
import { parseRecordingJsonl, type RecordedMessage } from '../../src/model/recording-jsonl.ts'
import type { MqttScopeServer } from '../create-server.ts'
import { ClientPool } from '../test-support/mqtt-clients.ts'
import { startTestServer } from '../test-support/start-server.ts'

/**
 * The recordings API against the real server: the embedded aedes broker and Debian's mosquitto as
 * targets, MQTT.js devices publishing. Refused: a foreign Origin (403, rule "same origin").
 */
let server: MqttScopeServer
let base: string
let mqttUrl: string
let mosquitto: MosquittoBroker
const pool = new ClientPool()

beforeAll(async () => {
  const started = await startTestServer()
  server = started.server
  base = `http://127.0.0.1:${started.addresses.httpPort}`
  mqttUrl = `mqtt://127.0.0.1:${started.addresses.mqttPort}`
  // No per-subscriber queue limit: a burst of 500 must not be dropped on the way to the recorder.
  mosquitto = await startMosquitto({ anonymous: true, settings: ['max_queued_messages 0', 'max_inflight_messages 0'] })
}, 30_000)
afterAll(async () => {
  await server.close()
  await mosquitto.stop()
})
afterEach(() => pool.closeAll())

/** The fields these tests read from the API's JSON answers. */
interface Body {
  readonly id: string
  readonly state: string
  readonly messages: number
  readonly recordings: Array<Record<string, unknown> & { id: string; name: string }>
  readonly error: string
  readonly rule: string
  readonly line: number
  readonly sent: number
}

async function api(path: string, init: RequestInit & { json?: unknown } = {}): Promise<{ status: number; body: Body; text: string }> {
  const response = await fetch(base + path, {
    ...init,
    ...(init.json === undefined
      ? {}
      : { method: init.method ?? 'POST', body: JSON.stringify(init.json), headers: { 'Content-Type': 'application/json', ...init.headers } }),
  })
  const text = await response.text()
  let body = {} as Body
  try {
    body = JSON.parse(text) as Body
  } catch {
    // An export: text, not JSON.
  }
  return { status: response.status, body, text }
}

async function until(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** 10,000 messages of every kind: binary, UTF-8, empty, retained, QoS 0/1/2, on distinct topics. */
function sample(prefix: string, count: number): Array<{ topic: string; payload: Buffer; qos: 0 | 1 | 2; retain: boolean }> {
  return Array.from({ length: count }, (_, i) => {
    const kind = i % 4
    const payload =
      kind === 0
        ? Buffer.from(Array.from({ length: 16 }, (_, j) => (i * 7 + j) & 255))
        : kind === 1
          ? Buffer.from(`héllo ✓ ${i}`)
          : kind === 2
            ? Buffer.alloc(0)
            : Buffer.from(String(i))
    return { topic: `${prefix}/${i}`, payload, qos: (i % 3) as 0 | 1 | 2, retain: i % 10 === 0 && kind !== 2 }
  })
}

/**
 * In batches of 500, each once the recording has the previous one: mosquitto queues at most 1,000
 * messages per subscriber (max_queued_messages) and drops the rest of a burst.
 */
async function publishAll(client: MqttClient, messages: ReturnType<typeof sample>, id: string): Promise<void> {
  for (let at = 0; at < messages.length; at += 500) {
    await Promise.all(messages.slice(at, at + 500).map((m) => client.publishAsync(m.topic, m.payload, { qos: m.qos, retain: m.retain })))
    await until(`${at + 500} recorded`, async () => (await api(`/api/recordings/${id}`)).body.messages >= Math.min(at + 500, messages.length))
  }
}

/**
 * retainAsPublished: MQTT 5 targets (mosquitto) are subscribed with Retain As Published; the
 * embedded broker speaks MQTT 3.1.1, where a live message reaches subscribers with retain 0.
 */
async function recordAndCompare(url: string | undefined, brokerUrl: string, prefix: string, retainAsPublished: boolean): Promise<void> {
  const started = await api('/api/recordings', { json: { name: prefix, ...(url === undefined ? {} : { url }), filters: [`${prefix}/#`], qos: 2 } })
  expect(started.status).toBe(201)
  const id = started.body.id
  await until('recording', async () => (await api(`/api/recordings/${id}`)).body.state === 'recording')
  await new Promise((resolve) => setTimeout(resolve, 200))
  const device = await pool.connect(brokerUrl)
  const sent = sample(prefix, 10_000)
  await publishAll(device, sent, id)
  let last: unknown
  await until('10,000 recorded', async () => {
    last = (await api(`/api/recordings/${id}`)).body
    return (last as { messages: number }).messages === 10_000
  }).catch((error: Error) => {
    throw new Error(`${error.message}: ${JSON.stringify(last)}`)
  })

  const exported = await api(`/api/recordings/${id}/messages?format=jsonl`)
  expect(exported.status).toBe(200)
  const parsed = parseRecordingJsonl(exported.text)
  if (!parsed.ok) throw new Error(`export unparseable at line ${parsed.line}: ${parsed.reason}`)
  const byTopic = new Map<string, RecordedMessage>(parsed.messages.map((m) => [m.topic, m]))
  expect(byTopic.size).toBe(10_000)
  for (const m of sent) {
    const got = byTopic.get(m.topic)!
    expect(Buffer.from(got.payload).equals(m.payload), m.topic).toBe(true)
    expect([got.qos, got.retain], m.topic).toEqual([m.qos, retainAsPublished && m.retain])
  }
  const list = await api('/api/recordings')
  const row = list.body.recordings.find((r) => r.id === id)!
  expect(row).toMatchObject({ name: prefix, filters: [`${prefix}/#`], messages: 10_000, evicted: 0 })
  expect(JSON.stringify(row)).not.toContain('password')

  const csv = await api(`/api/recordings/${id}/messages?format=csv&topic=${encodeURIComponent(`${prefix}/1`)}`)
  expect(csv.text.split('\r\n').filter(Boolean)).toHaveLength(2)
  expect((await api(`/api/recordings/${id}/stop`, { method: 'POST' })).body.state).toBe('stopped')
  expect((await api(`/api/recordings/${id}`, { method: 'DELETE' })).body).toEqual({ deleted: true })
  expect((await api(`/api/recordings/${id}`)).status).toBe(404)
}

describe('recordings API', () => {
  it('records 10,000 messages from the embedded broker and exports them byte for byte', async () => {
    await recordAndCompare(undefined, mqttUrl, 'emb', false)
  }, 120_000)

  it('records 10,000 messages from mosquitto and exports them byte for byte', async () => {
    await recordAndCompare(mosquitto.tcpUrl, mosquitto.tcpUrl, 'mos', true)
  }, 120_000)

  it('imports JSONL all or nothing and replays it to mosquitto with a prefix at speed 10 and 0', async () => {
    const lines = Array.from({ length: 20 }, (_, i) =>
      JSON.stringify({ ts: 1_000 + i * 50, topic: `imp/${i}`, qos: 1, retain: false, payload_base64: Buffer.from([i, 255]).toString('base64') }),
    )
    const bad = await api('/api/recordings/import', { method: 'POST', body: lines.join('\n') + '\n{"ts":1}\n' })
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({ line: 21 })
    expect((await api('/api/recordings')).body.recordings.filter((r) => r.name !== 'emb' && r.name !== 'mos')).toHaveLength(0)

    const imported = await api('/api/recordings/import?name=imp', { method: 'POST', body: lines.join('\n') })
    expect(imported.status).toBe(201)
    const id = imported.body.id
    for (const speed of [10, 0]) {
      const watcher = await pool.connect(mosquitto.tcpUrl)
      const seen: Array<{ topic: string; payload: Buffer }> = []
      watcher.on('message', (topic, payload) => seen.push({ topic, payload }))
      await watcher.subscribeAsync(`copy${speed}/#`, { qos: 1 })
      const startedAt = Date.now()
      const replay = await api(`/api/recordings/${id}/replay`, { json: { url: mosquitto.tcpUrl, topicPrefix: `copy${speed}/`, speed } })
      expect(replay.status).toBe(201)
      await until('replay done', async () => (await api(`/api/replays/${replay.body.id}`)).body.state === 'done')
      const elapsed = Date.now() - startedAt
      // 19 gaps of 50 ms: 950 ms of original time, 95 ms at speed 10.
      if (speed === 10) expect(elapsed).toBeGreaterThanOrEqual(95)
      expect((await api(`/api/replays/${replay.body.id}`)).body).toMatchObject({ sent: 20, total: 20 })
      await until('all seen', async () => seen.length === 20)
      expect(seen.map((m) => m.topic)).toEqual(Array.from({ length: 20 }, (_, i) => `copy${speed}/imp/${i}`))
      expect(seen.every((m, i) => m.payload.equals(Buffer.from([i, 255])))).toBe(true)
    }
    await api(`/api/recordings/${id}`, { method: 'DELETE' })
  }, 60_000)

  it('replays to the embedded broker (no url) over MQTT 3.1.1, in order, with the prefix', async () => {
    const lines = Array.from({ length: 10 }, (_, i) =>
      JSON.stringify({ ts: 5_000 + i * 10, topic: `emb-replay/${i}`, qos: 1, retain: false, payload_base64: Buffer.from([i, 0, 200]).toString('base64') }),
    )
    const imported = await api('/api/recordings/import?name=emb-replay', { method: 'POST', body: lines.join('\n') })
    expect(imported.status).toBe(201)
    const watcher = await pool.connect(mqttUrl)
    const seen: Array<{ topic: string; payload: Buffer }> = []
    watcher.on('message', (topic, payload) => seen.push({ topic, payload }))
    await watcher.subscribeAsync('again/#', { qos: 1 })
    const replay = await api(`/api/recordings/${imported.body.id}/replay`, { json: { topicPrefix: 'again/', speed: 0 } })
    expect(replay.status).toBe(201)
    await until('replay over', async () => ['done', 'failed'].includes((await api(`/api/replays/${replay.body.id}`)).body.state))
    expect((await api(`/api/replays/${replay.body.id}`)).body).toMatchObject({ state: 'done', sent: 10, total: 10 })
    await until('all seen', async () => seen.length === 10)
    expect(seen.map((m) => m.topic)).toEqual(Array.from({ length: 10 }, (_, i) => `again/emb-replay/${i}`))
    expect(seen.every((m, i) => m.payload.equals(Buffer.from([i, 0, 200])))).toBe(true)
    await api(`/api/recordings/${imported.body.id}`, { method: 'DELETE' })
  }, 30_000)

  it('refuses a foreign Origin, bad bodies and targets the bridge policy denies', async () => {
    const foreign = await api('/api/recordings', { headers: { Origin: 'http://evil.example' } })
    expect(foreign.status).toBe(403)
    expect(foreign.body.rule).toBe('same origin')
    const foreignPost = await api('/api/recordings', { json: { name: 'x', filters: ['#'] }, headers: { Origin: 'http://evil.example' } })
    expect(foreignPost.status).toBe(403)
    expect((await api('/api/recordings', { json: { name: 'x', filters: ['a/#/b'] } })).body.error).toContain('is not a topic filter')
    const metadata = await api('/api/recordings', { json: { name: 'x', url: 'mqtt://169.254.169.254:1883', filters: ['#'] } })
    expect(metadata.status).toBe(403)
    expect(metadata.body.error).toContain('169.254.169.254')
    expect((await api('/api/recordings')).body.recordings.filter((r) => r.name !== 'emb' && r.name !== 'mos')).toHaveLength(0)
  })
})

describe('an import larger than the budget', () => {
  it('is refused whole: no recording is left behind', async () => {
    const small = await startTestServer(['--recording-max-messages', '5'])
    try {
      const url = `http://127.0.0.1:${small.addresses.httpPort}/api/recordings`
      const lines = Array.from({ length: 6 }, (_, i) => JSON.stringify({ ts: i, topic: 't', qos: 0, retain: false, payload_base64: '' })).join('\n')
      const refused = await fetch(`${url}/import`, { method: 'POST', body: lines })
      expect(refused.status).toBe(413)
      expect(((await refused.json()) as { error: string }).error).toContain('--recording-max-messages')
      expect(((await (await fetch(url)).json()) as { recordings: unknown[] }).recordings).toEqual([])
    } finally {
      await small.server.close()
    }
  })
})
