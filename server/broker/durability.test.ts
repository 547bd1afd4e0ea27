import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import mqtt, { type MqttClient } from 'mqtt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ClientPool, collectMessages } from '../test-support/mqtt-clients.ts'
import { runCli } from '../test-support/processes.ts'
import { spawnServer, type ServerProcess } from '../test-support/start-server.ts'
import { withTimeout } from '../test-support/timeout.ts'

/**
 * Issue 8's durability test: what the broker acknowledged survives `kill -9` and a graceful stop,
 * on the real command with a --data-dir.
 */
const COUNT = 100

let dataDir: string
const servers: ServerProcess[] = []
const clients = new ClientPool()

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'mqtt-scope-data-'))
})

afterEach(async () => {
  await clients.closeAll()
  await Promise.all(servers.splice(0).map((s) => s.stop('SIGKILL')))
})

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

async function start(dir: string): Promise<{ server: ServerProcess; startupMs: number }> {
  const startedAt = Date.now()
  const server = await spawnServer(['--data-dir', dir, '--log-level', 'warn'])
  servers.push(server)
  return { server, startupMs: Date.now() - startedAt }
}

/**
 * Connects with a persistent session and collects the first `count` messages, listening from
 * before the CONNACK (queued messages follow it at once).
 */
async function resume(
  port: number,
  clientId: string,
  count: number,
): Promise<{ sessionPresent: boolean; messages: Array<{ topic: string; payload: string; qos: number }> }> {
  const client: MqttClient = mqtt.connect(`mqtt://127.0.0.1:${port}`, { clientId, clean: false, reconnectPeriod: 0, connectTimeout: 5_000 })
  client.on('error', () => {})
  const messages: Array<{ topic: string; payload: string; qos: number }> = []
  let sessionPresent = false
  client.once('connect', (connack) => (sessionPresent = connack.sessionPresent))
  await withTimeout(
    new Promise<void>((resolve) =>
      client.on('message', (topic, payload, packet) => {
        messages.push({ topic, payload: payload.toString(), qos: packet.qos })
        if (messages.length === count) resolve()
      }),
    ),
    10_000,
    () => `${count} queued messages, got ${messages.length}`,
  )
  await withTimeout(client.endAsync(), 2_000, 'disconnect')
  return { sessionPresent, messages }
}

const expected = (prefix: string) => Array.from({ length: COUNT }, (_, i) => ({ topic: `${prefix}/${i}`, payload: `${prefix}-payload-${i}` }))

