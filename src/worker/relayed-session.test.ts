import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startMosquitto, type MosquittoBroker } from '../../e2e/fixtures/mosquitto.ts'
import { startBridgeServer, type BridgeTestServer } from '../../server/bridge/test-support/bridge-client.ts'
import { ClientPool, uniqueTopic } from '../../server/test-support/mqtt-clients.ts'
import { waitUntil, withTimeout } from '../../server/test-support/timeout.ts'
import type { BridgeTransport } from './bridge-dialer.ts'
import { MqttSession, type IncomingMessage } from './mqtt-session.ts'
import type { ConnectionState } from '../model/connection-types.ts'

/**
 * MqttSession through the server's relay to Debian's mosquitto's WebSocket listener, as the worker
 * runs it: mosquitto stops (the close reason reaches the session) and starts again on the same
 * ports (the session reconnects with a fresh ticket and subscribes again).
 */
let srv: BridgeTestServer
let broker: MosquittoBroker | undefined
const clients = new ClientPool()
const sessions = new Set<MqttSession>()

beforeAll(async () => {
  srv = await startBridgeServer()
})

afterEach(async () => {
  await clients.closeAll()
  await Promise.all([...sessions].map((s) => withTimeout(s.end(), 3_000, 'end session')))
  sessions.clear()
  await broker?.stop()
  broker = undefined
})

afterAll(async () => {
  await srv?.close()
})

function pageTransport(server: BridgeTestServer): BridgeTransport {
  return {
    fetch: (url, init) => fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), Origin: server.origin } }),
    openSocket: (url, protocols) => new WebSocket(url, protocols, { headers: { Origin: server.origin } }),
  }
}

function portOf(url: string): number {
  return Number(new URL(url.replace(/^(mqtt|ws)s?:/, 'http:')).port)
}

describe.each([
  ['MQTT 3.1.1', 4],
  ['MQTT 5', 5],
] as const)('relay to ws:// with %s', (_name, protocolVersion) => {
  it('says why when mosquitto stops, and reconnects and subscribes again once it is back', async () => {
    broker = await startMosquitto({ anonymous: true })
    const ports = { tcp: portOf(broker.tcpUrl), ws: portOf(broker.wsUrl) }
    const target = `${broker.wsUrl}/mqtt`
    const topic = uniqueTopic('relayed')
    const states: ConnectionState[] = []
    const messages: IncomingMessage[] = []
    const session = new MqttSession(
      {
        url: target,
        clientId: `relayed-${protocolVersion}-${Date.now()}`,
        protocolVersion,
        keepalive: 30,
        clean: true,
        bridge: { server: srv.origin, target },
      },
      [{ filter: `${topic}/#`, qos: 1 }],
      { onState: (s) => states.push(s), onMessage: (m) => messages.push(m), onSubscription: () => {} },
      pageTransport(srv),
    )
    sessions.add(session)
    const connectedCount = () => states.filter((s) => s.state === 'connected').length
    await waitUntil(() => connectedCount() === 1, 15_000, `connected (states: ${JSON.stringify(states)})`)

    await broker.stop()
    await waitUntil(() => states.some((s) => s.state === 'reconnecting'), 10_000, 'reconnecting')
    const reconnecting = states.find((s) => s.state === 'reconnecting')
    // mosquitto, stopped, drops its WebSocket connections without a close frame.
    expect(reconnecting?.reason).toBe('broker closed the WebSocket without a close frame')

    broker = await startMosquitto({ anonymous: true, ports })
    await waitUntil(() => connectedCount() === 2, 60_000, `connected again (states: ${JSON.stringify(states.slice(-3))})`)
    const device = await clients.connect(broker.tcpUrl, { protocolVersion })
    await waitUntil(
      async () => {
        await device.publishAsync(`${topic}/after`, 'back', { qos: 1 })
        return messages.some((m) => m.topic === `${topic}/after`)
      },
      10_000,
      'a message after the reconnect',
    )
    // Two mosquitto starts, a stop and a reconnect that waits up to a minute: beyond the 20 s default.
  }, 120_000)
})
