import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ListeningAddresses, MqttScopeServer } from '../../server/create-server.ts'
import { startTestServer } from '../../server/test-support/start-server.ts'
import { waitUntil, withTimeout } from '../../server/test-support/timeout.ts'
import type { PacketSnapshot } from '../model/packet-types.ts'
import { MqttSession } from './mqtt-session.ts'
import { PacketService } from './packet-service.ts'
import type { WorkerEvent } from './protocol.ts'

let server: MqttScopeServer
let addresses: ListeningAddresses

beforeAll(async () => {
  ;({ server, addresses } = await startTestServer())
})

afterAll(async () => {
  await server?.close()
})

/**
 * The worker's packet trace of a real MqttSession on the embedded broker: the CONNECT first (the
 * session connects only once the trace listens), the QoS 2 flow with its timings, a bounded
 * snapshot only when asked for and only when changed, and the JSONL export.
 */
it('traces a session from its CONNECT on, and sends snapshots only while the panel is open', async () => {
  const events: WorkerEvent[] = []
  const packets = new PacketService((event) => events.push(event))
  let granted = false
  const session = new MqttSession(
    {
      url: `ws://127.0.0.1:${addresses.httpPort}/mqtt`,
      clientId: `trace-${Date.now().toString(36)}`,
      protocolVersion: 4,
      keepalive: 30,
      clean: true,
      password: 'never-traced',
      username: 'u',
    },
    [{ filter: 'trace/#', qos: 2 }],
    {
      onState: () => {},
      onMessage: () => {},
      onSubscription: (_filter, status) => (granted ||= status.state === 'granted'),
      onPacket: packets.record,
    },
  )
  try {
    await waitUntil(() => granted, 10_000, 'trace/# granted')
    await withTimeout(session.publish('trace/a', 'x', 2, false), 10_000, 'publish QoS 2')
    packets.poll()
    expect(events).toHaveLength(0) // the panel is closed: nothing is sent
    packets.handle({ type: 'packets-view', query: { types: [], topic: '' } })
    await waitUntil(
      () => {
        packets.poll()
        const last = events.at(-1)
        if (last?.type !== 'packets') return false
        packets.handle({ type: 'packets-ack', seq: last.seq })
        return last.snapshot.entries.some((e) => e.type === 'PUBCOMP' && e.direction === 'sent')
      },
      10_000,
      'the QoS 2 flow of our own message coming back',
    )
    const snapshot = (events.at(-1) as { snapshot: PacketSnapshot }).snapshot
    const flow = snapshot.entries.map((e) => `${e.direction} ${e.type}${e.ackMs !== undefined ? ' timed' : ''}`)
    expect(flow.slice(0, 4)).toEqual(['sent CONNECT', 'received CONNACK timed', 'sent SUBSCRIBE', 'received SUBACK timed'])
    expect(flow).toEqual(expect.arrayContaining(['sent PUBLISH', 'received PUBREC timed', 'sent PUBREL', 'received PUBCOMP timed', 'received PUBLISH']))
    expect(snapshot.entries[0]?.details?.['password']).toBe('(redacted)')
    expect(JSON.stringify(snapshot)).not.toContain('never-traced')
    // Unchanged: no new snapshot.
    const count = events.length
    packets.poll()
    expect(events.length).toBe(count)

    packets.handle({ type: 'packets-export', requestId: 7, query: { types: ['CONNECT'], topic: '' } })
    const exported = events.at(-1)
    expect(exported).toMatchObject({ type: 'packets-export', requestId: 7, count: 1 })
    expect((exported as { jsonl: string }).jsonl).toContain('"password":"(redacted)"')
  } finally {
    await session.end()
  }
})
