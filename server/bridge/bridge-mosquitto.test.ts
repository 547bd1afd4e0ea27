import type { MqttClient } from 'mqtt'
import type WebSocket from 'ws'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { BRIDGE_CLOSE } from '../../src/model/bridge-close-codes.ts'
import { startMosquitto, type MosquittoBroker } from '../../e2e/fixtures/mosquitto.ts'
import { ClientPool, collectMessages, nextMessage } from '../test-support/mqtt-clients.ts'
import { withTimeout } from '../test-support/timeout.ts'
import { PAGE_FRAME_BYTES } from './page-frames.ts'
import { makeTestCertificates, type TestCertificates } from './test-support/certificates.ts'
import { apiRequest, closeOf, connectThroughBridge, openedBridge, startBridgeServer, ticketFor, type BridgeTestServer } from './test-support/bridge-client.ts'

/**
 * The bridge end to end against Debian's mosquitto: MQTT.js in node plays the page's worker,
 * connecting to ws://.../bridge?ticket=... with the server's Origin.
 */
const TOKEN = 'mosquitto-test-token-0123456789'

let certs: TestCertificates
/** Anonymous, with a TCP listener and a TLS listener (server certificate from the test CA). */
let plain: MosquittoBroker
/** A TLS listener that requires a client certificate from the test CA. */
let mutual: MosquittoBroker
/** A password file decides who gets in. */
let guarded: MosquittoBroker
let srv: BridgeTestServer
const clients = new ClientPool()
const bridged: MqttClient[] = []

beforeAll(async () => {
  certs = await makeTestCertificates()
  ;[plain, mutual, guarded] = await Promise.all([
    startMosquitto({ anonymous: true, tls: { certFile: certs.serverCertFile, keyFile: certs.serverKeyFile } }),
    startMosquitto({
      anonymous: true,
      tls: { certFile: certs.serverCertFile, keyFile: certs.serverKeyFile, caFile: certs.caFile, requireCertificate: true },
    }),
    startMosquitto({ username: 'scope', password: 'right-password' }),
  ])
  srv = await startBridgeServer()
})

afterEach(async () => {
  await clients.closeAll()
  await Promise.all(
    bridged.splice(0).map(async (client) => {
      try {
        await withTimeout(client.endAsync(true), 2_000, 'close bridged client')
      } catch {
        client.stream?.destroy()
      }
    }),
  )
})

afterAll(async () => {
  await srv?.close()
  await Promise.all([plain?.stop(), mutual?.stop(), guarded?.stop()])
  await certs?.remove()
})

async function bridge(...args: Parameters<typeof connectThroughBridge>) {
  const connected = await connectThroughBridge(...args)
  bridged.push(connected.client)
  return connected
}

function portOf(url: string): number {
  return Number(new URL(url.replace(/^mqtts?:/, 'http:')).port)
}

describe.each([
  ['MQTT 3.1.1', 4],
  ['MQTT 5', 5],
] as const)('over mqtt:// with %s', (_name, protocolVersion) => {
  it('connects, subscribes, receives, and publishes at QoS 2 up to PUBCOMP', async () => {
    const { client } = await bridge(srv, { target: plain.tcpUrl }, { protocolVersion, clientId: `bridged-${protocolVersion}` })
    const topic = `bridge/${protocolVersion}/qos2`
    const granted = await withTimeout(client.subscribeAsync(topic, { qos: 2 }), 5_000, 'subscribe')
    expect(granted[0]?.qos).toBe(2)

    // A device on mosquitto's TCP listener publishes; the bridged client sees it.
    const device = await clients.connect(plain.tcpUrl, { protocolVersion })
    const fromDevice = nextMessage(client, (m) => m.topic === topic)
    await withTimeout(device.publishAsync(topic, 'from the device', { qos: 2 }), 5_000, 'device publish')
    const got = await fromDevice
    expect(got.payload.toString()).toBe('from the device')
    expect(got.packet.qos).toBe(2)

    // The bridged client publishes at QoS 2: publishAsync settles on PUBCOMP.
    const watcher = await clients.connect(plain.tcpUrl, { protocolVersion })
    await withTimeout(watcher.subscribeAsync(topic, { qos: 2 }), 5_000, 'watcher subscribe')
    const atWatcher = nextMessage(watcher, (m) => m.topic === topic)
    const payload = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80, 0x7f])
    const sent: string[] = []
    client.on('packetreceive', (packet) => sent.push(packet.cmd))
    await withTimeout(client.publishAsync(topic, payload, { qos: 2 }), 5_000, 'publish QoS 2 through the bridge')
    expect(sent).toContain('pubrec')
    expect(sent).toContain('pubcomp')
    expect((await atWatcher).payload.equals(payload)).toBe(true)
  })
})

