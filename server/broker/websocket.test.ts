import type { IncomingMessage } from 'node:http'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { ListeningAddresses, MqttScopeServer } from '../create-server.ts'
import { ClientPool, uniqueTopic } from '../test-support/mqtt-clients.ts'
import { decodePublish, encodeConnect, encodeSubscribe, splitPackets, type WirePacket } from '../test-support/mqtt-wire.ts'
import { startTestServer } from '../test-support/start-server.ts'
import { waitUntil, withTimeout } from '../test-support/timeout.ts'

let server: MqttScopeServer
let addresses: ListeningAddresses
const clients = new ClientPool()
const sockets = new Set<WebSocket>()

beforeAll(async () => {
  ;({ server, addresses } = await startTestServer())
})

afterEach(async () => {
  await clients.closeAll()
  for (const ws of sockets) ws.terminate()
  sockets.clear()
})

afterAll(async () => {
  await server?.close()
})

type Handshake = { ok: true; ws: WebSocket; response: IncomingMessage } | { ok: false; status: number | undefined; error: string }

/** Opens a bare WebSocket and reports how the handshake went, whichever way it went. */
function handshake(path: string, protocols: string[] = ['mqtt']): Promise<Handshake> {
  const ws = new WebSocket(`ws://127.0.0.1:${addresses.httpPort}${path}`, protocols)
  sockets.add(ws)
  const result = new Promise<Handshake>((resolve) => {
    let response: IncomingMessage | undefined
    ws.once('upgrade', (res) => (response = res))
    ws.once('open', () => resolve({ ok: true, ws, response: response! }))
    ws.once('unexpected-response', (_req, res) => {
      resolve({ ok: false, status: res.statusCode, error: `HTTP ${res.statusCode}` })
      res.resume()
      ws.terminate()
    })
    ws.once('error', (error) => resolve({ ok: false, status: undefined, error: error.message }))
  })
  return withTimeout(result, 5_000, `WebSocket handshake on ${path}`)
}

async function open(path = '/mqtt', protocols: string[] = ['mqtt']): Promise<{ ws: WebSocket; response: IncomingMessage }> {
  const result = await handshake(path, protocols)
  if (!result.ok) throw new Error(`handshake failed: ${result.error}`)
  return result
}

describe('the /mqtt WebSocket endpoint', () => {
  it.each([['/'], ['/mqtt/'], ['/mqttx'], ['/MQTT'], ['/api/health'], ['/ws']])('refuses an upgrade on %s with 404', async (path) => {
    const result = await handshake(path)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.status).toBe(404)
  })

  it('accepts an upgrade on /mqtt with a query string', async () => {
    const { ws } = await open('/mqtt?client=x')
    expect(ws.readyState).toBe(WebSocket.OPEN)
  })

  it('does not let an MQTT client connect on another path', async () => {
    await expect(clients.connect(`ws://127.0.0.1:${addresses.httpPort}/other`)).rejects.toThrow()
    expect(server.broker.connectedClients).toBe(0)
  })

  it('negotiates the mqtt subprotocol', async () => {
    const { ws, response } = await open('/mqtt', ['mqtt'])
    expect(ws.protocol).toBe('mqtt')
    expect(response.headers['sec-websocket-protocol']).toBe('mqtt')
  })

  it('prefers mqtt when the client offers several protocols', async () => {
    const { ws } = await open('/mqtt', ['chat', 'mqttv3.1', 'mqtt'])
    expect(ws.protocol).toBe('mqtt')
  })

  it('accepts the legacy mqttv3.1 subprotocol', async () => {
    const { ws } = await open('/mqtt', ['mqttv3.1'])
    expect(ws.protocol).toBe('mqttv3.1')
  })

  it('closes the connection with 1003 on a text frame', async () => {
    const { ws } = await open()
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    ws.send('not binary')
    expect(await withTimeout(closed, 3_000, 'close after a text frame')).toBe(1003)
  })

  it('lets MQTT.js connect and counts it as a client of the broker', async () => {
    const before = server.broker.connectedClients
    await clients.connect(`ws://127.0.0.1:${addresses.httpPort}/mqtt`)
    expect(server.broker.connectedClients).toBe(before + 1)
  })
})

describe('frames sent by the broker', () => {
  /** A bare MQTT session over a bare WebSocket, recording every frame the broker sends. */
  async function rawSession(topic: string) {
    const { ws } = await open()
    const frames: Array<{ data: Buffer; binary: boolean }> = []
    let pending: Buffer = Buffer.alloc(0)
    const packets: WirePacket[] = []
    ws.on('message', (data: Buffer, binary: boolean) => {
      frames.push({ data, binary })
      const { packets: whole, rest } = splitPackets(Buffer.concat([pending, data]))
      packets.push(...whole)
      pending = rest
    })
    ws.send(encodeConnect(`raw-${Math.random().toString(36).slice(2)}`))
    await waitUntil(() => packets.some((p) => p.type === 2), 3_000, 'CONNACK')
    ws.send(encodeSubscribe(1, topic, 0))
    await waitUntil(() => packets.some((p) => p.type === 9), 3_000, 'SUBACK')
    return { frames, packets, pending: () => pending }
  }

  it('are binary, carry whole packets in order, and gather many packets per frame', async () => {
    const t = uniqueTopic('frames')
    const count = 2_000
    const session = await rawSession(t)
    const framesBefore = session.frames.length
    const pub = await clients.connect(`mqtt://127.0.0.1:${addresses.mqttPort}`)
    for (let i = 0; i < count; i++) pub.publish(t, `n${i}`, { qos: 0 })

    const publishes = () => session.packets.filter((p) => p.type === 3)
    await waitUntil(() => publishes().length >= count, 10_000, `${count} PUBLISH packets`)
    const messages = publishes().map(decodePublish)
    expect(messages.map((m) => m.topic)).toEqual(Array(count).fill(t))
    expect(messages.map((m) => m.payload.toString())).toEqual(Array.from({ length: count }, (_, i) => `n${i}`))
    expect(session.pending().length).toBe(0)
    expect(session.frames.every((f) => f.binary)).toBe(true)
    // aedes writes every packet in pieces; without coalescing each piece would be its own frame.
    const frames = session.frames.length - framesBefore
    expect(frames).toBeGreaterThan(0)
    expect(frames).toBeLessThan(count / 2)
  })

  it('sends a small packet written on its own promptly, in one frame', async () => {
    const t = uniqueTopic('single')
    const session = await rawSession(t)
    const framesBefore = session.frames.length
    const pub = await clients.connect(`mqtt://127.0.0.1:${addresses.mqttPort}`)
    await pub.publishAsync(t, 'alone', { qos: 0 })
    await waitUntil(() => session.packets.some((p) => p.type === 3), 3_000, 'the PUBLISH')
    expect(session.frames.length - framesBefore).toBe(1)
    expect(decodePublish(session.packets.find((p) => p.type === 3)!).payload.toString()).toBe('alone')
  })
})
