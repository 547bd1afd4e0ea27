import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, type MosquittoBroker } from '../../e2e/fixtures/mosquitto.ts'
import type { MqttScopeServer } from '../create-server.ts'
import { freePorts } from '../test-support/ports.ts'
import { Child, CLI, type Finished } from '../test-support/processes.ts'
import { startTestServer } from '../test-support/start-server.ts'
import { waitUntil, withTimeout } from '../test-support/timeout.ts'

const MOSQUITTO_PUB = '/usr/bin/mosquitto_pub'
const SUMMARY_FIELDS = [
  'sent',
  'received',
  'lost',
  'loss_rate',
  'duplicates',
  'out_of_order',
  'duration_s',
  'throughput_msg_s',
  'throughput_msg_min',
  'latency_ms',
]
const LATENCY_FIELDS = ['min', 'mean', 'p50', 'p90', 'p99', 'max']

let server: MqttScopeServer
let embedded: string
let dir: string
const children = new Set<Child>()
const brokers: MosquittoBroker[] = []

beforeAll(async () => {
  const started = await startTestServer()
  server = started.server
  embedded = `mqtt://127.0.0.1:${started.addresses.mqttPort}`
  dir = await mkdtemp(path.join(tmpdir(), 'mqtt-scope-measure-'))
})

afterEach(async () => {
  await Promise.all([...children].map((child) => child.stop('SIGKILL')))
  children.clear()
  await Promise.all(brokers.splice(0).map((broker) => broker.stop()))
})

afterAll(async () => {
  await server?.close()
  await rm(dir, { recursive: true, force: true })
})

/** The real command, as a user runs it (through npm start's argument order when `viaNpmStart`). */
function measure(args: readonly string[], viaNpmStart = false): Child {
  const child = new Child(process.execPath, [CLI, ...(viaNpmStart ? ['--build-if-stale'] : []), 'measure', ...args])
  children.add(child)
  return child
}

function json(result: Finished): Record<string, unknown> {
  expect(result.code, `exit status; stderr: ${result.stderr}`).toBe(0)
  return JSON.parse(result.stdout) as Record<string, unknown>
}

/** mosquitto_pub -l: one message per line of its standard input, in order, on one connection. */
function publishLines(port: string, topic: string, lines: readonly string[]): Promise<number | null> {
  const pub = spawn(MOSQUITTO_PUB, ['-h', '127.0.0.1', '-p', port, '-t', topic, '-q', '1', '-l'], { stdio: ['pipe', 'ignore', 'ignore'] })
  pub.stdin.end(`${lines.join('\n')}\n`)
  const done = new Promise<number | null>((resolve) => pub.once('close', resolve))
  return withTimeout(done, 10_000, `mosquitto_pub -t ${topic}`).finally(() => {
    if (pub.exitCode === null) pub.kill('SIGKILL')
  })
}

async function passwordFile(password: string): Promise<string> {
  const file = path.join(dir, `pw-${Math.random().toString(36).slice(2)}`)
  await writeFile(file, `${password}\n`)
  return file
}

