import { createServer, Socket, type Server } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startMosquitto, type MosquittoBroker } from '../../e2e/fixtures/mosquitto.ts'
import { makeTestCertificates, type TestCertificates } from '../../server/bridge/test-support/certificates.ts'
import { startBridgeServer, type BridgeTestServer } from '../../server/bridge/test-support/bridge-client.ts'
import { ClientPool, nextMessage, uniqueTopic } from '../../server/test-support/mqtt-clients.ts'
import { waitUntil, withTimeout } from '../../server/test-support/timeout.ts'
import type { BridgeTransport } from './bridge-dialer.ts'
import { MqttSession, type IncomingMessage } from './mqtt-session.ts'
import type { BridgeConnect, ConnectionState, SubscriptionStatus } from '../model/connection-types.ts'
import { openScanClient, scanRetained } from './retained-scan.ts'

/**
 * MqttSession through the real bridge to Debian's mosquitto, as the worker runs it: the transport
 * plays the page's worker (its fetch and WebSocket carry the page's Origin).
 */
const TOKEN = 'worker-test-token-0123456789'

let certs: TestCertificates
let plain: MosquittoBroker
let mutual: MosquittoBroker
let srv: BridgeTestServer
let restricted: BridgeTestServer
const clients = new ClientPool()
const sessions = new Set<MqttSession>()

beforeAll(async () => {
  certs = await makeTestCertificates()
  ;[plain, mutual] = await Promise.all([
    startMosquitto({ anonymous: true, tls: { certFile: certs.serverCertFile, keyFile: certs.serverKeyFile } }),
    startMosquitto({ anonymous: true, tls: { certFile: certs.serverCertFile, keyFile: certs.serverKeyFile, caFile: certs.caFile, requireCertificate: true } }),
  ])
  srv = await startBridgeServer()
  restricted = await startBridgeServer(['--bridge-mode', 'restricted', '--auth-token', TOKEN, '--bridge-allow', `127.0.0.1:${portOf(plain.tcpUrl)}`])
})

afterEach(async () => {
  await clients.closeAll()
  await Promise.all([...sessions].map((s) => withTimeout(s.end(), 3_000, 'end session')))
  sessions.clear()
})

afterAll(async () => {
  await Promise.all([srv?.close(), restricted?.close()])
  await Promise.all([plain?.stop(), mutual?.stop()])
  await certs?.remove()
})

function portOf(url: string): number {
  return Number(new URL(url.replace(/^mqtts?:/, 'http:')).port)
}

/** The worker's fetch and WebSocket, with the page's Origin (a browser adds it; Node does not). */
function pageTransport(server: BridgeTestServer, counter?: { tickets: number }): BridgeTransport {
  return {
    fetch: (url, init) => {
      if (counter && url.endsWith('/api/bridge/sessions')) counter.tickets++
      return fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), Origin: server.origin } })
    },
    openSocket: (url, protocols) => new WebSocket(url, protocols, { headers: { Origin: server.origin } }),
  }
}

interface Opened {
  readonly session: MqttSession
  readonly states: ConnectionState[]
  readonly messages: IncomingMessage[]
  readonly subscriptions: Map<string, SubscriptionStatus>
  readonly counter: { tickets: number }
}

function open(server: BridgeTestServer, bridge: Omit<BridgeConnect, 'server'>, protocolVersion: 4 | 5 = 4, subscribe: string[] = []): Opened {
  const states: ConnectionState[] = []
  const messages: IncomingMessage[] = []
  const subscriptions = new Map<string, SubscriptionStatus>()
  const counter = { tickets: 0 }
  const session = new MqttSession(
    {
      url: bridge.target,
      clientId: `bridged-${Math.random().toString(36).slice(2, 10)}`,
      protocolVersion,
      keepalive: 30,
      clean: true,
      bridge: { server: server.origin, ...bridge },
    },
    subscribe.map((filter) => ({ filter, qos: 0 as const })),
    { onState: (s) => states.push(s), onMessage: (m) => messages.push(m), onSubscription: (f, s) => subscriptions.set(f, s) },
    pageTransport(server, counter),
  )
  sessions.add(session)
  return { session, states, messages, subscriptions, counter }
}

