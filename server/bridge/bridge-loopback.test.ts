import type { MqttClient } from 'mqtt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, type MosquittoBroker } from '../../e2e/fixtures/mosquitto.ts'
import { nextMessage } from '../test-support/mqtt-clients.ts'
import { withTimeout } from '../test-support/timeout.ts'
import { apiRequest, connectThroughBridge, startBridgeServer, type BridgeTestServer } from './test-support/bridge-client.ts'

/**
 * Restricted mode against the real server: loopback (a real mosquitto on 127.0.0.1) and the
 * server's own ports are reached only through an allow pattern that names them literally, never
 * through `*:1883`, `*:<port>` or `*:*`. Callers refused here: anyone asking for a loopback target
 * (or the server's own port) that only a wildcard allows, token or not.
 */
const TOKEN = 'loopback-test-token-0123456789'
const SESSIONS = '/api/bridge/sessions'

let mosquitto: MosquittoBroker
let mosquittoPort: number
const servers: BridgeTestServer[] = []
const bridged: MqttClient[] = []

beforeAll(async () => {
  mosquitto = await startMosquitto({ anonymous: true })
  mosquittoPort = Number(new URL(mosquitto.tcpUrl.replace(/^mqtt:/, 'http:')).port)
})

afterEach(async () => {
  await Promise.all(bridged.splice(0).map((client) => withTimeout(client.endAsync(true), 2_000, 'close bridged client').catch(() => client.stream?.destroy())))
  await Promise.all(servers.splice(0).map((srv) => srv.close()))
})

afterAll(async () => {
  await mosquitto?.stop()
})

async function restricted(...allow: string[]): Promise<BridgeTestServer> {
  const srv = await startBridgeServer(['--bridge-mode', 'restricted', '--auth-token', TOKEN, ...allow.flatMap((pattern) => ['--bridge-allow', pattern])])
  servers.push(srv)
  return srv
}

function askTicket(srv: BridgeTestServer, target: string) {
  return apiRequest(srv, SESSIONS, { target }, { origin: srv.origin, token: TOKEN })
}

describe('restricted mode and loopback', () => {
  it("refuses 127.0.0.1:1883 with --bridge-allow '*:1883', naming the rule, in every spelling of loopback", async () => {
    const srv = await restricted('*:1883')
    expect(await askTicket(srv, 'mqtt://127.0.0.1:1883')).toMatchObject({
      status: 403,
      body: {
        rule: 'loopback',
        error:
          'mqtt://127.0.0.1:1883 is a loopback address: in restricted mode a wildcard never opens it, only --bridge-allow 127.0.0.1:1883 (the address written out)',
      },
    })
    for (const target of [
      'mqtt://127.1.2.3:1883',
      'mqtt://[::1]:1883',
      'mqtt://[::ffff:127.0.0.1]:1883',
      'mqtt://[64:ff9b::7f00:1]:1883',
      'mqtt://[2002:7f00:1::]:1883',
    ]) {
      expect(await askTicket(srv, target), target).toMatchObject({ status: 403, body: { rule: 'loopback' } })
    }
    // A name resolved by the system resolver (/etc/hosts) to loopback counts as loopback.
    expect(await askTicket(srv, 'mqtt://localhost:1883')).toMatchObject({
      status: 403,
      body: { rule: 'loopback', error: expect.stringContaining('(it resolves to ') },
    })
    // A remote target on the allowed port still gets its ticket.
    expect((await askTicket(srv, 'mqtt://192.0.2.10:1883')).status).toBe(200)
  })

  it('refuses a real broker on loopback that only a wildcard allows', async () => {
    const srv = await restricted(`*:${mosquittoPort}`, '*:*')
    expect(await askTicket(srv, mosquitto.tcpUrl)).toMatchObject({ status: 403, body: { rule: 'loopback' } })
  })

  it('bridges to 127.0.0.1:<port> listed literally: MQTT through the bridge to mosquitto', async () => {
    const srv = await restricted(`127.0.0.1:${mosquittoPort}`, '*:*')
    const { client } = await connectThroughBridge(srv, { target: mosquitto.tcpUrl }, {}, { token: TOKEN })
    bridged.push(client)
    await withTimeout(client.subscribeAsync('loopback/literal', { qos: 1 }), 5_000, 'subscribe')
    const got = nextMessage(client, (m) => m.topic === 'loopback/literal')
    await withTimeout(client.publishAsync('loopback/literal', 'through', { qos: 1 }), 5_000, 'publish')
    expect((await got).payload.toString()).toBe('through')
  })
})

describe("restricted mode and the server's own ports", () => {
  it('refuses its own MQTT and HTTP ports unless a pattern names the address and the port', async () => {
    // 127.0.0.0/8 names loopback (any port), so mosquitto is reachable; the server's own ports are not.
    const srv = await restricted('127.0.0.0/8')
    for (const port of [srv.mqttPort, srv.httpPort]) {
      expect(await askTicket(srv, `mqtt://127.0.0.1:${port}`)).toMatchObject({
        status: 403,
        body: {
          rule: 'own port',
          error: `mqtt://127.0.0.1:${port} is this server's own port ${port}: in restricted mode only --bridge-allow 127.0.0.1:${port} (this address and port, written out) opens it`,
        },
      })
    }
    expect((await askTicket(srv, mosquitto.tcpUrl)).status).toBe(200)
  })
})

describe('loopback mode', () => {
  it('is unchanged: the person at this machine may bridge to loopback through a wildcard', async () => {
    const srv = await startBridgeServer(['--bridge-allow', '*:1883'])
    servers.push(srv)
    expect((await apiRequest(srv, SESSIONS, { target: 'mqtt://127.0.0.1:1883' }, { origin: srv.origin })).status).toBe(200)
  })
})
