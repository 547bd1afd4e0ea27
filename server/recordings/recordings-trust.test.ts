import { afterEach, describe, expect, it } from 'vitest'
import { apiRequest, startBridgeServer, type BridgeTestServer, type RequestOptions } from '../bridge/test-support/bridge-client.ts'

/**
 * Who may use /api/recordings and /api/replays (the bridge's trust boundary, recordings-api.ts).
 *
 * Refused callers:
 * - in every mode: a page of another origin, `Origin: null` (403, rule "same origin"), a Host that
 *   is not a name of this server, i.e. DNS rebinding, with or without an Origin (403);
 * - in loopback mode: any request through a reverse proxy (X-Forwarded-For, Forwarded), even
 *   with our own Origin (403);
 * - in restricted mode: a caller without the access token or with a wrong one (401, rule
 *   "--auth-token").
 * Answered: the app's own page and programs without an Origin (curl) on loopback; with the right
 * token in restricted mode.
 */
const TOKEN = 'recordings-trust-token-0123456789'
const servers: BridgeTestServer[] = []

async function start(flags: readonly string[] = []): Promise<BridgeTestServer> {
  const srv = await startBridgeServer(flags)
  servers.push(srv)
  return srv
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((srv) => srv.close()))
})

/** One of each kind of route: list, create, one recording's export, its replay, a replay's progress. */
const ROUTES: ReadonlyArray<readonly [string, string, unknown]> = [
  ['GET', '/api/recordings', undefined],
  ['POST', '/api/recordings', { name: 'trust', filters: ['trust/#'] }],
  ['GET', '/api/recordings/some-id/messages?format=jsonl', undefined],
  ['POST', '/api/recordings/some-id/replay', { speed: 0 }],
  ['POST', '/api/recordings/import', undefined],
  ['GET', '/api/replays/some-id', undefined],
  ['POST', '/api/replays/some-id/stop', undefined],
]

async function call(srv: BridgeTestServer, [method, path, body]: readonly [string, string, unknown], options: RequestOptions) {
  return apiRequest(srv, path, body, { method, ...options })
}

describe('/api/recordings and /api/replays in loopback mode', () => {
  it('answer our own page and a program without Origin', async () => {
    const srv = await start()
    expect((await apiRequest(srv, '/api/recordings', undefined, { method: 'GET', origin: srv.origin })).status).toBe(200)
    expect((await apiRequest(srv, '/api/recordings', undefined, { method: 'GET' })).status).toBe(200)
    expect((await apiRequest(srv, '/api/replays/nothing', undefined, { method: 'GET', origin: srv.origin })).status).toBe(404)
  })

  it.each([
    ['a foreign Origin', { origin: 'http://evil.example' }, 'same origin'],
    ['another local app (same address, other port)', { origin: 'http://127.0.0.1:1' }, 'same origin'],
    ['Origin: null', { origin: 'null' }, 'same origin'],
    ['a DNS-rebound Host without Origin', { hostHeader: 'evil.example' }, undefined],
    ['a DNS-rebound Host with its own Origin', { hostHeader: 'evil.example:80', origin: 'http://evil.example' }, undefined],
  ] as const)('refuse %s with 403 on every route', async (_name, options, rule) => {
    const srv = await start()
    for (const route of ROUTES) {
      const res = await call(srv, route, options)
      expect([route[0], route[1], res.status]).toEqual([route[0], route[1], 403])
      if (rule !== undefined) expect(res.body.rule).toBe(rule)
    }
    expect((await apiRequest(srv, '/api/recordings', undefined, { method: 'GET' })).body.recordings).toEqual([])
  })

  it.each([
    ['X-Forwarded-For', { 'X-Forwarded-For': '203.0.113.9' }],
    ['Forwarded', { Forwarded: 'for=203.0.113.9;proto=https' }],
    ['a garbled Forwarded', { Forwarded: 'for=unknown;;garbage' }],
  ])('refuse a request through a proxy (%s) with 403, even with our own Origin', async (_name, headers) => {
    const srv = await start()
    for (const route of ROUTES) {
      const res = await call(srv, route, { origin: srv.origin, headers })
      expect([route[0], route[1], res.status]).toEqual([route[0], route[1], 403])
      expect(String(res.body.error)).toContain('--bridge-mode restricted')
    }
    expect((await apiRequest(srv, '/api/recordings', undefined, { method: 'GET' })).body.recordings).toEqual([])
  })
})

describe('/api/recordings and /api/replays in restricted mode', () => {
  it('refuse a missing and a wrong token with 401, answer the right one', async () => {
    const srv = await start(['--bridge-mode', 'restricted', '--auth-token', TOKEN])
    for (const route of ROUTES) {
      const missing = await call(srv, route, { origin: srv.origin })
      expect([route[1], missing.status, missing.body.rule]).toEqual([route[1], 401, '--auth-token'])
      expect(missing.body.error).toBe('an access token is needed')
      const wrong = await call(srv, route, { origin: srv.origin, token: 'not-the-token-0123456789' })
      expect([route[1], wrong.status, wrong.body.error]).toEqual([route[1], 401, 'the access token is wrong'])
    }
    const list = await apiRequest(srv, '/api/recordings', undefined, { method: 'GET', origin: srv.origin, token: TOKEN })
    expect(list.status).toBe(200)
    expect(list.body.recordings).toEqual([])
    const created = await apiRequest(srv, '/api/recordings', { name: 'with token', filters: ['t/#'] }, { origin: srv.origin, token: TOKEN })
    expect(created.status).toBe(201)
    const id = created.body.id as string
    expect((await apiRequest(srv, `/api/recordings/${id}`, undefined, { method: 'GET', origin: srv.origin, token: TOKEN })).status).toBe(200)
    // A foreign Origin stays refused even with the right token.
    expect((await apiRequest(srv, '/api/recordings', undefined, { method: 'GET', origin: 'http://evil.example', token: TOKEN })).status).toBe(403)
    expect((await apiRequest(srv, `/api/recordings/${id}`, undefined, { method: 'DELETE', origin: srv.origin, token: TOKEN })).status).toBe(200)
  })
})