describe('MQTT 5 through the bridge', () => {
  it('keeps every property byte for byte (the server does not parse MQTT)', async () => {
    const { client } = await bridge(srv, { target: plain.tcpUrl }, { protocolVersion: 5 })
    await withTimeout(client.subscribeAsync('bridge/props', { qos: 1 }), 5_000, 'subscribe')
    const device = await clients.connect(plain.tcpUrl, { protocolVersion: 5 })
    const got = nextMessage(client, (m) => m.topic === 'bridge/props')
    await withTimeout(
      device.publishAsync('bridge/props', '{"t":21.5}', {
        qos: 1,
        properties: {
          userProperties: { site: 'lab', ünïcode: 'värde' },
          contentType: 'application/json',
          correlationData: Buffer.from([0xde, 0xad, 0xbe, 0xef]),
          responseTopic: 'bridge/reply',
        },
      }),
      5_000,
      'device publish',
    )
    const props = (await got).packet.properties
    expect(props?.userProperties).toEqual({ site: 'lab', ünïcode: 'värde' })
    expect(props?.contentType).toBe('application/json')
    expect(Buffer.from(props?.correlationData ?? []).equals(Buffer.from([0xde, 0xad, 0xbe, 0xef]))).toBe(true)
    expect(props?.responseTopic).toBe('bridge/reply')
  })

  it('resolves localhost on the server', async () => {
    const { client } = await bridge(srv, { target: `mqtt://localhost:${portOf(plain.tcpUrl)}` }, { protocolVersion: 5 })
    expect(client.connected).toBe(true)
  })
})

describe('frames to the page', () => {
  it('a stream of 5,000 small packets (mosquitto writes each on its own) arrives complete in few frames within the bound', async () => {
    const { client, socket } = await bridge(srv, { target: plain.tcpUrl }, { protocolVersion: 4 })
    const frames: number[] = []
    ;(socket() as WebSocket).on('message', (data: Buffer) => frames.push(data.length))
    await withTimeout(client.subscribeAsync('stream/#', { qos: 0 }), 5_000, 'subscribe')
    const count = 5_000
    const all = collectMessages(client, count, (m) => m.topic.startsWith('stream/'), 60_000)
    const device = await clients.connect(plain.tcpUrl, { protocolVersion: 4 })
    // As a busy device sends: a slice per event-loop turn, so the bytes reach the server over many reads.
    for (let i = 0; i < count; i++) {
      device.publish(`stream/${i % 100}`, `m${i}`, { qos: 0 })
      if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve))
    }
    const got = await all
    expect(got).toHaveLength(count)
    expect(new Set(got.map((m) => m.payload.toString())).size).toBe(count)
    // Not one frame per packet or per TCP read: the server gathers them (page-frames.ts).
    expect(frames.length).toBeLessThan(count / 20)
    expect(Math.max(...frames)).toBeLessThanOrEqual(PAGE_FRAME_BYTES)
  })
})