const last = (opened: Opened) => opened.states.at(-1)
const untilState = (opened: Opened, state: ConnectionState['state'], ms = 10_000) =>
  waitUntil(() => last(opened)?.state === state, ms, `state ${state} (states: ${JSON.stringify(opened.states)})`)

describe.each([
  ['MQTT 3.1.1', 4],
  ['MQTT 5', 5],
] as const)('mqtt:// through the bridge with %s', (_name, protocolVersion) => {
  it('connects, subscribes, receives and publishes at QoS 2', async () => {
    const topic = uniqueTopic('bridged')
    const opened = open(srv, { target: plain.tcpUrl }, protocolVersion, [`${topic}/#`])
    await untilState(opened, 'connected')
    expect(last(opened)).toMatchObject({ state: 'connected', url: plain.tcpUrl, protocolVersion })
    expect(opened.counter.tickets).toBe(1)
    await waitUntil(() => opened.subscriptions.get(`${topic}/#`)?.state === 'granted', 5_000, 'subscription granted')

    const device = await clients.connect(plain.tcpUrl, { protocolVersion })
    await withTimeout(device.publishAsync(`${topic}/a`, 'from a device', { qos: 1 }), 5_000, 'device publish')
    await waitUntil(() => opened.messages.length === 1, 5_000, 'message through the bridge')
    expect(new TextDecoder().decode(opened.messages[0]!.payload)).toBe('from a device')

    await withTimeout(device.subscribeAsync(`${topic}/out`, { qos: 2 }), 5_000, 'device subscribe')
    const arrived = nextMessage(device, (m) => m.topic === `${topic}/out`)
    const result = await opened.session.publishMessage({ topic: `${topic}/out`, payload: new TextEncoder().encode('qos 2 out'), qos: 2, retain: false })
    expect(result).toMatchObject({ status: 'acknowledged', ack: 'PUBCOMP' })
    expect((await arrived).payload.toString()).toBe('qos 2 out')
  })
})

describe('reconnecting through the bridge', () => {
  let proxy: Server | undefined
  const proxied = new Set<Socket>()

  afterEach(async () => {
    for (const socket of proxied) socket.destroy()
    proxied.clear()
    await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()))
    proxy = undefined
  })

  it('gets a fresh ticket for every attempt and connects again after the broker side drops', async () => {
    // A TCP hop in front of mosquitto that the test can cut.
    proxy = createServer((inbound) => {
      const outbound = new Socket()
      outbound.connect(portOf(plain.tcpUrl), '127.0.0.1')
      proxied.add(inbound).add(outbound)
      inbound.pipe(outbound).pipe(inbound)
      inbound.on('error', () => outbound.destroy())
      outbound.on('error', () => inbound.destroy())
      inbound.on('close', () => outbound.destroy())
      outbound.on('close', () => inbound.destroy())
    })
    await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', resolve))
    const target = `mqtt://127.0.0.1:${(proxy.address() as AddressInfo).port}`
    const opened = open(srv, { target })
    await untilState(opened, 'connected')
    for (const socket of proxied) socket.destroy()
    await waitUntil(() => opened.states.some((s) => s.state === 'reconnecting'), 5_000, 'reconnecting')
    expect(opened.states.find((s) => s.state === 'reconnecting')).toMatchObject({ attempt: 1, reason: 'broker closed the connection' })
    await untilState(opened, 'connected')
    expect(opened.counter.tickets).toBe(2)
  })

  it('keeps retrying a refused connection, saying why', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const opened = open(srv, { target: `mqtt://127.0.0.1:${port}` })
    await waitUntil(() => opened.states.filter((s) => s.state === 'reconnecting').length >= 2, 10_000, 'two retries')
    expect(last(opened)).toMatchObject({ state: 'reconnecting', reason: `connection refused by 127.0.0.1:${port}` })
    expect(opened.counter.tickets).toBeGreaterThanOrEqual(2)
  })
})

