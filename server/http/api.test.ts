import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ListeningAddresses, MqttScopeServer } from '../create-server.ts'
import { httpRequest, type RawResponse } from '../test-support/http-request.ts'
import { ClientPool } from '../test-support/mqtt-clients.ts'
import { PROJECT_DIR, startTestServer } from '../test-support/start-server.ts'
import { waitUntil } from '../test-support/timeout.ts'

const VERSION = (JSON.parse(readFileSync(path.join(PROJECT_DIR, 'package.json'), 'utf8')) as { version: string }).version

interface Health {
  status: string
  version: string
  uptime: number
  clients: number
}

let server: MqttScopeServer
let addresses: ListeningAddresses
const clients = new ClientPool()

beforeAll(async () => {
  ;({ server, addresses } = await startTestServer())
})

afterEach(async () => {
  await clients.closeAll()
})

afterAll(async () => {
  await server?.close()
})

function json(res: RawResponse): unknown {
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
  return JSON.parse(res.body.toString('utf8'))
}

async function health(): Promise<Health> {
  const res = await httpRequest(addresses.httpPort, '/api/health')
  expect(res.status).toBe(200)
  expect(res.headers['cache-control']).toBe('no-store')
  return json(res) as Health
}

describe('GET /api/health', () => {
  it('reports status, version, uptime and no clients on a fresh server', async () => {
    const body = await health()
    expect(body).toEqual({ status: 'ok', version: VERSION, uptime: expect.any(Number), clients: 0 })
    expect(body.uptime).toBeGreaterThanOrEqual(0)
    expect(Number.isInteger(body.uptime)).toBe(true)
  })

  it('counts connected MQTT clients over TCP and WebSocket, and forgets them when they leave', async () => {
    const tcp = await clients.connect(`mqtt://127.0.0.1:${addresses.mqttPort}`)
    expect((await health()).clients).toBe(1)
    await clients.connect(`ws://127.0.0.1:${addresses.httpPort}/mqtt`)
    expect((await health()).clients).toBe(2)
    await tcp.endAsync()
    await waitUntil(async () => (await health()).clients === 1, 3_000, 'the health API counts 1 client')
    await clients.closeAll()
    await waitUntil(async () => (await health()).clients === 0, 3_000, 'the health API counts 0 clients')
  })

  it('ignores a query string', async () => {
    const res = await httpRequest(addresses.httpPort, '/api/health?verbose=1')
    expect(res.status).toBe(200)
    expect(json(res)).toMatchObject({ status: 'ok' })
  })

  it('answers HEAD and refuses POST with 405 and an Allow header', async () => {
    expect((await httpRequest(addresses.httpPort, '/api/health', 'HEAD')).status).toBe(200)
    const res = await httpRequest(addresses.httpPort, '/api/health', 'POST')
    expect(res.status).toBe(405)
    expect(res.headers.allow).toBe('GET, HEAD')
    expect(json(res)).toEqual({ error: expect.any(String) })
  })
})

describe('unknown API routes', () => {
  it.each([['/api/nope'], ['/api'], ['/api/health/extra'], ['/api/nope.js']])('%s is a 404 in JSON, not the app', async (route) => {
    const res = await httpRequest(addresses.httpPort, route)
    expect(res.status).toBe(404)
    expect(json(res)).toEqual({ error: expect.stringContaining(route) })
  })

  it('answers POST to an unknown route with 404 JSON too', async () => {
    const res = await httpRequest(addresses.httpPort, '/api/nope', 'POST')
    expect(res.status).toBe(404)
    expect(json(res)).toEqual({ error: expect.any(String) })
  })
})
