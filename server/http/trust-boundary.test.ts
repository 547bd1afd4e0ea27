import { connect } from 'node:net'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { apiRequest, startBridgeServer, ticketFor, type BridgeTestServer } from '../bridge/test-support/bridge-client.ts'
import { ClientPool } from '../test-support/mqtt-clients.ts'
import { withTimeout } from '../test-support/timeout.ts'

/**
 * The request policy against the real server (request-policy.ts has the decisions table-driven).
 *
 * Refused callers, by route:
 * - /mqtt: a browser page of another origin (including another port of 127.0.0.1), `Origin: null`,
 *   two Origin headers, a DNS-rebound Host, and in loopback mode a browser behind a proxy. Devices
 *   and CLI clients (no Origin) are not refused here.
 * - /api/*: a DNS-rebound Host (with or without Origin), a page of another origin.
 * - POST /api/bridge/sessions and /bridge: the same, and in loopback mode any proxied request;
 *   with a token, an address that guessed it wrong too often (429).
 */
const TOKEN = 'trust-boundary-token-0123456789'
const servers: BridgeTestServer[] = []
const clients = new ClientPool()

async function start(flags: readonly string[] = [], overrides: Parameters<typeof startBridgeServer>[1] = {}): Promise<BridgeTestServer> {
  const srv = await startBridgeServer(flags, overrides)
  servers.push(srv)
  return srv
}

afterEach(async () => {
  await clients.closeAll()
  await Promise.all(servers.splice(0).map((srv) => srv.close()))
})

afterAll(async () => {
  await clients.closeAll()
})

type Upgrade = 'opened' | { readonly status: number; readonly body: string }

/** A WebSocket upgrade with exactly these headers (Host included when given); 'opened' or the refusal. */
function upgrade(srv: BridgeTestServer, path: string, headers: Record<string, string>): Promise<Upgrade> {
  const done = new Promise<Upgrade>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${srv.httpPort}${path}`, ['mqtt'], { headers })
    ws.once('open', () => {
      ws.close()
      resolve('opened')
    })
    ws.once('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    ws.once('error', reject)
  })
  return withTimeout(done, 10_000, `upgrade ${path}`)
}

/** MQTT.js over /mqtt with these upgrade headers, until CONNACK. */
function mqttOverWs(srv: BridgeTestServer, headers: Record<string, string> = {}) {
  return clients.connect(`ws://127.0.0.1:${srv.httpPort}/mqtt`, { wsOptions: { headers } })
}

function count(text: string, part: string): number {
  return text.split(part).length - 1
}

