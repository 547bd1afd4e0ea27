import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import type { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { MqttScopeServer } from '../create-server.ts'
import { startTestServer } from '../test-support/start-server.ts'
import { waitUntil, withTimeout } from '../test-support/timeout.ts'

/**
 * Issue 12, "the ACL loses messages": deliveries with an ACL that allows everything must be the
 * deliveries without one. Every scenario below runs against four real servers (the memory store
 * and a --data-dir, each with and without --acl-file) and must give the same transcript, which is
 * written out as what MQTT 3.1.1 requires. The topics are those of the paho interoperability tests.
 */

/** The issue's file: the paho test broker's. */
const ISSUE_ACL = ['topic readwrite #', 'topic read $SYS/#', 'topic deny test/nosubscribe'].join('\n')
/** `#` does not match topics starting with `$` [MQTT-4.7.2-1], in an ACL as in a subscription: those are named. */
const ALLOW_ALL = `${ISSUE_ACL}\ntopic readwrite $TopicA/#\n`
/** For a refused delivery: anyone writes secret/<own client id>, nobody reads it. */
const SECRETS = 'topic readwrite public/#\npattern write secret/%c\n'

type Store = 'memory' | 'disk'

let dir: string
const servers: MqttScopeServer[] = []
const open = new Set<MqttClient>()
const files: Record<'allowAll' | 'issue' | 'secrets', string> = { allowAll: '', issue: '', secrets: '' }

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mqtt-scope-acl-deliveries-'))
  for (const [name, text] of [
    ['allowAll', ALLOW_ALL],
    ['issue', ISSUE_ACL],
    ['secrets', SECRETS],
  ] as const) {
    files[name] = path.join(dir, name)
    await writeFile(files[name], text)
  }
})
afterEach(async () => {
  await Promise.all([...open].map((client) => withTimeout(client.endAsync(true), 2_000, 'close client').catch(() => client.stream?.destroy())))
  open.clear()
})
afterAll(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
  await rm(dir, { recursive: true, force: true })
})

let folders = 0
async function start(store: Store, acl: string | undefined): Promise<string> {
  const flags = store === 'disk' ? ['--data-dir', path.join(dir, `data-${++folders}`)] : []
  if (acl !== undefined) flags.push('--acl-file', acl)
  const { server, addresses } = await startTestServer(flags)
  servers.push(server)
  return `mqtt://127.0.0.1:${addresses.mqttPort}`
}

interface Listener {
  readonly client: MqttClient
  /** What it received, one line per PUBLISH: `topic qN [retained] "payload"`. */
  readonly lines: string[]
}

/** Connects, listening from before the CONNACK (a persistent session's queue follows it at once). */
async function connect(url: string, clientId: string, options: IClientOptions = {}): Promise<Listener> {
  const client = mqtt.connect(url, { clientId, reconnectPeriod: 0, connectTimeout: 5_000, ...options })
  open.add(client)
  client.on('error', () => {})
  const lines: string[] = []
  client.on('message', (topic, payload, packet) => lines.push(`${topic} q${packet.qos}${packet.retain ? ' retained' : ''} "${payload.toString()}"`))
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve())
      client.once('close', () => reject(new Error(`${clientId}: closed before CONNACK`)))
    }),
    6_000,
    `connect ${clientId}`,
  )
  return { client, lines }
}

async function subscribe(listener: Listener, filters: Record<string, 0 | 1 | 2>): Promise<number[]> {
  const entries = Object.fromEntries(Object.entries(filters).map(([filter, qos]) => [filter, { qos }]))
  const granted = await withTimeout(listener.client.subscribeAsync(entries), 5_000, `subscribe ${Object.keys(filters).join(', ')}`)
  return granted.map((g) => g.qos)
}

function publish(listener: Listener, topic: string, payload: string, qos: 0 | 1 | 2, retain = false): Promise<unknown> {
  return withTimeout(listener.client.publishAsync(topic, payload, { qos, retain }), 5_000, `publish ${topic}`)
}

async function disconnect(listener: Listener): Promise<void> {
  await withTimeout(listener.client.endAsync(), 5_000, 'DISCONNECT')
  open.delete(listener.client)
}

/** The lines once `count` have come, plus any that come within 300 ms more, sorted. */
async function settled(listener: Listener, count: number): Promise<string[]> {
  await waitUntil(() => listener.lines.length >= count, 5_000, `${count} message(s) (got: ${listener.lines.join('; ')})`)
  await new Promise((resolve) => setTimeout(resolve, 300))
  return [...listener.lines].sort()
}

