import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MqttScopeServer } from '../create-server.ts'
import { DIST_DIR, ensureDistBuilt } from '../test-support/dist-build.ts'
import { httpRequest, rawHttp, statusOf } from '../test-support/http-request.ts'
import { PROJECT_DIR, startTestServer } from '../test-support/start-server.ts'
import { resolveStaticPath } from './static-files.ts'

const PACKAGE_JSON = readFileSync(path.join(PROJECT_DIR, 'package.json'), 'utf8')
/** A line of package.json that appears nowhere in the built app. */
const PACKAGE_JSON_MARKER = '"name": "mqtt-scope"'

let server: MqttScopeServer
let port: number
let indexHtml: Buffer
let assets: string[]

beforeAll(async () => {
  ensureDistBuilt()
  indexHtml = readFileSync(path.join(DIST_DIR, 'index.html'))
  assets = readdirSync(path.join(DIST_DIR, 'assets'))
  const started = await startTestServer()
  server = started.server
  port = started.addresses.httpPort
}, 150_000)

afterAll(async () => {
  await server?.close()
})

function asset(ext: string): string {
  const name = assets.find((f) => f.endsWith(ext))
  if (name === undefined) throw new Error(`no ${ext} file in dist/assets: ${assets.join(', ')}`)
  return name
}

describe('serving the app', () => {
  it('serves index.html at / as HTML that is revalidated on every load', async () => {
    const res = await httpRequest(port, '/')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(res.headers['cache-control']).toBe('no-cache')
    expect(res.headers['content-security-policy']).toContain("script-src 'self'")
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.body.equals(indexHtml)).toBe(true)
  })

  it('serves /index.html the same way', async () => {
    const res = await httpRequest(port, '/index.html')
    expect(res.status).toBe(200)
    expect(res.headers['cache-control']).toBe('no-cache')
    expect(res.body.equals(indexHtml)).toBe(true)
  })

  it('ignores the query string', async () => {
    const res = await httpRequest(port, '/?x=1#y')
    expect(res.status).toBe(200)
    expect(res.body.equals(indexHtml)).toBe(true)
  })

  it.each([
    ['.js', 'text/javascript; charset=utf-8'],
    ['.css', 'text/css; charset=utf-8'],
  ])('serves a hashed %s file from /assets/ as immutable with its content type', async (ext, type) => {
    const name = asset(ext)
    const res = await httpRequest(port, `/assets/${name}`)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe(type)
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(Number(res.headers['content-length'])).toBe(statSync(path.join(DIST_DIR, 'assets', name)).size)
    expect(res.body.equals(readFileSync(path.join(DIST_DIR, 'assets', name)))).toBe(true)
  })

  it('answers HEAD with the headers and no body', async () => {
    const name = asset('.js')
    const res = await httpRequest(port, `/assets/${name}`, 'HEAD')
    expect(res.status).toBe(200)
    expect(Number(res.headers['content-length'])).toBe(statSync(path.join(DIST_DIR, 'assets', name)).size)
    expect(res.body.length).toBe(0)
  })

  it.each([['/some/app/route'], ['/topics'], ['/assets/no-extension']])('falls back to index.html for the app route %s', async (route) => {
    const res = await httpRequest(port, route)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    // index.html must never be cached as immutable, even when reached under /assets/.
    expect(res.headers['cache-control']).toBe('no-cache')
    expect(res.body.equals(indexHtml)).toBe(true)
  })

  it.each([['/missing.js'], ['/assets/missing-abc123.js'], ['/some/route/file.css']])('answers 404 for the missing file %s', async (file) => {
    const res = await httpRequest(port, file)
    expect(res.status).toBe(404)
    expect(res.body.equals(indexHtml)).toBe(false)
  })

  it('refuses methods other than GET and HEAD', async () => {
    const res = await httpRequest(port, '/', 'POST')
    expect(res.status).toBe(405)
    expect(res.headers.allow).toBe('GET, HEAD')
  })
})

describe('path traversal', () => {
  it('the marker really is in package.json', () => {
    expect(PACKAGE_JSON).toContain(PACKAGE_JSON_MARKER)
  })

  it.each([
    ['/../package.json'],
    ['/%2e%2e/package.json'],
    ['/%2E%2E%2Fpackage.json'],
    ['/assets/..%2f..%2fpackage.json'],
    ['/assets/../../package.json'],
    ['/..%5cpackage.json'],
    ['/..\\package.json'],
    ['/assets/..%5C..%5Cpackage.json'],
    ['/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd'],
    ['/%00'],
    ['/index.html%00.js'],
    ['/%zz'],
    ['/%'],
  ])('refuses %s', async (attack) => {
    const res = await httpRequest(port, attack)
    expect([400, 403]).toContain(res.status)
    expect(res.body.toString('latin1')).not.toContain(PACKAGE_JSON_MARKER)
    expect(res.body.toString('latin1')).not.toContain('root:')
  })

  it('refuses traversal sent on a bare socket', async () => {
    const response = await rawHttp(port, `GET /../../package.json HTTP/1.1\r\nHost: 127.0.0.1:${port}`)
    expect([400, 403]).toContain(statusOf(response))
    expect(response).not.toContain(PACKAGE_JSON_MARKER)
  })

  it('answers 400 to an absolute-form request target', async () => {
    const response = await rawHttp(port, `GET http://127.0.0.1:${port}/../package.json HTTP/1.1\r\nHost: 127.0.0.1:${port}`)
    expect(statusOf(response)).toBe(400)
    expect(response).not.toContain(PACKAGE_JSON_MARKER)
  })
})

describe('resolveStaticPath', () => {
  const root = path.resolve('/srv/app')

  it.each([
    ['/assets/a-1.js', 'assets/a-1.js', false],
    ['/index.html', 'index.html', false],
    ['/a%20b.txt', 'a b.txt', false],
    ['//etc//passwd', 'etc/passwd', true],
    ['/x/./y.css', 'x/y.css', false],
    ['/....//file.json', '..../file.json', false],
    ['/%252e%252e/x.js', '%2e%2e/x.js', false],
    ['/some/route', 'some/route', true],
  ])('resolves %s inside the root', (urlPath, relative, fallback) => {
    expect(resolveStaticPath(root, urlPath)).toEqual({ file: path.join(root, relative), fallback })
  })

  it('resolves / to the root itself as an app route', () => {
    expect(resolveStaticPath(root, '/')).toEqual({ file: root, fallback: true })
  })

  it.each([['/../x'], ['/a/../../x'], ['/a/..'], ['/%2e%2e/x'], ['/%2E%2E%2Fx'], ['/..%5cx'], ['/a\\..\\..\\x'], ['/.%2e/x']])('forbids %s', (urlPath) => {
    expect(resolveStaticPath(root, urlPath)).toBe('forbidden')
  })

  it.each([['/%00'], ['/a%00.js'], ['/%zz'], ['/%'], ['/%e0%a4%a']])('rejects %s as a bad request', (urlPath) => {
    expect(resolveStaticPath(root, urlPath)).toBe('bad-request')
  })
})
