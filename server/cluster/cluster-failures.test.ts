import mqtt, { type MqttClient } from 'mqtt'
import { afterEach, describe, expect, it } from 'vitest'
import { spawnNode } from '../test-support/cluster-nodes.ts'
import { httpRequest } from '../test-support/http-request.ts'
import { ClientPool, collectMessages, nextMessage, uniqueTopic } from '../test-support/mqtt-clients.ts'
import { RedisServer } from '../test-support/redis-server.ts'
import type { ServerProcess } from '../test-support/start-server.ts'
import { waitUntil, withTimeout } from '../test-support/timeout.ts'

/** Issue 19's failure cases, on real processes: a node killed with kill -9, Redis restarted mid-traffic. */
const clients = new ClientPool()
const nodes: ServerProcess[] = []
let redis: RedisServer | undefined

afterEach(async () => {
  await clients.closeAll()
  await Promise.all(nodes.splice(0).map((node) => node.stop('SIGKILL')))
  await redis?.stop()
  redis = undefined
})

async function node(id: string): Promise<ServerProcess> {
  const started = await spawnNode(redis!.url, id)
  nodes.push(started)
  return started
}

const tcp = (n: ServerProcess) => `mqtt://127.0.0.1:${n.mqttPort}`

async function clusterHealth(n: ServerProcess): Promise<{ store: string; nodes: string[] }> {
  return (JSON.parse((await httpRequest(n.httpPort, '/api/health')).body.toString()) as { cluster: { store: string; nodes: string[] } }).cluster
}

describe('a node killed with kill -9', () => {
  it("leaves B serving, B publishes the wills of A's clients, and A restarts and rejoins", async () => {
    redis = await RedisServer.start()
    const [a, b] = await Promise.all([node('a'), node('b')])
    const topic = uniqueTopic('wills')
    const watcher = await clients.connect(tcp(b))
    await withTimeout(watcher.subscribeAsync(`${topic}/#`, { qos: 1 }), 5_000, 'subscribe')
    for (const id of ['w1', 'w2']) {
      await clients.connect(tcp(a), {
        clientId: `${id}-${process.pid}`,
        will: { topic: `${topic}/${id}`, payload: Buffer.from(`${id} is gone`), qos: 1, retain: false },
      })
    }
    const wills = collectMessages(watcher, 2, (m) => m.topic.startsWith(topic), 20_000)

    a.child.kill('SIGKILL')
    const killedAt = Date.now()
    // B keeps serving its own clients at once.
    const echo = await clients.connect(tcp(b))
    await withTimeout(echo.subscribeAsync(`${topic}-echo`, { qos: 1 }), 5_000, 'subscribe on B')
    const echoed = nextMessage(echo, (m) => m.topic === `${topic}-echo`)
    await withTimeout(echo.publishAsync(`${topic}-echo`, 'still here', { qos: 1 }), 5_000, 'publish on B')
    expect((await echoed).payload.toString()).toBe('still here')

    // A is silent for 3 heartbeats (1 s each), then B publishes the wills A stored.
    const got = (await wills).map((m) => m.payload.toString()).sort()
    expect(got).toEqual(['w1 is gone', 'w2 is gone'])
    console.log(`wills of the killed node published by B after ${Date.now() - killedAt} ms`)

    // A comes back under its id (its old lease has run out by then) and is one broker with B again.
    const again = await node('a')
    await waitUntil(async () => (await clusterHealth(b)).nodes.join() === 'a,b', 10_000, 'B lists a and b')
    const listener = await clients.connect(tcp(again))
    await withTimeout(listener.subscribeAsync(`${topic}/back`, { qos: 1 }), 5_000, 'subscribe on A')
    const back = nextMessage(listener, (m) => m.topic === `${topic}/back`)
    await withTimeout(echo.publishAsync(`${topic}/back`, 'from B', { qos: 1 }), 5_000, 'publish on B')
    expect((await back).payload.toString()).toBe('from B')
  }, 60_000)
})

describe('Redis restarted mid-traffic', () => {
  it('the nodes recover, and every message a node acknowledged is delivered', async () => {
    redis = await RedisServer.start({ durable: true })
    const [a, b] = await Promise.all([node('a'), node('b')])
    const topic = uniqueTopic('restart')
    const clientId = `restart-sub-${process.pid}`
    const received = new Set<string>()
    const subscriber = await clients.connect(tcp(b), { clientId, clean: false })
    subscriber.on('message', (t, payload) => t.startsWith(topic) && received.add(payload.toString()))
    await withTimeout(subscriber.subscribeAsync(`${topic}/#`, { qos: 1 }), 5_000, 'subscribe')

    // The publisher reconnects by itself: a node may close it after holding its PUBLISH for 10 s.
    const publisher: MqttClient = mqtt.connect(tcp(a), { clientId: `restart-pub-${process.pid}`, clean: false, reconnectPeriod: 500 })
    publisher.on('error', () => {})
    await withTimeout(new Promise((resolve) => publisher.once('connect', resolve)), 5_000, 'publisher connects')
    const acknowledged: string[] = []
    const sends: Array<Promise<void>> = []
    let outage: Promise<void> | undefined
    let sawUnavailable = false
    for (let i = 0; i < 300; i++) {
      sends.push(
        publisher.publishAsync(`${topic}/${i % 10}`, String(i), { qos: 1 }).then(
          () => void acknowledged.push(String(i)),
          () => {},
        ),
      )
      if (i === 100) {
        outage = redis.restart(1_000)
        // The page's view: /api/health says so while Redis is away.
        void waitUntil(async () => (await clusterHealth(b)).store === 'unavailable', 3_000, 'unavailable').then(
          () => (sawUnavailable = true),
          () => {},
        )
      }
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    await outage
    await withTimeout(Promise.all(sends), 30_000, () => `acknowledgements (${acknowledged.length} so far)`)
    expect(acknowledged.length).toBe(300)
    await waitUntil(async () => (await clusterHealth(a)).store === 'available' && (await clusterHealth(b)).store === 'available', 10_000, 'both nodes recover')
    expect(sawUnavailable).toBe(true)
    publisher.end(true)

    // Delivered live, or kept in the session's queue in Redis and delivered at its next connection.
    await waitUntil(() => received.size === 300, 5_000, 'live delivery').catch(() => {})
    if (received.size < 300) {
      await withTimeout(subscriber.endAsync(), 2_000, 'disconnect')
      const resumed = await clients.connect(tcp(a), { clientId, clean: false })
      resumed.on('message', (t, payload) => t.startsWith(topic) && received.add(payload.toString()))
      await waitUntil(() => received.size === 300, 10_000, `the rest from the session queue (${received.size} of 300)`).catch(() => {})
    }
    const missing = acknowledged.filter((payload) => !received.has(payload))
    expect(missing).toEqual([])
  }, 90_000)
})