interface Scenario {
  readonly name: string
  readonly expected: readonly string[]
  /** Runs the scenario; what it returns is compared with `expected`. */
  run(url: string, id: (name: string) => string): Promise<string[]>
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: "the issue: a client subscribed to '+/+' (QoS 2) and '#' (QoS 1) gets its own QoS 1 message once",
    expected: ['clean: TopicA/B q1 "own"', 'granted: 2,1', 'granted: 2,1', 'persistent: TopicA/B q1 "own"'],
    async run(url, id) {
      const out: string[] = []
      for (const clean of [true, false]) {
        const client = await connect(url, id(`own-${clean}`), { clean })
        out.push(`granted: ${(await subscribe(client, { '+/+': 2, '#': 1 })).join(',')}`)
        await publish(client, 'TopicA/B', 'own', 1)
        out.push(...(await settled(client, 1)).map((line) => `${clean ? 'clean' : 'persistent'}: ${line}`))
      }
      return out.sort()
    },
  },
  {
    name: 'overlapping subscriptions: one copy, at the highest QoS granted to a matching one [MQTT-3.3.5-1]',
    expected: ['TopicA/B q0 "0"', 'TopicA/B q1 "1"', 'TopicA/B q2 "2"', 'a/b/c q0 "deep"'],
    async run(url, id) {
      const reader = await connect(url, id('overlap'))
      await subscribe(reader, { '#': 0, '+/+': 2, 'TopicA/+': 1 })
      const writer = await connect(url, id('overlap-writer'))
      for (const qos of [0, 1, 2] as const) await publish(writer, 'TopicA/B', String(qos), qos)
      await publish(writer, 'a/b/c', 'deep', 2)
      return settled(reader, 4)
    },
  },
  {
    name: "a subscription's QoS caps the message's [MQTT-3.8.4-6]",
    expected: ['TopicA/C q1 "two"', 'x q0 "two"'],
    async run(url, id) {
      const reader = await connect(url, id('cap'))
      await subscribe(reader, { '#': 1, x: 0 })
      const writer = await connect(url, id('cap-writer'))
      await publish(writer, 'TopicA/C', 'two', 2)
      await publish(writer, 'x', 'two', 2)
      return settled(reader, 2)
    },
  },
  {
    name: '$ topics: no wildcard filter gets them, a filter that names them does [MQTT-4.7.2-1]',
    expected: ['named: $TopicA/B q1 "dollar"', 'wild: TopicA/B q1 "plain"'],
    async run(url, id) {
      const wild = await connect(url, id('wild'))
      await subscribe(wild, { '+/+': 2, '#': 1 })
      const named = await connect(url, id('named'))
      await subscribe(named, { '$TopicA/#': 1 })
      const writer = await connect(url, id('dollar-writer'))
      await publish(writer, '$TopicA/B', 'dollar', 1)
      await publish(writer, 'TopicA/B', 'plain', 1)
      return [...(await settled(wild, 1)).map((l) => `wild: ${l}`), ...(await settled(named, 1)).map((l) => `named: ${l}`)].sort()
    },
  },
  {
    name: 'retained messages: sent on SUBSCRIBE at the lower QoS, never a $ topic to a wildcard',
    expected: ['$: $TopicA/B q1 retained "d"', '+/+: Topic/C q1 retained "1"', '+/+: TopicA/B q0 retained "0"', '+/+: TopicA/C q1 retained "2"'],
    async run(url, id) {
      const writer = await connect(url, id('retain-writer'))
      const retained = [
        ['TopicA', 1],
        ['TopicA/B', 0],
        ['Topic/C', 1],
        ['TopicA/C', 2],
        ['$TopicA/B', 1],
      ] as const
      for (const [topic, qos] of retained) await publish(writer, topic, topic === '$TopicA/B' ? 'd' : String(qos), qos, true)
      try {
        const wild = await connect(url, id('retain-wild'))
        await subscribe(wild, { '+/+': 1 })
        const named = await connect(url, id('retain-named'))
        await subscribe(named, { '$TopicA/+': 2 })
        return [...(await settled(wild, 3)).map((l) => `+/+: ${l}`), ...(await settled(named, 1)).map((l) => `$: ${l}`)].sort()
      } finally {
        for (const [topic] of retained) await publish(writer, topic, '', 1, true)
      }
    },
  },
  {
    name: 'a persistent session while offline: QoS 1 and 2 queued once each, QoS 0 and $ topics not',
    expected: ['back: TopicA/B q2 "two"', 'back: x/y/z q1 "deep"', 'granted: 1', 'granted: 2'],
    async run(url, id) {
      const out: string[] = []
      let session = await connect(url, id('offline'), { clean: false })
      // Two SUBSCRIBEs: the LevelDB index lost `#` when `+/+` came at another QoS.
      out.push(`granted: ${await subscribe(session, { '#': 1 })}`, `granted: ${await subscribe(session, { '+/+': 2 })}`)
      await disconnect(session)
      const writer = await connect(url, id('offline-writer'))
      await publish(writer, 'x/y/z', 'deep', 1)
      await publish(writer, 'TopicA/B', 'two', 2)
      await publish(writer, 'TopicA/C', 'zero', 0)
      await publish(writer, '$TopicA/B', 'dollar', 1)
      session = await connect(url, id('offline'), { clean: false })
      out.push(...(await settled(session, 2)).map((l) => `back: ${l}`))
      await disconnect(session)
      session = await connect(url, id('offline'), { clean: false })
      out.push(...(await settled(session, 0)).map((l) => `again: ${l}`))
      return out.sort()
    },
  },
  {
    name: 'a persistent session while online: each message once, the connection stays, nothing again at reconnect',
    expected: ['live: TopicA/B q2 "two"', 'live: x/y/z q1 "deep"', 'still connected'],
    async run(url, id) {
      const out: string[] = []
      let session = await connect(url, id('online'), { clean: false })
      await subscribe(session, { '#': 1 })
      await subscribe(session, { '+/+': 2 })
      const writer = await connect(url, id('online-writer'))
      await publish(writer, 'x/y/z', 'deep', 1)
      await publish(writer, 'TopicA/B', 'two', 2)
      await publish(writer, '$TopicA/B', 'dollar', 1)
      out.push(...(await settled(session, 2)).map((l) => `live: ${l}`))
      if (session.client.connected) out.push('still connected')
      await disconnect(session)
      session = await connect(url, id('online'), { clean: false })
      out.push(...(await settled(session, 0)).map((l) => `again: ${l}`))
      return out.sort()
    },
  },
]

