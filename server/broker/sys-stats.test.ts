import type { MqttClient } from 'mqtt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ListeningAddresses, MqttScopeServer } from '../create-server.ts'
import { ClientPool, expectNoMessage, uniqueTopic } from '../test-support/mqtt-clients.ts'
import { startTestServer } from '../test-support/start-server.ts'
import { waitUntil, withTimeout } from '../test-support/timeout.ts'
import { SYS_TOPICS } from './sys-stats.ts'

const clients = new ClientPool()

afterEach(async () => {
  await clients.closeAll()
})

/** The latest value of every $SYS/broker/ topic this client has received. */
async function watchSys(client: MqttClient): Promise<Map<string, string>> {
  const values = new Map<string, string>()
  client.on('message', (topic, payload) => {
    if (topic.startsWith('$SYS/broker/')) values.set(topic, payload.toString())
  })
  await withTimeout(client.subscribeAsync('$SYS/broker/#'), 5_000, 'subscribe $SYS/broker/#')
  return values
}

const numberAt = (values: Map<string, string>, topic: string) => Number(values.get(topic) ?? NaN)

describe('$SYS/broker statistics with --sys-interval 1', () => {
  let server: MqttScopeServer
  let addresses: ListeningAddresses

  beforeAll(async () => {
    ;({ server, addresses } = await startTestServer(['--sys-interval', '1']))
  })
  afterAll(async () => {
    await server?.close()
  })

  it('are retained, so a new subscriber gets every one at once, named like mosquitto', async () => {
    const client = await clients.connect(`mqtt://127.0.0.1:${addresses.mqttPort}`)
    const values = await watchSys(client)
    await waitUntil(() => Object.values(SYS_TOPICS).every((topic) => values.has(topic)), 5_000, 'every $SYS/broker topic')
    expect(values.get(SYS_TOPICS.version)).toMatch(/^mqtt-scope \d+\.\d+\.\d+ \(aedes 1\.2\.\d+\)$/)
    expect(values.get(SYS_TOPICS.uptime)).toMatch(/^\d+ seconds$/)
    for (const topic of Object.values(SYS_TOPICS)) {
      if (topic !== SYS_TOPICS.version && topic !== SYS_TOPICS.uptime) expect(values.get(topic), topic).toMatch(/^\d+$/)
    }
  })

  it('count what goes through: clients, packets, publishes, bytes, retained messages', async () => {
    const watcher = await clients.connect(`mqtt://127.0.0.1:${addresses.mqttPort}`)
    const values = await watchSys(watcher)
    await waitUntil(() => values.has(SYS_TOPICS.retainedCount), 5_000, 'the first values')
    const before = new Map(values)
    const t = uniqueTopic('sys')

    const subscriber = await clients.connect(`ws://127.0.0.1:${addresses.httpPort}/mqtt`)
    await withTimeout(subscriber.subscribeAsync(`${t}/#`, { qos: 1 }), 5_000, 'subscribe')
    const publisher = await clients.connect(`mqtt://127.0.0.1:${addresses.mqttPort}`)
    for (let i = 0; i < 20; i++) await withTimeout(publisher.publishAsync(`${t}/${i}`, 'x'.repeat(100), { qos: 1 }), 5_000, 'publish')
    await withTimeout(publisher.publishAsync(`${t}/kept`, 'retained', { qos: 1, retain: true }), 5_000, 'retain')

    const grew = (topic: string, by: number) => numberAt(values, topic) - numberAt(before, topic) >= by
    const deltas = () => JSON.stringify(Object.fromEntries([...values].map(([topic, value]) => [topic, Number(value) - Number(before.get(topic))])))
    await waitUntil(
      () =>
        grew(SYS_TOPICS.publishReceived, 21) &&
        grew(SYS_TOPICS.publishSent, 21) &&
        grew(SYS_TOPICS.bytesReceived, 21 * 100) &&
        grew(SYS_TOPICS.bytesSent, 21 * 100) &&
        grew(SYS_TOPICS.messagesReceived, 21 * 2) && // each PUBLISH, and the subscriber's PUBACKs
        grew(SYS_TOPICS.retainedCount, 1) &&
        numberAt(values, SYS_TOPICS.clientsConnected) >= 3,
      5_000,
      'the counts to grow',
    ).catch((error: Error) => {
      throw new Error(`${error.message}: ${deltas()}`)
    })
    expect(numberAt(values, SYS_TOPICS.clientsMaximum)).toBeGreaterThanOrEqual(3)
    expect(numberAt(values, SYS_TOPICS.messagesSent)).toBeGreaterThanOrEqual(numberAt(values, SYS_TOPICS.publishSent))
    expect(numberAt(values, SYS_TOPICS.publishDropped)).toBe(0)

    // An empty retained PUBLISH clears it [MQTT-3.3.1-10].
    const kept = numberAt(values, SYS_TOPICS.retainedCount)
    await withTimeout(publisher.publishAsync(`${t}/kept`, '', { qos: 1, retain: true }), 5_000, 'clear')
    await waitUntil(() => numberAt(values, SYS_TOPICS.retainedCount) === kept - 1, 5_000, 'the retained count to drop')
  })

  it('cannot be forged by a client', async () => {
    const watcher = await clients.connect(`mqtt://127.0.0.1:${addresses.mqttPort}`)
    await watchSys(watcher)
    const forger = await clients.connect(`mqtt://127.0.0.1:${addresses.mqttPort}`)
    const closed = new Promise<void>((resolve) => forger.once('close', () => resolve()))
    forger.publish(SYS_TOPICS.clientsConnected, '999999')
    await withTimeout(closed, 5_000, 'the forger to be disconnected')
    await expectNoMessage(watcher, (m) => m.payload.toString() === '999999')
  })
})

describe('--sys-interval 0', () => {
  it('publishes no statistics', async () => {
    const { server, addresses } = await startTestServer(['--sys-interval', '0'])
    try {
      const client = await clients.connect(`mqtt://127.0.0.1:${addresses.mqttPort}`)
      await withTimeout(client.subscribeAsync('$SYS/broker/#'), 5_000, 'subscribe')
      await expectNoMessage(client, () => true, 500)
    } finally {
      await clients.closeAll()
      await server.close()
    }
  })
})
