import { readFile } from 'node:fs/promises'
import { bytesOf, expect, test, uniqueTopic } from './fixtures/publisher.ts'

test('File mode sends the chosen file byte for byte (every byte value, not UTF-8)', async ({ publisher, subscriber }) => {
  const topic = uniqueTopic('publish/file')
  const device = await subscriber(topic)
  const bytes = Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 7 + 3) % 256))
  await publisher.fill({ topic, qos: 1 })
  await publisher.format.selectOption('file')
  await publisher.region
    .getByLabel('Payload file', { exact: true })
    .setInputFiles({ name: 'firmware.bin', mimeType: 'application/octet-stream', buffer: bytes })
  await expect(publisher.region).toContainText('firmware.bin')
  await publisher.publish()
  await publisher.expectOutcome(/PUBACK/)
  const [got] = await device.expectExactly(1)
  expect(Buffer.compare(bytesOf(got!), bytes)).toBe(0)
})

test('saved messages export to JSON and import back (with their topic, payload and QoS)', async ({ page, publisher, subscriber }) => {
  const topic = uniqueTopic('publish/transfer')
  const name = `transfer ${Date.now()}`
  await publisher.fill({ topic, format: 'json', payload: '{"v": 1}', qos: 2 })
  await publisher.saveAs(name)

  const download = page.waitForEvent('download')
  await publisher.region.getByRole('button', { name: 'Export messages', exact: true }).click()
  const file = await (await download).path()
  const text = await readFile(file, 'utf8')
  expect(JSON.parse(text)).toMatchObject({ format: 'mqtt-scope/messages@1' })
  expect(text).toContain(topic)

  await publisher.savedButton('Delete', name).click()
  await expect(publisher.savedItem(name)).toHaveCount(0)

  await publisher.region
    .getByLabel('Import messages', { exact: true })
    .setInputFiles({ name: 'messages.json', mimeType: 'application/json', buffer: Buffer.from(text) })
  await expect(publisher.savedItem(name)).toBeVisible()

  // The imported message is the same message: publishing it sends the JSON at QoS 2.
  const device = await subscriber(topic)
  await publisher.savedButton('Publish', name).click()
  const [got] = await device.expectExactly(1)
  expect(bytesOf(got!).toString()).toBe('{"v": 1}')
  expect(got!.qos).toBe(2)
})

test('a broken import file is refused with a message and the saved messages stay as they were', async ({ publisher }) => {
  const name = `kept ${Date.now()}`
  await publisher.fill({ topic: uniqueTopic('publish/kept'), format: 'text', payload: 'x' })
  await publisher.saveAs(name)
  await publisher.region
    .getByLabel('Import messages', { exact: true })
    .setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "something else"}') })
  await expect(publisher.region.getByRole('alert')).toBeVisible()
  await expect(publisher.savedItem(name)).toBeVisible()
})