describe.each<Store>(['memory', 'disk'])('deliveries with an allow-all --acl-file equal those without (%s store)', (store) => {
  const urls: Record<'none' | 'acl', string> = { none: '', acl: '' }
  beforeAll(async () => {
    urls.none = await start(store, undefined)
    urls.acl = await start(store, files.allowAll)
  })

  describe.each(SCENARIOS)('$name', (scenario) => {
    it.each(['none', 'acl'] as const)('%s', async (mode) => {
      const got = await scenario.run(urls[mode], (name) => `${name}-${mode}-${store}`)
      expect(got).toEqual(scenario.expected)
    })
  })
})

describe.each<Store>(['memory', 'disk'])('what an ACL still refuses (%s store)', (store) => {
  it('refuses the denied filter (SUBACK 0x80) and closes a publisher to a denied or unnamed $ topic', async () => {
    const url = await start(store, files.issue)
    const client = await connect(url, 'deny-sub')
    const granted = await withTimeout(
      client.client.subscribeAsync({ 'test/nosubscribe': { qos: 2 }, '+/+': { qos: 2 } }).then(
        (g) => g.map((x) => x.qos),
        (error: { packet?: { granted?: number[] } }) => error.packet?.granted,
      ),
      5_000,
      'SUBACK',
    )
    expect(granted).toEqual([128, 2])
    for (const topic of ['test/nosubscribe', '$TopicA/B']) {
      const writer = await connect(url, `deny-${topic.replace(/\W/g, '')}`)
      const closed = new Promise<void>((resolve) => writer.client.once('close', () => resolve()))
      writer.client.publish(topic, 'x', { qos: 1 })
      await withTimeout(closed, 5_000, `the broker closes the publisher to ${topic}`)
    }
    expect(await settled(client, 0)).toEqual([])
  })

  it('keeps a persistent session its unacknowledged message when a refused one comes right after it', async () => {
    const url = await start(store, files.secrets)
    let reader = await connect(url, 'reader', { clean: false })
    expect(await subscribe(reader, { '#': 1 })).toEqual([1])
    // The reader stops reading, so it acknowledges nothing; then it goes away.
    ;(reader.client.stream as Socket).pause()
    const writer = await connect(url, 'writer')
    writer.client.publish('public/x', 'kept', { qos: 1 })
    writer.client.publish('secret/writer', 'refused', { qos: 1 })
    await new Promise((resolve) => setTimeout(resolve, 300))
    reader.client.end(true)
    open.delete(reader.client)

    reader = await connect(url, 'reader', { clean: false })
    expect(await settled(reader, 1)).toEqual(['public/x q1 "kept"'])
  })
})
