import type { MqttClient } from 'mqtt'
import WebSocket from 'ws'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ListeningAddresses, MqttScopeServer } from '../create-server.ts'
import { ClientPool, expectNoMessage, nextMessage, uniqueTopic } from '../test-support/mqtt-clients.ts'
import { openRawTcp, openRawWebSocket, rawConnect, rawSubscribe, type RawConnection } from '../test-support/raw-clients.ts'
import { decodePublish, splitPackets } from '../test-support/mqtt-wire.ts'
import { BAD_UTF8, connect, publish, rawPacket, subscribe, u16 } from '../test-support/raw-packets.ts'
import { startTestServer } from '../test-support/start-server.ts'
import { waitUntil, withTimeout } from '../test-support/timeout.ts'

/**
 * The broker's limits and refusals, each seen from a client: what is refused, how (CONNACK code,
 * SUBACK 0x80, closed connection), and that nobody receives what was refused.
 */

const clients = new ClientPool()
const raw = new Set<RawConnection>()

afterEach(async () => {
  await clients.closeAll()
  for (const conn of raw) conn.destroy()
  raw.clear()
})

async function track(open: Promise<RawConnection>): Promise<RawConnection> {
  const conn = await open
  raw.add(conn)
  return conn
}

async function subscribeAll(client: MqttClient, filter: string): Promise<void> {
  await withTimeout(client.subscribeAsync(filter, { qos: 1 }), 5_000, `subscribe ${filter}`)
}

describe('with --connect-timeout 1 --max-inflight 2', () => {
  let server: MqttScopeServer
  let addresses: ListeningAddresses
  const tcp = () => openRawTcp(addresses.mqttPort)
  const ws = () => openRawWebSocket(addresses.httpPort)

  beforeAll(async () => {
    ;({ server, addresses } = await startTestServer(['--connect-timeout', '1', '--max-inflight', '2']))
  })
  afterAll(async () => {
    await server?.close()
  })

  it('closes a connection that sends no CONNECT, or only half of one, after the connect timeout', async () => {
    const started = Date.now()
    const silent = await track(tcp())
    const half = await track(tcp())
    half.write(connect({ clientId: 'half' }).subarray(0, 8))
    await withTimeout(Promise.all([silent.closed, half.closed]), 5_000, 'the connect timeout')
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
  })

  it.each([
    ['TCP', tcp],
    ['WebSocket', ws],
  ])('refuses an empty client id with clean session 0 with CONNACK 0x02 over %s [MQTT-3.1.3-8]', async (_name, open) => {
    const persistent = await track(open())
    expect(await rawConnect(persistent, '', { clean: false })).toBe(2)
    await withTimeout(persistent.closed, 5_000, 'the refused connection to close')
    // With clean session 1 the broker assigns an id [MQTT-3.1.3-6].
    expect(await rawConnect(await track(open()), '', { clean: true })).toBe(0)
  })

  it('refuses an empty client id under MQTT 3.1, which requires one', async () => {
    const conn = await track(tcp())
    conn.write(connect({ level: 3, clientId: '' }))
    await waitUntil(() => conn.received().length >= 4, 5_000, 'CONNACK')
    expect([...conn.received().subarray(0, 4)]).toEqual([0x20, 0x02, 0x00, 0x02])
  })

  it('keeps clients from publishing to $SYS/, and refuses control characters in a filter on their own (SUBACK 0x80)', async () => {
    const watcher = await clients.connect(`mqtt://127.0.0.1:${addresses.mqttPort}`)
    await subscribeAll(watcher, '$SYS/broker/#')
    const client = await track(tcp())
    expect(await rawConnect(client, 'sys-writer')).toBe(0)
    expect(await rawSubscribe(client, ['ok/topic', 'bad\u001b[2J/topic', 'bell\u0007'])).toEqual([0, 0x80, 0x80])
    client.write(publish('$SYS/broker/uptime', 'forged'))
    await withTimeout(client.closed, 5_000, 'the $SYS publisher to be disconnected')
    await expectNoMessage(watcher, (m) => m.payload.toString() === 'forged')
  })

  it('closes the connection of a client with more QoS 2 messages waiting for PUBREL than --max-inflight', async () => {
    const conn = await track(tcp())
    expect(await rawConnect(conn, 'inflight')).toBe(0)
    for (const id of [1, 2]) conn.write(publish('q2', 'x', { qos: 2, id }))
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(conn.isClosed).toBe(false)
    conn.write(publish('q2', 'x', { qos: 2, id: 3 }))
    await withTimeout(conn.closed, 5_000, 'the third QoS 2 message to close the connection')
  })

  describe.each([
    ['TCP', tcp],
    ['WebSocket', ws],
  ])('malformed packets over %s close the connection and reach nobody', (_name, open) => {
    const cases: Array<[string, Buffer]> = [
      ['an ill-formed UTF-8 topic [MQTT-1.5.3-1]', publish(Buffer.concat([Buffer.from('fz/'), BAD_UTF8[3]!]), 'x')],
      ['a topic with U+0000 [MQTT-1.5.3-2]', publish('fz/a\u0000b', 'x')],
      ['a topic with a control character', publish('fz/\u001b[31mred', 'x')],
      ['packet id 0 [MQTT-2.3.1-1]', publish('fz/id0', 'x', { qos: 1, id: 0 })],
      ['QoS 3 [MQTT-3.3.1-4]', rawPacket(0x36, Buffer.concat([u16(5), Buffer.from('fz/q3'), u16(1), Buffer.from('x')]))],
      ['an empty SUBSCRIBE [MQTT-3.8.3-3]', subscribe(1, [])],
    ]
    it.each(cases)('%s', async (_what, bytes) => {
      const watcher = await clients.connect(`mqtt://127.0.0.1:${addresses.mqttPort}`)
      await subscribeAll(watcher, 'fz/#')
      const conn = await track(open())
      expect(await rawConnect(conn, 'malformed')).toBe(0)
      conn.write(bytes)
      await withTimeout(conn.closed, 5_000, 'the connection to close')
      await expectNoMessage(watcher, (m) => m.topic.startsWith('fz/'))
    })
  })
})

