import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { BRIDGE_LIMITS } from './limits.ts'
import { makeTestCertificates, type TestCertificates } from './test-support/certificates.ts'
import { apiRequest, startBridgeServer, type BridgeTestServer } from './test-support/bridge-client.ts'

const TOKEN = 'test-token-0123456789abcdef'
const SESSIONS = '/api/bridge/sessions'
const POLICY = '/api/bridge/policy'

const servers: BridgeTestServer[] = []
let certs: TestCertificates

async function start(...args: Parameters<typeof startBridgeServer>): Promise<BridgeTestServer> {
  const srv = await startBridgeServer(...args)
  servers.push(srv)
  return srv
}

beforeAll(async () => {
  certs = await makeTestCertificates()
})

afterEach(async () => {
  await Promise.all(servers.splice(0).map((srv) => srv.close()))
})

afterAll(async () => {
  await certs?.remove()
})

describe('GET /api/bridge/policy', () => {
  it('describes loopback mode with the defaults', async () => {
    const srv = await start()
    const res = await apiRequest(srv, POLICY)
    expect(res.status).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.body).toEqual({
      mode: 'loopback',
      enabled: true,
      tokenRequired: false,
      schemes: ['mqtt', 'mqtts', 'ws', 'wss'],
      allow: [],
      deny: [],
      alwaysDenied: ['169.254.0.0/16', '100.100.100.200/32', '168.63.129.16/32', 'fd00:ec2::254/128', 'fe80::/10', '0.0.0.0/8', '::/128'],
      limits: {
        maxPerClient: BRIDGE_LIMITS.maxPerClient,
        maxTotal: BRIDGE_LIMITS.maxTotal,
        connectTimeoutSeconds: BRIDGE_LIMITS.connectTimeoutSeconds,
        idleTimeoutSeconds: BRIDGE_LIMITS.idleTimeoutSeconds,
        maxFrameBytes: BRIDGE_LIMITS.maxFrameBytes,
        ticketTtlSeconds: 30,
        maxRequestBytes: 256 * 1024,
      },
    })
  })

  it('shows the flags: lists as given, the caps', async () => {
    const srv = await start([
      '--bridge-allow',
      '10.0.0.0/8,broker.lan:1883',
      '--bridge-allow',
      '*.example.com:8883',
      '--bridge-deny',
      '10.9.0.0/16',
      '--bridge-max-per-client',
      '2',
      '--bridge-max-total',
      '5',
      '--bridge-connect-timeout',
      '3',
      '--bridge-idle-timeout',
      '60',
      '--bridge-max-frame-bytes',
      '65536',
    ])
    const { body } = await apiRequest(srv, POLICY)
    expect(body).toMatchObject({
      allow: ['10.0.0.0/8', 'broker.lan:1883', '*.example.com:8883'],
      deny: ['10.9.0.0/16'],
      limits: { maxPerClient: 2, maxTotal: 5, connectTimeoutSeconds: 3, idleTimeoutSeconds: 60, maxFrameBytes: 65536 },
    })
  })

  it('in restricted mode, hides the lists from a caller without the token and refuses a wrong token', async () => {
    const srv = await start(['--bridge-mode', 'restricted', '--auth-token', TOKEN, '--bridge-allow', '10.0.0.0/8'])
    const anonymous = await apiRequest(srv, POLICY)
    expect(anonymous.status).toBe(200)
    expect(anonymous.body).toMatchObject({ mode: 'restricted', enabled: true, tokenRequired: true, allow: [], deny: [], listsHidden: true })
    const withToken = await apiRequest(srv, POLICY, undefined, { token: TOKEN })
    expect(withToken.body).toMatchObject({ allow: ['10.0.0.0/8'] })
    expect(withToken.body).not.toHaveProperty('listsHidden')
    const wrong = await apiRequest(srv, POLICY, undefined, { token: `${TOKEN}x` })
    expect(wrong.status).toBe(401)
    expect(wrong.body).toEqual({ error: 'the access token is wrong', rule: '--auth-token' })
  })

  it('says why the bridge is off', async () => {
    const restrictedNoToken = await start(['--bridge-mode', 'restricted'])
    expect((await apiRequest(restrictedNoToken, POLICY)).body).toMatchObject({
      mode: 'restricted',
      enabled: false,
      tokenRequired: true,
      disabledReason: expect.stringContaining('needs an access token (--auth-token or --auth-token-file)'),
    })
    const off = await start(['--bridge-mode', 'off'])
    expect((await apiRequest(off, POLICY)).body).toMatchObject({
      mode: 'loopback',
      enabled: false,
      disabledReason: expect.stringContaining('--bridge-mode off'),
    })
  })

  it('answers only GET and HEAD', async () => {
    const srv = await start()
    const res = await apiRequest(srv, POLICY, undefined, { method: 'DELETE' })
    expect(res.status).toBe(405)
    expect(res.headers.allow).toBe('GET, HEAD')
  })
})