describe('refusals that no retry can fix stop the session', () => {
  it('a target outside --bridge-allow: closed, naming the rule, no second ticket', async () => {
    const opened = open(restricted, { target: mutual.tcpUrl, token: TOKEN })
    await untilState(opened, 'closed')
    expect(last(opened)!.reason).toMatch(/^refused by the bridge \(--bridge-allow\): mqtt:\/\/127\.0\.0\.1:\d+ is not in --bridge-allow/)
    await new Promise((resolve) => setTimeout(resolve, 2_500))
    expect(opened.counter.tickets).toBe(1)
    expect(last(opened)!.state).toBe('closed')
  })

  it('no token, or a wrong one: closed and the page is asked for the token; the right one connects', async () => {
    const none = open(restricted, { target: plain.tcpUrl })
    await untilState(none, 'closed')
    expect(last(none)).toMatchObject({ reason: 'the bridge needs an access token', needsToken: true })

    const wrong = open(restricted, { target: plain.tcpUrl, token: 'not-the-token-at-all' })
    await untilState(wrong, 'closed')
    expect(last(wrong)).toMatchObject({ reason: 'the bridge refused the access token: it is wrong', needsToken: true })

    const right = open(restricted, { target: plain.tcpUrl, token: TOKEN })
    await untilState(right, 'connected')
    expect(last(right)!.needsToken).toBeUndefined()
  })

  it('mqtts:// without the CA: closed with the certificate problem; with it, connected', async () => {
    const without = open(srv, { target: plain.tlsUrl!, tls: { rejectUnauthorized: true } })
    await untilState(without, 'closed')
    expect(last(without)!.reason).toMatch(/^TLS: (self-signed certificate|unable to verify|unable to get local issuer)/)
    expect(without.counter.tickets).toBe(1)

    const withCa = open(srv, { target: plain.tlsUrl!, tls: { ca: certs.caCert, rejectUnauthorized: true } }, 5)
    await untilState(withCa, 'connected')
  })

  it('mTLS: the client certificate gets in where one is required; without it, closed with the TLS failure', async () => {
    const withCert = open(srv, { target: mutual.tlsUrl!, tls: { ca: certs.caCert, cert: certs.clientCert, key: certs.clientKey, rejectUnauthorized: true } })
    await untilState(withCert, 'connected')

    const withoutCert = open(srv, { target: mutual.tlsUrl!, tls: { ca: certs.caCert, rejectUnauthorized: true } })
    await untilState(withoutCert, 'closed', 15_000)
    expect(last(withoutCert)!.reason).toMatch(/^TLS: /)
  })

  it('a CONNACK refusal is the reason shown, not the bridge closing', async () => {
    const guarded = await startMosquitto({ username: 'scope', password: 'right-password' })
    try {
      const opened = open(srv, { target: guarded.tcpUrl })
      await untilState(opened, 'closed')
      expect(last(opened)!.reason).toBe('not authorized')
    } finally {
      await guarded.stop()
    }
  })
})

describe('ending a bridged session', () => {
  it('ends cleanly while the ticket is still being asked for', async () => {
    const opened = open(srv, { target: plain.tcpUrl })
    await withTimeout(opened.session.end(), 3_000, 'end before connecting')
    sessions.delete(opened.session)
    expect(last(opened)).toMatchObject({ state: 'closed', reason: 'closed by you' })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(last(opened)).toMatchObject({ state: 'closed', reason: 'closed by you' })
  })
})

describe('the retained scan through the bridge', () => {
  it('asks for a ticket of its own and finds retained topics', async () => {
    const topic = uniqueTopic('scan')
    const device = await clients.connect(plain.tcpUrl)
    await withTimeout(device.publishAsync(`${topic}/kept`, 'retained', { qos: 1, retain: true }), 5_000, 'retain')
    const opened = open(srv, { target: plain.tcpUrl })
    await untilState(opened, 'connected')
    const result = await scanRetained(await openScanClient(opened.session.options, pageTransport(srv, opened.counter)), topic)
    expect([...result.topics]).toEqual([`${topic}/kept`])
    expect(opened.counter.tickets).toBe(2)
    await withTimeout(device.publishAsync(`${topic}/kept`, '', { qos: 1, retain: true }), 5_000, 'clear')
  })

  it('reports a refusal as the scan error', async () => {
    const options = {
      url: plain.tcpUrl,
      clientId: 'x',
      protocolVersion: 4 as const,
      keepalive: 30,
      clean: true,
      bridge: { server: restricted.origin, target: plain.tcpUrl },
    }
    await expect(openScanClient(options, pageTransport(restricted))).rejects.toThrow('scan connection: the bridge needs an access token')
  })
})
