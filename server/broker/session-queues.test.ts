import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Aedes } from 'aedes'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openBrokerStore, type BrokerStore } from './persistence.ts'
import { keepSessionQueuesRight, type SessionStore, type StoredSubscription } from './session-queues.ts'

/**
 * The store a real aedes uses (its memory store, or the LevelDB one of --data-dir), with the
 * fixes of session-queues.ts, driven through the calls aedes makes.
 */
type Kind = 'memory' | 'disk'

let dir: string
const opened: Array<{ broker: Aedes; store: BrokerStore }> = []

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mqtt-scope-session-queues-'))
})
afterEach(async () => {
  for (const { broker, store } of opened.splice(0)) {
    await new Promise<void>((resolve) => broker.close(() => resolve()))
    await store.close()
  }
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

let folders = 0
async function open(kind: Kind, folder = path.join(dir, `data-${++folders}`)): Promise<SessionStore & { folder: string }> {
  const store = kind === 'disk' ? await openBrokerStore({ dataDir: folder, memory: false }) : await openBrokerStore({ dataDir: '', memory: true })
  const broker = await Aedes.createBroker(store.persistence === undefined ? {} : { persistence: store.persistence })
  opened.push({ broker, store })
  const sessions = (broker as unknown as { persistence: SessionStore }).persistence
  keepSessionQueuesRight(sessions)
  return Object.assign(sessions, { folder })
}

async function closeLast(): Promise<void> {
  const last = opened.pop()!
  await new Promise<void>((resolve) => last.broker.close(() => resolve()))
  await last.store.close()
}

const client = (id: string) => ({ id })
const sub = (topic: string, qos: number) => ({ topic, qos, rh: 0, rap: false, nl: false })

async function sessionsFor(store: SessionStore, topic: string): Promise<string[]> {
  const subs = (await store.subscriptionsByTopic(topic)) as StoredSubscription[]
  return subs.map((s) => `${s.clientId} ${s.topic} q${s.qos}`).sort()
}

async function queued(store: SessionStore & { outgoingStream?: unknown }, clientId: string): Promise<string[]> {
  const stream = (store as unknown as { outgoingStream(c: { id: string }): AsyncIterable<{ topic: string; messageId?: number }> }).outgoingStream(
    client(clientId),
  )
  const topics: string[] = []
  for await (const packet of stream) topics.push(`${packet.topic}${packet.messageId ? ` #${packet.messageId}` : ''}`)
  return topics
}

function packet(topic: string, brokerCounter: number, qos = 1) {
  return {
    cmd: 'publish',
    topic,
    payload: Buffer.from('x'),
    qos,
    retain: false,
    dup: false,
    brokerId: 'test-broker',
    brokerCounter,
    messageId: undefined as number | undefined,
  }
}

describe.each<Kind>(['memory', 'disk'])('persistent sessions a message is queued for (%s store)', (kind) => {
  it('keeps `#` after `+/+` is added at another QoS (the LevelDB index dropped it)', async () => {
    const store = await open(kind)
    await store.addSubscriptions(client('a'), [sub('#', 1)])
    await store.addSubscriptions(client('a'), [sub('+/+', 2)])
    await store.addSubscriptions(client('b'), [sub('+/+', 2), sub('#', 1)])
    await store.addSubscriptions(client('c'), [sub('#', 1), sub('$SYS/#', 2)])
    expect(await sessionsFor(store, 'x/y/z')).toEqual(['a # q1', 'b # q1', 'c # q1'])
  })

  it('never queues a `$` topic for a filter starting with a wildcard [MQTT-4.7.2-1]', async () => {
    const store = await open(kind)
    await store.addSubscriptions(client('wild'), [sub('+/+', 2), sub('#', 1)])
    await store.addSubscriptions(client('named'), [sub('$TopicA/#', 1)])
    expect(await sessionsFor(store, '$TopicA/B')).toEqual(['named $TopicA/# q1'])
    expect(await sessionsFor(store, '$SYS/broker/uptime')).toEqual([])
  })

  it('answers once per session, with its highest QoS, so one message is queued once', async () => {
    const store = await open(kind)
    await store.addSubscriptions(client('a'), [sub('+/+', 2), sub('#', 1), sub('TopicA/B', 1)])
    expect(await sessionsFor(store, 'TopicA/B')).toEqual(['a +/+ q2'])
  })

  it('follows QoS 0 replacing QoS 1, unsubscribing and a clean session', async () => {
    const store = await open(kind)
    await store.addSubscriptions(client('a'), [sub('#', 1), sub('a/+', 1)])
    await store.addSubscriptions(client('a'), [sub('#', 0)])
    expect(await sessionsFor(store, 'a/b')).toEqual(['a a/+ q1'])
    await store.removeSubscriptions(client('a'), ['a/+'])
    expect(await sessionsFor(store, 'a/b')).toEqual([])
    await store.addSubscriptions(client('a'), [sub('a/#', 2)])
    await store.cleanSubscriptions(client('a'))
    expect(await sessionsFor(store, 'a/b')).toEqual([])
  })

  it('ignores a clear without a packet id, which deleted another unsent message (an ACL-refused delivery)', async () => {
    const store = await open(kind)
    await store.addSubscriptions(client('a'), [sub('#', 1)])
    await store.outgoingEnqueue({ clientId: 'a' }, packet('public/x', 1))
    await store.outgoingEnqueue({ clientId: 'a' }, packet('secret/y', 2))
    // What aedes does when authorizeForward refuses secret/y to an online persistent session.
    await store.outgoingClearMessageId(client('a'), packet('secret/y', 2))
    expect(await queued(store, 'a')).toEqual(['public/x', 'secret/y'])
  })

  it('queues a live message whose queued copy is missing instead of failing its delivery', async () => {
    const store = await open(kind)
    const live = Object.assign(packet('raced/topic', 7), { messageId: 42 })
    await expect(store.outgoingUpdate(client('a'), live)).resolves.toBeUndefined()
    expect(await queued(store, 'a')).toEqual(['raced/topic #42'])
  })
})

describe('persistent sessions after a restart (disk store)', () => {
  it('routes from what was stored, then from the changes made after the restart', async () => {
    let store = await open('disk')
    await store.addSubscriptions(client('a'), [sub('#', 1), sub('+/+', 2)])
    await store.addSubscriptions(client('b'), [sub('b/+', 0)])
    const folder = store.folder
    await closeLast()

    store = await open('disk', folder)
    // The index loaded at the start holds QoS 0 subscriptions too: they queue nothing.
    expect(await sessionsFor(store, 'x/y/z')).toEqual(['a # q1'])
    expect(await sessionsFor(store, 'b/c')).toEqual(['a +/+ q2'])
    await store.addSubscriptions(client('a'), [sub('$SYS/#', 0)])
    expect(await sessionsFor(store, 'x/y/z')).toEqual(['a # q1'])
  })
})
