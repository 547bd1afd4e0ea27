import { fileURLToPath } from 'node:url'
import { loadSync } from 'protobufjs'
import { expect, numbersOf, test, type ChartsPanel } from './fixtures/charts.ts'
import { publishAll, type Outgoing } from './fixtures/publish.ts'
import { uniqueTopic } from './fixtures/publisher.ts'

// The simulated edge node encodes with protobufjs from the published sparkplug_b.proto.
const Payload = loadSync(fileURLToPath(new URL('./fixtures/sparkplug_b.proto', import.meta.url))).lookupType('org.eclipse.tahu.protobuf.Payload')
const encode = (payload: object): Buffer => Buffer.from(Payload.encode(Payload.fromObject(payload)).finish())

/** An edge node "edge1" with a device "pump" in a group of its own, as a test simulates it. */
function edgeNode() {
  const group = uniqueTopic('plant').replace(/\//g, '-')
  const t = (type: string, device = false) => `spBv1.0/${group}/${type}/edge1${device ? '/pump' : ''}`
  let seq = 0
  let bdSeq = 0
  const next = () => seq++ % 256
  return {
    group,
    t,
    nbirth: (): Outgoing => {
      seq = 0
      return { topic: t('NBIRTH'), payload: encode({ timestamp: Date.now(), seq: next(), metrics: [{ name: 'bdSeq', datatype: 8, longValue: bdSeq++ }] }) }
    },
    dbirth: (aliases: Record<string, number>): Outgoing => ({
      topic: t('DBIRTH', true),
      payload: encode({
        timestamp: Date.now(),
        seq: next(),
        metrics: Object.entries(aliases).map(([name, alias]) => ({ name, alias, datatype: 10, doubleValue: 0 })),
      }),
    }),
    ddata: (values: Array<[alias: number, value: number]>): Outgoing => ({
      topic: t('DDATA', true),
      payload: encode({ timestamp: Date.now(), seq: next(), metrics: values.map(([alias, doubleValue]) => ({ alias, doubleValue })) }),
    }),
    ddeath: (): Outgoing => ({ topic: t('DDEATH', true), payload: encode({ timestamp: Date.now(), seq: next() }) }),
    ndeath: (): Outgoing => ({
      topic: t('NDEATH'),
      payload: encode({ timestamp: Date.now(), metrics: [{ name: 'bdSeq', datatype: 8, longValue: bdSeq - 1 }] }),
    }),
  }
}

/** Selects the device's DDATA topic and presses "Chart <metric>" in the decoded Sparkplug B view. */
async function chartMetric(charts: ChartsPanel, topic: string, metric: string): Promise<void> {
  await charts.inspector.selectTopic(topic)
  await expect(charts.inspector.details.getByRole('tab', { name: 'Sparkplug B', exact: true })).toHaveAttribute('aria-selected', 'true')
  const button = charts.inspector.payload().getByRole('button', { name: `Chart ${metric}`, exact: true })
  await expect(button, `the Sparkplug B view offers "Chart ${metric}"`).toHaveCount(1)
  await button.click()
  await expect(charts.region).toBeVisible()
}

test('an edge node and its device: online in the tree, a metric charted by name across a rebirth, DDEATH and NDEATH offline, Request rebirth sends the NCMD', async ({
  charts,
  inspector,
  mqttClient,
}) => {
  const edge = edgeNode()
  const data = edge.t('DDATA', true)
  await publishAll(
    mqttClient,
    [
      edge.nbirth(),
      edge.dbirth({ Flow: 3, Pressure: 4 }),
      edge.ddata([
        [3, 10],
        [4, 100],
      ]),
      edge.ddata([[3, 11]]),
      edge.ddata([[3, 12]]),
    ],
    {},
    1,
  )

  // The device row says it is online (after its DBIRTH); so does the edge node's row.
  const row = await inspector.selectTopic(data)
  await expect(row).toHaveAccessibleName(/^pump, 3 messages, 0 subtopics, online$/)
  await expect(row.getByText('online', { exact: true })).toBeVisible()
  await expect(inspector.rowAt('edge1', 4)).toHaveAccessibleName(/, online$/)
  await inspector.expectPayloadContains('"Flow": {', '"value": 12')

  await chartMetric(charts, data, 'Flow')
  const label = `${data} Flow (Sparkplug B)`
  const chart = charts.chart('Chart 1')
  await chart.expectPoints(label, 3)

  // A rebirth with other aliases: the chart goes on by name.
  await publishAll(
    mqttClient,
    [
      edge.nbirth(),
      edge.dbirth({ Flow: 7, Pressure: 8 }),
      edge.ddata([
        [7, 20],
        [8, 200],
      ]),
      edge.ddata([[7, 21]]),
    ],
    {},
    1,
  )
  await chart.expectPoints(label, 5)
  const { csv } = await chart.exportCsv()
  expect(numbersOf(csv.column(0)), 'Flow before and after the rebirth, never Pressure').toEqual([10, 11, 12, 20, 21])

  // "Request rebirth" publishes the standard NCMD; the edge node receives it.
  const ncmd = edge.t('NCMD')
  const received = new Promise<Buffer>((resolve) => mqttClient.on('message', (topic, payload) => topic === ncmd && resolve(payload)))
  await mqttClient.subscribeAsync(ncmd, { qos: 0 })
  await inspector.details.getByRole('button', { name: 'Request rebirth', exact: true }).click()
  const command = Payload.toObject(Payload.decode(await received), { longs: String })
  expect(command.metrics).toEqual([expect.objectContaining({ name: 'Node Control/Rebirth', datatype: 11, booleanValue: true })])

  // DDEATH: the device is offline; born again, then its node's NDEATH takes it offline too.
  await publishAll(mqttClient, [edge.ddeath()], {}, 1)
  await expect(inspector.rowAt('pump', 5)).toHaveAccessibleName(/, offline$/)
  await expect(inspector.rowAt('pump', 5).getByText('offline', { exact: true })).toBeVisible()
  await publishAll(mqttClient, [edge.dbirth({ Flow: 7, Pressure: 8 })], {}, 1)
  await expect(inspector.rowAt('pump', 5)).toHaveAccessibleName(/, online$/)
  await publishAll(mqttClient, [edge.ndeath()], {}, 1)
  await expect(inspector.rowAt('pump', 5)).toHaveAccessibleName(/, offline$/)
  await expect(inspector.rowAt('edge1', 4)).toHaveAccessibleName(/, offline$/)
})

test('a device with 50 kept DDATA messages: charting a metric starts with 50 points', async ({ charts, mqttClient }) => {
  const edge = edgeNode()
  const values = Array.from({ length: 50 }, (_, i) => Math.round((20 + Math.sin(i / 4) * 5) * 100) / 100)
  await publishAll(
    mqttClient,
    [
      edge.nbirth(),
      edge.dbirth({ Flow: 1, Level: 2 }),
      ...values.map((v) =>
        edge.ddata([
          [1, v],
          [2, -v],
        ]),
      ),
    ],
    {},
    1,
  )
  const data = edge.t('DDATA', true)
  await chartMetric(charts, data, 'Level')
  const label = `${data} Level (Sparkplug B)`
  const chart = charts.chart('Chart 1')
  await chart.expectPoints(label, 50)
  const { csv } = await chart.exportCsv()
  expect(numbersOf(csv.column(0))).toEqual(values.map((v) => -v))
})
