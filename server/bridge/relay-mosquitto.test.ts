import type { MqttClient } from 'mqtt'
import type WebSocket from 'ws'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { BRIDGE_CLOSE } from '../../src/model/bridge-close-codes.ts'
import { startMosquitto, type MosquittoBroker } from '../../e2e/fixtures/mosquitto.ts'
import { ClientPool, collectMessages, nextMessage } from '../test-support/mqtt-clients.ts'
import { withTimeout } from '../test-support/timeout.ts'
import { PAGE_FRAME_BYTES } from './page-frames.ts'
import { apiRequest, closeOf, connectThroughBridge, openedBridge, startBridgeServer, ticketFor, type BridgeTestServer } from './test-support/bridge-client.ts'

/**
 * The relay end to end against Debian's mosquitto's WebSocket listener: MQTT.js in node plays the
 * page's worker and asks for a ws:// target; the server opens the WebSocket to mosquitto.
 */
let broker: MosquittoBroker
let srv: BridgeTestServer
const clients = new ClientPool()
const relayed: MqttClient[] = []

beforeAll(async () => {
  broker = await startMosquitto({ anonymous: true })
  srv = await startBridgeServer()
})

afterEach(async () => {
  await clients.closeAll()
  await Promise.all(
    relayed.splice(0).map(async (client) => {
      try {
        await withTimeout(client.endAsync(true), 2_000, 'close relayed client')
      } catch {
        client.stream?.destroy()
      }
    }),
  )
})

afterAll(async () => {
  await srv?.close()
  await broker?.stop()
})

async function relay(...args: Parameters<typeof connectThroughBridge>) {
  const connected = await connectThroughBridge(...args)
  relayed.push(connected.client)
  return connected
}

describe.each([
  ['MQTT 3.1.1', 4],
  ['MQTT 5', 5],
] as const)('relay to ws:// with %s', (_name, protocolVersion) => {
  it('connects, subscribes, receives, and publishes at QoS 2 up to PUBCOMP', async () => {
    const { client } = await relay(srv, { target: `${broker.wsUrl}/mqtt` }, { protocolVersion })
    const topic = `relay/${protocolVersion}/qos2`
    const granted = await withTimeout(client.subscribeAsync(topic, { qos: 2 }), 5_000, 'subscribe')
    expect(granted[0]?.qos).toBe(2)

    const device = await clients.connect(broker.tcpUrl, { protocolVersion })
    const fromDevice = nextMessage(client, (m) => m.topic === topic)
    await withTimeout(device.publishAsync(topic, 'from the device', { qos: 2 }), 5_000, 'device publish')
    const got = await fromDevice
    expect(got.payload.toString()).toBe('from the device')
    expect(got.packet.qos).toBe(2)

    await withTimeout(device.subscribeAsync(`${topic}/back`, { qos: 2 }), 5_000, 'device subscribe')
    const atDevice = nextMessage(device, (m) => m.topic === `${topic}/back`)
    const payload = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80, 0x7f])
    const acks: string[] = []
    client.on('packetreceive', (packet) => acks.push(packet.cmd))
    await withTimeout(client.publishAsync(`${topic}/back`, payload, { qos: 2 }), 5_000, 'publish QoS 2 through the relay')
    expect(acks).toContain('pubrec')
    expect(acks).toContain('pubcomp')
    expect((await atDevice).payload.equals(payload)).toBe(true)
  })
})

describe('relay frames to the page', () => {
  it('a burst of 5,000 small packets arrives complete, in few frames, each within the bound', async () => {
    const { client, socket } = await relay(srv, { target: `${broker.wsUrl}/mqtt` }, { protocolVersion: 4 })
    const frames: number[] = []
    ;(socket() as WebSocket).on('message', (data: Buffer) => frames.push(data.length))
    await withTimeout(client.subscribeAsync('burst/#', { qos: 0 }), 5_000, 'subscribe')
    const count = 5_000
    const all = collectMessages(client, count, (m) => m.topic.startsWith('burst/'), 60_000)
    const device = await clients.connect(broker.tcpUrl, { protocolVersion: 4 })
    for (let i = 0; i < count; i++) device.publish(`burst/${i % 100}`, `m${i}`, { qos: 0 })
    const got = await all
    expect(got).toHaveLength(count)
    expect(new Set(got.map((m) => m.payload.toString())).size).toBe(count)
    // mosquitto sends one WebSocket frame per packet; the relay gathers them (page-frames.ts).
    expect(frames.length).toBeLessThan(count / 5)
    expect(Math.max(...frames)).toBeLessThanOrEqual(PAGE_FRAME_BYTES)
  })

  // 128 KiB: Debian's mosquitto 2.0.11 does not deliver a 1 MiB message over its WebSocket
  // listener at all (not even to a browser connecting directly), so the test stays below that.
  it('a 128 KiB message from the broker reaches the page whole, in frames within the bound', async () => {
    const { client, socket } = await relay(srv, { target: `${broker.wsUrl}/mqtt` }, { protocolVersion: 5 })
    const frames: number[] = []
    ;(socket() as WebSocket).on('message', (data: Buffer) => frames.push(data.length))
    await withTimeout(client.subscribeAsync('big/one', { qos: 1 }), 5_000, 'subscribe')
    const payload = Buffer.alloc(128 * 1024, 0x5a)
    payload.writeUInt32BE(0xdeadbeef, payload.length - 4)
    const got = nextMessage(client, (m) => m.topic === 'big/one', 20_000)
    const device = await clients.connect(broker.tcpUrl, { protocolVersion: 5 })
    await withTimeout(device.publishAsync('big/one', payload, { qos: 1 }), 10_000, 'device publish 128 KiB')
    expect((await got).payload.equals(payload)).toBe(true)
    expect(frames.length).toBeGreaterThanOrEqual(2)
    expect(Math.max(...frames)).toBeLessThanOrEqual(PAGE_FRAME_BYTES)
  })
})

describe('relay failures', () => {
  it('a target the policy denies is refused with the reason, as for mqtt://', async () => {
    const denying = await startBridgeServer(['--bridge-deny', '127.0.0.1'])
    try {
      const res = await apiRequest(denying, '/api/bridge/sessions', { target: `${broker.wsUrl}/mqtt` }, { origin: denying.origin })
      expect(res.status).toBe(403)
      expect(res.body.rule).toMatch(/^--bridge-deny/)
      expect(String(res.body.error)).toContain(`${broker.wsUrl}/mqtt`)
    } finally {
      await denying.close()
    }
  })

  it('a wrong path: the page gets the HTTP answer of the upgrade', async () => {
    // mosquitto's listener answers any path; a path of the mqtt-scope server that is no WebSocket endpoint is refused.
    const ticket = await ticketFor(srv, { target: `ws://127.0.0.1:${srv.httpPort}/no-such-path` })
    const ws = await openedBridge(srv, ticket)
    const closed = await closeOf(ws)
    expect(closed.code).toBe(BRIDGE_CLOSE.unreachable)
    expect(closed.reason).toMatch(/answered the WebSocket upgrade with HTTP 4\d\d/)
  })

  it('mosquitto stopping reaches the page as the close reason', async () => {
    const own = await startMosquitto({ anonymous: true })
    const { client, socket } = await relay(srv, { target: `${own.wsUrl}/mqtt` }, { protocolVersion: 5 })
    expect(client.connected).toBe(true)
    const closing = closeOf(socket() as WebSocket)
    await own.stop()
    const closed = await closing
    expect(closed.code).toBe(BRIDGE_CLOSE.brokerClosed)
    expect(closed.reason).toMatch(/^broker closed the WebSocket/)
  })
})
