import mqtt, { type MqttClient } from 'mqtt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { spawnNode } from '../test-support/cluster-nodes.ts'
import { httpRequest } from '../test-support/http-request.ts'
import { ClientPool, collectMessages, expectNoMessage, uniqueTopic } from '../test-support/mqtt-clients.ts'
import { runCli } from '../test-support/processes.ts'
import { RedisServer } from '../test-support/redis-server.ts'
import type { ServerProcess } from '../test-support/start-server.ts'
import { waitUntil, withTimeout } from '../test-support/timeout.ts'

/**
 * Issue 19: two real `mqtt-scope --cluster` processes on one redis-server behave as one broker.
 * (The failure cases are in cluster-failures.test.ts.)
 */
let redis: RedisServer
let a: ServerProcess
let b: ServerProcess
const clients = new ClientPool()

beforeAll(async () => {
  redis = await RedisServer.start()
  ;[a, b] = await Promise.all([spawnNode(redis.url, 'a'), spawnNode(redis.url, 'b')])
}, 60_000)

afterEach(async () => {
  await clients.closeAll()
})

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()])
  await redis?.stop()
})

const tcp = (node: ServerProcess) => `mqtt://127.0.0.1:${node.mqttPort}`
const ws = (node: ServerProcess) => `ws://127.0.0.1:${node.httpPort}/mqtt`

async function health(node: ServerProcess): Promise<{ cluster: { nodeId: string; store: string; nodes: string[] } }> {
  return JSON.parse((await httpRequest(node.httpPort, '/api/health')).body.toString()) as { cluster: { nodeId: string; store: string; nodes: string[] } }
}

/** Publishes `count` QoS 1 messages `topic/<i>` with payload `<i>`, all in flight at once, each acknowledged. */
async function publishQos1(client: MqttClient, topic: string, count: number): Promise<void> {
  await withTimeout(
    Promise.all(Array.from({ length: count }, (_, i) => client.publishAsync(`${topic}/${i}`, String(i), { qos: 1 }))),
    30_000,
    `${count} PUBACKs`,
  )
}