describe('/mqtt upgrades', () => {
  it('accepts a device client without Origin, our own page, and paho-mqtt (https:// Origin over ws://)', async () => {
    const srv = await start()
    const own = `http://127.0.0.1:${srv.httpPort}`
    expect((await mqttOverWs(srv)).connected).toBe(true)
    expect((await mqttOverWs(srv, { Origin: own })).connected).toBe(true)
    expect((await mqttOverWs(srv, { Origin: `https://127.0.0.1:${srv.httpPort}` })).connected).toBe(true)
    expect((await mqttOverWs(srv, { Origin: `http://localhost:${srv.httpPort}`, Host: `localhost:${srv.httpPort}` })).connected).toBe(true)
    expect(srv.logs()).not.toContain('/mqtt upgrade refused')
  })

  it.each([
    ['another site', { Origin: 'http://evil.example' }, "Origin http://evil.example is not this server's origin nor in --allowed-origins"],
    ['another local app (same address, other port)', { Origin: 'http://127.0.0.1:1' }, "Origin http://127.0.0.1:1 is not this server's origin"],
    ['Origin: null', { Origin: 'null' }, 'Origin null (a sandboxed frame or a file:// page) is always refused'],
    ['a DNS-rebound Host', { Origin: 'http://evil.example:PORT', Host: 'evil.example:PORT' }, 'Host evil.example:PORT is not a loopback name'],
  ])('refuses %s with 403 and one log line naming the origin and the peer', async (_what, given, says) => {
    const srv = await start()
    const headers = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, v.replaceAll('PORT', String(srv.httpPort))]))
    const outcome = await upgrade(srv, '/mqtt', headers)
    expect(outcome).toMatchObject({ status: 403 })
    expect(JSON.parse((outcome as { body: string }).body)).toEqual({
      rule: 'same origin',
      error: expect.stringContaining(says.replaceAll('PORT', String(srv.httpPort))),
    })
    const logs = srv.logs()
    expect(count(logs, '/mqtt upgrade refused')).toBe(1)
    const line = logs.split('\n').find((l) => l.includes('/mqtt upgrade refused'))!
    expect(JSON.parse(line)).toMatchObject({ origin: headers.Origin, peer: expect.stringMatching(/^127\.0\.0\.1:\d+$/), rule: 'same origin' })
    expect(srv.server.broker.connectedClients).toBe(0)
  })

  it('refuses two Origin headers, even if both are ours', async () => {
    const srv = await start()
    const own = `http://127.0.0.1:${srv.httpPort}`
    const response = await rawUpgrade(srv, [`Origin: ${own}`, `Origin: ${own}`])
    expect(response).toMatch(/^HTTP\/1\.1 403 /)
    expect(response).toContain('the request has 2 Origin headers')
  })

  it('--allowed-origins lets a listed origin in, and only it', async () => {
    const srv = await start(['--allowed-origins', 'http://evil.example'])
    expect((await mqttOverWs(srv, { Origin: 'http://evil.example' })).connected).toBe(true)
    expect(await upgrade(srv, '/mqtt', { Origin: 'https://evil.example' })).toMatchObject({ status: 403 })
  })

  it('in loopback mode refuses a browser behind a proxy (any proxy header, garbage too), not a device client', async () => {
    const srv = await start()
    const own = `http://127.0.0.1:${srv.httpPort}`
    const proxies: Array<Record<string, string>> = [
      { 'X-Forwarded-For': '203.0.113.9' },
      { Forwarded: ';;;garbage' },
      { Via: '1.1 nginx' },
      { 'X-Real-IP': 'x' },
      { 'X-Forwarded-Host': own },
    ]
    for (const proxy of proxies) {
      const outcome = await upgrade(srv, '/mqtt', { Origin: own, ...proxy })
      expect(outcome, JSON.stringify(proxy)).toMatchObject({ status: 403 })
      expect(JSON.parse((outcome as { body: string }).body)).toMatchObject({
        rule: 'reverse proxy',
        error: expect.stringContaining('--bridge-mode restricted'),
      })
    }
    expect((await mqttOverWs(srv, { 'X-Forwarded-For': '203.0.113.9' })).connected).toBe(true)
  })

  it('behind a proxy in restricted mode, the listed public origin connects', async () => {
    const srv = await start(['--bridge-mode', 'restricted', '--auth-token', TOKEN, '--allowed-origins', 'https://mqtt.example.com'])
    const proxied = { Origin: 'https://mqtt.example.com', Host: 'mqtt.example.com', 'X-Forwarded-For': '203.0.113.9', 'X-Forwarded-Proto': 'https' }
    expect((await mqttOverWs(srv, proxied)).connected).toBe(true)
    expect(await upgrade(srv, '/mqtt', { ...proxied, Origin: 'https://evil.example' })).toMatchObject({ status: 403 })
  })
})

describe('/api/* routes', () => {
  it.each([['/api/health'], ['/api/bridge/policy'], ['/api/nope']])(
    '%s: refuses a DNS-rebound Host and a foreign Origin; answers our page and programs',
    async (path) => {
      const srv = await start()
      const rebound = await apiRequest(srv, path, undefined, { hostHeader: `evil.example:${srv.httpPort}` })
      expect(rebound).toMatchObject({ status: 403, body: { rule: 'same origin', error: expect.stringContaining('is not a loopback name') } })
      for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${srv.httpPort + 1}`, `https://127.0.0.1:${srv.httpPort}`]) {
        expect(await apiRequest(srv, path, undefined, { origin }), origin).toMatchObject({ status: 403, body: { rule: 'same origin' } })
      }
      const expected = path === '/api/nope' ? 404 : 200
      expect((await apiRequest(srv, path)).status).toBe(expected)
      expect((await apiRequest(srv, path, undefined, { origin: srv.origin })).status).toBe(expected)
      expect(srv.logs()).toContain('API request refused')
    },
  )

  it('answers a Host named by --allowed-origins (a proxy that keeps the Host header)', async () => {
    const srv = await start(['--allowed-origins', 'https://mqtt.example.com'])
    expect((await apiRequest(srv, '/api/health', undefined, { hostHeader: 'mqtt.example.com', origin: 'https://mqtt.example.com' })).status).toBe(200)
    expect((await apiRequest(srv, '/api/health', undefined, { hostHeader: 'other.example.com' })).status).toBe(403)
  })
})

