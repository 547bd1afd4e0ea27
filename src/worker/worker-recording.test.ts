import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seriesKey } from '../model/chart-setup.ts'
import type { MqttScopeServer } from '../../server/create-server.ts'
import { startTestServer } from '../../server/test-support/start-server.ts'
import { waitUntil } from '../../server/test-support/timeout.ts'
import type { WorkerCommand } from './protocol.ts'
import { drivenWorker } from './test-support/driven-worker.ts'

/**
 * The worker entry as the page drives it, in node, opening a server recording read-only: the live
 * session ends, the recording's messages fill the tree and the pinned charts at their recorded
 * times, the time slider's seek rebuilds both, and a connect goes back to live.
 */
const { send, start, lastOf, latestChart } = drivenWorker()

const T0 = 1_767_000_000_000

describe('a recording opened in the worker', () => {
  let server: MqttScopeServer
  let base: string
  let mqttUrl: string

  beforeAll(async () => {
    await start()
    const started = await startTestServer()
    server = started.server
    base = `http://127.0.0.1:${started.addresses.httpPort}`
    mqttUrl = `mqtt://127.0.0.1:${started.addresses.mqttPort}`
  })
  afterAll(async () => {
    send({ type: 'disconnect' })
    await server?.close()
  })

  it('replaces the live session, fills the tree and the charts at the recorded times, seeks, and goes back to live', async () => {
    // temp = i at T0 + i s, i = 0..9; one MQTT 5 message on another topic.
    const lines = Array.from({ length: 10 }, (_, i) =>
      JSON.stringify({ ts: T0 + i * 1_000, topic: 'rec/temp', qos: 0, retain: false, payload_base64: Buffer.from(String(i)).toString('base64') }),
    )
    lines.push(JSON.stringify({ ts: T0 + 9_500, topic: 'rec/v5', qos: 1, retain: true, payload_base64: '', properties: { contentType: 'text/plain' } }))
    const imported = await fetch(`${base}/api/recordings/import?name=worker`, { method: 'POST', body: lines.join('\n') })
    const { id } = (await imported.json()) as { id: string }

    const connect: WorkerCommand = {
      type: 'connect',
      options: { url: mqttUrl, clientId: `rec-test-${Math.random().toString(36).slice(2, 10)}`, protocolVersion: 4, keepalive: 30, clean: true },
      subscriptions: [{ filter: '#', qos: 0 }],
    }
    send(connect)
    await waitUntil(() => lastOf('connection')?.connection.state === 'connected', 5_000, 'connected live')

    const temp = { key: seriesKey('rec/temp', []), topic: 'rec/temp', path: [] }
    send({ type: 'chart-series', series: [temp] })
    send({ type: 'chart-view', charts: [{ chartId: 'c', keys: [temp.key], from: -Infinity, to: undefined, buckets: 1_000 }] })

    send({ type: 'recording-open', id, name: 'worker', server: base, token: '' })
    await waitUntil(() => lastOf('recording')?.state?.phase === 'ready', 10_000, 'recording loaded')
    expect(lastOf('recording')!.state).toMatchObject({ id, phase: 'ready', first: T0, last: T0 + 9_500, total: 11, loaded: 11, at: T0 + 9_500 })
    // The live session was ended: nothing of the broker mixes in.
    expect(lastOf('connection')!.connection.state).toBe('closed')
    await waitUntil(() => lastOf('batch')?.batch.totals.messages === 11, 5_000, 'the tree holds the recording')
    await waitUntil(() => latestChart('c')?.series[0]?.inRange === 10, 5_000, 'the chart holds the recording')
    expect([...latestChart('c')!.series[0]!.values]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect([...latestChart('c')!.series[0]!.times]).toEqual(Array.from({ length: 10 }, (_, i) => T0 + i * 1_000))

    // The time slider at T0 + 4.5 s: five temperatures, no v5 message yet.
    send({ type: 'recording-seek', at: T0 + 4_500 })
    await waitUntil(() => lastOf('recording')?.state?.phase === 'ready' && lastOf('recording')?.state?.at === T0 + 4_500, 5_000, 'seeked')
    await waitUntil(() => lastOf('batch')?.batch.totals.messages === 5, 5_000, 'the tree at T')
    expect(lastOf('batch')!.batch.totals.topics).toBe(1)
    await waitUntil(() => latestChart('c')?.series[0]?.kept === 5, 5_000, 'the chart at T')
    expect([...latestChart('c')!.series[0]!.values]).toEqual([0, 1, 2, 3, 4])

    // Back to live: the recording is forgotten and the broker's session starts again.
    send({ type: 'recording-close' })
    send(connect)
    await waitUntil(() => lastOf('recording')?.state === undefined, 5_000, 'recording closed')
    await waitUntil(() => lastOf('connection')?.connection.state === 'connected', 5_000, 'connected again')
    await waitUntil(() => lastOf('batch')?.batch.totals.messages === 0, 5_000, 'the recording left the tree')
    expect(latestChart('c')?.series[0]?.kept).toBe(0)
  })
})
