import { createHash, randomBytes } from 'node:crypto'
import type { MqttClient } from 'mqtt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ListeningAddresses, MqttScopeServer } from '../create-server.ts'
import { generate } from 'mqtt-packet'
import { openRawTcp, openRawWebSocket } from '../test-support/raw-clients.ts'
import { ClientPool, collectMessages, expectNoMessage, messagesUntil, nextMessage, uniqueTopic } from '../test-support/mqtt-clients.ts'
import { startTestServer } from '../test-support/start-server.ts'
import { withTimeout } from '../test-support/timeout.ts'

let server: MqttScopeServer
let addresses: ListeningAddresses
const clients = new ClientPool()

beforeAll(async () => {
  // Above the 1 MiB default, for the 2 MB payload test (the limit itself: limits.test.ts).
  ;({ server, addresses } = await startTestServer(['--max-packet-size', String(4 * 1024 * 1024)]))
})

afterEach(async () => {
  await clients.closeAll()
})

afterAll(async () => {
  await server?.close()
})

const transports = [
  { transport: 'TCP', url: () => `mqtt://127.0.0.1:${addresses.mqttPort}` },
  { transport: 'WebSocket', url: () => `ws://127.0.0.1:${addresses.httpPort}/mqtt` },
]

async function subscribe(client: MqttClient, topics: string[], qos: 0 | 1 | 2 = 0): Promise<number[]> {
  const granted = await withTimeout(client.subscribeAsync(topics, { qos }), 5_000, `subscribe ${topics.join(', ')}`)
  return granted.map((g) => g.qos)
}

function publish(client: MqttClient, topic: string, payload: string | Buffer, opts: { qos?: 0 | 1 | 2; retain?: boolean } = {}) {
  return withTimeout(client.publishAsync(topic, payload, { qos: opts.qos ?? 0, retain: opts.retain ?? false }), 10_000, `publish ${topic}`)
}