describe('broker data in --data-dir', () => {
  it('keeps 100 retained messages and 100 queued QoS 1 messages of an offline persistent session through kill -9', async () => {
    const dir = path.join(dataDir, 'kill')
    const { server } = await start(dir)
    const url = `mqtt://127.0.0.1:${server.mqttPort}`

    // A persistent session subscribes at QoS 1, then goes away.
    const sleeper = await clients.connect(url, { clientId: 'durable-sleeper', clean: false })
    await withTimeout(sleeper.subscribeAsync('queued/#', { qos: 1 }), 5_000, 'subscribe')
    await withTimeout(sleeper.endAsync(), 2_000, 'disconnect')

    const publisher = await clients.connect(url)
    for (const { topic, payload } of expected('retained')) await withTimeout(publisher.publishAsync(topic, payload, { qos: 1, retain: true }), 5_000, topic)
    for (const { topic, payload } of expected('queued')) await withTimeout(publisher.publishAsync(topic, payload, { qos: 1 }), 5_000, topic)
    // aedes sends a PUBACK as it starts routing the message, before the store has it. A QoS 2
    // message is routed, and so stored, before its PUBREC, and routing keeps order
    // (ordered-persistence.ts): once it completes, everything published before it is on disk.
    await withTimeout(publisher.publishAsync('barrier', 'last', { qos: 2 }), 5_000, 'QoS 2 barrier')

    expect(await withTimeout(server.stop('SIGKILL'), 5_000, 'kill -9')).toBeNull()
    expect(server.child.signalCode).toBe('SIGKILL')
    await clients.closeAll()

    const { server: restarted, startupMs } = await start(dir)
    const { sessionPresent, messages } = await resume(restarted.mqttPort, 'durable-sleeper', COUNT)
    expect(sessionPresent).toBe(true)
    expect(messages.map(({ topic, payload }) => ({ topic, payload }))).toEqual(expected('queued'))
    expect(messages.every((m) => m.qos === 1)).toBe(true)

    const reader = await clients.connect(`mqtt://127.0.0.1:${restarted.mqttPort}`)
    const retained = collectMessages(reader, COUNT, (m) => m.topic.startsWith('retained/'), 10_000)
    await withTimeout(reader.subscribeAsync('retained/#', { qos: 1 }), 5_000, 'subscribe')
    const got = (await retained).map((m) => ({ topic: m.topic, payload: m.payload.toString(), retain: m.packet.retain }))
    expect(got.every((m) => m.retain)).toBe(true)
    expect(got.map(({ topic, payload }) => ({ topic, payload })).sort(byTopic)).toEqual(expected('retained').sort(byTopic))
    console.log(`restart on the data folder (100 retained, 100 queued): banner after ${startupMs} ms`)

    // Delivered and acknowledged: the queue is empty now, also after another restart.
    await restarted.stop('SIGTERM')
    const { server: third } = await start(dir)
    const again = mqtt.connect(`mqtt://127.0.0.1:${third.mqttPort}`, { clientId: 'durable-sleeper', clean: false, reconnectPeriod: 0 })
    const late: string[] = []
    again.on('message', (topic) => late.push(topic))
    await withTimeout(new Promise((resolve) => again.once('connect', resolve)), 5_000, 'connect')
    await new Promise((resolve) => setTimeout(resolve, 300))
    await withTimeout(again.endAsync(), 2_000, 'disconnect')
    expect(late).toEqual([])
  })

  it('flushes the store on SIGTERM: exit 0 within 2 s, the messages are there at the next start', async () => {
    const dir = path.join(dataDir, 'term')
    const { server } = await start(dir)
    const url = `mqtt://127.0.0.1:${server.mqttPort}`
    const sleeper = await clients.connect(url, { clientId: 'term-sleeper', clean: false })
    await withTimeout(sleeper.subscribeAsync('queued/#', { qos: 1 }), 5_000, 'subscribe')
    await withTimeout(sleeper.endAsync(), 2_000, 'disconnect')
    const publisher = await clients.connect(url)
    await withTimeout(publisher.publishAsync('retained/last', 'kept', { qos: 1, retain: true }), 5_000, 'retained')
    await withTimeout(publisher.publishAsync('queued/last', 'queued', { qos: 1 }), 5_000, 'queued')

    const stoppedAt = Date.now()
    expect(await withTimeout(server.stop('SIGTERM'), 5_000, 'SIGTERM')).toBe(0)
    expect(Date.now() - stoppedAt).toBeLessThan(2_000)

    const { server: restarted } = await start(dir)
    const { messages } = await resume(restarted.mqttPort, 'term-sleeper', 1)
    expect(messages).toEqual([{ topic: 'queued/last', payload: 'queued', qos: 1 }])
    const reader = await clients.connect(`mqtt://127.0.0.1:${restarted.mqttPort}`)
    const retained = collectMessages(reader, 1, (m) => m.topic === 'retained/last')
    await withTimeout(reader.subscribeAsync('retained/#'), 5_000, 'subscribe')
    expect((await retained)[0]!.payload.toString()).toBe('kept')
  })

  it('says in the banner when the data is kept in memory (--memory)', async () => {
    const server = await spawnServer(['--memory', '--log-level', 'warn'])
    servers.push(server)
    expect(server.output()).toContain('Broker data:         in memory (--memory)')
  })

  it('refuses, in one line and exit 1, a data folder another server is using', async () => {
    const dir = path.join(dataDir, 'locked')
    const { server } = await start(dir)
    expect(server.output()).toContain(`Broker data:         ${path.join(dir, 'broker')}`)
    const second = await runCli(['--http-port', '0', '--mqtt-port', '0', '--data-dir', dir])
    expect(second.code).toBe(1)
    expect(second.stderr.trim()).toBe(
      `mqtt-scope: the data folder ${dir} is in use by another mqtt-scope: stop it, or give this one another --data-dir (or --memory)`,
    )
  })
})

function byTopic(a: { topic: string }, b: { topic: string }): number {
  return a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0
}
