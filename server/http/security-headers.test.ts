import { readdirSync } from 'node:fs'
import { request as httpsRequest } from 'node:https'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { makeTestCertificates, type TestCertificates } from '../bridge/test-support/certificates.ts'
import type { MqttScopeServer } from '../create-server.ts'
import { DIST_DIR, ensureDistBuilt } from '../test-support/dist-build.ts'
import { httpRequest, rawHttp, statusOf, type RawResponse } from '../test-support/http-request.ts'
import { startTestServer } from '../test-support/start-server.ts'
import { withTimeout } from '../test-support/timeout.ts'

/** Headers on every response of the HTTP port; nobody is refused here (see trust-boundary.test.ts). */
const EVERY_RESPONSE = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
}

const servers: MqttScopeServer[] = []
let port: number
let certs: TestCertificates | undefined

beforeAll(async () => {
  ensureDistBuilt()
  const started = await startTestServer()
  servers.push(started.server)
  port = started.addresses.httpPort
}, 150_000)

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()))
  await certs?.remove()
})

function expectSecurityHeaders(res: RawResponse, what: string): void {
  expect(res.headers, what).toMatchObject(EVERY_RESPONSE)
  expect(res.headers['strict-transport-security'], what).toBeUndefined()
}

describe('every response of the plain HTTP port', () => {
  it.each([
    ['the app (index.html)', '/', 'GET', 200],
    ['an app route (index.html)', '/some/route', 'GET', 200],
    ['a static file', '/favicon.svg', 'GET', 200],
    ['a missing file', '/nope.js', 'GET', 404],
    ['a traversal', '/%2e%2e/package.json', 'GET', 403],
    ['a method the files do not answer', '/', 'POST', 405],
    ['the health API', '/api/health', 'GET', 200],
    ['an unknown API route', '/api/nope', 'GET', 404],
    ['an API method error', '/api/health', 'DELETE', 405],
  ])('%s', async (what, route, method, status) => {
    const res = await httpRequest(port, route, method)
    expect(res.status, what).toBe(status)
    expectSecurityHeaders(res, what)
  })

  it('a hashed asset, with nosniff and no CSP (not a document)', async () => {
    const js = readdirSync(path.join(DIST_DIR, 'assets')).find((name) => name.endsWith('.js'))!
    const res = await httpRequest(port, `/assets/${js}`)
    expect(res.status).toBe(200)
    expectSecurityHeaders(res, js)
    expect(res.headers['content-security-policy']).toBeUndefined()
  })

  it('a CSP on every HTML (and SVG) document, with connect-src limited to this origin and WebSocket brokers', async () => {
    for (const route of ['/', '/index.html', '/some/route', '/favicon.svg']) {
      const csp = (await httpRequest(port, route)).headers['content-security-policy']
      expect(csp, route).toContain("connect-src 'self' ws: wss:;")
      expect(csp, route).toContain("script-src 'self';")
      expect(csp, route).toContain("frame-ancestors 'none'")
      expect(csp, route).not.toMatch(/connect-src[^;]*(https?:|\*)/)
    }
  })

  it('a request Node cannot parse gets the headers too', async () => {
    const response = await rawHttp(port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header Line')
    expect(statusOf(response)).toBe(400)
    expect(response).toContain('X-Content-Type-Options: nosniff')
    expect(response).toContain('Referrer-Policy: no-referrer')
  })

  it.each([
    ['an upgrade to an unknown path (404)', '/nope', {}, 404],
    ['a refused /mqtt upgrade (403)', '/mqtt', { Origin: 'http://evil.example' }, 403],
  ])('%s', async (_what, route, headers, status) => {
    const refused = await withTimeout(
      new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}${route}`, ['mqtt'], { headers })
        ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0, headers: res.headers }))
        ws.once('open', () => reject(new Error('upgraded')))
        ws.once('error', reject)
      }),
      5_000,
      'upgrade',
    )
    expect(refused.status).toBe(status)
    expect(refused.headers).toMatchObject(EVERY_RESPONSE)
  })
})

describe('Strict-Transport-Security', () => {
  let httpsPort: number

  beforeAll(async () => {
    certs = await makeTestCertificates()
    const started = await startTestServer(['--tls-cert', certs.serverCertFile, '--tls-key', certs.serverKeyFile, '--mqtts-port', '0'])
    servers.push(started.server)
    httpsPort = started.addresses.httpPort
  }, 60_000)

  function get(route: string, host: string): Promise<{ status: number; headers: Record<string, unknown> }> {
    return withTimeout(
      new Promise((resolve, reject) => {
        const req = httpsRequest(
          { host: '127.0.0.1', port: httpsPort, path: route, headers: { Host: host }, ca: certs!.caCert, servername: 'localhost', agent: false },
          (res) => {
            res.resume()
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }))
          },
        )
        req.on('error', reject)
        req.end()
      }),
      5_000,
      `GET https ${route}`,
    )
  }

  it('is sent on every HTTPS response (app, API, 404)', async () => {
    for (const route of ['/', '/api/health', '/nope.js']) {
      const res = await get(route, `127.0.0.1:${httpsPort}`)
      expect(res.headers, route).toMatchObject({ ...EVERY_RESPONSE, 'strict-transport-security': 'max-age=31536000' })
    }
  })

  it('is not sent to a localhost name: it would force https:// on every local dev server in that browser', async () => {
    const res = await get('/', `localhost:${httpsPort}`)
    expect(res.status).toBe(200)
    expect(res.headers['strict-transport-security']).toBeUndefined()
    expect(res.headers).toMatchObject(EVERY_RESPONSE)
  })
})
