import mqtt from 'mqtt'
import { expect, it } from 'vitest'
import type { ListeningAddresses } from '../../server/create-server.ts'
import { startTestServer } from '../../server/test-support/start-server.ts'
import { waitUntil, withTimeout } from '../../server/test-support/timeout.ts'
import type { ConnectionState } from '../model/connection-types.ts'
import type { PacketDirection, TracedPacket } from '../model/packet-types.ts'
import { MqttSession } from './mqtt-session.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A plain TCP client subscribed to `topic`, collecting what arrives there. */
async function watch(addresses: ListeningAddresses, topic: string): Promise<{ received: string[]; close(): Promise<void> }> {
  const received: string[] = []
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${addresses.mqttPort}`, { reconnectPeriod: 0 })
  client.on('message', (_topic, payload) => received.push(payload.toString()))
  await client.subscribeAsync(topic, { qos: 1 })
  return { received, close: () => client.endAsync(true) }
}

/**
 * Disconnect is a normal disconnection: the session sends a DISCONNECT, so the broker discards the
 * will. The same broker publishes a will when a client's connection just drops (the contrast that
 * shows the test can fail).
 */
it('Disconnect sends a DISCONNECT, and the broker does not publish the will', async () => {
  const { server, addresses } = await startTestServer()
  const id = Date.now().toString(36)
  const willTopic = `end/will/${id}`
  const sent: string[] = []
  const states: ConnectionState[] = []
  let watcher: Awaited<ReturnType<typeof watch>> | undefined
  try {
    const seen = await watch(addresses, willTopic)
    watcher = seen
    // The contrast: a client whose connection drops without a DISCONNECT has its will published.
    const dropped = await mqtt.connectAsync(`mqtt://127.0.0.1:${addresses.mqttPort}`, {
      reconnectPeriod: 0,
      will: { topic: willTopic, payload: Buffer.from('dropped'), qos: 1, retain: false },
    })
    dropped.stream.destroy()
    await waitUntil(() => seen.received.includes('dropped'), 10_000, 'the dropped client’s will')

    const session = new MqttSession(
      {
        url: `ws://127.0.0.1:${addresses.httpPort}/mqtt`,
        clientId: `end-${id}`,
        protocolVersion: 4,
        keepalive: 30,
        clean: true,
        will: { topic: willTopic, payload: 'session gone', qos: 1, retain: false },
      },
      [],
      {
        onState: (state) => states.push(state),
        onMessage: () => {},
        onSubscription: () => {},
        onPacket: (direction: PacketDirection, packet: TracedPacket) => sent.push(`${direction} ${packet.cmd}`),
      },
    )
    await waitUntil(() => states.at(-1)?.state === 'connected', 10_000, 'the session connected')
    await withTimeout(session.end(), 5_000, 'end')
    expect(sent).toContain('sent disconnect')
    expect(states.at(-1)?.state).toBe('closed')
    await sleep(1_000)
    expect(seen.received).toEqual(['dropped'])
  } finally {
    await watcher?.close()
    await server.close()
  }
})
