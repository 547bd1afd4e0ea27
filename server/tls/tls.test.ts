import { request } from 'node:https'
import type { IClientOptions } from 'mqtt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { makeTestCertificates, type TestCertificates } from '../bridge/test-support/certificates.ts'
import { parseConfig } from '../config.ts'
import type { ListeningAddresses, MqttScopeServer } from '../create-server.ts'
import { ClientPool, nextMessage } from '../test-support/mqtt-clients.ts'
import { spawnServer, startTestServer, type ServerProcess } from '../test-support/start-server.ts'
import { withTimeout } from '../test-support/timeout.ts'

let certs: TestCertificates
const servers: MqttScopeServer[] = []
const processes: ServerProcess[] = []
const clients = new ClientPool()

beforeAll(async () => {
  certs = await makeTestCertificates()
})

afterEach(async () => {
  await clients.closeAll()
})

afterAll(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
  await Promise.all(processes.splice(0).map((p) => p.stop('SIGKILL')))
  await certs?.remove()
})

async function start(flags: readonly string[]): Promise<ListeningAddresses> {
  const { server, addresses } = await startTestServer(['--tls-cert', certs.serverCertFile, '--tls-key', certs.serverKeyFile, '--mqtts-port', '0', ...flags])
  servers.push(server)
  return addresses
}

/** GET or POST over HTTPS with the test CA (and a client certificate when given). */
function httpsRequest(
  port: number,
  path: string,
  options: { body?: unknown; origin?: string; cert?: string; key?: string } = {},
): Promise<{ status: number; body: string }> {
  const done = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const headers: Record<string, string> = {}
    if (options.body !== undefined) headers['content-type'] = 'application/json'
    if (options.origin !== undefined) headers.origin = options.origin
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.body === undefined ? 'GET' : 'POST',
        ca: certs.caCert,
        cert: options.cert,
        key: options.key,
        headers,
        agent: false,
      },
      (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      },
    )
    req.on('error', reject)
    req.end(options.body === undefined ? undefined : JSON.stringify(options.body))
  })
  return withTimeout(done, 5_000, `https ${path}`)
}

/** The error a connection attempt ends with, or undefined when it connected. */
async function connectError(url: string, options: IClientOptions): Promise<Error | undefined> {
  try {
    await clients.connect(url, options)
    return undefined
  } catch (error) {
    return error as Error
  }
}

describe('TLS listeners (--tls-cert, --tls-key)', () => {
  let addresses: ListeningAddresses
  beforeAll(async () => {
    addresses = await start([])
  })

  it('opens an mqtts listener that carries MQTT for clients trusting the CA, and refuses the others in the handshake', async () => {
    expect(addresses.mqttsPort).toBeGreaterThan(0)
    const url = `mqtts://127.0.0.1:${addresses.mqttsPort}`
    const subscriber = await clients.connect(url, { ca: certs.caCert })
    await withTimeout(subscriber.subscribeAsync('tls/#', { qos: 1 }), 5_000, 'subscribe')
    const got = nextMessage(subscriber)
    // The plain listener stays open and reaches the same broker.
    const plain = await clients.connect(`mqtt://127.0.0.1:${addresses.mqttPort}`)
    await withTimeout(plain.publishAsync('tls/check', 'through TLS', { qos: 1 }), 5_000, 'publish')
    expect((await got).payload.toString()).toBe('through TLS')

    const untrusting = await connectError(url, {})
    expect(untrusting?.message).toMatch(/self-signed certificate in certificate chain|unable to verify/)
  })

  it('serves the app over HTTPS and MQTT over WSS on the HTTP port', async () => {
    expect(addresses.https).toBe(true)
    const health = await httpsRequest(addresses.httpPort, '/api/health')
    expect(health.status).toBe(200)
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok' })

    const ws = await clients.connect(`wss://127.0.0.1:${addresses.httpPort}/mqtt`, { ca: certs.caCert })
    await withTimeout(ws.subscribeAsync('wss/#', { qos: 1 }), 5_000, 'subscribe')
    const got = nextMessage(ws)
    const tls = await clients.connect(`mqtts://127.0.0.1:${addresses.mqttsPort}`, { ca: certs.caCert })
    await withTimeout(tls.publishAsync('wss/check', 'from mqtts to wss', { qos: 1 }), 5_000, 'publish')
    expect((await got).payload.toString()).toBe('from mqtts to wss')
  })

  it("lets the bridge's same-origin check take the page's https:// origin", async () => {
    const target = { target: `mqtt://127.0.0.1:${addresses.mqttPort}` }
    const own = await httpsRequest(addresses.httpPort, '/api/bridge/sessions', { body: target, origin: `https://127.0.0.1:${addresses.httpPort}` })
    expect(own.status, own.body).toBe(200)
    const plainOrigin = await httpsRequest(addresses.httpPort, '/api/bridge/sessions', { body: target, origin: `http://127.0.0.1:${addresses.httpPort}` })
    expect(plainOrigin.status).toBe(403)
  })
})