describe('bridge tickets and the /bridge upgrade for proxied requests', () => {
  const target = { target: 'mqtt://127.0.0.1:1883' }

  it('in loopback mode: no ticket and no bridge through a proxy, with what to do instead', async () => {
    const srv = await start()
    const proxies: Array<Record<string, string>> = [
      { 'X-Forwarded-For': '203.0.113.9' },
      { Forwarded: 'for=unknown;;garbage' },
      { Via: '' },
      { 'X-Real-IP': '::1' },
    ]
    for (const proxy of proxies) {
      const res = await apiRequest(srv, '/api/bridge/sessions', target, { origin: srv.origin, headers: proxy })
      expect(res, JSON.stringify(proxy)).toMatchObject({ status: 403, body: { rule: 'reverse proxy' } })
      expect(res.body.error).toContain('run it with --bridge-mode restricted and an access token (--auth-token)')
    }
    const ticket = await ticketFor(srv, target)
    const refused = await upgrade(srv, `/bridge?ticket=${ticket}`, { Origin: srv.origin, 'X-Forwarded-For': '203.0.113.9' })
    expect(refused).toMatchObject({ status: 403 })
    expect(JSON.parse((refused as { body: string }).body)).toMatchObject({ rule: 'reverse proxy' })
  })

  it('in restricted mode with a token and the public origin listed, a proxied page gets its ticket', async () => {
    const srv = await start([
      '--bridge-mode',
      'restricted',
      '--auth-token',
      TOKEN,
      '--bridge-allow',
      '127.0.0.1:*',
      '--allowed-origins',
      'https://mqtt.example.com',
    ])
    const proxied = { hostHeader: 'mqtt.example.com', origin: 'https://mqtt.example.com', token: TOKEN, headers: { 'X-Forwarded-For': '203.0.113.9' } }
    expect((await apiRequest(srv, '/api/bridge/sessions', target, proxied)).status).toBe(200)
  })
})

describe('wrong --auth-token guesses', () => {
  it('are limited per address: 429 with Retry-After, even for the right token, and not for another address', async () => {
    const srv = await start(['--bridge-mode', 'restricted', '--auth-token', TOKEN, '--bridge-allow', '127.0.0.1:*'], {
      tokenGuesses: { burst: 3, refillMs: 1_500, maxAddresses: 100 },
    })
    const sessions = (token: string, localAddress?: string) =>
      apiRequest(srv, '/api/bridge/sessions', { target: 'mqtt://127.0.0.1:1883' }, { token, ...(localAddress === undefined ? {} : { localAddress }) })
    for (let i = 0; i < 3; i++) expect((await sessions(`wrong-${TOKEN}`)).status).toBe(401)
    const limited = await sessions(`wrong-${TOKEN}`)
    expect(limited).toMatchObject({ status: 429, body: { rule: '--auth-token', error: 'too many wrong access tokens from 127.0.0.1: try again in 2 s' } })
    expect(limited.headers['retry-after']).toBe('2')
    expect((await sessions(TOKEN)).status).toBe(429)
    expect((await apiRequest(srv, '/api/bridge/policy', undefined, { token: TOKEN })).status).toBe(429)
    // No token is no guess: the policy still answers, without the lists.
    expect((await apiRequest(srv, '/api/bridge/policy')).status).toBe(200)
    expect((await sessions(TOKEN, '127.0.0.2')).status).toBe(200)
    expect(srv.logs()).toContain('too many wrong access tokens: this address must wait')
    await new Promise((resolve) => setTimeout(resolve, 1_600))
    expect((await sessions(TOKEN)).status).toBe(200)
  })

  it('with the default limits: 10 wrong tokens, then 429', async () => {
    const srv = await start(['--auth-token', TOKEN])
    for (let i = 0; i < 10; i++) expect((await apiRequest(srv, '/api/bridge/policy', undefined, { token: `x${TOKEN}` })).status).toBe(401)
    const res = await apiRequest(srv, '/api/bridge/policy', undefined, { token: TOKEN })
    expect(res.status).toBe(429)
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1)
  })
})

/** An upgrade request written by hand (for headers `ws` will not send twice). */
function rawUpgrade(srv: BridgeTestServer, extra: string[]): Promise<string> {
  const done = new Promise<string>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: srv.httpPort }, () => {
      socket.write(
        [
          'GET /mqtt HTTP/1.1',
          `Host: 127.0.0.1:${srv.httpPort}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          'Sec-WebSocket-Version: 13',
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
          'Sec-WebSocket-Protocol: mqtt',
          ...extra,
          '',
          '',
        ].join('\r\n'),
      )
    })
    let text = ''
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')))
    socket.on('end', () => resolve(text))
    socket.on('error', reject)
  })
  return withTimeout(done, 5_000, 'raw upgrade')
}
