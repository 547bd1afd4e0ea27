import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { MqttClient } from 'mqtt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { MqttScopeServer } from '../create-server.ts'
import { ClientPool, expectNoMessage } from '../test-support/mqtt-clients.ts'
import { startTestServer } from '../test-support/start-server.ts'
import { waitUntil, withTimeout } from '../test-support/timeout.ts'

/**
 * Every message once, in order per topic, with the store in memory and on disk
 * (delivery-dedupe.ts, ordered-persistence.ts).
 */
let dataDir: string
const servers: MqttScopeServer[] = []
const clients = new ClientPool()

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'mqtt-scope-order-'))
})

afterEach(async () => {
  await clients.closeAll()
})

afterAll(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
  await rm(dataDir, { recursive: true, force: true })
})

/** Payloads received, per topic, in arrival order. */
function record(client: MqttClient): Map<string, string[]> {
  const byTopic = new Map<string, string[]>()
  client.on('message', (topic, payload) => {
    const list = byTopic.get(topic) ?? []
    list.push(payload.toString())
    byTopic.set(topic, list)
  })
  return byTopic
}

const total = (byTopic: Map<string, string[]>) => [...byTopic.values()].reduce((sum, list) => sum + list.length, 0)

describe.each([
  ['in memory', ['--memory']],
  ['on disk', ['--data-dir', '<dir>']],
])('delivery with the store %s', (_name, storeFlags) => {
  let url: string
  beforeAll(async () => {
    const flags = storeFlags.map((flag) => (flag === '<dir>' ? path.join(dataDir, String(servers.length)) : flag))
    const { server, addresses } = await startTestServer(flags)
    servers.push(server)
    url = `mqtt://127.0.0.1:${addresses.mqttPort}`
  })

  it('delivers every message of a burst mixing retained and plain ones (aedes dropped the retained half)', async () => {
    const subscriber = await clients.connect(url)
    await withTimeout(subscriber.subscribeAsync('mixed/#', { qos: 0 }), 5_000, 'subscribe')
    const got = record(subscriber)
    const publisher = await clients.connect(url)
    for (let i = 0; i < 2000; i++) publisher.publish(`mixed/${i % 10}`, String(i), { qos: 0, retain: i % 2 === 0 })
    await waitUntil(() => total(got) === 2000, 10_000, `2000 messages (got ${total(got)})`)
    for (let t = 0; t < 10; t++) expect(got.get(`mixed/${t}`)).toEqual(Array.from({ length: 200 }, (_, k) => String(t + 10 * k)))
    for (let t = 0; t < 10; t++) publisher.publish(`mixed/${t}`, '', { qos: 0, retain: true })
  })

  it('delivers a message once to a client whose subscriptions overlap, at the highest QoS it asked for', async () => {
    const subscriber = await clients.connect(url)
    await withTimeout(subscriber.subscribeAsync({ 'over/#': { qos: 0 }, '#': { qos: 1 }, 'over/+/x': { qos: 0 } }), 5_000, 'subscribe')
    const got = record(subscriber)
    const publisher = await clients.connect(url)
    for (let i = 0; i < 50; i++) await withTimeout(publisher.publishAsync('over/a/x', String(i), { qos: 1 }), 5_000, 'publish')
    await waitUntil(() => (got.get('over/a/x')?.length ?? 0) >= 50, 5_000, '50 messages')
    await expectNoMessage(subscriber, (m) => m.topic === 'over/a/x', 200)
    expect(got.get('over/a/x')).toEqual(Array.from({ length: 50 }, (_, i) => String(i)))
  })

  it('delivers QoS 0 messages to a QoS 1 subscription', async () => {
    const subscriber = await clients.connect(url)
    await withTimeout(subscriber.subscribeAsync('down/#', { qos: 1 }), 5_000, 'subscribe')
    const got = record(subscriber)
    const publisher = await clients.connect(url)
    for (let i = 0; i < 100; i++) publisher.publish('down/grade', String(i), { qos: 0 })
    await waitUntil(() => total(got) === 100, 5_000, `100 messages (got ${total(got)})`)
  })

  it('keeps one topic in order for persistent and clean subscribers while QoS 1 messages pour in [MQTT-4.6.0-6]', async () => {
    const persistent = await clients.connect(url, { clientId: `ordered-${storeFlags[0]}`, clean: false })
    const clean = await clients.connect(url)
    for (const client of [persistent, clean]) await withTimeout(client.subscribeAsync('ordered/#', { qos: 1 }), 5_000, 'subscribe')
    const [gotPersistent, gotClean] = [record(persistent), record(clean)]
    const publisher = await clients.connect(url)
    const count = 2000
    await withTimeout(Promise.all(Array.from({ length: count }, (_, i) => publisher.publishAsync('ordered/one', String(i), { qos: 1 }))), 30_000, 'publishes')
    await waitUntil(() => total(gotPersistent) === count && total(gotClean) === count, 30_000, 'every message to both')
    const expected = Array.from({ length: count }, (_, i) => String(i))
    expect(gotPersistent.get('ordered/one')).toEqual(expected)
    expect(gotClean.get('ordered/one')).toEqual(expected)
  })
})
