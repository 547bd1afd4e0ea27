import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, type MosquittoBroker } from '../../e2e/fixtures/mosquitto.ts'
import type { MqttScopeServer } from '../../server/create-server.ts'
import { ClientPool, collectMessages, expectNoMessage, nextMessage, uniqueTopic } from '../../server/test-support/mqtt-clients.ts'
import { splitPackets } from '../../server/test-support/mqtt-wire.ts'
import { startTestServer } from '../../server/test-support/start-server.ts'
import { waitUntil, withTimeout } from '../../server/test-support/timeout.ts'
import { MqttSession } from './mqtt-session.ts'
import type { ConnectionState } from '../model/connection-types.ts'
import type { PublishJob, PublishMessage, PublishOutcome } from '../model/publish-types.ts'
import { Publisher, type PublisherOptions } from './publisher.ts'

const clients = new ClientPool()
const sessions = new Set<MqttSession>()

afterEach(async () => {
  await clients.closeAll()
  await Promise.all([...sessions].map((s) => withTimeout(s.end(), 3_000, 'end session')))
  sessions.clear()
})

/** An MqttSession (what the worker uses) and every state it reported. */
function openSession(url: string, protocolVersion: 4 | 5 = 4): { session: MqttSession; states: ConnectionState[] } {
  const states: ConnectionState[] = []
  const session = new MqttSession(
    { url, clientId: `publisher-test-${Math.random().toString(36).slice(2, 10)}`, protocolVersion, keepalive: 30, clean: true },
    [],
    {
      onState: (state) => states.push(state),
      onMessage: () => {},
      onSubscription: () => {},
    },
  )
  sessions.add(session)
  return { session, states }
}

async function connectedSession(url: string, protocolVersion: 4 | 5 = 4): Promise<{ session: MqttSession; states: ConnectionState[] }> {
  const opened = openSession(url, protocolVersion)
  await waitUntil(() => opened.states.at(-1)?.state === 'connected', 5_000, `connected to ${url} (states: ${JSON.stringify(opened.states)})`)
  return opened
}

/** A Publisher whose events are recorded, with the time each job event came. */
function recorder(options: Partial<PublisherOptions> = {}) {
  const outcomes: PublishOutcome[] = []
  const jobs: Array<PublishJob & { at: number }> = []
  const publisher = new Publisher({ outcome: (o) => outcomes.push(o), job: (j) => jobs.push({ ...j, at: performance.now() }) }, options)
  const jobEvents = (jobId: number) => jobs.filter((j) => j.jobId === jobId)
  const lastJob = (jobId: number) => jobEvents(jobId).at(-1)
  /** Every send of the job reported (QoS > 0: acknowledged + failed = sent) and it stopped sending. */
  const settled = (jobId: number, qos0 = false) => {
    const job = lastJob(jobId)
    return job !== undefined && !job.running && (qos0 || job.acknowledged + job.failed === job.sent)
  }
  const untilSettled = (jobId: number, ms = 5_000, qos0 = false) =>
    waitUntil(() => settled(jobId, qos0), ms, `job ${jobId} settled (last event: ${JSON.stringify(lastJob(jobId))})`)
  return { publisher, outcomes, jobs, jobEvents, lastJob, untilSettled }
}

function text(topic: string, payload: string, qos: 0 | 1 | 2 = 1, retain = false): PublishMessage {
  return { topic, payload: { kind: 'text', text: payload }, qos, retain }
}

async function subscriber(url: string, filter: string, protocolVersion: 4 | 5 = 4) {
  const client = await clients.connect(url, { protocolVersion })
  await withTimeout(client.subscribeAsync(filter, { qos: 2 }), 3_000, `subscribe ${filter}`)
  return client
}