describe('POST /api/bridge/sessions in loopback mode', () => {
  it('returns a ticket', async () => {
    const srv = await start()
    const res = await apiRequest(srv, SESSIONS, { target: 'mqtt://127.0.0.1:1883' }, { origin: srv.origin })
    expect(res.status).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    expect(Object.keys(res.body)).toEqual(['ticket'])
    expect(res.body.ticket).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('returns a ticket for an mqtts:// target with a CA, a client certificate and its key', async () => {
    const srv = await start()
    const res = await apiRequest(srv, SESSIONS, { target: 'mqtts://127.0.0.1:8883', tls: { ca: certs.caCert, cert: certs.clientCert, key: certs.clientKey } })
    expect(res.status).toBe(200)
  })

  it.each([
    [{ target: 'http://127.0.0.1:8080/mqtt' }, 'target: http:// cannot be bridged: use mqtt://, mqtts://, ws:// or wss://'],
    [{ target: 'ws://h/mqtt', tls: { ca: 'x' } }, 'tls.ca need an mqtts:// or wss:// target (this one is ws://h:80/mqtt)'],
    [{ target: 'mqtt://u:p@host' }, 'target: put the user name and password in the MQTT connection, not in the target URL'],
    [{}, 'target is missing: give "target": "mqtt://host:port"'],
    [{ target: 'mqtt://h', tls: { ca: 'x' } }, 'tls.ca need an mqtts:// or wss:// target (this one is mqtt://h:1883)'],
  ])('400 for %j', async (body, error) => {
    const srv = await start()
    const res = await apiRequest(srv, SESSIONS, body)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ error })
  })

  it('400 for a body that is not JSON, without quoting it', async () => {
    const srv = await start()
    const res = await apiRequest(srv, SESSIONS, undefined, { rawBody: `{"tls": {"key": "${certs.clientKey.slice(0, 60)}` })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ error: 'the body is not valid JSON' })
  })

  it('415 unless the body is sent as application/json (a cross-site form or text/plain POST)', async () => {
    const srv = await start()
    const res = await apiRequest(srv, SESSIONS, undefined, { rawBody: JSON.stringify({ target: 'mqtt://h' }), contentType: 'text/plain' })
    expect(res.status).toBe(415)
    expect(res.body.error).toContain('application/json')
  })

  it('413 for a body over 256 KiB', async () => {
    const srv = await start()
    const res = await apiRequest(srv, SESSIONS, { target: 'mqtts://h', tls: { ca: 'x'.repeat(300 * 1024) } })
    expect(res.status).toBe(413)
    expect(res.body).toEqual({ error: 'the body is larger than 256 KiB' })
  })

  it('405 for anything but POST', async () => {
    const srv = await start()
    const res = await apiRequest(srv, SESSIONS)
    expect(res.status).toBe(405)
    expect(res.headers.allow).toBe('POST')
  })

  it('403 naming the rule for a target the policy refuses', async () => {
    const srv = await start(['--bridge-deny', '10.0.0.0/8', '--bridge-deny', 'secret.lan:*'])
    const cases: Array<[string, unknown]> = [
      ['mqtt://169.254.169.254', { error: 'link-local/metadata address 169.254.169.254 is always denied', rule: 'always denied 169.254.0.0/16' }],
      ['mqtt://[::ffff:169.254.169.254]:1883', { error: 'link-local/metadata address 169.254.169.254 is always denied', rule: 'always denied 169.254.0.0/16' }],
      ['mqtt://[fd00:ec2::254]', { error: 'link-local/metadata address fd00:ec2::254 is always denied', rule: 'always denied fd00:ec2::254/128' }],
      ['mqtt://10.1.2.3', { error: 'mqtt://10.1.2.3:1883 is denied by --bridge-deny 10.0.0.0/8', rule: '--bridge-deny 10.0.0.0/8' }],
      ['mqtt://[::ffff:10.1.2.3]', { error: 'mqtt://[::ffff:10.1.2.3]:1883 is denied by --bridge-deny 10.0.0.0/8', rule: '--bridge-deny 10.0.0.0/8' }],
      ['mqtt://secret.lan', { error: 'mqtt://secret.lan:1883 is denied by --bridge-deny secret.lan:*', rule: '--bridge-deny secret.lan:*' }],
    ]
    for (const [target, refusal] of cases) {
      const res = await apiRequest(srv, SESSIONS, { target }, { origin: srv.origin })
      expect(res.status, target).toBe(403)
      expect(res.body, target).toEqual(refusal)
    }
  })

  it('resolves a name on the server and checks every address it gets', async () => {
    const lookups: string[] = []
    const srv = await start(['--bridge-deny', '10.0.0.0/8'], {
      lookup: async (host) => {
        lookups.push(host)
        if (host === 'metadata.test') return [{ address: '169.254.169.254' }]
        if (host === 'mixed.test') return [{ address: '192.168.0.1' }, { address: '::ffff:10.0.0.7' }]
        return [{ address: '127.0.0.1' }]
      },
    })
    expect(await apiRequest(srv, SESSIONS, { target: 'mqtt://metadata.test' })).toMatchObject({
      status: 403,
      body: { error: 'link-local/metadata address 169.254.169.254 is always denied' },
    })
    expect(await apiRequest(srv, SESSIONS, { target: 'mqtt://mixed.test' })).toMatchObject({
      status: 403,
      body: { error: 'mqtt://mixed.test:1883 (10.0.0.7) is denied by --bridge-deny 10.0.0.0/8', rule: '--bridge-deny 10.0.0.0/8' },
    })
    expect((await apiRequest(srv, SESSIONS, { target: 'mqtt://fine.test' })).status).toBe(200)
    expect(lookups).toEqual(['metadata.test', 'mixed.test', 'fine.test'])
  })

  it('issues a ticket for a name that does not resolve: the connect reports the DNS failure', async () => {
    const srv = await start()
    expect((await apiRequest(srv, SESSIONS, { target: 'mqtt://nothing.invalid' })).status).toBe(200)
  })

  it('does not wait past the connect timeout for a lookup: the ticket is issued and the connect decides', async () => {
    const srv = await start(['--bridge-connect-timeout', '1'], { lookup: () => new Promise(() => {}) })
    const startedAt = Date.now()
    expect((await apiRequest(srv, SESSIONS, { target: 'mqtt://stuck.test' })).status).toBe(200)
    expect(Date.now() - startedAt).toBeLessThan(2_500)
  })

  it('403 for a page on another origin, and for a DNS-rebound Host', async () => {
    const srv = await start()
    const other = await apiRequest(srv, SESSIONS, { target: 'mqtt://127.0.0.1' }, { origin: 'http://evil.example' })
    expect(other).toMatchObject({
      status: 403,
      body: { rule: 'same origin', error: "Origin http://evil.example is not this server's origin nor in --allowed-origins" },
    })
    const rebound = await apiRequest(
      srv,
      SESSIONS,
      { target: 'mqtt://127.0.0.1' },
      { origin: `http://evil.example:${srv.httpPort}`, hostHeader: `evil.example:${srv.httpPort}` },
    )
    expect(rebound).toMatchObject({ status: 403, body: { rule: 'same origin', error: expect.stringContaining('is not a loopback name') } })
  })

  it('403 when the bridge is off', async () => {
    const srv = await start(['--bridge-mode', 'off'])
    expect(await apiRequest(srv, SESSIONS, { target: 'mqtt://127.0.0.1' })).toMatchObject({ status: 403, body: { rule: '--bridge-mode off' } })
  })

  it('429 once 64 tickets are waiting', async () => {
    const srv = await start()
    for (let i = 0; i < BRIDGE_LIMITS.maxPendingTickets; i++) expect((await apiRequest(srv, SESSIONS, { target: 'mqtt://127.0.0.1' })).status).toBe(200)
    const res = await apiRequest(srv, SESSIONS, { target: 'mqtt://127.0.0.1' })
    expect(res.status).toBe(429)
    expect(res.body.error).toContain('too many bridge tickets')
  })
})