describe('with --max-connections 3', () => {
  let server: MqttScopeServer
  let addresses: ListeningAddresses

  beforeAll(async () => {
    ;({ server, addresses } = await startTestServer(['--max-connections', '3']))
  })
  afterAll(async () => {
    await server?.close()
  })

  it('closes a fourth connection at once, over TCP or WebSocket, and takes one again when a place is free', async () => {
    const first = await clients.connect(`mqtt://127.0.0.1:${addresses.mqttPort}`)
    await clients.connect(`ws://127.0.0.1:${addresses.httpPort}/mqtt`)
    await clients.connect(`mqtt://127.0.0.1:${addresses.mqttPort}`)
    const overTcp = await track(openRawTcp(addresses.mqttPort))
    overTcp.write(connect({ clientId: 'fourth' }))
    await withTimeout(overTcp.closed, 5_000, 'the fourth TCP connection to close')
    expect(overTcp.received().length).toBe(0)
    const overWs = new WebSocket(`ws://127.0.0.1:${addresses.httpPort}/mqtt`, ['mqtt'])
    await withTimeout(new Promise((resolve) => overWs.once('close', resolve)), 5_000, 'the fourth WebSocket to close')

    await withTimeout(first.endAsync(), 5_000, 'end')
    await waitUntil(() => server.broker.connectedClients === 2, 5_000, 'the first client to be gone')
    const again = await clients.connect(`mqtt://127.0.0.1:${addresses.mqttPort}`)
    const t = uniqueTopic('max-conn')
    await subscribeAll(again, t)
    const got = nextMessage(again)
    await withTimeout(again.publishAsync(t, 'in', { qos: 1 }), 5_000, 'publish')
    expect((await got).payload.toString()).toBe('in')
  })
})

describe('with --max-queued-bytes 16384', () => {
  let server: MqttScopeServer
  let addresses: ListeningAddresses

  beforeAll(async () => {
    ;({ server, addresses } = await startTestServer(['--max-queued-bytes', '16384']))
  })
  afterAll(async () => {
    await server?.close()
  })

  it('sends every retained message to a subscriber that reads slowly (they wait for it), while live ones are dropped for it', async () => {
    const t = uniqueTopic('paced')
    // 20 MB of retained messages: more than loopback's autotuned socket buffers (up to ~10 MB) take
    // while the reader is stopped, so the broker does come to see this subscriber congested. (With
    // 5 MB the kernel took it all on a run here, and no live message had any reason to be dropped.)
    const count = 20_000
    const publisher = await clients.connect(`mqtt://127.0.0.1:${addresses.mqttPort}`)
    const payload = Buffer.alloc(1024, 0x72)
    for (let i = 0; i < count; i++) publisher.publish(`${t}/${i}`, payload, { qos: 0, retain: true })
    await withTimeout(publisher.publishAsync(`${t}/last`, payload, { qos: 1, retain: true }), 10_000, 'the retained messages')

    const slow = await track(openRawTcp(addresses.mqttPort))
    expect(await rawConnect(slow, 'slow-reader')).toBe(0)
    slow.write(subscribe(7, [{ topic: `${t}/#` }]))
    slow.stopReading()
    // Meanwhile live messages, 10 every 20 ms for 5 s, find it congested once the socket buffers are
    // full: dropped for it, not queued. (Spread out, so that how fast the retained stream fills the
    // buffers on a loaded machine does not decide the outcome.)
    const liveSent = 2_500
    for (let i = 0; i < liveSent; i += 10) {
      for (let j = 0; j < 10; j++) publisher.publish(`${t}/live`, payload, { qos: 0 })
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    slow.resumeReading()

    const retainedTopics = () => {
      const { packets } = splitPackets(slow.received())
      return new Set(packets.filter((p) => p.type === 3 && p.flags & 1).map((p) => decodePublish(p).topic))
    }
    await waitUntil(() => retainedTopics().size === count + 1, 40_000, `all ${count + 1} retained messages`).catch((error: Error) => {
      throw new Error(`${error.message}: got ${retainedTopics().size}`)
    })
    await new Promise((resolve) => setTimeout(resolve, 300))
    const live = splitPackets(slow.received()).packets.filter((p) => p.type === 3 && decodePublish(p).topic === `${t}/live`)
    expect(live.length).toBeLessThan(liveSent)
  }, 90_000)
})