describe('publishing on the embedded broker (MQTT 3.1.1)', () => {
  let server: MqttScopeServer
  let url: string

  beforeAll(async () => {
    const started = await startTestServer()
    server = started.server
    url = `mqtt://127.0.0.1:${started.addresses.mqttPort}`
  })
  afterAll(async () => {
    await server?.close()
  })

  it('QoS 0 is "sent"; QoS 1 has its PUBACK and round trip; QoS 2 its PUBREC then PUBCOMP (no reason codes under 3.1.1)', async () => {
    const { session } = await connectedSession(url)
    const topic = uniqueTopic('acks')
    const zero = await session.publishMessage({ topic, payload: new Uint8Array([1]), qos: 0, retain: false })
    expect(zero).toMatchObject({ status: 'sent' })
    expect(zero.ack).toBeUndefined()
    expect(zero.sentAt).toBeGreaterThan(Date.now() - 5_000)

    const one = await session.publishMessage({ topic, payload: new Uint8Array([1]), qos: 1, retain: false })
    expect(one).toMatchObject({ status: 'acknowledged', ack: 'PUBACK' })
    expect(one.rttMs).toBeGreaterThanOrEqual(0)
    expect(one.rttMs).toBeLessThan(2_000)
    expect(one.pubrecMs).toBeUndefined()
    expect(one.reasonCode).toBeUndefined()

    const two = await session.publishMessage({ topic, payload: new Uint8Array([1]), qos: 2, retain: false })
    expect(two).toMatchObject({ status: 'acknowledged', ack: 'PUBCOMP' })
    expect(two.pubrecMs).toBeGreaterThanOrEqual(0)
    expect(two.rttMs).toBeGreaterThanOrEqual(two.pubrecMs!)
    expect(two.reasonCode).toBeUndefined()
  })

  it.each([
    [0, false],
    [1, true],
    [2, false],
    [2, true],
  ] as const)('an independent subscriber gets exactly one copy at QoS %i, retain %s, with the exact bytes (binary too)', async (qos, retain) => {
    const { session } = await connectedSession(url)
    const topic = uniqueTopic(`copy-${qos}-${retain}`)
    const sub = await subscriber(url, topic)
    const { publisher, outcomes, untilSettled } = recorder()
    const bytes = new Uint8Array([0x00, 0xff, 0x80, 0x0a, 0xc3, 0x28, 0x7f, 0x00])
    const received = nextMessage(sub, (m) => m.topic === topic)
    publisher.start(1, { topic, payload: { kind: 'bytes', bytes }, qos, retain }, undefined, session)
    const message = await received
    expect([...message.payload]).toEqual([...bytes])
    expect(message.packet.qos).toBe(qos)
    // [MQTT-3.3.1-9] A live message is forwarded with retain 0 under 3.1.1, retained or not; the broker keeps it, though.
    expect(message.packet.retain).toBe(false)
    await expectNoMessage(sub, (m) => m.topic === topic, 300)
    await untilSettled(1, 5_000, qos === 0)
    expect(outcomes).toHaveLength(1)
    expect(outcomes[0]).toMatchObject({ jobId: 1, index: 1, topic, bytes: bytes.length, qos, retain, status: qos === 0 ? 'sent' : 'acknowledged' })
    if (retain) {
      // A new subscriber gets the retained copy, flagged.
      const late = await subscriber(url, topic)
      const kept = await nextMessage(late, (m) => m.topic === topic)
      expect(kept.packet.retain).toBe(true)
      expect([...kept.payload]).toEqual([...bytes])
      await session.publish(topic, '', 1, true) // clear it (the clear-retained path)
    }
  })

  it('repeat sends exactly M messages, M outcomes counted, jobs run side by side', async () => {
    const { session } = await connectedSession(url)
    const a = uniqueTopic('repeat-a')
    const b = uniqueTopic('repeat-b')
    const sub = await subscriber(url, `${a.split('/').slice(0, 2).join('/')}/#`)
    await withTimeout(sub.subscribeAsync(`${b.split('/').slice(0, 2).join('/')}/#`, { qos: 2 }), 3_000, 'subscribe b')
    const { publisher, lastJob, untilSettled, jobEvents } = recorder()
    const gotA = collectMessages(sub, 7, (m) => m.topic === a, 5_000)
    const gotB = collectMessages(sub, 4, (m) => m.topic === b, 5_000)
    publisher.start(1, text(a, 'a', 1), { intervalMs: 20, count: 7 }, session)
    publisher.start(2, text(b, 'b', 2), { intervalMs: 30, count: 4 }, session)
    expect(publisher.runningJobs).toBe(2)
    await Promise.all([gotA, gotB])
    await untilSettled(1)
    await untilSettled(2)
    expect(lastJob(1)).toMatchObject({ jobId: 1, total: 7, sent: 7, acknowledged: 7, failed: 0, running: false })
    expect(lastJob(1)!.endReason).toBeUndefined()
    expect(lastJob(2)).toMatchObject({ jobId: 2, total: 4, sent: 4, acknowledged: 4, failed: 0, running: false })
    expect(jobEvents(1)[0]).toMatchObject({ running: true, sent: 1 })
    await expectNoMessage(sub, (m) => m.topic === a || m.topic === b, 300)
    expect(publisher.runningJobs).toBe(0)
  })

  it('an encoded payload (Sparkplug B) is expanded and encoded per send: seq counts per edge node; a send that cannot be encoded fails naming the field, nothing sent', async () => {
    const { encodePublish, SparkplugSequence } = await import('../model/publish-encoders.ts')
    const { SPARKPLUG_B_PROTO } = await import('../model/sparkplug-schema.ts')
    const { parse } = await import('protobufjs')
    const Payload = parse(SPARKPLUG_B_PROTO).root.lookupType('org.eclipse.tahu.protobuf.Payload')
    const sequence = new SparkplugSequence()
    const { session } = await connectedSession(url)
    const group = uniqueTopic('sp').replace(/\//g, '-')
    const topic = `spBv1.0/${group}/DDATA/edge/dev`
    const sub = await subscriber(url, `spBv1.0/${group}/#`)
    const { publisher, lastJob, outcomes, untilSettled } = recorder({ encode: (format, t, json) => encodePublish(format, t, json, sequence, Date.now()) })
    const got = collectMessages(sub, 3, (m) => m.topic === topic, 5_000)
    const message = (json: string): PublishMessage => ({ topic, payload: { kind: 'encoded', format: 'sparkplug', text: json }, qos: 1, retain: false })
    publisher.start(1, message('{"metrics": [{"name": "n", "datatype": "Int32", "value": {{counter}}}]}'), { intervalMs: 20, count: 3 }, session)
    const decoded = (await got).map((m) => Payload.toObject(Payload.decode(m.payload), { longs: String }) as { seq: string; metrics: { intValue: number }[] })
    expect(decoded.map((d) => d.seq)).toEqual(['0', '1', '2'])
    const counters = decoded.map((d) => d.metrics[0]!.intValue)
    expect(counters[1]! - counters[0]!).toBe(1)
    await untilSettled(1)
    expect(lastJob(1)).toMatchObject({ sent: 3, acknowledged: 3, failed: 0 })

    publisher.start(2, message('{"metrics": [{"name": "n", "datatype": "Int8", "value": {{random 200 300}}}]}'), undefined, session)
    await untilSettled(2)
    expect(outcomes.at(-1)).toMatchObject({
      jobId: 2,
      status: 'failed',
      reason: expect.stringMatching(/^metrics\[0\]\.value: expected a whole number -128 to 127 for Int8/) as string,
    })
    await expectNoMessage(sub, (m) => m.topic === topic, 300)
  })

  it('a fast repeat: progress at most once per flush interval while running, outcomes coalesced, every send counted, the last outcome always', async () => {
    const { session } = await connectedSession(url)
    const topic = uniqueTopic('fast')
    const { publisher, outcomes, jobEvents, untilSettled } = recorder({ minIntervalMs: 10, flushIntervalMs: 100 })
    publisher.start(5, text(topic, 'x', 0), { intervalMs: 1, count: 40 }, session) // asked 1 ms: slowed to 10 ms
    const started = performance.now()
    await untilSettled(5, 5_000, true)
    const took = performance.now() - started
    expect(took).toBeGreaterThanOrEqual(380) // 39 intervals of 10 ms after the first send
    const events = jobEvents(5)
    const running = events.filter((e) => e.running)
    for (let i = 1; i < running.length; i++) expect(running[i]!.at - running[i - 1]!.at).toBeGreaterThanOrEqual(95)
    expect(events.at(-1)).toMatchObject({ sent: 40, running: false, failed: 0 })
    expect(outcomes.length).toBeLessThan(40)
    expect(outcomes.at(-1)).toMatchObject({ index: 40, status: 'sent' })
    const indexes = outcomes.map((o) => o.index)
    expect(indexes).toEqual([...indexes].sort((x, y) => x - y))
  })

  it('stop halts a job: no further sends, the subscriber got exactly what was sent', async () => {
    const { session } = await connectedSession(url)
    const topic = uniqueTopic('stop')
    const sub = await subscriber(url, topic)
    const received: Buffer[] = []
    sub.on('message', (t, payload) => {
      if (t === topic) received.push(payload)
    })
    const { publisher, outcomes, lastJob, untilSettled } = recorder()
    publisher.start(3, text(topic, 'tick', 1), { intervalMs: 40 }, session)
    await waitUntil(() => (lastJob(3)?.sent ?? 0) >= 3, 5_000, 'three sends')
    publisher.stop(3)
    expect(lastJob(3)).toMatchObject({ running: false, endReason: 'stopped', total: undefined })
    await untilSettled(3)
    const sent = lastJob(3)!.sent
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(lastJob(3)!.sent).toBe(sent)
    expect(outcomes.at(-1)!.index).toBe(sent)
    expect(received).toHaveLength(sent)
    publisher.stop(3) // stopping again is harmless
    expect(publisher.runningJobs).toBe(0)
  })

  it('templates are expanded per send with one counter for all sends (single publishes count up too)', async () => {
    const { session } = await connectedSession(url)
    const base = uniqueTopic('template')
    const sub = await subscriber(url, `${base}/#`)
    const { publisher, untilSettled, outcomes } = recorder()
    const got = collectMessages(sub, 5, () => true, 5_000)
    publisher.start(1, text(`${base}/{{counter}}`, '{"n":{{counter}},"v":{{random 5 5}}}', 1), { intervalMs: 20, count: 3 }, session)
    await untilSettled(1)
    publisher.start(2, text(`${base}/{{counter}}`, 'single {{counter}}', 1), undefined, session)
    await untilSettled(2)
    publisher.start(3, text(`${base}/{{counter}}`, 'single {{counter}}', 1), undefined, session)
    const messages = await got
    expect(messages.map((m) => m.topic)).toEqual([1, 2, 3, 4, 5].map((n) => `${base}/${n}`))
    expect(messages.map((m) => m.payload.toString())).toEqual(['{"n":1,"v":5}', '{"n":2,"v":5}', '{"n":3,"v":5}', 'single 4', 'single 5'])
    await untilSettled(3)
    // The repeat's outcomes may be coalesced; its last one and the singles' are always there.
    expect(outcomes.filter((o) => o.jobId === 1).at(-1)).toMatchObject({ index: 3, topic: `${base}/3`, bytes: '{"n":3,"v":5}'.length })
    expect(outcomes.filter((o) => o.jobId !== 1).map((o) => [o.jobId, o.index, o.topic, o.bytes])).toEqual([
      [2, 1, `${base}/4`, 'single 4'.length],
      [3, 1, `${base}/5`, 'single 5'.length],
    ])
  })

  it('a template that cannot be expanded fails the send, not sent, and ends the repeat', async () => {
    const { session } = await connectedSession(url)
    const { publisher, outcomes, lastJob } = recorder()
    publisher.start(4, text('a/{{nope}}', 'x', 1), { intervalMs: 20, count: 5 }, session)
    await waitUntil(() => lastJob(4)?.running === false, 2_000, 'job ended')
    expect(outcomes).toEqual([
      expect.objectContaining({ jobId: 4, index: 1, status: 'failed', reason: expect.stringMatching(/^unknown template \{\{nope\}\}/) }),
    ])
    expect(lastJob(4)).toMatchObject({ sent: 1, failed: 1, running: false, endReason: expect.stringMatching(/^unknown template/) })
  })

  it('disconnecting ends running jobs', async () => {
    const { session } = await connectedSession(url)
    const { publisher, lastJob, untilSettled } = recorder()
    publisher.start(9, text(uniqueTopic('bye'), 'x', 1), { intervalMs: 30 }, session)
    await waitUntil(() => (lastJob(9)?.sent ?? 0) >= 2, 5_000, 'two sends')
    publisher.endAll('disconnected')
    await session.end()
    await untilSettled(9)
    expect(lastJob(9)).toMatchObject({ running: false, endReason: 'disconnected' })
    const sent = lastJob(9)!.sent
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(lastJob(9)!.sent).toBe(sent)
  })

  it('publishing while disconnected fails at once ("not connected") and ends a repeat job; MQTT.js queues nothing', async () => {
    const { publisher, outcomes, lastJob } = recorder()
    const began = performance.now()
    publisher.start(1, text('a/b', 'x', 1), undefined, undefined)
    await Promise.resolve()
    expect(outcomes).toEqual([expect.objectContaining({ jobId: 1, index: 1, status: 'failed', reason: 'not connected', topic: 'a/b', bytes: 1 })])
    expect(lastJob(1)).toMatchObject({ sent: 1, failed: 1, running: false })

    // A session whose broker is gone: connected once, then the broker closed it.
    const { server: gone, addresses } = await startTestServer()
    const goneUrl = `mqtt://127.0.0.1:${addresses.mqttPort}`
    const { session, states } = await connectedSession(goneUrl)
    await gone.close()
    await waitUntil(() => states.at(-1)?.state === 'reconnecting', 5_000, 'reconnecting')
    publisher.start(2, text('a/b', 'x', 1), { intervalMs: 50, count: 10 }, session)
    await waitUntil(() => lastJob(2)?.running === false, 1_000, 'job 2 ended')
    expect(lastJob(2)).toMatchObject({ sent: 1, failed: 1, acknowledged: 0, running: false, endReason: 'not connected' })
    expect(outcomes.filter((o) => o.jobId === 2)).toEqual([expect.objectContaining({ status: 'failed', reason: 'not connected' })])
    expect(performance.now() - began).toBeLessThan(5_000)
  })
})

/**
 * A broker that accepts CONNECT (3.1.1 or 5, its CONNACK without properties) and answers nothing
 * else (PINGREQ aside): a PUBLISH is never acknowledged. `dropOnPublish` closes the socket when a PUBLISH arrives instead.
 */
async function silentBroker(dropOnPublish = false): Promise<{ url: string; publishes: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>()
  let publishes = 0
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    let rest = Buffer.alloc(0)
    socket.on('data', (chunk: Buffer) => {
      const split = splitPackets(Buffer.concat([rest, chunk]))
      rest = Buffer.from(split.rest)
      for (const packet of split.packets) {
        // CONNACK, accepted; for MQTT 5 (protocol level 5, after the "MQTT" name) with no properties.
        if (packet.type === 1) socket.write(Buffer.from(packet.body[6] === 5 ? [0x20, 0x03, 0x00, 0x00, 0x00] : [0x20, 0x02, 0x00, 0x00]))
        if (packet.type === 12) socket.write(Buffer.from([0xd0, 0x00])) // PINGRESP
        if (packet.type === 3) {
          publishes++
          if (dropOnPublish) socket.destroy()
        }
      }
    })
  })
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `mqtt://127.0.0.1:${port}`,
    publishes: () => publishes,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

