import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ListeningAddresses, MqttScopeServer } from '../create-server.ts'
import { ClientPool } from '../test-support/mqtt-clients.ts'
import { startTestServer } from '../test-support/start-server.ts'
import { waitUntil, withTimeout } from '../test-support/timeout.ts'

const clients = new ClientPool()
afterEach(async () => {
  await clients.closeAll()
})

/** Every topic a fresh subscription to `filters` gets within `ms`. */
async function topicsFor(url: string, filters: string[], ms: number): Promise<string[]> {
  const client = await clients.connect(url)
  const topics: string[] = []
  client.on('message', (topic) => topics.push(topic))
  await withTimeout(client.subscribeAsync(filters), 5_000, `subscribe ${filters.join(', ')}`)
  await new Promise((resolve) => setTimeout(resolve, ms))
  return topics
}

describe('retained $ topics and wildcard filters [MQTT-4.7.2-1]', () => {
  let server: MqttScopeServer
  let addresses: ListeningAddresses
  let url: string

  beforeAll(async () => {
    ;({ server, addresses } = await startTestServer(['--sys-interval', '1']))
    url = `mqtt://127.0.0.1:${addresses.mqttPort}`
    // The broker has published its retained $SYS/broker statistics once.
    const probe = await clients.connect(url)
    let seen = 0
    probe.on('message', () => seen++)
    await probe.subscribeAsync('$SYS/broker/#')
    await waitUntil(() => seen > 0, 5_000, 'the first $SYS/broker statistics')
  })
  afterAll(async () => {
    await server?.close()
  })

  it('`#` and `+/...` get no retained $SYS topic, but other retained topics', async () => {
    const publisher = await clients.connect(url)
    await publisher.publishAsync('dollar-test/plain', 'kept', { qos: 1, retain: true })
    const viaHash = await topicsFor(url, ['#'], 600)
    expect(viaHash).toContain('dollar-test/plain')
    expect(viaHash.filter((t) => t.startsWith('$'))).toEqual([])
    const viaPlus = await topicsFor(url, ['+/broker/uptime'], 600)
    expect(viaPlus).toEqual([])
  })

  it('`$SYS/#` gets them, also next to `#` in one SUBSCRIBE', async () => {
    expect(await topicsFor(url, ['$SYS/broker/#'], 600)).toContain('$SYS/broker/uptime')
    const both = await topicsFor(url, ['#', '$SYS/broker/#'], 600)
    expect(both).toContain('$SYS/broker/uptime')
  })
})
