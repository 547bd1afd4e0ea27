import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { IClientOptions, MqttClient } from 'mqtt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startBridgeServer, type BridgeTestServer } from '../bridge/test-support/bridge-client.ts'
import { ClientPool, nextMessage } from '../test-support/mqtt-clients.ts'
import { withTimeout } from '../test-support/timeout.ts'
import { hashPassword } from './password-hash.ts'

/**
 * --clientid-prefixes-from-username against the real broker with MQTT.js clients, over TCP and
 * /mqtt. Refused (CONNACK 2): a user with a client id that is not its own (another user's, nobody's,
 * an empty one), an anonymous client with an id a user owns. The holder of the id is never kicked.
 */
const PASSWORDS = { alice: 'alice-secret', bob: 'bob-secret', 'alice-bob': 'alice-bob-secret' } as const
type User = keyof typeof PASSWORDS

const ACL = `
user bob
topic readwrite devices/#

pattern readwrite devices/%c/#
`

let dir: string
let usersFile: string
let aclFile: string
let srv: BridgeTestServer
const others: BridgeTestServer[] = []
const clients = new ClientPool()

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mqtt-scope-clientid-'))
  usersFile = path.join(dir, 'users')
  aclFile = path.join(dir, 'acl')
  const lines = await Promise.all(Object.entries(PASSWORDS).map(async ([name, password]) => `${name}:${await hashPassword(password)}`))
  await writeFile(usersFile, `${lines.join('\n')}\n`)
  await writeFile(aclFile, ACL)
  srv = await startBridgeServer(['--users-file', usersFile, '--acl-file', aclFile, '--clientid-prefixes-from-username'])
})

afterEach(async () => {
  await clients.closeAll()
  await Promise.all(others.splice(0).map((other) => other.close()))
})

afterAll(async () => {
  await srv?.close()
  await rm(dir, { recursive: true, force: true })
})

const tcp = (server: BridgeTestServer) => `mqtt://127.0.0.1:${server.mqttPort}`
const ws = (server: BridgeTestServer) => `ws://127.0.0.1:${server.httpPort}/mqtt`
const TRANSPORTS = [
  ['TCP', tcp],
  ['/mqtt', ws],
] as const

const as = (user: User, clientId: string, extra: IClientOptions = {}): IClientOptions => ({ username: user, password: PASSWORDS[user], clientId, ...extra })

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

/** The server's warn lines (JSON, level 40) that mention this client id. */
function warningsAbout(server: BridgeTestServer, clientId: string): Array<Record<string, unknown>> {
  return server
    .logs()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.level === 40 && entry.clientId === clientId)
}

function stillOpen(client: MqttClient): { closed: () => boolean } {
  let closed = false
  client.once('close', () => (closed = true))
  return { closed: () => closed || !client.connected }
}

describe.each(TRANSPORTS)('--clientid-prefixes-from-username over %s', (_name, urlOf) => {
  it("accepts a user's own client ids: its name, or its name followed by '-'", async () => {
    expect(await connackCode(urlOf(srv), as('alice', 'alice'))).toBe(0)
    expect(await connackCode(urlOf(srv), as('alice', 'alice-kitchen'))).toBe(0)
    expect(await connackCode(urlOf(srv), as('alice-bob', 'alice-bob-1'))).toBe(0)
    expect(await connackCode(urlOf(srv), as('bob', 'bob'))).toBe(0)
  })

  it.each([
    ['alice', 'bob-sensor', "another user's id"],
    ['bob', 'alice', "another user's id"],
    ['alice', 'alice-bob-1', "the id of a user whose name extends alice's"],
    ['alice', 'sensor-1', 'an id no user owns'],
    ['alice', 'alice/1', "'/' is not the separator"],
    ['alice', '', 'an empty id (the server would make one up)'],
  ] as const)('refuses %s with %j (%s): CONNACK 2 and a warning with the address', async (user, clientId, _why) => {
    expect(await connackCode(urlOf(srv), as(user, clientId))).toBe(2)
    if (clientId === '') return
    const warning = warningsAbout(srv, clientId).at(-1)
    expect(warning).toMatchObject({ user, msg: expect.stringMatching(/^identifier rejected: user /) })
    expect(warning?.from).toMatch(urlOf === tcp ? /^tcp 127\.0\.0\.1:\d+$/ : /^ws 127\.0\.0\.1:\d+$/)
  })

  it('lets an anonymous client use ids no user owns, and refuses the ones a user owns', async () => {
    expect(await connackCode(urlOf(srv), { clientId: 'guest-1' })).toBe(0)
    expect(await connackCode(urlOf(srv), { clientId: 'alice' })).toBe(2)
    expect(await connackCode(urlOf(srv), { clientId: 'bob-sensor' })).toBe(2)
    expect(warningsAbout(srv, 'bob-sensor').at(-1)).toMatchObject({ msg: expect.stringContaining('belongs to a user') })
  })
})

describe('the holder of a client id', () => {
  it('is not kicked, nor its persistent session taken, by another user or an anonymous client', async () => {
    const sensor = await clients.connect(tcp(srv), as('bob', 'bob-sensor', { clean: false }))
    const watch = stillOpen(sensor)
    await withTimeout(sensor.subscribeAsync('devices/bob-sensor/cmd', { qos: 1 }), 5_000, 'subscribe')

    // Alice would get bob-sensor's %c topics (devices/bob-sensor/#) with its id.
    expect(await connackCode(tcp(srv), as('alice', 'bob-sensor', { clean: false }))).toBe(2)
    expect(await connackCode(ws(srv), as('alice', 'bob-sensor'))).toBe(2)
    expect(await connackCode(ws(srv), { clientId: 'bob-sensor', clean: false })).toBe(2)

    const admin = await clients.connect(tcp(srv), as('bob', 'bob-admin'))
    const got = nextMessage(sensor, (m) => m.topic === 'devices/bob-sensor/cmd')
    await withTimeout(admin.publishAsync('devices/bob-sensor/cmd', 'still here?', { qos: 1 }), 5_000, 'publish')
    expect((await got).payload.toString()).toBe('still here?')
    expect(watch.closed()).toBe(false)
  })

  it('is taken over by its own user, as MQTT says (a second connection with the same id)', async () => {
    const first = await clients.connect(tcp(srv), as('alice', 'alice-phone'))
    const firstClosed = withTimeout(new Promise<void>((resolve) => first.once('close', () => resolve())), 5_000, 'the first connection is closed')
    expect(await connackCode(ws(srv), as('alice', 'alice-phone'))).toBe(0)
    await firstClosed
  })
})

describe('without --clientid-prefixes-from-username', () => {
  it('does not check client ids (as before)', async () => {
    const open = await startBridgeServer(['--users-file', usersFile])
    others.push(open)
    expect(await connackCode(tcp(open), as('alice', 'bob-sensor'))).toBe(0)
    expect(await connackCode(tcp(open), { clientId: 'alice' })).toBe(0)
  })
})
