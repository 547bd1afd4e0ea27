import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { apiRequest, startBridgeServer, type BridgeTestServer } from '../bridge/test-support/bridge-client.ts'
import { readServerConfig } from '../../src/model/server-config.ts'

/**
 * GET /api/config: where MQTT clients reach the embedded broker (the page's "mosquitto_pub -h H -p P"
 * hint). It passes the request policy like every /api route.
 *
 * Refused callers (403): a page of another origin (another site, another port of 127.0.0.1),
 * `Origin: null`, two Origin headers, and a Host that is not a name of this server (DNS rebinding),
 * with or without an Origin. Programs without an Origin (curl) and the app's own page are answered.
 */
const servers: BridgeTestServer[] = []

async function start(flags: readonly string[] = []): Promise<BridgeTestServer> {
  const srv = await startBridgeServer(flags)
  servers.push(srv)
  return srv
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((srv) => srv.close()))
})

describe('GET /api/config', () => {
  it("answers the app's own page and a program with the embedded broker's real host and ports", async () => {
    const srv = await start()
    for (const origin of [srv.origin, undefined]) {
      const res = await apiRequest(srv, '/api/config', undefined, origin === undefined ? { method: 'GET' } : { method: 'GET', origin })
      expect(res.status).toBe(200)
      expect(res.headers['cache-control']).toBe('no-store')
      expect(res.body).toEqual({
        embeddedBroker: { host: '127.0.0.1', mqttPort: srv.mqttPort, mqttsPort: null, websocketPath: '/mqtt', protocolVersions: ['3.1', '3.1.1'] },
        // Tests run with --memory unless they give a --data-dir.
        recordingsInMemory: true,
      })
      expect(readServerConfig(res.body)?.embeddedBroker.mqttPort).toBe(srv.mqttPort)
    }
  })

  it('bound to every address, names the host the page was opened with', async () => {
    const srv = await start(['--host', '0.0.0.0', '--auth-token', 'config-test-token-0123456789'])
    const res = await apiRequest(srv, '/api/config', undefined, {
      method: 'GET',
      hostHeader: `localhost:${srv.httpPort}`,
      origin: `http://localhost:${srv.httpPort}`,
    })
    expect(res.status).toBe(200)
    expect(readServerConfig(res.body)?.embeddedBroker).toMatchObject({ host: 'localhost', mqttPort: srv.mqttPort })
  })

  it.each([
    ['another site', { origin: 'http://evil.example' }],
    ['another local app (same address, other port)', { origin: 'http://127.0.0.1:1' }],
    ['Origin null', { origin: 'null' }],
    ['a DNS-rebound Host, no Origin', { hostHeader: 'evil.example:80' }],
    ['a DNS-rebound Host with its own Origin', { hostHeader: 'evil.example:80', origin: 'http://evil.example' }],
  ])('refuses %s with 403', async (_name, options) => {
    const srv = await start()
    const res = await apiRequest(srv, '/api/config', undefined, { method: 'GET', ...options })
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ rule: 'same origin' })
    expect(res.body).not.toHaveProperty('embeddedBroker')
  })

  it('refuses two Origin headers with 403', async () => {
    const srv = await start()
    const res = await apiRequest(srv, '/api/config', undefined, { method: 'GET', origin: srv.origin, headers: { origin: 'http://evil.example' } })
    expect(res.status).toBe(403)
  })

  it('says whether recordings live in memory (--memory) or in --data-dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-api-'))
    try {
      const onDisk = await start(['--data-dir', dir])
      expect((await apiRequest(onDisk, '/api/config', undefined, { method: 'GET' })).body).toMatchObject({ recordingsInMemory: false })
      expect((await apiRequest(onDisk, '/api/recordings', undefined, { method: 'GET' })).body).toMatchObject({ inMemory: false })
      await onDisk.close()
      servers.splice(servers.indexOf(onDisk), 1)
      const inMemory = await start(['--memory'])
      expect((await apiRequest(inMemory, '/api/config', undefined, { method: 'GET' })).body).toMatchObject({ recordingsInMemory: true })
      expect((await apiRequest(inMemory, '/api/recordings', undefined, { method: 'GET' })).body).toMatchObject({ inMemory: true })
      expect(existsSync(join(dir, 'recordings.sqlite'))).toBe(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('answers HEAD and refuses POST with 405', async () => {
    const srv = await start()
    expect((await apiRequest(srv, '/api/config', undefined, { method: 'HEAD' })).status).toBe(200)
    const post = await apiRequest(srv, '/api/config', {}, { origin: srv.origin })
    expect(post.status).toBe(405)
    expect(post.headers.allow).toBe('GET, HEAD')
  })
})

describe('readServerConfig', () => {
  it('refuses what is not the answer of /api/config', () => {
    const good = { embeddedBroker: { host: 'h', mqttPort: 1883, mqttsPort: 8883, websocketPath: '/mqtt', protocolVersions: ['3.1.1'] } }
    expect(readServerConfig(good)).toEqual({ ...good, recordingsInMemory: false })
    expect(readServerConfig({ ...good, recordingsInMemory: true })?.recordingsInMemory).toBe(true)
    for (const bad of [null, 1, {}, { embeddedBroker: { ...good.embeddedBroker, mqttPort: 0 } }, { embeddedBroker: { ...good.embeddedBroker, host: '' } }]) {
      expect(readServerConfig(bad)).toBeUndefined()
    }
    expect(readServerConfig({ embeddedBroker: { ...good.embeddedBroker, mqttsPort: '8883' } })).toBeUndefined()
  })
})