describe('the broker closing', () => {
  it('a refused CONNECT reaches MQTT.js, then the bridge closes with 4000', async () => {
    await expect(bridge(srv, { target: guarded.tcpUrl }, { protocolVersion: 5, username: 'scope', password: 'wrong' })).rejects.toThrow(
      /Bad User Name or Password|Not authorized/i,
    )
    // The same refusal on the raw WebSocket: the CONNACK (reason 0x86) arrives, then the close.
    const ws = await openedBridge(srv, await ticketFor(srv, { target: guarded.tcpUrl }))
    const frames: Buffer[] = []
    ws.on('message', (data: Buffer) => frames.push(data))
    ws.send(mqtt5Connect('raw-client', 'scope', 'wrong'))
    expect(await closeOf(ws)).toEqual({ code: BRIDGE_CLOSE.brokerClosed, reason: 'broker closed the connection' })
    const connack = Buffer.concat(frames)
    expect(connack[0]).toBe(0x20)
    // 0x86 bad user name or password, or 0x87 not authorized (mosquitto 2.0.11 says the latter).
    expect([0x86, 0x87]).toContain(connack[3])
  })

  it('lets the right user name and password in', async () => {
    const { client } = await bridge(srv, { target: guarded.tcpUrl }, { protocolVersion: 5, username: 'scope', password: 'right-password' })
    expect(client.connected).toBe(true)
  })
})

describe('over mqtts://', () => {
  it('verifies the broker with the test CA, MQTT 3.1.1 and 5', async () => {
    for (const protocolVersion of [4, 5] as const) {
      const { client } = await bridge(srv, { target: plain.tlsUrl, tls: { ca: certs.caCert } }, { protocolVersion })
      const topic = `bridge/tls/${protocolVersion}`
      await withTimeout(client.subscribeAsync(topic, { qos: 2 }), 5_000, 'subscribe')
      const got = nextMessage(client, (m) => m.topic === topic)
      await withTimeout(client.publishAsync(topic, 'over TLS', { qos: 2 }), 5_000, 'publish')
      expect((await got).payload.toString()).toBe('over TLS')
    }
  })

  it('checks the certificate against the name: localhost and an explicit servername', async () => {
    const port = portOf(plain.tlsUrl!)
    const byName = await bridge(srv, { target: `mqtts://localhost:${port}`, tls: { ca: certs.caCert } }, { protocolVersion: 5 })
    expect(byName.client.connected).toBe(true)
    const bySni = await bridge(srv, { target: `mqtts://127.0.0.1:${port}`, tls: { ca: certs.caCert, servername: 'broker.test' } }, { protocolVersion: 5 })
    expect(bySni.client.connected).toBe(true)
    const ws = await openedBridge(srv, await ticketFor(srv, { target: `mqtts://127.0.0.1:${port}`, tls: { ca: certs.caCert, servername: 'other.test' } }))
    const closed = await closeOf(ws)
    expect(closed.code).toBe(BRIDGE_CLOSE.unreachable)
    expect(closed.reason).toMatch(/^TLS: certificate name mismatch: .*other\.test/)
  })

  it('without the CA, closes with the certificate problem', async () => {
    const ws = await openedBridge(srv, await ticketFor(srv, { target: plain.tlsUrl }))
    const closed = await closeOf(ws)
    expect(closed.code).toBe(BRIDGE_CLOSE.unreachable)
    expect(closed.reason).toMatch(/^TLS: (self-signed certificate|unable to verify|unable to get local issuer)/)
    expect(Buffer.byteLength(closed.reason)).toBeLessThanOrEqual(123)
  })

  it('connects anyway when the page turned verification off', async () => {
    const { client } = await bridge(srv, { target: plain.tlsUrl, tls: { rejectUnauthorized: false } }, { protocolVersion: 5 })
    expect(client.connected).toBe(true)
  })

  it('mTLS: a client certificate from the CA gets in; none, or one from another CA, is refused with the TLS alert', async () => {
    const { client } = await bridge(
      srv,
      { target: mutual.tlsUrl, tls: { ca: certs.caCert, cert: certs.clientCert, key: certs.clientKey } },
      { protocolVersion: 5 },
    )
    const topic = 'bridge/mtls'
    await withTimeout(client.subscribeAsync(topic, { qos: 1 }), 5_000, 'subscribe')
    const got = nextMessage(client, (m) => m.topic === topic)
    await withTimeout(client.publishAsync(topic, 'mutual', { qos: 1 }), 5_000, 'publish')
    expect((await got).payload.toString()).toBe('mutual')

    for (const [tls, alert] of [
      [{ ca: certs.caCert }, /certificate required|handshake failure|client certificate missing or refused/],
      [
        { ca: certs.caCert, cert: certs.strangerCert, key: certs.strangerKey },
        /unknown ca|certificate unknown|bad certificate|client certificate missing or refused/,
      ],
    ] as const) {
      const ws = await openedBridge(srv, await ticketFor(srv, { target: mutual.tlsUrl, tls }))
      // TLS 1.3 finishes the client's side of the handshake before the broker has checked the
      // certificate, so its alert may come as the first thing read (4001) or during the connect (4502).
      ws.send(mqtt5Connect('mtls-client'))
      const closed = await closeOf(ws)
      expect([BRIDGE_CLOSE.brokerError, BRIDGE_CLOSE.unreachable]).toContain(closed.code)
      expect(closed.reason).toMatch(/^TLS: /)
      expect(closed.reason).toMatch(alert)
    }
  })

  it('never logs the TLS material', () => {
    const logs = srv.logs()
    expect(logs).toContain('bridge open')
    expect(logs).not.toContain('PRIVATE KEY')
    expect(logs).not.toContain('BEGIN CERTIFICATE')
    expect(logs).not.toContain(certs.clientKey.split('\n')[1]!)
  })
})