describe('two nodes on one Redis', () => {
  it.each([
    ['TCP', tcp],
    ['/mqtt', ws],
  ])('a subscriber on node A gets 1,000 of 1,000 QoS 1 messages published on node B (%s)', async (_name, url) => {
    const topic = uniqueTopic('cross')
    const subscriber = await clients.connect(url(a))
    await withTimeout(subscriber.subscribeAsync(`${topic}/#`, { qos: 1 }), 5_000, 'subscribe')
    const received = collectMessages(subscriber, 1_000, (m) => m.topic.startsWith(topic), 30_000)
    const publisher = await clients.connect(url(b))
    await publishQos1(publisher, topic, 1_000)
    const messages = await received
    expect(new Set(messages.map((m) => m.payload.toString())).size).toBe(1_000)
    expect(messages.every((m) => m.packet.qos === 1)).toBe(true)
    // One publisher, one topic tree: MQTT keeps its order per topic; here every topic differs, but
    // the sequence from one publisher still arrives in order through Redis.
    expect(messages.map((m) => Number(m.payload.toString()))).toEqual(Array.from({ length: 1_000 }, (_, i) => i))
  })

  it('delivers a retained message set on node A to a new subscriber on node B, stored once', async () => {
    const topic = uniqueTopic('retained')
    const publisher = await clients.connect(tcp(a))
    await withTimeout(publisher.publishAsync(topic, 'kept on A', { qos: 1, retain: true }), 5_000, 'retained publish')
    for (const node of [b, a]) {
      const reader = await clients.connect(tcp(node))
      const got = collectMessages(reader, 1, (m) => m.topic === topic)
      await withTimeout(reader.subscribeAsync(topic, { qos: 1 }), 5_000, 'subscribe')
      const [message] = await got
      expect(message!.payload.toString()).toBe('kept on A')
      expect(message!.packet.retain).toBe(true)
    }
    // Cleared on B: gone for a new subscriber on A.
    const clearer = await clients.connect(tcp(b))
    await withTimeout(clearer.publishAsync(topic, '', { qos: 1, retain: true }), 5_000, 'clear')
    const late = await clients.connect(tcp(a))
    await withTimeout(late.subscribeAsync(topic, { qos: 1 }), 5_000, 'subscribe')
    await expectNoMessage(late, (m) => m.topic === topic, 500)
  })

  it('moves a persistent session: created on A, 100 QoS 1 messages queued while B receives them, all delivered once on B', async () => {
    const topic = uniqueTopic('session')
    const clientId = `sleeper-${process.pid}`
    const sleeper = await clients.connect(tcp(a), { clientId, clean: false })
    await withTimeout(sleeper.subscribeAsync(`${topic}/#`, { qos: 1 }), 5_000, 'subscribe')
    await withTimeout(sleeper.endAsync(), 2_000, 'disconnect')

    const publisher = await clients.connect(tcp(b))
    await publishQos1(publisher, topic, 100)

    // Listening from before the CONNACK: queued messages follow it at once.
    const resumed = mqtt.connect(tcp(b), { clientId, clean: false, reconnectPeriod: 0, connectTimeout: 5_000 })
    resumed.on('error', () => {})
    const received = collectMessages(resumed, 100, (m) => m.topic.startsWith(topic), 10_000)
    let sessionPresent = false
    resumed.once('connect', (connack) => (sessionPresent = connack.sessionPresent))
    const messages = await received.catch((error: unknown) => {
      resumed.end(true)
      throw error
    })
    expect(sessionPresent).toBe(true)
    expect(messages.map((m) => m.payload.toString())).toEqual(Array.from({ length: 100 }, (_, i) => String(i)))
    // Once: nothing more comes, on B now or at the next connection on A.
    await expectNoMessage(resumed, (m) => m.topic.startsWith(topic), 500)
    await withTimeout(resumed.endAsync(), 2_000, 'disconnect')
    const again = await clients.connect(tcp(a), { clientId, clean: false })
    await expectNoMessage(again, (m) => m.topic.startsWith(topic), 500)
  })

  it('closes the older connection on node A when the same client id connects to node B', async () => {
    const clientId = `twice-${process.pid}`
    const first = await clients.connect(tcp(a), { clientId })
    const closed = new Promise<void>((resolve) => first.once('close', () => resolve()))
    const second = await clients.connect(tcp(b), { clientId })
    await withTimeout(closed, 5_000, 'the connection on A closed')
    expect(second.connected).toBe(true)
  })

  it('publishes each node under $SYS/broker/nodes/<id>/ and the cluster totals under $SYS/broker/', async () => {
    const reader = await clients.connect(tcp(b))
    const seen = new Map<string, string>()
    reader.on('message', (topic, payload) => seen.set(topic, payload.toString()))
    await withTimeout(reader.subscribeAsync('$SYS/broker/#'), 5_000, 'subscribe')
    await waitUntil(
      () => seen.has('$SYS/broker/cluster/nodes') && seen.has('$SYS/broker/nodes/a/uptime') && seen.has('$SYS/broker/nodes/b/uptime'),
      10_000,
      '$SYS of both nodes',
    )
    expect(seen.get('$SYS/broker/cluster/nodes')).toBe('a, b')
    expect(seen.get('$SYS/broker/nodes/a/version')).toMatch(/^mqtt-scope /)
    // The totals count this reader, connected to B.
    await waitUntil(() => Number(seen.get('$SYS/broker/clients/connected')) >= 1, 10_000, 'clients/connected in the totals')
    expect(Number(seen.get('$SYS/broker/nodes/b/clients/connected'))).toBeGreaterThanOrEqual(1)
  })

  it('reports the cluster in /api/health', async () => {
    const response = await httpRequest(a.httpPort, '/api/health')
    expect(response.status).toBe(200)
    expect(JSON.parse(response.body.toString())).toMatchObject({ status: 'ok', cluster: { nodeId: 'a', redis: redis.url, store: 'available' } })
    await waitUntil(async () => (await health(a)).cluster.nodes.length === 2, 5_000, 'both nodes listed')
  })

  it('refuses a second live node with the same --node-id (exit 1, the reason in one line)', async () => {
    const second = await runCli(['--http-port', '0', '--mqtt-port', '0', '--cluster', redis.url, '--node-id', 'a', '--cluster-heartbeat', '1'], { ms: 20_000 })
    expect(second.code).toBe(1)
    expect(second.stderr.trim()).toBe(
      'mqtt-scope: node id "a" is in use by another live node of this cluster (it renews its lease in Redis every 1 s): give this node another --node-id (or another --data-dir, where its id is kept)',
    )
    // Node a itself did not notice.
    expect(await health(a)).toMatchObject({ cluster: { nodeId: 'a', store: 'available' } })
  })
})
