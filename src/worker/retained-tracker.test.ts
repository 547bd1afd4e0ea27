import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ListeningAddresses, MqttScopeServer } from '../../server/create-server.ts'
import { ClientPool, uniqueTopic } from '../../server/test-support/mqtt-clients.ts'
import { startTestServer } from '../../server/test-support/start-server.ts'
import { waitUntil, withTimeout } from '../../server/test-support/timeout.ts'
import type { ConnectOptions } from '../model/connection-types.ts'
import type { RetainedMarks } from '../model/retained-types.ts'
import { TopicTree } from '../model/topic-tree.ts'
import { MqttSession } from './mqtt-session.ts'
import { RetainedProbe } from './retained-probe.ts'
import { openScanClient } from './retained-scan.ts'
import { RetainedTracker, type TrackerLimits } from './retained-tracker.ts'

/**
 * Retained marks against the real embedded broker (aedes over /mqtt, MQTT 3.1.1), where a retained
 * message published while we are subscribed arrives without its flag [MQTT-3.3.1-9].
 */
let server: MqttScopeServer
let addresses: ListeningAddresses
const clients = new ClientPool()
const cleanups: Array<() => Promise<void> | void> = []

const LIMITS: TrackerLimits = {
  gatherMs: 20,
  topicsPerRound: 100,
  recheckMs: 400,
  maxRecheckMs: 800,
  probe: { quietMs: 150, roundMs: 5_000 },
  scan: { quietMs: 300, scanMs: 5_000 },
}

beforeAll(async () => {
  ;({ server, addresses } = await startTestServer())
})

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  await clients.closeAll()
})

afterAll(async () => {
  await server?.close()
})

/** The worker's wiring: a session into a tree, every message noted by the tracker. */
async function watch(filter: string, embedded: boolean) {
  const tree = new TopicTree()
  const marks: RetainedMarks[] = []
  const asked: string[][] = []
  const open = async (o: ConnectOptions) => {
    const client = await openScanClient(o)
    const subscribe = client.subscribe.bind(client)
    client.subscribe = (filters, done) => {
      asked.push([...filters])
      subscribe(filters, done)
    }
    return client
  }
  const tracker = new RetainedTracker(tree, { open, onMarks: (m) => marks.push(m), limits: LIMITS })
  const options: ConnectOptions = {
    url: `ws://127.0.0.1:${addresses.httpPort}/mqtt`,
    clientId: `tracker-${Math.random().toString(36).slice(2, 10)}`,
    protocolVersion: 4,
    keepalive: 30,
    clean: true,
    ...(embedded ? { embedded: true } : {}),
  }
  let granted = false
  const session = new MqttSession(options, [{ filter, qos: 0 }], {
    onState: () => {},
    onMessage: (m) => tracker.note(tree.ingest(m.topic, m.payload.slice(), { qos: m.qos, retain: m.retain }, Date.now()), m.retain, m.payload.byteLength),
    onSubscription: (_f, status) => (granted ||= status.state === 'granted'),
  })
  tracker.start(options, () => session.filters)
  cleanups.push(() => {
    tracker.stop()
    return withTimeout(session.end(), 3_000, 'end session')
  })
  await waitUntil(() => granted, 5_000, 'subscribed')
  const retained = (topic: string) => tree.find(topic)?.retained
  return { tree, tracker, marks, asked, retained, received: (topic: string) => tree.find(topic)?.ownMessages ?? 0 }
}

async function device() {
  return clients.connect(`mqtt://127.0.0.1:${addresses.mqttPort}`)
}

