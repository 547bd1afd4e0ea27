import type { Locator, Page } from '@playwright/test'
import { parse } from 'protobufjs'
import { ChartsPanel, numbersOf } from './fixtures/charts.ts'
import { publishAll } from './fixtures/publish.ts'
import { bytesOf, expect, test as publisherTest, uniqueTopic } from './fixtures/publisher.ts'

const DEMO_PROTO = `syntax = "proto3";
package demo;
enum Status { UNKNOWN = 0; OK = 1; ALARM = 2; }
message Reading {
  string sensor = 1;
  double celsius = 2;
  int64 total = 3;
  uint64 serial = 4;
  Status status = 5;
  bool on = 6;
}
`
// The test's own decoder and encoder: protobufjs on its own parse of the same .proto text.
const Reading = parse(DEMO_PROTO, { keepCase: true }).root.lookupType('demo.Reading')
const decode = (bytes: Buffer) => Reading.toObject(Reading.decode(bytes), { longs: String, enums: String })
const reading = (fields: object): Buffer => Buffer.from(Reading.encode(Reading.fromObject(fields)).finish())

const test = publisherTest.extend<{ charts: ChartsPanel }>({
  charts: async ({ inspector }, use) => {
    await use(new ChartsPanel(inspector.page, inspector))
  },
})

/** The "Payload decoders" panel, opened from the status bar, with demo.proto uploaded. */
async function uploadDemoProto(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Decoders', exact: true }).click()
  const panel = page.getByRole('region', { name: 'Payload decoders' })
  await expect(panel).toBeVisible()
  await panel.getByLabel('Add .proto files').setInputFiles({ name: 'demo.proto', mimeType: 'text/plain', buffer: Buffer.from(DEMO_PROTO) })
  await expect(panel).toContainText('Message types: demo.Reading')
  return panel
}

test('Protobuf written as JSON is encoded with a message type of the uploaded .proto; a bad field names itself and sends nothing', async ({
  page,
  publisher,
  subscriber,
}) => {
  const topic = uniqueTopic('pub/pb')
  const device = await subscriber(`${topic}/#`)
  await publisher.fill({ topic: `${topic}/reading`, format: 'protobuf', payload: '{"celsius": 21.5}', qos: 1 })
  // Without a .proto file there is no type to choose: the select says where to add one, and nothing is sent.
  const messageType = publisher.region.getByLabel('Message type', { exact: true })
  await expect(messageType).toBeDisabled()
  await expect(messageType).toContainText('add a .proto file in Payload decoders')
  await publisher.publish()
  await expect.poll(() => publisher.problemOf(publisher.payload)).toContain('choose a message type (add a .proto file in Payload decoders)')

  await uploadDemoProto(page)
  await expect(messageType).toBeEnabled()
  await messageType.selectOption('demo.Reading')
  await publisher.fill({
    payload: '{"sensor": "s1", "celsius": 21.5, "total": 9007199254740993, "serial": "18446744073709551615", "status": "ALARM", "on": true}',
  })
  await publisher.publish()
  await publisher.expectOutcome(/PUBACK/)
  const [sent] = await device.expectExactly(1)
  expect(sent!.topic).toBe(`${topic}/reading`)
  expect(decode(bytesOf(sent!))).toEqual({
    sensor: 's1',
    celsius: 21.5,
    total: '9007199254740993',
    serial: '18446744073709551615',
    status: 'ALARM',
    on: true,
  })

  // A field that does not fit the type: the outcome names it, and nothing reaches the broker.
  await publisher.fill({ payload: '{"sensor": "s1", "celsius": "hot"}' })
  await publisher.publish()
  await publisher.expectOutcome('demo.Reading: celsius: number expected')
  await publisher.fill({ payload: '{"sensr": "s1"}' })
  await publisher.publish()
  await publisher.expectOutcome('demo.Reading: sensr: no such field in demo.Reading')
  await device.expectExactly(1)
})

test('a Protobuf field is charted by the rule of its topic, from the kept history on and live', async ({ page, charts, mqttClient }) => {
  const panel = await uploadDemoProto(page)
  await panel.getByLabel('Rule topic filter').fill('meters/+/pb')
  await panel.getByLabel('Decoder', { exact: true }).selectOption({ label: 'Protobuf' })
  await panel.getByLabel('Message type').fill('demo.Reading')
  await panel.getByRole('button', { name: 'Add rule', exact: true }).click()
  await expect(panel.getByRole('list', { name: 'Rules' })).toContainText('meters/+/pb')

  const topic = `meters/${Date.now().toString(36)}/pb`
  const values = [20.5, 21.25, 19.75, 22, 23.5]
  await publishAll(
    mqttClient,
    values.map((celsius, i) => ({ topic, payload: reading({ sensor: 'm1', celsius, total: String(i + 1), on: true }) })),
    {},
    1,
  )
  await charts.inspector.selectTopic(topic)
  await expect(charts.inspector.details.getByRole('tab', { name: 'Protobuf', exact: true })).toHaveAttribute('aria-selected', 'true')
  await charts.inspector.expectPayloadContains('"celsius": 23.5')
  const button = charts.inspector.payload().getByRole('button', { name: 'Chart celsius', exact: true })
  await expect(button, 'the Protobuf view offers "Chart celsius"').toHaveCount(1)
  await button.click()
  await expect(charts.region).toBeVisible()

  const label = `${topic} celsius (Protobuf)`
  const chart = charts.chart('Chart 1')
  // The kept history first: the five messages that came before the chart.
  await chart.expectPoints(label, 5)
  await publishAll(mqttClient, [{ topic, payload: reading({ sensor: 'm1', celsius: 24.125 }) }], {}, 1)
  await chart.expectPoints(label, 6)
  const { csv } = await chart.exportCsv()
  expect(numbersOf(csv.column(0))).toEqual([...values, 24.125])
})
