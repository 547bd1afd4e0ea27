import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { startMosquitto, type MosquittoBroker } from '../../e2e/fixtures/mosquitto.ts'
import { ClientPool, collectMessages, expectNoMessage, uniqueTopic } from '../../server/test-support/mqtt-clients.ts'
import { waitUntil, withTimeout } from '../../server/test-support/timeout.ts'
import type { ConnectionState } from '../model/connection-types.ts'
import type { PublishJob, PublishMessage, PublishOutcome } from '../model/publish-types.ts'
import type { MqttSession } from './mqtt-session.ts'
import type { SendResult } from './publish-acks.ts'
import type { OutgoingMessage } from './publish-packet.ts'
import type { PublishConnection } from './publisher.ts'

/**
 * The publish path loads on first use (issue 18): the Publisher (lazy-publisher.ts) and what a
 * session sends a PUBLISH with (publish-send.ts, through MqttSession). Every test starts from fresh
 * modules, so its first publish is made before that code is loaded.
 */
const clients = new ClientPool()
const sessions = new Set<MqttSession>()

beforeEach(() => {
  vi.resetModules()
})

afterEach(async () => {
  vi.doUnmock('./publisher.ts')
  await clients.closeAll()
  await Promise.all([...sessions].map((s) => withTimeout(s.end(), 3_000, 'end session')))
  sessions.clear()
})

function text(topic: string, payload: string, qos: 0 | 1 | 2 = 1): PublishMessage {
  return { topic, payload: { kind: 'text', text: payload }, qos, retain: false }
}

const bytes = (topic: string, payload: string, qos: 0 | 1 | 2): OutgoingMessage => ({ topic, payload: new TextEncoder().encode(payload), qos, retain: false })

describe('MqttSession: publishes asked before the send code is loaded (mosquitto)', () => {
  let mosquitto: MosquittoBroker
  let url: string

  beforeAll(async () => {
    mosquitto = await startMosquitto({ anonymous: true })
    url = mosquitto.tcpUrl
  })
  afterAll(async () => {
    await mosquitto?.stop()
  })

  /** A connected session, and the payloads of the PUBLISH packets it wrote, in the order written. */
  async function connected(protocolVersion: 4 | 5 = 4): Promise<{ session: MqttSession; written: string[] }> {
    const { MqttSession } = await import('./mqtt-session.ts')
    const states: ConnectionState[] = []
    const written: string[] = []
    const session = new MqttSession(
      { url, clientId: `lazy-publish-${Math.random().toString(36).slice(2, 10)}`, protocolVersion, keepalive: 30, clean: true },
      [],
      {
        onState: (state) => states.push(state),
        onMessage: () => {},
        onSubscription: () => {},
        onPacket: (direction, packet) => {
          const p = packet as unknown as { cmd: string; payload?: Uint8Array }
          if (direction === 'sent' && p.cmd === 'publish' && p.payload) written.push(new TextDecoder().decode(p.payload))
        },
      },
    )
    sessions.add(session)
    await waitUntil(() => states.at(-1)?.state === 'connected', 5_000, `connected (states: ${JSON.stringify(states)})`)
    return { session, written }
  }

  it.each([4, 5] as const)('go out in the order asked, each with its acks (QoS 0, 1, 2; MQTT %i)', async (version) => {
    const { session, written } = await connected(version)
    const topic = uniqueTopic('lazy-order')
    const sub = await clients.connect(url)
    await withTimeout(sub.subscribeAsync(topic, { qos: 2 }), 3_000, 'subscribe')
    const received = collectMessages(sub, 5, (m) => m.topic === topic)
    // All asked in one go, before publish-send.ts is loaded.
    const results = await Promise.all(
      (
        [
          ['a', 1],
          ['b', 2],
          ['c', 0],
          ['d', 1],
          ['e', 2],
        ] as const
      ).map(([payload, qos]) => session.publishMessage(bytes(topic, payload, qos))),
    )
    // Written in the order asked (a broker may forward QoS 0 ahead of QoS 1 and 2: each arrives once).
    expect(written).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect((await received).map((m) => m.payload.toString()).sort()).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(results.map((r) => [r.status, r.ack])).toEqual([
      ['acknowledged', 'PUBACK'],
      ['acknowledged', 'PUBCOMP'],
      ['sent', undefined],
      ['acknowledged', 'PUBACK'],
      ['acknowledged', 'PUBCOMP'],
    ])
    expect(results[1]!.pubrecMs).toBeGreaterThanOrEqual(0)
    if (version === 5) expect(results[0]!.reasonCode).toBe(0)
    // Loaded now: the next one is sent at once, tracked as well.
    expect(await session.publishMessage(bytes(topic, 'f', 1))).toMatchObject({ status: 'acknowledged', ack: 'PUBACK' })
  })

  it('are not sent when the session ends while the code loads (a switch of session)', async () => {
    const { session, written } = await connected()
    const topic = uniqueTopic('lazy-ended')
    const sub = await clients.connect(url)
    await withTimeout(sub.subscribeAsync(topic, { qos: 2 }), 3_000, 'subscribe')
    const asked = session.publishMessage(bytes(topic, 'stale', 1))
    const ended = session.end()
    expect(await asked).toMatchObject({ status: 'failed', reason: 'disconnected' })
    await ended
    await expectNoMessage(sub, (m) => m.topic === topic, 300)
    expect(written).toEqual([])
  })
})