describe('RetainedTracker on the embedded broker (probe)', () => {
  it('marks a topic first published retained while subscribed, keeps the mark on a live retained update, drops it on an empty retained publish', async () => {
    const t = uniqueTopic('probe')
    const watcher = await watch(`${t}/#`, true)
    expect(watcher.marks.at(-1)).toEqual({ source: 'probe', scanning: false })
    const pub = await device()
    await pub.publishAsync(`${t}/lamp`, 'on', { qos: 1, retain: true })
    await pub.publishAsync(`${t}/plain`, 'not kept', { qos: 1 })
    await waitUntil(() => watcher.retained(`${t}/lamp`) === true, 5_000, 'lamp marked by the broker’s answer')
    expect(watcher.tree.find(t)?.retainedInSubtree).toBe(1)

    await pub.publishAsync(`${t}/lamp`, 'off', { qos: 1, retain: true })
    await waitUntil(() => watcher.received(`${t}/lamp`) === 2, 5_000, 'the live update arrived')
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(watcher.retained(`${t}/lamp`)).toBe(true)
    expect(watcher.retained(`${t}/plain`)).toBe(false)

    await pub.publishAsync(`${t}/lamp`, '', { qos: 1, retain: true })
    await waitUntil(() => watcher.received(`${t}/lamp`) === 3, 5_000, 'the clear arrived')
    expect(watcher.retained(`${t}/lamp`)).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expect(watcher.retained(`${t}/lamp`)).toBe(false)
    expect(watcher.tree.find(t)?.retainedInSubtree).toBe(0)
  })

  it('an empty message published without retain is no clear: the broker still holds the retained one, and the mark comes back', async () => {
    const t = uniqueTopic('empty')
    const pub = await device()
    await pub.publishAsync(`${t}/valve`, 'open', { qos: 1, retain: true })
    const watcher = await watch(`${t}/#`, true)
    await waitUntil(() => watcher.retained(`${t}/valve`) === true, 5_000, 'replayed with the flag on subscribe')
    await pub.publishAsync(`${t}/valve`, '', { qos: 1 })
    await waitUntil(() => watcher.received(`${t}/valve`) === 2, 5_000, 'the empty message arrived')
    await waitUntil(() => watcher.retained(`${t}/valve`) === true, 5_000, 'marked again by the broker’s answer')
    await pub.publishAsync(`${t}/valve`, '', { qos: 1, retain: true })
  })

  it('asks about a busy topic that is never retained less and less often', async () => {
    const t = uniqueTopic('busy')
    const watcher = await watch(`${t}/#`, true)
    const pub = await device()
    const started = Date.now()
    while (Date.now() - started < 3_000) {
      await pub.publishAsync(`${t}/sensor`, String(Date.now()), { qos: 0 })
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const asks = watcher.asked.filter((filters) => filters.includes(`${t}/sensor`)).length
    // Every 400 ms would be 7 or more in 3 s; doubling from 400 ms up to 800 ms, at most 5.
    expect(asks).toBeGreaterThanOrEqual(2)
    expect(asks).toBeLessThanOrEqual(5)
    expect(watcher.retained(`${t}/sensor`)).toBe(false)
  })
})

describe('RetainedTracker on another broker (scan)', () => {
  it('asks nothing per message; a rescan (on demand, after a reconnect) sets and clears the marks of the subscribed topics', async () => {
    const t = uniqueTopic('scan')
    const watcher = await watch(`${t}/#`, false)
    const pub = await device()
    await pub.publishAsync(`${t}/set-live`, 'v', { qos: 1, retain: true })
    await pub.publishAsync(`${t}/plain`, 'v', { qos: 1 })
    await waitUntil(() => watcher.received(`${t}/plain`) === 1, 5_000, 'both arrived')
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(watcher.retained(`${t}/set-live`)).toBe(false)

    await watcher.tracker.rescan()
    expect(watcher.retained(`${t}/set-live`)).toBe(true)
    expect(watcher.retained(`${t}/plain`)).toBe(false)
    expect(watcher.marks.at(-1)).toMatchObject({ source: 'scan', scanning: false, scannedAt: expect.any(Number) })
    expect(watcher.marks.some((m) => m.scanning)).toBe(true)

    // Cleared by someone while we were away (no message reached us): the reconnect's rescan unmarks it.
    const other = await device()
    await other.publishAsync(`${t}/set-live`, '', { qos: 1, retain: true })
    watcher.tree.setRetained(watcher.tree.find(`${t}/set-live`)!, true)
    watcher.tracker.connected(true)
    await waitUntil(() => watcher.retained(`${t}/set-live`) === false, 5_000, 'unmarked by the rescan after a reconnect')
  })
})

describe('RetainedProbe', () => {
  it('answers for the topics asked about (an empty retained message is none), again and again on one connection', async () => {
    const t = uniqueTopic('ask')
    const pub = await device()
    await pub.publishAsync(`${t}/a`, 'kept', { qos: 1, retain: true })
    await pub.publishAsync(`${t}/empty`, '', { qos: 1, retain: true })
    let opened = 0
    const probe = new RetainedProbe(() => {
      opened++
      return openScanClient({ url: `mqtt://127.0.0.1:${addresses.mqttPort}`, clientId: 'x', protocolVersion: 4, keepalive: 30, clean: true })
    }, LIMITS.probe)
    cleanups.push(() => probe.close())
    const first = await probe.ask([`${t}/a`, `${t}/b`, `${t}/empty`])
    expect([...first.retained]).toEqual([`${t}/a`])
    expect(first.answered).toEqual([`${t}/a`, `${t}/b`, `${t}/empty`])
    await pub.publishAsync(`${t}/b`, 'now kept', { qos: 1, retain: true })
    const second = await probe.ask([`${t}/a`, `${t}/b`])
    expect([...second.retained].sort()).toEqual([`${t}/a`, `${t}/b`])
    expect(opened).toBe(1)
    for (const topic of [`${t}/a`, `${t}/b`]) await pub.publishAsync(topic, '', { qos: 1, retain: true })
  })
})