// Each test spawns the real command (tsx compiles it as it starts: 1-3 s on a busy machine) a few times.
describe('mqtt-scope measure (probe) against the embedded broker', { timeout: 60_000 }, () => {
  it.each([0, 1, 2])('QoS %i: 2,000 messages at 2,000 msg/s, 0 lost, --json with exactly the issue’s fields', async (qos) => {
    const result = json(
      await measure(['--url', embedded, '--count', '2000', '--rate', '2000', '--qos', String(qos), '--size', '64', '--json'], qos === 1).exited(60_000),
    )
    expect(Object.keys(result)).toEqual(SUMMARY_FIELDS)
    expect(result).toMatchObject({ sent: 2000, received: 2000, lost: 0, loss_rate: 0, duplicates: 0 })
    expect(Object.keys(result.latency_ms as object)).toEqual(LATENCY_FIELDS)
    expect(result.throughput_msg_min as number).toBeCloseTo((result.throughput_msg_s as number) * 60, 0)
  })

  it('prints a readable report, with a separate subscriber connection', async () => {
    const result = await measure(['--url', embedded, '--subscriber-url', embedded, '--count', '300', '--qos', '1']).exited(60_000)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(
      /^Probe [0-9a-f]{8} of mqtt:\/\/127\.0\.0\.1:\d+, received on mqtt:\/\/127\.0\.0\.1:\d+, topic mqtt-scope\/probe\/[0-9a-f]{8}\n/,
    )
    expect(result.stdout).toContain('  sent 300, received 300, lost 0, loss rate 0 %\n')
    expect(result.stdout).toMatch(/ {2}latency: min [\d.]+ ms, mean [\d.]+ ms, p50 [\d.]+ ms, p90 [\d.]+ ms, p99 [\d.]+ ms, max [\d.,]+ ms\n/)
    expect(result.stdout).toMatch(/ {2}acknowledgement \(PUBACK\): min /)
  })

  it('exits 1 when it cannot run (connection refused) and 2 on bad flags', async () => {
    const [port] = await freePorts(1)
    const refused = await measure(['--url', `mqtt://127.0.0.1:${port}`, '--count', '10']).exited(30_000)
    expect(refused).toMatchObject({ code: 1, stdout: '' })
    expect(refused.stderr).toBe(`mqtt-scope measure: could not connect to mqtt://127.0.0.1:${port}: connection refused\n`)
    const bad = await measure(['--count', '2000000', '--topic', 'a/+/b', '--qos', '1']).exited(30_000)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('mqtt-scope measure: --count: a whole number from 1 to 1,000,000\n')
    expect(bad.stderr).toContain('mqtt-scope measure: --topic: A topic name cannot contain "+" or "#"')
    const help = await measure(['--help'], true).exited(30_000)
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage:\n {2}mqtt-scope measure /)
  })
})

