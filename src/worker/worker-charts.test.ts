import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seriesKey } from '../model/chart-setup.ts'
import type { MqttScopeServer } from '../../server/create-server.ts'
import { ClientPool, uniqueTopic } from '../../server/test-support/mqtt-clients.ts'
import { startTestServer } from '../../server/test-support/start-server.ts'
import { waitUntil, withTimeout } from '../../server/test-support/timeout.ts'
import type { WorkerCommand } from './protocol.ts'
import { drivenWorker } from './test-support/driven-worker.ts'

/**
 * The worker entry as the page drives it, in node: its global scope is this stand-in, whose
 * postMessage records events (and the transfer list) and acknowledges like the page does.
 */
const { events, transfers, send, start, lastOf, latestChart } = drivenWorker()

/** RFC 4180 rows of simple cells (no quotes in this test's data). */
const csvRows = (csv: string) =>
  csv
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','))

describe('charts in the worker, on the embedded broker', () => {
  let server: MqttScopeServer
  let url: string
  const clients = new ClientPool()

  beforeAll(async () => {
    await start()
    const started = await startTestServer()
    server = started.server
    url = `mqtt://127.0.0.1:${started.addresses.mqttPort}`
  })
  afterAll(async () => {
    send({ type: 'disconnect' })
    await clients.closeAll()
    await server?.close()
  })

  it('collects a published numeric sequence and a JSON path exactly, draws them, exports them, and starts empty on a new connection', async () => {
    const base = uniqueTopic('charts')
    const connect: WorkerCommand = {
      type: 'connect',
      options: { url, clientId: `charts-test-${Math.random().toString(36).slice(2, 10)}`, protocolVersion: 4, keepalive: 30, clean: true },
      subscriptions: [{ filter: `${base}/#`, qos: 1 }],
    }
    send(connect)
    await waitUntil(() => events.some((e) => e.type === 'subscription' && e.filter === `${base}/#` && e.status.state === 'granted'), 5_000, 'subscribed')

    const plain = { key: seriesKey(`${base}/plain`, []), topic: `${base}/plain`, path: [] }
    const field = { key: seriesKey(`${base}/json`, ['reading', 'value']), topic: `${base}/json`, path: ['reading', 'value'] }
    send({ type: 'chart-series', series: [plain, field] })
    send({ type: 'chart-view', charts: [{ chartId: 'chart-1', keys: [plain.key, field.key], from: -Infinity, to: undefined, buckets: 1_000 }] })
    // The tree is paused: the charts collect all the same.
    send({ type: 'pause' })

    const sequence = Array.from({ length: 300 }, (_, i) => (i % 7 === 0 ? -(i + 1) / 8 : i * 1.1))
    const json = [{ reading: { value: 21.5 } }, { reading: { value: 'warm' } }, { other: 1 }, { reading: { value: true } }]
    const publisher = await clients.connect(url)
    const sends = sequence.map((v) => publisher.publishAsync(`${base}/plain`, String(v), { qos: 1 }))
    sends.push(...json.map((j) => publisher.publishAsync(`${base}/json`, JSON.stringify(j), { qos: 1 })))
    sends.push(publisher.publishAsync(`${base}/json`, '{not json', { qos: 1 }))
    await withTimeout(Promise.all(sends), 5_000, 'publishes acknowledged')

    await waitUntil(
      () => latestChart('chart-1')?.series[0]?.inRange === sequence.length && latestChart('chart-1')?.series[1]?.skipped['invalid-json'] === 1,
      5_000,
      `every point drawn (last: ${JSON.stringify(latestChart('chart-1')?.series.map((s) => [s.inRange, s.skipped]))})`,
    )
    const chart = latestChart('chart-1')!
    const [drawnPlain, drawnField] = chart.series
    expect(drawnPlain).toMatchObject({ key: plain.key, kept: sequence.length, evicted: 0, downsampled: false })
    expect([...drawnPlain!.values]).toEqual(sequence)
    expect(drawnField).toMatchObject({ key: field.key, inRange: 2, skipped: { 'not-numeric': 1, missing: 1, 'invalid-json': 1, 'too-large': 0 } })
    expect([...drawnField!.values]).toEqual([21.5, 1])
    expect(chart.from).toBe(drawnPlain!.times[0])
    // Its arrays went in the transfer list.
    const event = events.findLast((e) => e.type === 'chart-data' && e.charts.includes(chart))!
    expect(transfers.get(event)).toEqual(expect.arrayContaining([drawnPlain!.times.buffer, drawnPlain!.values.buffer, drawnField!.values.buffer]))

    send({
      type: 'chart-export',
      requestId: 7,
      series: [
        { key: plain.key, label: 'plain' },
        { key: field.key, label: 'field' },
      ],
    })
    await waitUntil(() => lastOf('chart-csv')?.requestId === 7, 5_000, 'chart-csv')
    const result = lastOf('chart-csv')!.result
    if ('error' in result) throw new Error(result.error)
    const rows = csvRows(result.csv)
    expect(rows[0]).toEqual(['time', 'epoch_ms', 'plain', 'field'])
    expect(
      rows
        .slice(1)
        .map((r) => r[2])
        .filter((cell) => cell !== ''),
    ).toEqual(sequence.map(String))
    expect(
      rows
        .slice(1)
        .map((r) => r[3])
        .filter((cell) => cell !== ''),
    ).toEqual(['21.5', '1'])

    // Another connection: still pinned, no points.
    send(connect)
    await waitUntil(() => latestChart('chart-1')?.series[0]?.kept === 0, 5_000, 'the chart emptied')
    await waitUntil(() => lastOf('connection')?.connection.state === 'connected', 5_000, 'connected again')
    await withTimeout(publisher.publishAsync(`${base}/plain`, '42', { qos: 1 }), 5_000, 'publish after reconnect')
    await waitUntil(() => latestChart('chart-1')?.series[0]?.inRange === 1, 5_000, 'the new point drawn')
    expect([...latestChart('chart-1')!.series[0]!.values]).toEqual([42])
  })
})
