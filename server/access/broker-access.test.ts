import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { IClientOptions, MqttClient } from 'mqtt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { MqttScopeServer } from '../create-server.ts'
import { ClientPool, collectMessages, expectNoMessage, nextMessage } from '../test-support/mqtt-clients.ts'
import { runCli } from '../test-support/processes.ts'
import { startTestServer } from '../test-support/start-server.ts'
import { withTimeout } from '../test-support/timeout.ts'
import { hashPassword } from './password-hash.ts'

const PASSWORDS = { alice: 'alice-secret', bob: 'bob-secret' } as const

const ACL = `
# anonymous clients
topic read public/#

user alice
topic readwrite home/#
topic deny home/secrets/#
topic write inbox/#
topic readwrite $SYS/#

user bob
topic read home/+/temperature

pattern readwrite devices/%c/#
pattern read inbox/%u/#
`

let dir: string
let usersFile: string
let aclFile: string
const servers: MqttScopeServer[] = []
const clients = new ClientPool()

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mqtt-scope-access-'))
  usersFile = path.join(dir, 'users')
  aclFile = path.join(dir, 'acl')
  const lines = await Promise.all(Object.entries(PASSWORDS).map(async ([name, password]) => `${name}:${await hashPassword(password)}`))
  await writeFile(usersFile, `# test users\n${lines.join('\n')}\n`)
  await writeFile(aclFile, ACL)
})

afterEach(async () => {
  await clients.closeAll()
})

afterAll(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
  await rm(dir, { recursive: true, force: true })
})

async function start(flags: readonly string[]): Promise<string> {
  const { server, addresses } = await startTestServer(flags)
  servers.push(server)
  return `mqtt://127.0.0.1:${addresses.mqttPort}`
}

/** The CONNACK return code a connection attempt got (0: accepted). */
async function connackCode(url: string, options: IClientOptions): Promise<number> {
  try {
    await clients.connect(url, options)
    return 0
  } catch (error) {
    const code = (error as { code?: unknown }).code
    if (typeof code !== 'number') throw error
    return code
  }
}

function closed(client: MqttClient): Promise<void> {
  return withTimeout(
    new Promise<void>((resolve) => (client.disconnected ? resolve() : client.once('close', () => resolve()))),
    5_000,
    'the broker closes the connection',
  )
}

/** The SUBACK codes for these filters (MQTT.js rejects when one of them is 0x80). */
async function subackCodes(client: MqttClient, filters: string[], qos: 0 | 1 = 0): Promise<number[]> {
  try {
    const granted = await withTimeout(client.subscribeAsync(filters, { qos }), 5_000, 'SUBACK')
    return granted.map((g) => g.qos)
  } catch (error) {
    const granted = (error as { packet?: { granted?: unknown[] } }).packet?.granted
    if (granted === undefined) throw error
    return granted.map((g) => (typeof g === 'number' ? g : (g as { qos: number }).qos))
  }
}

const as = (name: keyof typeof PASSWORDS, extra: IClientOptions = {}): IClientOptions => ({ username: name, password: PASSWORDS[name], ...extra })

