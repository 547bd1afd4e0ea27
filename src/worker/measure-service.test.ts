import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { MqttScopeServer } from '../../server/create-server.ts'
import { ClientPool, uniqueTopic } from '../../server/test-support/mqtt-clients.ts'
import { startTestServer } from '../../server/test-support/start-server.ts'
import { waitUntil } from '../../server/test-support/timeout.ts'
import type { ConnectOptions } from '../model/connection-types.ts'
import type { ProbeReport } from '../model/measure/probe-run.ts'
import type { ProbeSettings } from '../model/measure/probe-settings.ts'
import { parseWatchDraft } from '../model/measure/watch-settings.ts'
import type { WatchReport } from '../model/measure/watch-run.ts'
import { MeasureService } from './measure-service.ts'
import type { WorkerEvent } from './protocol.ts'

let server: MqttScopeServer
let wsUrl: string
let mqttUrl: string
const clients = new ClientPool()
const services: MeasureService[] = []
const timers: NodeJS.Timeout[] = []

beforeAll(async () => {
  const started = await startTestServer()
  server = started.server
  wsUrl = `ws://127.0.0.1:${started.addresses.httpPort}/mqtt`
  mqttUrl = `mqtt://127.0.0.1:${started.addresses.mqttPort}`
})

afterEach(async () => {
  for (const service of services.splice(0)) service.stopAll()
  for (const timer of timers.splice(0)) clearInterval(timer)
  await clients.closeAll()
})

afterAll(async () => {
  await server?.close()
})

function options(url = wsUrl): ConnectOptions {
  return { url, clientId: 'measure-test', protocolVersion: 4, keepalive: 30, clean: true }
}

/** A service with the worker's flush clock (every 100 ms), and every event it sends. */
function service(): { measure: MeasureService; events: WorkerEvent[] } {
  const events: WorkerEvent[] = []
  const measure = new MeasureService((event) => events.push(event))
  services.push(measure)
  timers.push(setInterval(() => measure.poll(Date.now()), 100))
  return { measure, events }
}

const probes = (events: WorkerEvent[]) => events.flatMap((e): ProbeReport[] => (e.type === 'probe' ? [e.report] : []))
const watches = (events: WorkerEvent[]) => events.flatMap((e): WatchReport[] => (e.type === 'watch' ? [e.report] : []))
const ended = (r: { phase: string } | undefined) => r?.phase === 'done' || r?.phase === 'failed'

function settings(over: Partial<ProbeSettings> = {}): ProbeSettings {
  return { count: 300, rate: 3000, qos: 1, size: 64, topic: uniqueTopic('mqtt-scope/probe'), separateSubscriber: false, ...over }
}

describe('MeasureService (the worker’s probe and watch) against the embedded broker over /mqtt', () => {
  it('runs a QoS 1 probe: 300 sent, 300 received, 0 lost, progress on the flush clock, charts with the result', async () => {
    const { measure, events } = service()
    measure.startProbe(1, 'a1b2c3d4', settings(), options())
    await waitUntil(() => ended(probes(events).at(-1)), 20_000, 'the probe ends')
    const final = probes(events).at(-1)!
    expect(final, final.error).toMatchObject({ phase: 'done', subscribedQos: 1, publishQos: 1 })
    expect(final.figures).toMatchObject({ sent: 300, received: 300, lost: 0, lossRate: 0, duplicates: 0, acked: 300 })
    expect(final.figures!.latency!.p50).toBeGreaterThan(0)
    expect(final.histogram!.reduce((n, b) => n + b.count, 0)).toBe(300)
    expect(events.every((e) => e.type !== 'probe' || e.id === 1)).toBe(true)
    // one event per flush at most: far fewer than messages
    expect(probes(events).length).toBeLessThan(50)
  })

  it('receives on a separate subscriber connection at QoS 0 and 2', async () => {
    for (const qos of [0, 2] as const) {
      const { measure, events } = service()
      measure.startProbe(2, 'b1b2c3d4', settings({ qos, separateSubscriber: true, count: 200, rate: undefined }), options())
      await waitUntil(() => ended(probes(events).at(-1)), 20_000, 'the probe ends')
      expect(probes(events).at(-1)!.figures).toMatchObject({ sent: 200, received: 200, lost: 0 })
    }
  })

  it('says why it cannot run: not connected, another probe running, a broker that is not there', async () => {
    const { measure, events } = service()
    measure.startProbe(3, 'c1b2c3d4', settings(), undefined)
    measure.poll(Date.now())
    expect(probes(events).at(-1)).toMatchObject({ phase: 'failed', error: 'not connected: connect to a broker first' })

    measure.startProbe(4, 'd1b2c3d4', settings({ count: 1000, rate: 100 }), options())
    measure.startProbe(5, 'e1b2c3d4', settings(), options())
    expect(events.at(-1)).toMatchObject({ type: 'probe', id: 5, report: { phase: 'failed', error: 'another probe is still running: stop it first' } })
    // the running one is still the one reported
    await waitUntil(() => events.some((e) => e.type === 'probe' && e.id === 4 && e.report.phase === 'sending'), 10_000, 'probe 4 sends')
    measure.stopProbe(4)
    await waitUntil(() => events.some((e) => e.type === 'probe' && e.id === 4 && e.report.phase === 'done'), 10_000, 'probe 4 stops')

    const other = service()
    other.measure.startProbe(6, 'f1b2c3d4', settings(), options('ws://127.0.0.1:9/mqtt'))
    await waitUntil(() => ended(probes(other.events).at(-1)), 15_000, 'the probe fails')
    expect(probes(other.events).at(-1)!.error).toMatch(/^could not connect: /)
  })

  it('watches a stream: the gap, the duplicate and the late message of what a device publishes', async () => {
    const { measure, events } = service()
    const base = uniqueTopic('devices')
    const parsed = parseWatchDraft({ filter: `${base}/+/telemetry`, seqPath: 'seq', timePath: 'ts', qos: 1 })
    if (!('settings' in parsed)) throw new Error(parsed.problems.join())
    measure.startWatch(parsed.settings, options())
    await waitUntil(() => watches(events).at(-1)?.phase === 'watching', 10_000, 'the watch subscribed')
    const device = await clients.connect(mqttUrl)
    for (const seq of [1, 2, 4, 4, 6, 5, 7]) await device.publishAsync(`${base}/d1/telemetry`, JSON.stringify({ seq, ts: Date.now() }), { qos: 1 })
    await device.publishAsync(`${base}/d1/status`, JSON.stringify({ seq: 99 }), { qos: 1 })
    await waitUntil(() => watches(events).at(-1)?.total.received === 6, 10_000, 'the watch counted the messages')
    measure.stopWatch()
    await waitUntil(() => ended(watches(events).at(-1)), 5_000, 'the watch ends')
    const final = watches(events).at(-1)!
    expect(final.total).toMatchObject({ sent: 7, received: 6, lost: 1, duplicates: 1, outOfOrder: 1, resets: 0 })
    expect(final.topics.map((t) => t.topic)).toEqual([`${base}/d1/telemetry`])
    expect(final.total.latency!.min).toBeGreaterThanOrEqual(-50)
  })
})
