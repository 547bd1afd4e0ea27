import { existsSync } from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ListeningAddresses, MqttScopeServer } from './create-server.ts'
import { whenSubscribed } from './test-support/broker-events.ts'
import { ClientPool, expectNoMessage, nextMessage, uniqueTopic } from './test-support/mqtt-clients.ts'
import { Child, type Finished } from './test-support/processes.ts'
import { PROJECT_DIR, startTestServer } from './test-support/start-server.ts'
import { withTimeout } from './test-support/timeout.ts'

// Independent clients, by absolute path: Debian's mosquitto-clients and python3-paho-mqtt (1.6).
// The `python3` on PATH may be another interpreter without paho, so it is never used.
const MOSQUITTO_PUB = '/usr/bin/mosquitto_pub'
const MOSQUITTO_SUB = '/usr/bin/mosquitto_sub'
const PYTHON = '/usr/bin/python3'
const PAHO_SUBSCRIBER = path.join(PROJECT_DIR, 'server', 'test-support', 'paho-subscriber.py')

let server: MqttScopeServer
let addresses: ListeningAddresses
const clients = new ClientPool()
const children = new Set<Child>()

beforeAll(async () => {
  const missing = [MOSQUITTO_PUB, MOSQUITTO_SUB, PYTHON].filter((file) => !existsSync(file))
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}: apt-get install mosquitto-clients python3-paho-mqtt`)
  ;({ server, addresses } = await startTestServer())
})

afterEach(async () => {
  await clients.closeAll()
  await Promise.all([...children].map((child) => child.stop('SIGKILL')))
  children.clear()
})

afterAll(async () => {
  await server?.close()
})

function run(command: string, args: string[]): Child {
  const child = new Child(command, args)
  children.add(child)
  return child
}

/** Parses stdout of a finished child as JSON lines, after checking it exited 0. */
function jsonLines(result: Finished): Array<Record<string, unknown>> {
  expect(result.code, `exit status; stderr: ${result.stderr}; stdout: ${result.stdout}`).toBe(0)
  return result.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

function mosquittoSub(topic: string, options: { qos: 0 | 1 | 2; count: number }): Child {
  const args = ['-h', '127.0.0.1', '-p', String(addresses.mqttPort), '-t', topic, '-q', String(options.qos)]
  return run(MOSQUITTO_SUB, [...args, '-C', String(options.count), '-W', '10', '-F', '%j'])
}

async function mosquittoPub(topic: string, message: string, options: { qos: 0 | 1 | 2; retain?: boolean }): Promise<void> {
  const args = ['-h', '127.0.0.1', '-p', String(addresses.mqttPort), '-t', topic, '-q', String(options.qos)]
  if (options.retain === true) args.push('-r')
  const result = await run(MOSQUITTO_PUB, [...args, ...(message === '' ? ['-n'] : ['-m', message])]).exited(10_000)
  expect(result.code, `mosquitto_pub failed: ${result.stderr}`).toBe(0)
}

describe('interop with mosquitto_pub and mosquitto_sub over TCP', () => {
  it('mosquitto_sub receives QoS 1 messages from mosquitto_pub, in order', async () => {
    const t = uniqueTopic('mosquitto-qos1')
    const listening = whenSubscribed(server.broker, t)
    const sub = mosquittoSub(t, { qos: 1, count: 3 })
    await listening
    for (const message of ['one', 'two', 'three']) await mosquittoPub(t, message, { qos: 1 })
    const lines = jsonLines(await sub.exited(10_000))
    expect(lines.map((l) => l.payload)).toEqual(['one', 'two', 'three'])
    for (const line of lines) expect(line).toMatchObject({ topic: t, qos: 1, retain: 0 })
  })

  it('mosquitto_sub gets a retained message published earlier by mosquitto_pub, and nothing once it is cleared', async () => {
    const t = uniqueTopic('mosquitto-retained')
    await mosquittoPub(t, '21.5 C', { qos: 1, retain: true })
    const lines = jsonLines(await mosquittoSub(t, { qos: 1, count: 1 }).exited(10_000))
    expect(lines).toEqual([expect.objectContaining({ topic: t, payload: '21.5 C', qos: 1, retain: 1 })])

    await mosquittoPub(t, '', { qos: 1, retain: true })
    const check = await clients.connect(`mqtt://127.0.0.1:${addresses.mqttPort}`)
    const nothing = expectNoMessage(check, () => true, 500)
    await withTimeout(check.subscribeAsync(t, { qos: 1 }), 5_000, 'subscribe')
    await nothing
  })

  it('mosquitto_sub receives what MQTT.js publishes', async () => {
    const t = uniqueTopic('mqttjs-to-mosquitto')
    const listening = whenSubscribed(server.broker, t)
    const sub = mosquittoSub(t, { qos: 2, count: 2 })
    await listening
    const pub = await clients.connect(`ws://127.0.0.1:${addresses.httpPort}/mqtt`)
    await withTimeout(pub.publishAsync(t, 'over websocket', { qos: 2 }), 5_000, 'publish QoS 2')
    await withTimeout(pub.publishAsync(t, 'ünïcødé ✓', { qos: 1 }), 5_000, 'publish QoS 1')
    const lines = jsonLines(await sub.exited(10_000))
    // Order is only promised per topic and QoS [MQTT-4.6.0-6]; these two differ in QoS.
    expect(lines.map((l) => [l.payload, l.qos]).sort()).toEqual([
      ['over websocket', 2],
      ['ünïcødé ✓', 1],
    ])
  })

  it('MQTT.js receives what mosquitto_pub publishes', async () => {
    const t = uniqueTopic('mosquitto-to-mqttjs')
    const sub = await clients.connect(`ws://127.0.0.1:${addresses.httpPort}/mqtt`)
    await withTimeout(sub.subscribeAsync(`${t}/#`, { qos: 1 }), 5_000, 'subscribe')
    const got = nextMessage(sub)
    await mosquittoPub(`${t}/x`, 'from mosquitto', { qos: 1 })
    const message = await got
    expect(message.topic).toBe(`${t}/x`)
    expect(message.payload.toString()).toBe('from mosquitto')
    expect(message.packet.qos).toBe(1)
  })
})