describe('restricted mode', () => {
  let restricted: BridgeTestServer

  beforeAll(async () => {
    // Bound to every address, so restricted by itself (no --bridge-mode needed).
    restricted = await startBridgeServer(['--host', '0.0.0.0', '--auth-token', TOKEN, '--bridge-allow', `127.0.0.1:${portOf(plain.tcpUrl)}`])
  })

  afterAll(async () => {
    await restricted?.close()
  })

  it('bridges to an allowed target with the token, over MQTT 5', async () => {
    const { client } = await bridge(restricted, { target: plain.tcpUrl }, { protocolVersion: 5 }, { token: TOKEN })
    await withTimeout(client.subscribeAsync('bridge/restricted', { qos: 2 }), 5_000, 'subscribe')
    const got = nextMessage(client, (m) => m.topic === 'bridge/restricted')
    await withTimeout(client.publishAsync('bridge/restricted', 'allowed', { qos: 2 }), 5_000, 'publish')
    expect((await got).payload.toString()).toBe('allowed')
  })

  it('refuses without the token, and a target outside the allow-list with its rule', async () => {
    await expect(bridge(restricted, { target: plain.tcpUrl }, { protocolVersion: 5 })).rejects.toThrow(/no ticket: 401/)
    const outside = await apiRequest(restricted, '/api/bridge/sessions', { target: plain.tlsUrl }, { token: TOKEN })
    expect(outside).toMatchObject({ status: 403, body: { rule: '--bridge-allow', error: `${plain.tlsUrl} is not in --bridge-allow` } })
  })
})

/** An MQTT 5 CONNECT packet (clean start, keepalive 60), optionally with user name and password. */
function mqtt5Connect(clientId: string, username?: string, password?: string): Buffer {
  const str = (text: string) => {
    const bytes = Buffer.from(text, 'utf8')
    return Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 0xff]), bytes])
  }
  const flags = 0x02 | (username === undefined ? 0 : 0x80) | (password === undefined ? 0 : 0x40)
  const variable = Buffer.concat([str('MQTT'), Buffer.from([5, flags, 0, 60, 0])])
  const payload = Buffer.concat([str(clientId), ...(username === undefined ? [] : [str(username)]), ...(password === undefined ? [] : [str(password)])])
  const body = Buffer.concat([variable, payload])
  return Buffer.concat([Buffer.from([0x10, body.length]), body])
}