describe('a send without its acknowledgement', () => {
  it('times out at QoS 1 and 2 (saying which ack is missing), never hangs', async () => {
    const broker = await silentBroker()
    try {
      const { session } = await connectedSession(broker.url)
      const { publisher, outcomes, lastJob, untilSettled } = recorder({ ackTimeoutMs: 300 })
      const began = performance.now()
      publisher.start(1, text('t/1', 'x', 1), undefined, session)
      publisher.start(2, text('t/2', 'x', 2), undefined, session)
      await untilSettled(1, 2_000)
      await untilSettled(2, 2_000)
      expect(performance.now() - began).toBeLessThan(1_500)
      expect(outcomes.find((o) => o.jobId === 1)).toMatchObject({ status: 'timeout', reason: 'no PUBACK within 0.3 s' })
      expect(outcomes.find((o) => o.jobId === 2)).toMatchObject({ status: 'timeout', reason: 'no PUBREC within 0.3 s' })
      expect(lastJob(1)).toMatchObject({ sent: 1, acknowledged: 0, failed: 1, running: false })
      expect(broker.publishes()).toBe(2)
    } finally {
      await broker.close()
    }
  })

  it('times out when the socket closes mid-way, and the message is not sent again after the reconnect', async () => {
    const broker = await silentBroker(true)
    try {
      const { session, states } = await connectedSession(broker.url)
      const result = await withTimeout(
        session.publishMessage({ topic: 't/drop', payload: new Uint8Array([7]), qos: 1, retain: false }, 400),
        2_000,
        'publish settles',
      )
      expect(result).toMatchObject({ status: 'timeout', reason: 'no PUBACK within 0.4 s' })
      const connects = states.filter((s) => s.state === 'connected').length
      await waitUntil(() => states.filter((s) => s.state === 'connected').length > connects, 6_000, 'reconnected')
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(broker.publishes()).toBe(1)
    } finally {
      await broker.close()
    }
  })
})