describe('interop with Python paho-mqtt', () => {
  const TOPIC = 'sensor/temperature'

  function pahoSubscriber(transport: 'tcp' | 'websockets', count: number): Child {
    const port = transport === 'tcp' ? addresses.mqttPort : addresses.httpPort
    const args = ['--port', String(port), '--transport', transport, '--path', '/mqtt', '--topic', TOPIC, '--qos', '1']
    return run(PYTHON, [PAHO_SUBSCRIBER, ...args, '--count', String(count), '--timeout', '10'])
  }

  it.each([['tcp'], ['websockets']] as const)('paho over %s receives what MQTT.js publishes on sensor/temperature', async (transport) => {
    const listening = whenSubscribed(server.broker, TOPIC)
    const paho = pahoSubscriber(transport, 3)
    await listening
    const pub = await clients.connect(`mqtt://127.0.0.1:${addresses.mqttPort}`)
    await withTimeout(pub.publishAsync('sensor/humidity', '40', { qos: 1 }), 5_000, 'publish elsewhere')
    for (const reading of ['20.5', '21.0', '21.5']) {
      await withTimeout(pub.publishAsync(TOPIC, reading, { qos: 1 }), 5_000, `publish ${reading}`)
    }

    const lines = jsonLines(await paho.exited(10_000))
    expect(lines[0]).toEqual({ event: 'connected', rc: 0 })
    expect(lines[1]).toEqual({ event: 'subscribed', granted: [1] })
    const messages = lines.filter((l) => l.event === 'message')
    expect(messages.map((m) => m.payload)).toEqual(['20.5', '21.0', '21.5'])
    for (const m of messages) expect(m).toMatchObject({ topic: TOPIC, qos: 1, retain: false })
  })

  it('paho over WebSocket receives a retained reading and a binary payload intact', async () => {
    const pub = await clients.connect(`ws://127.0.0.1:${addresses.httpPort}/mqtt`)
    await withTimeout(pub.publishAsync(TOPIC, '19.0', { qos: 1, retain: true }), 5_000, 'publish retained')
    const binary = Buffer.from([0x00, 0xff, 0x10, 0x80, 0x7f, 0x0a, 0x0d])
    try {
      const listening = whenSubscribed(server.broker, TOPIC)
      const paho = pahoSubscriber('websockets', 2)
      await listening
      await withTimeout(pub.publishAsync(TOPIC, binary, { qos: 1 }), 5_000, 'publish binary')
      const messages = jsonLines(await paho.exited(10_000)).filter((l) => l.event === 'message')
      expect(messages).toEqual([
        expect.objectContaining({ payload: '19.0', retain: true }),
        expect.objectContaining({ payload_hex: binary.toString('hex'), retain: false }),
      ])
    } finally {
      await withTimeout(pub.publishAsync(TOPIC, '', { qos: 1, retain: true }), 5_000, 'clear retained')
    }
  })

  it('paho is refused on a WebSocket path other than /mqtt', async () => {
    const args = ['--port', String(addresses.httpPort), '--transport', 'websockets', '--path', '/ws', '--topic', TOPIC]
    const result = await run(PYTHON, [PAHO_SUBSCRIBER, ...args, '--timeout', '5']).exited(10_000)
    expect(result.code).toBe(4)
    expect(result.stdout).toContain('"event": "error"')
  })
})