describe('authentication (--users-file)', () => {
  let url: string
  beforeAll(async () => {
    url = await start(['--users-file', usersFile])
  })

  it('accepts the right password and refuses a wrong one, an unknown user and a missing password with CONNACK 4', async () => {
    expect(await connackCode(url, as('alice'))).toBe(0)
    expect(await connackCode(url, { username: 'alice', password: 'alice-secreT' })).toBe(4)
    expect(await connackCode(url, { username: 'mallory', password: 'alice-secret' })).toBe(4)
    expect(await connackCode(url, { username: 'alice' })).toBe(4)
  })

  it('lets anonymous clients in on loopback by default', async () => {
    expect(await connackCode(url, {})).toBe(0)
  })

  it('refuses anonymous clients (CONNACK 5) when not bound to loopback, and still takes users', async () => {
    // Bound to every address, so not loopback: anonymous clients are refused unless --allow-anonymous.
    const open = await start(['--host', '0.0.0.0', '--users-file', usersFile])
    expect(await connackCode(open, {})).toBe(5)
    expect(await connackCode(open, as('bob'))).toBe(0)
    const allowed = await start(['--host', '0.0.0.0', '--users-file', usersFile, '--allow-anonymous'])
    expect(await connackCode(allowed, {})).toBe(0)
  })

  it('refuses anonymous clients on loopback too with --allow-anonymous false', async () => {
    const closedToAnonymous = await start(['--users-file', usersFile, '--allow-anonymous', 'false'])
    expect(await connackCode(closedToAnonymous, {})).toBe(5)
    expect(await connackCode(closedToAnonymous, as('alice'))).toBe(0)
  })

  it('checks many passwords at once without holding up the event loop', async () => {
    // A server of its own: the wrong passwords of the tests above count against 127.0.0.1's
    // allowance of failed checks (connect-rate-limit.ts), which this test is not about.
    const url = await start(['--users-file', usersFile])
    let ticks = 0
    const ticker = setInterval(() => ticks++, 5)
    const startedAt = Date.now()
    const codes = await Promise.all(Array.from({ length: 8 }, (_, i) => connackCode(url, i % 2 === 0 ? as('alice') : { username: 'bob', password: 'wrong' })))
    const took = Date.now() - startedAt
    clearInterval(ticker)
    expect(codes).toEqual([0, 4, 0, 4, 0, 4, 0, 4])
    // Synchronous checks would leave about one tick per check (8). On a loaded machine the ticks
    // themselves come late, so ask for a quarter of the ideal count, but never more than 30.
    expect(ticks).toBeGreaterThan(Math.min(30, took / 5 / 4))
    console.log(`8 CONNECTs with a password check, 2 at a time: ${took} ms`)
  })
})