describe('MQTT 5 on mosquitto: reason codes, properties, CONNACK limits', () => {
  let mosquitto: MosquittoBroker

  beforeAll(async () => {
    mosquitto = await startMosquitto({ anonymous: true, acl: 'topic readwrite scope/#' })
  })
  afterAll(async () => {
    await mosquitto?.stop()
  })

  it('(MQTT 5.0 3.4.2.1) QoS 1 to a topic nobody subscribes: acknowledged, 0x10 "no matching subscribers"; QoS 2: PUBREC and PUBCOMP timed', async () => {
    const { session } = await connectedSession(mosquitto.tcpUrl, 5)
    const one = await session.publishMessage({ topic: uniqueTopic('nobody').replace(/^test/, 'scope'), payload: new Uint8Array([1]), qos: 1, retain: false })
    expect(one).toMatchObject({ status: 'acknowledged', ack: 'PUBACK', reasonCode: 0x10, reason: 'no matching subscribers' })
    const two = await session.publishMessage({ topic: uniqueTopic('nobody').replace(/^test/, 'scope'), payload: new Uint8Array([1]), qos: 2, retain: false })
    // mosquitto 2.0 says 0x10 on PUBACK only; its PUBREC carries 0 either way.
    expect(two).toMatchObject({ status: 'acknowledged', ack: 'PUBCOMP', reasonCode: 0, reason: 'success' })
    expect(two.pubrecMs).toBeLessThanOrEqual(two.rttMs!)
    const zero = await session.publishMessage({ topic: 'scope/zero', payload: new Uint8Array([1]), qos: 0, retain: false })
    expect(zero).toMatchObject({ status: 'sent' })
    expect(zero.reasonCode).toBeUndefined()
  })

  it('with a subscriber: success (0x00); a topic the ACL denies: refused, 0x87 "not authorized" (on PUBACK, on PUBREC)', async () => {
    const { session } = await connectedSession(mosquitto.tcpUrl, 5)
    const topic = uniqueTopic('ok').replace(/^test/, 'scope')
    await subscriber(mosquitto.tcpUrl, topic, 5)
    const ok = await session.publishMessage({ topic, payload: new Uint8Array([1]), qos: 1, retain: false })
    expect(ok).toMatchObject({ status: 'acknowledged', ack: 'PUBACK', reasonCode: 0, reason: 'success' })
    const denied1 = await session.publishMessage({ topic: 'denied/x', payload: new Uint8Array([1]), qos: 1, retain: false })
    expect(denied1).toMatchObject({ status: 'refused', ack: 'PUBACK', reasonCode: 0x87, reason: 'not authorized' })
    expect(denied1.rttMs).toBeGreaterThanOrEqual(0)
    const denied2 = await session.publishMessage({ topic: 'denied/x', payload: new Uint8Array([1]), qos: 2, retain: false })
    expect(denied2).toMatchObject({ status: 'refused', ack: 'PUBREC', reasonCode: 0x87, reason: 'not authorized' })
    expect(denied2.pubrecMs).toBeGreaterThanOrEqual(0)
    // The connection stays usable.
    expect(await session.publishMessage({ topic, payload: new Uint8Array([2]), qos: 1, retain: false })).toMatchObject({ status: 'acknowledged' })
  })

  it('a v5 subscriber receives the user properties, content type, response topic, correlation data, payload format and expiry (templates expanded)', async () => {
    const { session } = await connectedSession(mosquitto.tcpUrl, 5)
    const topic = uniqueTopic('props').replace(/^test/, 'scope')
    const sub = await subscriber(mosquitto.tcpUrl, topic, 5)
    const { publisher, untilSettled, outcomes } = recorder()
    const received = nextMessage(sub, (m) => m.topic === topic)
    publisher.start(
      1,
      {
        topic,
        payload: { kind: 'text', text: '{"t":"ü"}' },
        qos: 1,
        retain: false,
        properties: {
          contentType: 'application/json',
          payloadFormatIndicator: true,
          messageExpiryInterval: 120,
          responseTopic: 'scope/reply/{{counter}}',
          correlationData: 'req-{{counter}}-ü',
          userProperties: [
            ['device', 'sensor-1'],
            ['tag', 'a'],
            ['tag', 'b'],
          ],
        },
      },
      undefined,
      session,
    )
    const message = await received
    await untilSettled(1)
    expect(message.payload.toString('utf8')).toBe('{"t":"ü"}')
    const p = message.packet.properties!
    expect(p.contentType).toBe('application/json')
    expect(p.payloadFormatIndicator).toBe(true)
    expect(p.messageExpiryInterval).toBeGreaterThan(100)
    expect(p.messageExpiryInterval).toBeLessThanOrEqual(120)
    expect(p.responseTopic).toBe('scope/reply/1')
    expect(Buffer.from(p.correlationData!).toString('utf8')).toBe('req-1-ü')
    expect(p.userProperties).toEqual({ device: 'sensor-1', tag: ['a', 'b'] })
    expect(outcomes[0]).toMatchObject({ status: 'acknowledged', reasonCode: 0, bytes: Buffer.byteLength('{"t":"ü"}') })
  })

  it('a topic alias: sent with the topic once, then with the alias alone', async () => {
    const { session } = await connectedSession(mosquitto.tcpUrl, 5)
    const topic = uniqueTopic('alias').replace(/^test/, 'scope')
    const sub = await subscriber(mosquitto.tcpUrl, topic, 5)
    const got = collectMessages(sub, 2, (m) => m.topic === topic, 5_000)
    expect(await session.publishMessage({ topic, payload: new Uint8Array([1]), qos: 1, retain: false, properties: { topicAlias: 1 } })).toMatchObject({
      status: 'acknowledged',
    })
    expect(await session.publishMessage({ topic: '', payload: new Uint8Array([2]), qos: 1, retain: false, properties: { topicAlias: 1 } })).toMatchObject({
      status: 'acknowledged',
    })
    expect((await got).map((m) => [...m.payload])).toEqual([[1], [2]])
  })

  it('the old publish() (clear retained) resolves on the PUBACK and rejects with the reason', async () => {
    const { session } = await connectedSession(mosquitto.tcpUrl, 5)
    await expect(session.publish('scope/clear', '', 1, true)).resolves.toBeUndefined()
    await expect(session.publish('denied/clear', '', 1, true)).rejects.toThrow('not authorized')
  })
})