describe('mqtt-scope measure against Debian’s mosquitto', { timeout: 60_000 }, () => {
  it.each([0, 1, 2])('QoS %i over MQTT 5: 0 lost on loopback', async (qos) => {
    const broker = await startMosquitto({ anonymous: true })
    brokers.push(broker)
    const result = json(await measure(['--url', broker.tcpUrl, '--count', '2000', '--rate', '2000', '--qos', String(qos), '--json']).exited(60_000))
    expect(result).toMatchObject({ sent: 2000, received: 2000, lost: 0, loss_rate: 0 })
  })

  it('measures at the QoS the broker takes, and says so (mosquitto max_qos 1, asked for QoS 2)', async () => {
    const broker = await startMosquitto({ anonymous: true, listenerSettings: ['max_qos 1'] })
    brokers.push(broker)
    for (const version of ['5', '3.1.1']) {
      const result = await measure(['--url', broker.tcpUrl, '--count', '200', '--qos', '2', '--mqtt-version', version, '--json']).exited(30_000)
      expect(json(result)).toMatchObject({ sent: 200, received: 200, lost: 0 })
      // mosquitto grants QoS 1 for the subscription (and, over MQTT 5, says "QoS 1 at most" in its CONNACK, which adds nothing then)
      expect(result.stderr, `MQTT ${version}`).toBe(
        'mqtt-scope measure: note: The broker granted QoS 1 for the subscription (asked for QoS 2): measuring at QoS 1\n',
      )
    }
  })

  it('reports "not authorized" and exits 1 when the ACL forbids the probe topic', async () => {
    const broker = await startMosquitto({ acl: 'user scope-user\ntopic readwrite allowed/#\n' })
    brokers.push(broker)
    const pw = await passwordFile(broker.password!)
    const args = ['--url', broker.tcpUrl, '--username', broker.username!, '--password-file', pw, '--count', '100', '--qos', '1']
    const result = await measure([...args, '--mqtt-version', '5']).exited(30_000)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /^mqtt-scope measure: not authorized: the broker refused to publish to "mqtt-scope\/probe\/[0-9a-f]{8}" \(PUBACK 0x87 Not authorized\)\n$/,
    )
    // MQTT 3.1.1 has no reason in its PUBACK: mosquitto drops the message, and the check says so.
    const v311 = await measure([...args, '--mqtt-version', '3.1.1']).exited(30_000)
    expect(v311.code).toBe(1)
    expect(v311.stderr).toMatch(
      /^mqtt-scope measure: the probe's first message did not come back within 5 s: the broker may not let this client publish or subscribe to /,
    )
    // A wrong password is refused at CONNECT.
    const wrong = await measure(['--url', broker.tcpUrl, '--username', broker.username!, '--password-file', await passwordFile('nope')]).exited(30_000)
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toMatch(/could not connect to mqtt:\/\/127\.0\.0\.1:\d+: not authorized/)
  })

  it('a broker that goes away mid-run: partial results marked incomplete, exit 1', async () => {
    const broker = await startMosquitto({ anonymous: true })
    brokers.push(broker)
    const probe = measure(['--url', broker.tcpUrl, '--count', '5000', '--rate', '500', '--qos', '1', '--json'])
    await waitUntil(() => broker.log().includes('New client connected'), 20_000, 'the probe connected')
    await new Promise((resolve) => setTimeout(resolve, 2000))
    await broker.stop()
    const result = await probe.exited(30_000)
    expect(result.code).toBe(1)
    const partial = JSON.parse(result.stdout) as Record<string, number | string>
    expect(partial.incomplete).toMatch(/^connection lost: /)
    expect(partial.sent).toBeGreaterThan(100)
    expect(partial.sent).toBeLessThan(5000)
    expect(partial.lost).toBe((partial.sent as number) - (partial.received as number))
    expect(result.stderr).toMatch(/mqtt-scope measure: incomplete: connection lost: /)
  })

  it('watch: counts exactly the gaps, duplicates, late messages and resets mosquitto_pub published', async () => {
    const broker = await startMosquitto({ anonymous: true })
    brokers.push(broker)
    const port = new URL(broker.tcpUrl).port
    const watch = measure(['--url', broker.tcpUrl, '--watch', 'devices/+/telemetry', '--seq-path', 'seq', '--time-path', 'ts', '--json'])
    await waitUntil(() => watch.stderr.includes('watching devices/+/telemetry'), 20_000, 'the watch subscribed')
    const now = Date.now()
    // d1: 4 is missing, 6 comes twice, 8 comes after 9 → 10 sent, 9 received, 1 lost, 1 duplicate, 1 out of order
    // d2: the counter starts again at 1 (a reboot) → a reset, nothing lost; its timestamps are ISO 8601
    const streams = {
      'devices/d1/telemetry': [1, 2, 3, 5, 6, 6, 7, 9, 8, 10].map((seq) => JSON.stringify({ seq, ts: now / 1000 })),
      'devices/d2/telemetry': [1, 2, 3, 1, 2].map((seq) => JSON.stringify({ seq, ts: new Date(now).toISOString() })),
      'devices/d3/status': ['{"seq":1}'],
    }
    for (const [topic, lines] of Object.entries(streams)) expect(await publishLines(port, topic, lines)).toBe(0)
    await new Promise((resolve) => setTimeout(resolve, 500))
    watch.process.kill('SIGINT')
    const result = json(await watch.exited(20_000))
    expect(result).toMatchObject({ sent: 15, received: 14, lost: 1, duplicates: 1, out_of_order: 1, resets: 1 })
    const topics = result.topics as Record<string, Record<string, unknown>>
    expect(Object.keys(topics).sort()).toEqual(['devices/d1/telemetry', 'devices/d2/telemetry'])
    expect(topics['devices/d1/telemetry']).toMatchObject({ sent: 10, received: 9, lost: 1, loss_rate: 0.1, duplicates: 1, out_of_order: 1, resets: 0 })
    expect(topics['devices/d2/telemetry']).toMatchObject({ sent: 5, received: 5, lost: 0, duplicates: 0, resets: 1 })
    expect(Object.keys(topics['devices/d1/telemetry']!)).toEqual([...SUMMARY_FIELDS, 'resets'])
    // epoch seconds and ISO 8601 both read; the device clock is this machine's, so the latency is small
    expect((result.latency_ms as { max: number }).max).toBeLessThan(10_000)
  })
})