describe('POST /api/bridge/sessions with a token', () => {
  it('401 without the token or with a wrong one, 200 with it (restricted mode)', async () => {
    const srv = await start(['--bridge-mode', 'restricted', '--auth-token', TOKEN, '--bridge-allow', '127.0.0.1:*'])
    const missing = await apiRequest(srv, SESSIONS, { target: 'mqtt://127.0.0.1' })
    expect(missing.status).toBe(401)
    expect(missing.headers['www-authenticate']).toBe('Bearer')
    expect(missing.body).toEqual({ error: 'this server needs an access token: send Authorization: Bearer <token>', rule: '--auth-token' })
    const wrong = await apiRequest(srv, SESSIONS, { target: 'mqtt://127.0.0.1' }, { token: TOKEN.toUpperCase() })
    expect(wrong).toMatchObject({ status: 401, body: { error: 'the access token is wrong' } })
    expect((await apiRequest(srv, SESSIONS, { target: 'mqtt://127.0.0.1' }, { token: TOKEN })).status).toBe(200)
  })

  it('refuses what --bridge-allow does not name, even with the token', async () => {
    const srv = await start(['--bridge-mode', 'restricted', '--auth-token', TOKEN, '--bridge-allow', '127.0.0.1:1883'])
    const res = await apiRequest(srv, SESSIONS, { target: 'mqtt://127.0.0.1:1884' }, { token: TOKEN })
    expect(res).toMatchObject({ status: 403, body: { error: 'mqtt://127.0.0.1:1884 is not in --bridge-allow', rule: '--bridge-allow' } })
  })

  it('needs the token in loopback mode too when one is set', async () => {
    const srv = await start(['--auth-token', TOKEN])
    expect((await apiRequest(srv, POLICY)).body).toMatchObject({ mode: 'loopback', tokenRequired: true })
    expect((await apiRequest(srv, SESSIONS, { target: 'mqtt://127.0.0.1' }, { origin: srv.origin })).status).toBe(401)
    expect((await apiRequest(srv, SESSIONS, { target: 'mqtt://127.0.0.1' }, { origin: srv.origin, token: TOKEN })).status).toBe(200)
  })

  it('is restricted when bound to every address (0.0.0.0), and off without a token', async () => {
    const noToken = await start(['--host', '0.0.0.0'])
    expect((await apiRequest(noToken, POLICY)).body).toMatchObject({ mode: 'restricted', enabled: false })
    expect(await apiRequest(noToken, SESSIONS, { target: 'mqtt://127.0.0.1' })).toMatchObject({
      status: 403,
      body: { rule: '--auth-token', error: expect.stringContaining('the server listens on 0.0.0.0, not on loopback') },
    })
    expect(noToken.logs()).toContain('the bridge is off')
  })
})