describe('MQTT 5 CONNACK limits (mosquitto configured with them)', () => {
  let mosquitto: MosquittoBroker

  beforeAll(async () => {
    mosquitto = await startMosquitto({
      anonymous: true,
      settings: ['max_packet_size 2048', 'retain_available false'],
      listenerSettings: ['max_qos 1', 'max_topic_alias 5'],
    })
  })
  afterAll(async () => {
    await mosquitto?.stop()
  })

  it('appear in the connected state, and a send beyond them fails without being sent (the broker would drop the connection)', async () => {
    const { session, states } = await connectedSession(mosquitto.tcpUrl, 5)
    expect(states.at(-1)!.broker).toEqual({ maximumPacketSize: 2048, topicAliasMaximum: 5, retainAvailable: false, maximumQoS: 1 })
    const base = { topic: 'limits/t', payload: new Uint8Array(10), qos: 1 as const, retain: false }
    expect(await session.publishMessage({ ...base, qos: 2 })).toMatchObject({ status: 'failed', reason: 'the broker accepts QoS 1 at most' })
    expect(await session.publishMessage({ ...base, retain: true })).toMatchObject({ status: 'failed', reason: 'the broker does not support retained messages' })
    expect(await session.publishMessage({ ...base, properties: { topicAlias: 6 } })).toMatchObject({
      status: 'failed',
      reason: 'topic alias 6 is out of range: the broker accepts 1 to 5',
    })
    expect(await session.publishMessage({ ...base, payload: new Uint8Array(2100) })).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/^the packet would be 2,11\d bytes; the broker accepts at most 2,048$/),
    })
    // Just under the limit is sent, and the connection is still up.
    expect(await session.publishMessage({ ...base, payload: new Uint8Array(2000) })).toMatchObject({ status: 'acknowledged' })
    expect(states.at(-1)!.state).toBe('connected')
  })

  it('a 3.1.1 connection has no broker limits in its state; a v5 one whose CONNACK announces none has {}', async () => {
    const { states } = await connectedSession(mosquitto.tcpUrl, 4)
    expect(states.at(-1)!.broker).toBeUndefined()
    const bare = await silentBroker()
    try {
      const v5 = await connectedSession(bare.url, 5)
      expect(v5.states.at(-1)!.broker).toEqual({})
      // No topicAliasMaximum: no topic aliases (MQTT 5.0 section 3.2.2.3.8).
      expect(await v5.session.publishMessage({ topic: 'a', payload: new Uint8Array(1), qos: 0, retain: false, properties: { topicAlias: 1 } })).toMatchObject({
        status: 'failed',
        reason: 'the broker accepts no topic aliases',
      })
    } finally {
      await bare.close()
    }
  })
})