describe.each(transports)('broker over $transport', ({ url, transport }) => {
  const connect = (options = {}) => clients.connect(url(), options)

  it('[MQTT-3.1.2-2] answers an MQTT 5 CONNECT with CONNACK 0x01 (unacceptable protocol version) before it closes', async () => {
    const raw = transport === 'TCP' ? await openRawTcp(addresses.mqttPort) : await openRawWebSocket(addresses.httpPort)
    raw.write(
      Buffer.from(generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 5, clean: true, clientId: 'v5', keepalive: 10 }, { protocolVersion: 5 })),
    )
    await withTimeout(raw.closed, 5_000, 'the broker closes the connection')
    // A 3.1.1 CONNACK: aedes 1.2 speaks no MQTT 5. The page reads it as "does not support MQTT 5".
    expect([...raw.received()]).toEqual([0x20, 0x02, 0x00, 0x01])
  })

  it('delivers only matching topics to a + subscription', async () => {
    const t = uniqueTopic('plus')
    const [sub, pub] = await Promise.all([connect(), connect()])
    await subscribe(sub, [`${t}/+/temperature`, `${t}/end`])
    const sent = [`${t}/kitchen/temperature`, `${t}/kitchen/humidity`, `${t}/a/b/temperature`, `${t}/temperature`, `${t}//temperature`, `${t}/hall/temperature`]
    const got = messagesUntil(sub, `${t}/end`)
    for (const topic of sent) await publish(pub, topic, topic)
    await publish(pub, `${t}/end`, '')
    const received = await got
    expect(received.map((m) => m.topic)).toEqual([`${t}/kitchen/temperature`, `${t}//temperature`, `${t}/hall/temperature`])
    expect(received.map((m) => m.payload.toString())).toEqual(received.map((m) => m.topic))
  })

  it('delivers a topic and everything below it to a # subscription, and nothing else', async () => {
    const t = uniqueTopic('hash')
    const [sub, pub] = await Promise.all([connect(), connect()])
    await subscribe(sub, [`${t}/home/#`, `${t}/end`])
    const sent = [`${t}/home`, `${t}/home/a`, `${t}/homes/a`, `${t}/home/a/b/c`, `${t}/away/home/a`, `${t}/home/`]
    const got = messagesUntil(sub, `${t}/end`)
    for (const topic of sent) await publish(pub, topic, 'x')
    await publish(pub, `${t}/end`, '')
    expect((await got).map((m) => m.topic)).toEqual([`${t}/home`, `${t}/home/a`, `${t}/home/a/b/c`, `${t}/home/`])
  })

  it('keeps a retained message for later subscribers and clears it on an empty retained publish', async () => {
    const t = uniqueTopic('retain')
    const pub = await connect()
    await publish(pub, `${t}/state`, 'first', { qos: 1, retain: true })
    await publish(pub, `${t}/state`, 'on', { qos: 1, retain: true })

    const late = await connect()
    const retained = nextMessage(late, (m) => m.topic === `${t}/state`)
    await subscribe(late, [`${t}/state`], 1)
    const message = await retained
    expect(message.payload.toString()).toBe('on')
    expect(message.packet.retain).toBe(true)

    // A subscriber that is already listening gets a live message, which is not flagged retained.
    const live = nextMessage(late, (m) => m.topic === `${t}/state`)
    await publish(pub, `${t}/state`, '', { qos: 1, retain: true })
    const clearing = await live
    expect(clearing.payload.length).toBe(0)
    expect(clearing.packet.retain).toBe(false)

    // After clearing, a new subscriber gets nothing for that topic. A second retained topic under
    // the same filter shows when the broker has finished sending retained messages.
    await publish(pub, `${t}/marker`, 'm', { qos: 1, retain: true })
    const later = await connect()
    const marker = nextMessage(later, (m) => m.topic === `${t}/marker`)
    const nothing = expectNoMessage(later, (m) => m.topic === `${t}/state`, 500)
    await subscribe(later, [`${t}/#`], 1)
    expect((await marker).packet.retain).toBe(true)
    await nothing
    await publish(pub, `${t}/marker`, '', { qos: 1, retain: true })
  })

  it.each([1, 2] as const)('round-trips QoS %i: granted, delivered at that QoS, and acknowledged to the publisher', async (qos) => {
    const t = uniqueTopic(`qos${qos}`)
    const [sub, pub] = await Promise.all([connect(), connect()])
    expect(await subscribe(sub, [t], qos)).toEqual([qos])
    const got = collectMessages(sub, 3)
    for (const n of [1, 2, 3]) {
      const ack = await publish(pub, t, `m${n}`, { qos })
      expect(ack?.messageId).toEqual(expect.any(Number))
    }
    const received = await got
    expect(received.map((m) => m.payload.toString())).toEqual(['m1', 'm2', 'm3'])
    for (const m of received) expect(m.packet.qos).toBe(qos)
    // Exactly once (QoS 2) and no duplicates (QoS 1 without loss): nothing more arrives.
    await expectNoMessage(sub, (m) => m.topic === t, 200)
  })

  it('downgrades delivery to the QoS of the subscription', async () => {
    const t = uniqueTopic('downgrade')
    const [sub, pub] = await Promise.all([connect(), connect()])
    expect(await subscribe(sub, [t], 0)).toEqual([0])
    const got = nextMessage(sub)
    await publish(pub, t, 'x', { qos: 2 })
    expect((await got).packet.qos).toBe(0)
  })

  it('publishes the will when a client drops without DISCONNECT, and not after a clean one', async () => {
    const t = uniqueTopic('will')
    const will = { topic: `${t}/status`, payload: Buffer.from('offline'), qos: 1 as const, retain: false }
    const watcher = await connect()
    await subscribe(watcher, [`${t}/status`], 1)

    const polite = await connect({ will })
    const noWill = expectNoMessage(watcher, () => true, 500)
    await withTimeout(polite.endAsync(), 3_000, 'clean disconnect')
    await noWill

    const doomed = await connect({ will })
    const got = nextMessage(watcher)
    doomed.stream.destroy()
    const message = await got
    expect(message.topic).toBe(`${t}/status`)
    expect(message.payload.toString()).toBe('offline')
    expect(message.packet.qos).toBe(1)
  })

  it('delivers a 2 MB payload byte for byte', async () => {
    const t = uniqueTopic('large')
    const payload = randomBytes(2 * 1024 * 1024)
    const [sub, pub] = await Promise.all([connect(), connect()])
    await subscribe(sub, [t], 1)
    const got = nextMessage(sub, () => true, 15_000)
    await publish(pub, t, payload, { qos: 1 })
    const message = await got
    expect(message.payload.length).toBe(payload.length)
    expect(createHash('sha256').update(message.payload).digest('hex')).toBe(createHash('sha256').update(payload).digest('hex'))
    expect(message.payload.equals(payload)).toBe(true)
  })

  it('delivers 5,000 small QoS 0 messages, all of them, in order', async () => {
    const t = uniqueTopic('burst')
    const count = 5_000
    const [sub, pub] = await Promise.all([connect(), connect()])
    await subscribe(sub, [t])
    const got = collectMessages(sub, count, () => true, 15_000)
    for (let i = 0; i < count; i++) pub.publish(t, String(i), { qos: 0 })
    const received = await got
    const payloads = received.map((m) => Number(m.payload.toString()))
    expect(payloads).toEqual(Array.from({ length: count }, (_, i) => i))
    await expectNoMessage(sub, () => true, 100)
  })
})

describe('broker across transports', () => {
  it.each([
    ['TCP', 'WebSocket'],
    ['WebSocket', 'TCP'],
  ])('carries messages from a %s publisher to a %s subscriber', async (from, to) => {
    const urlOf = (name: string) => transports.find((x) => x.transport === name)!.url()
    const t = uniqueTopic('cross')
    const [sub, pub] = await Promise.all([clients.connect(urlOf(to)), clients.connect(urlOf(from))])
    await subscribe(sub, [t], 1)
    const got = nextMessage(sub)
    await publish(pub, t, `from ${from}`, { qos: 1 })
    expect((await got).payload.toString()).toBe(`from ${from}`)
  })

  it('sees the same retained store from both transports', async () => {
    const t = uniqueTopic('shared-retain')
    const pub = await clients.connect(transports[0]!.url())
    await publish(pub, t, 'kept', { qos: 1, retain: true })
    const sub = await clients.connect(transports[1]!.url())
    const got = nextMessage(sub)
    await subscribe(sub, [t])
    expect((await got).payload.toString()).toBe('kept')
    await publish(pub, t, '', { qos: 1, retain: true })
  })
})
