import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startMosquitto, type MosquittoBroker } from '../../e2e/fixtures/mosquitto.ts'
import { makeTestCertificates, type TestCertificates } from '../../server/bridge/test-support/certificates.ts'
import { startBridgeServer, type BridgeTestServer } from '../../server/bridge/test-support/bridge-client.ts'
import { ClientPool, uniqueTopic } from '../../server/test-support/mqtt-clients.ts'
import { waitUntil, withTimeout } from '../../server/test-support/timeout.ts'
import type { BridgeTransport } from './bridge-dialer.ts'
import { MqttSession, type IncomingMessage } from './mqtt-session.ts'
import { readBridgePolicy } from '../model/bridge-policy.ts'
import { newProfile, toConnectOptions } from '../model/connection-profile.ts'
import type { ConnectionState } from '../model/connection-types.ts'
import { DEFAULT_TLS, type TlsOptions } from '../model/tls-options.ts'

/**
 * A wss:// profile relayed through the server to Debian's mosquitto's TLS websockets listener,
 * whose certificate comes from a private test CA: the profile's TLS settings (CA, server name,
 * verify) travel with the relay request (toConnectOptions) and the server checks the broker's
 * certificate with them, as it does for mqtts:// (the same request fields and checks).
 */
let certs: TestCertificates
let broker: MosquittoBroker
let srv: BridgeTestServer
const clients = new ClientPool()
const sessions = new Set<MqttSession>()
const loopback = readBridgePolicy({ mode: 'loopback', enabled: true, tokenRequired: false, allow: [], deny: [], schemes: ['mqtt', 'mqtts', 'ws', 'wss'] })!

beforeAll(async () => {
  certs = await makeTestCertificates()
  broker = await startMosquitto({ anonymous: true, wss: { certFile: certs.serverCertFile, keyFile: certs.serverKeyFile } })
  srv = await startBridgeServer()
})

afterEach(async () => {
  await clients.closeAll()
  await Promise.all([...sessions].map((s) => withTimeout(s.end(), 3_000, 'end session')))
  sessions.clear()
})

afterAll(async () => {
  await srv?.close()
  await broker?.stop()
  await certs?.remove()
})

function pageTransport(server: BridgeTestServer, counter: { tickets: number }): BridgeTransport {
  return {
    fetch: (url, init) => {
      if (url.endsWith('/api/bridge/sessions')) counter.tickets++
      return fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), Origin: server.origin } })
    },
    openSocket: (url, protocols) => new WebSocket(url, protocols, { headers: { Origin: server.origin } }),
  }
}

interface Opened {
  readonly states: ConnectionState[]
  readonly messages: IncomingMessage[]
  readonly counter: { tickets: number }
}

/** A session for a wss:// profile, with the options the page would build for it. */
function openProfile(url: string, tls: Partial<TlsOptions>, subscribe: string[] = []): Opened {
  const page = { protocol: 'http:', host: new URL(srv.origin).host }
  const profile = newProfile({ name: 'wss broker', url, protocolVersion: 5, tls: { ...DEFAULT_TLS, ...tls } })
  const options = toConnectOptions(profile, page, '', loopback)
  expect(options.bridge?.target).toBe(url)
  const opened: Opened = { states: [], messages: [], counter: { tickets: 0 } }
  const session = new MqttSession(
    options,
    subscribe.map((filter) => ({ filter, qos: 1 as const })),
    { onState: (s) => opened.states.push(s), onMessage: (m) => opened.messages.push(m), onSubscription: () => {} },
    pageTransport(srv, opened.counter),
  )
  sessions.add(session)
  return opened
}

async function untilState(opened: Opened, state: ConnectionState['state'], ms = 15_000): Promise<ConnectionState> {
  await waitUntil(() => opened.states.at(-1)?.state === state, ms, `${state} (states: ${JSON.stringify(opened.states)})`)
  return opened.states.at(-1)!
}

describe('relay to wss:// with a private CA', () => {
  it('without the CA: closed with the certificate problem as the reason, and no retry', async () => {
    const without = openProfile(`${broker.wssUrl!}/mqtt`, {})
    const closed = await untilState(without, 'closed')
    expect(closed.reason).toMatch(/^TLS: (self-signed certificate|unable to verify|unable to get local issuer)/)
    expect(without.counter.tickets).toBe(1)
  })

  it('with the CA: connected, and a message from a device arrives through the relay', async () => {
    const topic = uniqueTopic('relayed-wss')
    const withCa = openProfile(`${broker.wssUrl!}/mqtt`, { ca: certs.caCert }, [`${topic}/#`])
    await untilState(withCa, 'connected')
    const device = await clients.connect(broker.tcpUrl, { protocolVersion: 5 })
    await waitUntil(
      async () => {
        await device.publishAsync(`${topic}/t`, 'over wss', { qos: 1 })
        return withCa.messages.some((m) => m.topic === `${topic}/t`)
      },
      10_000,
      'the device message through the relay',
    )
    expect(new TextDecoder().decode(withCa.messages.find((m) => m.topic === `${topic}/t`)!.payload)).toBe('over wss')
  })

  it('the server name counts: a name the certificate does not carry is refused, "localhost" by name is accepted', async () => {
    const wrongName = openProfile(`${broker.wssUrl!}/mqtt`, { ca: certs.caCert, servername: 'other.test' })
    const closed = await untilState(wrongName, 'closed')
    expect(closed.reason).toMatch(/^TLS: certificate name mismatch: .*other\.test/)

    const port = new URL(broker.wssUrl!.replace(/^wss:/, 'https:')).port
    const byName = openProfile(`wss://localhost:${port}/mqtt`, { ca: certs.caCert })
    await untilState(byName, 'connected')
  })

  it('verification turned off in the profile: connected without the CA', async () => {
    const unchecked = openProfile(`${broker.wssUrl!}/mqtt`, { verify: false })
    await untilState(unchecked, 'connected')
  })
})