describe('logs', () => {
  it('never hold the request body, the TLS key, the token or the ticket', async () => {
    const srv = await start(['--auth-token', TOKEN])
    const bodies = [
      { target: 'mqtts://127.0.0.1:8883', tls: { ca: certs.caCert, cert: certs.clientCert, key: certs.clientKey } },
      { target: 'mqtts://169.254.169.254', tls: { cert: certs.clientCert, key: certs.clientKey } },
      { target: 'ws://x', tls: { key: certs.clientKey } },
      { target: 'mqtts://127.0.0.1', tls: { cert: certs.clientCert, key: certs.strangerKey } },
    ]
    const tickets: string[] = []
    for (const body of bodies) {
      const res = await apiRequest(srv, SESSIONS, body, { origin: srv.origin, token: TOKEN })
      if (typeof res.body.ticket === 'string') tickets.push(res.body.ticket)
    }
    await apiRequest(srv, SESSIONS, undefined, { rawBody: `{"tls":{"key":${JSON.stringify(certs.clientKey)}`, token: TOKEN })
    expect(tickets).toHaveLength(1)
    const logs = srv.logs()
    expect(logs).toContain('bridge session refused')
    expect(logs).not.toContain('PRIVATE KEY')
    expect(logs).not.toContain('BEGIN')
    expect(logs).not.toContain(certs.clientKey.split('\n')[1]!)
    expect(logs).not.toContain(TOKEN)
    expect(logs).not.toContain(tickets[0]!)
  })
})
