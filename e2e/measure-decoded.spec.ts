import { fileURLToPath } from 'node:url'
import { loadSync } from 'protobufjs'
import { expect, test } from './fixtures/measure.ts'
import { uniqueTopic } from './fixtures/publisher.ts'

const Payload = loadSync(fileURLToPath(new URL('./fixtures/sparkplug_b.proto', import.meta.url))).lookupType('org.eclipse.tahu.protobuf.Payload')
const encode = (payload: object): Buffer => Buffer.from(Payload.encode(Payload.fromObject(payload)).finish())

test('a watch over Sparkplug B DDATA reads the decoded seq and timestamp: loss and latency', async ({ server, explorer, measure, mqttClient }) => {
  await explorer.open(server.appUrl)
  await measure.open()
  await measure.tab('Watch').click()
  const group = uniqueTopic('plant').replace(/\//g, '-')
  await measure.field('Watch filter').fill(`spBv1.0/${group}/DDATA/+/+`)
  await measure.field('Payload format').selectOption('Sparkplug B')
  await measure.field('Sequence path').fill('seq')
  await measure.field('Timestamp path').fill('timestamp.ms')
  await measure.button('Start').click()
  await expect(measure.status('Watch')).toHaveText(/^Watching /)
  // seq 1..10 without 4 and 7: 10 sent, 8 received, 2 lost → 20 %
  for (const seq of [1, 2, 3, 5, 6, 8, 9, 10]) {
    const payload = encode({ timestamp: Date.now(), seq, metrics: [{ alias: 1, doubleValue: seq }] })
    await mqttClient.publishAsync(`spBv1.0/${group}/DDATA/edge1/pump`, payload, { qos: 1 })
  }
  await expect(measure.figure('Loss rate')).toHaveText('20 %')
  await expect(measure.figure('Received')).toHaveText('8')
  await expect(measure.figure('Latency p50')).toHaveText(/ ms$/)
  await measure.button('Stop').click()
  await expect(measure.status('Watch')).toHaveText('Stopped: 8 messages')
})