describe('authorization (--acl-file)', () => {
  let url: string
  beforeAll(async () => {
    url = await start(['--users-file', usersFile, '--acl-file', aclFile])
  })

  it('delivers an allowed publish, and closes the connection of a denied one without routing it', async () => {
    const watcher = await clients.connect(url, as('alice', { clientId: 'alice-watch' }))
    await withTimeout(watcher.subscribeAsync('home/#', { qos: 1 }), 5_000, 'subscribe')
    const publisher = await clients.connect(url, as('alice', { clientId: 'alice-pub' }))
    const got = nextMessage(watcher)
    await withTimeout(publisher.publishAsync('home/kitchen/lamp', 'on', { qos: 1 }), 5_000, 'allowed publish')
    expect((await got).topic).toBe('home/kitchen/lamp')

    // bob may only read home/+/temperature: writing it closes his connection [MQTT-3.3.5-2].
    const bob = await clients.connect(url, as('bob', { clientId: 'bob-pub' }))
    const bobClosed = closed(bob)
    bob.publish('home/kitchen/temperature', '99', { qos: 0 })
    await bobClosed
    await expectNoMessage(watcher, (m) => m.topic === 'home/kitchen/temperature')
  })

  it('denies what a deny line covers even inside an allowed tree', async () => {
    const alice = await clients.connect(url, as('alice', { clientId: 'alice-deny' }))
    expect(await subackCodes(alice, ['home/secrets/#'])).toEqual([128])
    const aliceClosed = closed(alice)
    alice.publish('home/secrets/safe', 'open', { qos: 0 })
    await aliceClosed
  })

  it('refuses a subscription that can read nothing (SUBACK 0x80) and grants one that can', async () => {
    const bob = await clients.connect(url, as('bob', { clientId: 'bob-sub' }))
    expect(await subackCodes(bob, ['home/kitchen/lamp', 'home/+/temperature'], 1)).toEqual([128, 1])
  })

  it("delivers to a '#' subscriber only the topics it may read, retained messages included", async () => {
    const alice = await clients.connect(url, as('alice', { clientId: 'alice-retain' }))
    await withTimeout(alice.publishAsync('home/hall/lamp', 'off', { qos: 1, retain: true }), 5_000, 'retained publish')
    await withTimeout(alice.publishAsync('home/hall/temperature', '21', { qos: 1, retain: true }), 5_000, 'retained publish')

    const bob = await clients.connect(url, as('bob', { clientId: 'bob-all' }))
    const retained = nextMessage(bob, (m) => m.topic.startsWith('home/'))
    await withTimeout(bob.subscribeAsync('#', { qos: 1 }), 5_000, 'subscribe')
    expect((await retained).topic).toBe('home/hall/temperature')

    const live = collectMessages(bob, 2, () => true, 5_000)
    for (const topic of ['home/hall/lamp', 'home/hall/temperature', 'home/attic/lamp', 'home/attic/temperature']) {
      await withTimeout(alice.publishAsync(topic, 'x', { qos: 1 }), 5_000, `publish ${topic}`)
    }
    expect((await live).map((m) => m.topic)).toEqual(['home/hall/temperature', 'home/attic/temperature'])
    await expectNoMessage(bob, (m) => m.topic.endsWith('/lamp'))
    await alice.publishAsync('home/hall/lamp', '', { qos: 1, retain: true })
    await alice.publishAsync('home/hall/temperature', '', { qos: 1, retain: true })
  })

  it('fills %c with the client id and %u with the user name', async () => {
    const sensor = await clients.connect(url, as('bob', { clientId: 'sensor-1' }))
    await withTimeout(sensor.publishAsync('devices/sensor-1/state', 'ok', { qos: 1 }), 5_000, 'own device')
    const inbox = nextMessage(sensor, (m) => m.topic === 'inbox/bob/1')
    await withTimeout(sensor.subscribeAsync('inbox/#', { qos: 1 }), 5_000, 'subscribe inbox')

    const alice = await clients.connect(url, as('alice', { clientId: 'alice-mail' }))
    await withTimeout(alice.publishAsync('inbox/alice/1', 'not for bob', { qos: 1 }), 5_000, 'publish')
    await withTimeout(alice.publishAsync('inbox/bob/1', 'for bob', { qos: 1 }), 5_000, 'publish')
    expect((await inbox).payload.toString()).toBe('for bob')
    await expectNoMessage(sensor, (m) => m.topic === 'inbox/alice/1', 200)

    const sensorClosed = closed(sensor)
    sensor.publish('devices/sensor-2/state', 'spoofed', { qos: 0 })
    await sensorClosed
  })

  it('keeps refusing client publishes to $SYS/ even when the ACL allows them', async () => {
    const alice = await clients.connect(url, as('alice', { clientId: 'alice-sys' }))
    const aliceClosed = closed(alice)
    alice.publish('$SYS/broker/clients/connected', '1000', { qos: 0 })
    await aliceClosed
  })

  it('gives anonymous clients the lines before any user, and refuses a will they may not publish (CONNACK 5)', async () => {
    const guest = await clients.connect(url, { clientId: 'guest' })
    expect(await subackCodes(guest, ['public/#', 'home/#'])).toEqual([0, 128])
    expect(await connackCode(url, { clientId: 'guest-will', will: { topic: 'home/alarm', payload: Buffer.from('gone'), qos: 0, retain: false } })).toBe(5)
    expect(
      await connackCode(url, as('alice', { clientId: 'alice-will', will: { topic: 'home/alarm', payload: Buffer.from('gone'), qos: 0, retain: false } })),
    ).toBe(0)
  })
})

describe('bad users and ACL files at start', () => {
  it('exits 2 listing each bad line with its number, with the other problems', async () => {
    const badAcl = path.join(dir, 'bad-acl')
    await writeFile(badAcl, 'user alice\ntopic readwrite home/#\ntopic read a/#/b\ngrant all\n')
    const result = await runCli(['--acl-file', badAcl, '--users-file', path.join(dir, 'missing'), '--tls-cert', usersFile, '--http-port', 'x'])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('--http-port: "x" is not a port number')
    expect(result.stderr).toContain(`--users-file: cannot read ${path.join(dir, 'missing')} (no such file)`)
    expect(result.stderr).toMatch(new RegExp(`--acl-file ${badAcl} line 3: "a/#/b": `))
    expect(result.stderr).toContain(`--acl-file ${badAcl} line 4: unknown keyword "grant"`)
    expect(result.stderr).toContain('--tls-cert needs --tls-key')
    expect(result.stderr).not.toMatch(/^\s+at /m)
  })
})