describe('mTLS (--tls-ca, --tls-require-client-cert)', () => {
  let addresses: ListeningAddresses
  beforeAll(async () => {
    addresses = await start(['--tls-ca', certs.caFile, '--tls-require-client-cert'])
  })

  it('takes a client certificate signed by the CA, and refuses none or another CA’s during the handshake', async () => {
    const url = `mqtts://127.0.0.1:${addresses.mqttsPort}`
    const client = await clients.connect(url, { ca: certs.caCert, cert: certs.clientCert, key: certs.clientKey })
    await withTimeout(client.publishAsync('mtls/ok', 'yes', { qos: 1 }), 5_000, 'publish')

    expect(await connectError(url, { ca: certs.caCert })).toBeInstanceOf(Error)
    expect(await connectError(url, { ca: certs.caCert, cert: certs.strangerCert, key: certs.strangerKey })).toBeInstanceOf(Error)
  })

  it('asks for the client certificate on the HTTPS port too, so WSS is no way around it', async () => {
    expect((await httpsRequest(addresses.httpPort, '/api/health', { cert: certs.clientCert, key: certs.clientKey })).status).toBe(200)
    await expect(httpsRequest(addresses.httpPort, '/api/health')).rejects.toThrow()
    expect(await connectError(`wss://127.0.0.1:${addresses.httpPort}/mqtt`, { ca: certs.caCert })).toBeInstanceOf(Error)
  })
})

describe('TLS in the real command', () => {
  it('prints https://, wss:// and mqtts:// in the banner', async () => {
    const server = await spawnServer(['--tls-cert', certs.serverCertFile, '--tls-key', certs.serverKeyFile, '--mqtts-port', '0', '--log-level', 'warn'])
    processes.push(server)
    expect(server.mqttsPort).toBeGreaterThan(0)
    expect(server.output()).toContain(`App:                 https://127.0.0.1:${server.httpPort}/`)
    expect(server.output()).toContain(`MQTT over WebSocket: wss://127.0.0.1:${server.httpPort}/mqtt`)
    expect(server.output()).toContain(`MQTT over TLS:       mqtts://127.0.0.1:${server.mqttsPort}`)
    const client = await clients.connect(`mqtts://localhost:${server.mqttsPort}`, { ca: certs.caCert })
    expect(client.connected).toBe(true)
  })

  it('refuses a key that is not the certificate’s (config problem)', () => {
    const parsed = parseConfig(['--tls-cert', certs.serverCertFile, '--tls-key', certs.selfSignedKeyFile])
    expect(parsed).toEqual({ kind: 'invalid', problems: [`--tls-key ${certs.selfSignedKeyFile} is not the private key of --tls-cert ${certs.serverCertFile}`] })
  })
})
