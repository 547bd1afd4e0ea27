import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, type MosquittoBroker } from '../../e2e/fixtures/mosquitto.ts'
import { makeTestCertificates, type TestCertificates } from '../bridge/test-support/certificates.ts'
import type { MqttScopeServer } from '../create-server.ts'
import { ClientPool } from '../test-support/mqtt-clients.ts'
import { runCli } from '../test-support/processes.ts'
import { recordingsApi, until } from '../test-support/recordings-client.ts'
import { startTestServer } from '../test-support/start-server.ts'

/**
 * mqtts:// recordings and replays against Debian's mosquitto on TLS, with a CA and certificates
 * made by openssl for this run: `tls` takes the bridge's fields (ca, cert, key, servername,
 * rejectUnauthorized), in POST /api/recordings, POST /api/recordings/:id/replay and the CLI.
 */
let server: MqttScopeServer
let api: ReturnType<typeof recordingsApi>
let certs: TestCertificates
let tlsBroker: MosquittoBroker
let mutual: MosquittoBroker
const pool = new ClientPool()

beforeAll(async () => {
  certs = await makeTestCertificates()
  ;[tlsBroker, mutual] = await Promise.all([
    startMosquitto({
      anonymous: true,
      tls: { certFile: certs.serverCertFile, keyFile: certs.serverKeyFile },
      wss: { certFile: certs.serverCertFile, keyFile: certs.serverKeyFile },
    }),
    startMosquitto({ anonymous: true, tls: { certFile: certs.serverCertFile, keyFile: certs.serverKeyFile, caFile: certs.caFile, requireCertificate: true } }),
  ])
  const started = await startTestServer()
  server = started.server
  api = recordingsApi(`http://127.0.0.1:${started.addresses.httpPort}`)
}, 40_000)
afterAll(async () => {
  await server?.close()
  await Promise.all([tlsBroker?.stop(), mutual?.stop()])
  await certs?.remove()
})
afterEach(() => pool.closeAll())

interface Row {
  state: string
  reason?: string
  messages: number
}

async function row(id: string): Promise<Row> {
  return (await api(`/api/recordings/${id}`)).body as unknown as Row
}

async function recordOne(name: string, broker: MosquittoBroker, tls: Record<string, unknown>, url = broker.tlsUrl): Promise<string> {
  const started = await api('/api/recordings', { name, url, filters: [`${name}/#`], qos: 1, tls })
  expect(started.status, JSON.stringify(started.body)).toBe(201)
  const id = started.body.id!
  let last: Row | undefined
  await until(
    `${name} recording`,
    async () => (last = await row(id)).state === 'recording',
    15_000,
    () => last,
  )
  const device = await pool.connect(broker.tcpUrl)
  await device.publishAsync(`${name}/1`, 'over TLS', { qos: 1 })
  await until(`${name} recorded`, async () => (await row(id)).messages === 1)
  expect(JSON.stringify(await row(id))).not.toContain('PRIVATE KEY')
  return id
}

describe('recordings over mqtts://', () => {
  it('record with the test CA, with a server name the certificate carries, and with a client certificate', async () => {
    const ids = [
      await recordOne('tls-ca', tlsBroker, { ca: certs.caCert }),
      await recordOne('tls-name', tlsBroker, { ca: certs.caCert, servername: 'broker.test' }),
      await recordOne('tls-mutual', mutual, { ca: certs.caCert, cert: certs.clientCert, key: certs.clientKey }),
      await recordOne('tls-insecure', tlsBroker, { rejectUnauthorized: false }),
    ]
    for (const id of ids) await api(`/api/recordings/${id}`, undefined, { method: 'DELETE' })
  }, 60_000)

  it.each([
    ['without the CA', { rejectUnauthorized: true }, /self-signed|unable to (verify|get local issuer)/],
    ['with a name the certificate does not carry', { ca: 'the test CA', servername: 'wrong.test' }, /wrong\.test|altnames/i],
  ])('%s: "connecting" with the certificate problem', async (_name, tlsFor, problem) => {
    // The certificates are made in beforeAll, after it.each has its table.
    const tls = { ...tlsFor, ...('ca' in tlsFor ? { ca: certs.caCert } : {}) }
    const started = await api('/api/recordings', { name: 'bad tls', url: tlsBroker.tlsUrl, filters: ['x/#'], tls })
    expect(started.status).toBe(201)
    let last: Row | undefined
    await until(
      'the TLS refusal shown',
      async () => problem.test((last = await row(started.body.id!)).reason ?? ''),
      15_000,
      () => last,
    )
    expect(last!.state).toBe('connecting')
    await api(`/api/recordings/${started.body.id!}`, undefined, { method: 'DELETE' })
  })

  it("refuses tls fields other than the bridge's five, PEM that is not PEM, and PEM for a plain target", async () => {
    const base = { name: 'x', url: tlsBroker.tlsUrl, filters: ['x/#'] }
    // host/port in tls would reach MQTT.js and move the connection past the bridge policy.
    const smuggled = await api('/api/recordings', { ...base, tls: { host: '169.254.169.254', port: 80 } })
    expect([smuggled.status, smuggled.body.error]).toEqual([400, expect.stringContaining('unknown field "tls.host"')])
    const notPem = await api('/api/recordings', { ...base, tls: { ca: 'hello' } })
    expect([notPem.status, notPem.body.error]).toEqual([400, expect.stringContaining('tls.ca holds no PEM certificate')])
    const plain = await api('/api/recordings', { ...base, url: tlsBroker.tcpUrl, tls: { ca: certs.caCert } })
    expect([plain.status, plain.body.error]).toEqual([400, expect.stringContaining('need an mqtts://')])
    // A profile's default TLS settings on a plain target are no error.
    expect((await api('/api/recordings', { ...base, url: tlsBroker.tcpUrl, tls: { rejectUnauthorized: true } })).status).toBe(201)
    const replay = await api('/api/recordings/none/replay', { url: tlsBroker.tlsUrl, tls: { servers: [] } })
    expect(replay.status).toBe(404)
  })
})