describe('LazyPublisher: jobs asked while the publisher loads', () => {
  /** A connection that records the sends and answers each at once. */
  function connection(name: string, log: string[]): PublishConnection {
    return {
      publishMessage(message: OutgoingMessage): Promise<SendResult> {
        log.push(`${name}:${message.topic}`)
        return Promise.resolve({ sentAt: Date.now(), status: 'acknowledged', ack: 'PUBACK' })
      },
    }
  }

  function events() {
    const outcomes: PublishOutcome[] = []
    const jobs: PublishJob[] = []
    return { outcomes, jobs, sink: { outcome: (o: PublishOutcome) => outcomes.push(o), job: (j: PublishJob) => jobs.push(j) } }
  }

  const decoding = { ready: () => Promise.resolve(), messageType: () => undefined }

  it('start in order, each on the connection of the moment asked; a disconnect asked meanwhile follows them', async () => {
    const { LazyPublisher } = await import('./lazy-publisher.ts')
    const log: string[] = []
    const { jobs, sink } = events()
    const errors: string[] = []
    const publisher = new LazyPublisher(sink, decoding, (m) => errors.push(m))
    const a = connection('A', log)
    publisher.stop(99) // nothing started: nothing to stop, nothing loaded
    publisher.start(1, text('one', 'x'), undefined, a)
    publisher.start(2, text('two', 'x'), { intervalMs: 60_000 }, a)
    publisher.endAll('disconnected')
    publisher.start(3, text('three', 'x'), undefined, connection('B', log))
    expect(log).toEqual([])
    const ended = (jobId: number) => {
      const last = jobs.filter((j) => j.jobId === jobId).at(-1)
      return last !== undefined && !last.running && last.acknowledged + last.failed === last.sent
    }
    await waitUntil(() => ended(1) && ended(2) && ended(3), 5_000, 'three jobs ended')
    expect(log).toEqual(['A:one', 'A:two', 'B:three'])
    expect(jobs.filter((j) => j.jobId === 2).at(-1)).toMatchObject({ running: false, endReason: 'disconnected', sent: 1 })
    expect(jobs.filter((j) => j.jobId === 3).at(-1)).toMatchObject({ running: false, sent: 1, acknowledged: 1 })
    expect(errors).toEqual([])
  })

  it('fails each job asked when the publisher cannot be loaded, and tries again on the next one', async () => {
    vi.doMock('./publisher.ts', () => {
      throw new Error('chunk failed')
    })
    const { LazyPublisher } = await import('./lazy-publisher.ts')
    const { outcomes, jobs, sink } = events()
    const errors: string[] = []
    const publisher = new LazyPublisher(sink, decoding, (m) => errors.push(m))
    publisher.start(1, text('one', 'x'), undefined, undefined)
    publisher.start(2, text('two', 'x', 2), undefined, undefined)
    await waitUntil(() => jobs.length === 2, 5_000, 'both jobs failed')
    expect(outcomes.map((o) => [o.jobId, o.status, o.qos])).toEqual([
      [1, 'failed', 1],
      [2, 'failed', 2],
    ])
    expect(outcomes[0]!.reason).toMatch(/^publishing could not be loaded: ./)
    expect(jobs).toMatchObject([
      { jobId: 1, running: false, failed: 1 },
      { jobId: 2, running: false, failed: 1 },
    ])
    expect(errors).toHaveLength(1)
    vi.doUnmock('./publisher.ts')
    const log: string[] = []
    publisher.start(3, text('three', 'x'), undefined, connection('A', log))
    await waitUntil(() => log.length === 1, 5_000, 'the next job loaded the publisher and sent')
  })
})