describe('recordings over wss://', () => {
  it('record with the test CA through the TLS websockets listener; without the CA "connecting" with the certificate problem', async () => {
    const url = `${tlsBroker.wssUrl!}/mqtt`
    const id = await recordOne('wss-ca', tlsBroker, { ca: certs.caCert }, url)
    await api(`/api/recordings/${id}`, undefined, { method: 'DELETE' })
    const refused = await api('/api/recordings', { name: 'wss without the CA', url, filters: ['x/#'], tls: { rejectUnauthorized: true } })
    expect(refused.status).toBe(201)
    let last: Row | undefined
    await until(
      'the TLS refusal shown',
      async () => /self-signed|unable to (verify|get local issuer)/.test((last = await row(refused.body.id!)).reason ?? ''),
      15_000,
      () => last,
    )
    expect(last!.state).toBe('connecting')
    await api(`/api/recordings/${refused.body.id!}`, undefined, { method: 'DELETE' })
  }, 60_000)
})

describe('replays over mqtts://', () => {
  it('replay with the CA (and with a client certificate); without the CA the job fails with the reason', async () => {
    const lines = Array.from({ length: 5 }, (_, i) =>
      JSON.stringify({ ts: i, topic: `r/${i}`, qos: 1, retain: false, payload_base64: Buffer.from([i]).toString('base64') }),
    )
    const imported = await api('/api/recordings/import?name=tls', undefined, { method: 'POST', body: lines.join('\n') })
    const id = imported.body.id!
    for (const [broker, tls, prefix] of [
      [tlsBroker, { ca: certs.caCert }, 'ca/'],
      [mutual, { ca: certs.caCert, cert: certs.clientCert, key: certs.clientKey }, 'mtls/'],
    ] as const) {
      const watcher = await pool.connect(broker.tcpUrl)
      const seen: string[] = []
      watcher.on('message', (topic) => seen.push(topic))
      await watcher.subscribeAsync(`${prefix}#`, { qos: 1 })
      const replay = await api(`/api/recordings/${id}/replay`, { url: broker.tlsUrl, topicPrefix: prefix, speed: 0, tls })
      expect(replay.status, JSON.stringify(replay.body)).toBe(201)
      let progress: Record<string, unknown> = {}
      await until(
        'done',
        async () => (progress = (await api(`/api/replays/${replay.body.id!}`)).body).state === 'done',
        15_000,
        () => progress,
      )
      await until('all seen', () => seen.length === 5)
      expect(seen).toEqual([0, 1, 2, 3, 4].map((i) => `${prefix}r/${i}`))
    }
    const refused = await api(`/api/recordings/${id}/replay`, { url: tlsBroker.tlsUrl, speed: 0 })
    let progress: Record<string, unknown> = {}
    await until(
      'failed',
      async () => (progress = (await api(`/api/replays/${refused.body.id!}`)).body).state === 'failed',
      15_000,
      () => progress,
    )
    expect(progress).toMatchObject({ sent: 0, total: 5 })
    expect(progress.reason).toMatch(/self-signed|unable to (verify|get local issuer)/)
    const badTls = await api(`/api/recordings/${id}/replay`, { url: tlsBroker.tlsUrl, tls: { cert: certs.clientCert } })
    expect([badTls.status, badTls.body.error]).toEqual([400, 'a client certificate needs both tls.cert and tls.key'])
    await api(`/api/recordings/${id}`, undefined, { method: 'DELETE' })
  }, 60_000)

  it('the CLI replays over TLS with --ca, --cert and --key, and says why without them', async () => {
    const file = join(certs.dir, 'cli.jsonl')
    writeFileSync(file, JSON.stringify({ ts: 1, topic: 'cli/1', qos: 1, retain: false, payload_base64: 'AA==' }) + '\n')
    const watcher = await pool.connect(mutual.tcpUrl)
    const seen: string[] = []
    watcher.on('message', (topic) => seen.push(topic))
    await watcher.subscribeAsync('tlscli/#', { qos: 1 })
    const tlsFlags = ['--ca', certs.caFile, '--cert', join(certs.dir, 'client.crt'), '--key', join(certs.dir, 'client.key')]
    const done = await runCli(['replay', file, '--url', mutual.tlsUrl!, '--speed', '0', '--topic-prefix', 'tlscli/', ...tlsFlags])
    expect(done.stderr).toContain('done: 1 of 1 sent')
    expect(done.code).toBe(0)
    await until('seen', () => seen.length === 1)
    const noCa = await runCli(['replay', file, '--url', tlsBroker.tlsUrl!, '--speed', '0'])
    expect(noCa.code).toBe(1)
    expect(noCa.stderr).toMatch(/failed: 0 of 1 sent \(.*(self-signed|unable to (verify|get local issuer))/)
    const halfPair = await runCli(['replay', file, '--url', mutual.tlsUrl!, '--cert', join(certs.dir, 'client.crt')])
    expect(halfPair.code).toBe(2)
    expect(halfPair.stderr).toContain('a client certificate needs both --cert and --key')
  }, 60_000)
})
