import { readFile } from 'node:fs/promises'
import { expect, test } from './fixtures/measure.ts'
import { uniqueTopic } from './fixtures/publisher.ts'

test('a probe of 500 messages at QoS 1 from the panel: 500 received, 0 % lost, latency and its histogram; then QoS 0 beside it in the table', async ({
  page,
  server,
  explorer,
  measure,
}) => {
  test.setTimeout(90_000)
  await explorer.open(server.appUrl)
  await measure.open()
  await measure.probe({ messages: 500, rate: '1000', qos: 1, size: 64 })
  await measure.button('Start').click()
  await expect(measure.status('Probe')).toHaveText('Done: 500 of 500 received', { timeout: 30_000 })
  await expect(measure.figure('Received')).toHaveText('500')
  await expect(measure.figure('Loss rate')).toHaveText('0 %')
  await expect(measure.figure('Duplicates')).toHaveText('0')
  await expect(measure.figure('Out of order')).toHaveText('0')
  await expect(measure.figure('Throughput')).toHaveText(/^[\d,.]+ msg\/s$/)
  await expect(measure.figure('Latency p50')).toHaveText(/^[\d,.]+ ms$/)
  await expect(measure.figure('Latency p99')).toHaveText(/^[\d,.]+ ms$/)
  await expect(measure.figure('PUBACK p50')).toHaveText(/^[\d,.]+ ms$/)
  const histogram = measure.region.getByRole('figure', { name: 'Latency histogram' })
  await expect(histogram.locator('.recharts-bar-rectangle').first()).toBeVisible()
  await expect(measure.region.getByRole('figure', { name: 'Latency over time' }).locator('.recharts-line-curve').first()).toBeVisible()

  await measure.probe({ qos: 0 })
  await measure.button('Start').click()
  await expect(measure.status('Probe')).toHaveText('Done: 500 of 500 received', { timeout: 30_000 })
  const rows = measure.table('Runs').locator('tbody tr')
  await expect(rows).toHaveCount(2)
  const qosColumn = await rows.locator('td:nth-of-type(1)').allTextContents()
  expect(qosColumn).toEqual(['1', '0'])
  for (const lossRate of await rows.locator('td:nth-of-type(5)').allTextContents()) expect(lossRate).toBe('0 %')
  for (const received of await rows.locator('td:nth-of-type(3)').allTextContents()) expect(received).toBe('500')

  const download = page.waitForEvent('download')
  await measure.button('Export CSV').click()
  const file = await (await download).path()
  const lines = (await readFile(file, 'utf8'))
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
  expect(lines).toHaveLength(3)
  expect(lines[0]).toMatch(/^run,started,topic,qos,/)
  expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual(['1', '0'])
})

test('a watch over a stream with a gap published by the test shows the loss rate', async ({ server, explorer, measure, mqttClient }) => {
  await explorer.open(server.appUrl)
  await measure.open()
  await measure.tab('Watch').click()
  const base = uniqueTopic('devices')
  await measure.field('Watch filter').fill(`${base}/+/telemetry`)
  await measure.field('Sequence path').fill('seq')
  await measure.field('Timestamp path').fill('ts')
  await measure.button('Start').click()
  await expect(measure.status('Watch')).toHaveText(/^Watching /)
  // 1..10 without 4 and 7: 10 sent, 8 received, 2 lost → 20 %
  for (const seq of [1, 2, 3, 5, 6, 8, 9, 10]) await mqttClient.publishAsync(`${base}/d1/telemetry`, JSON.stringify({ seq, ts: Date.now() }), { qos: 1 })
  await expect(measure.figure('Loss rate')).toHaveText('20 %')
  await expect(measure.figure('Received')).toHaveText('8')
  await expect(measure.figure('Lost')).toHaveText('2')
  await expect(measure.figure('Latency p50')).toHaveText(/ ms$/)
  await expect(measure.table(/^Topics/).locator('tbody tr')).toHaveCount(1)
  await expect(measure.table(/^Topics/).locator('tbody th')).toHaveText(`${base}/d1/telemetry`)
  await measure.button('Stop').click()
  await expect(measure.status('Watch')).toHaveText('Stopped: 8 messages')
})

test('bad probe settings are named at their fields and nothing runs', async ({ server, explorer, measure }) => {
  await explorer.open(server.appUrl)
  await measure.open()
  await measure.probe({ messages: 0, topic: 'probe/+/x', rate: 'fast' })
  await measure.button('Start').click()
  await expect(measure.region.getByText('a whole number from 1 to 1,000,000')).toBeVisible()
  await expect(measure.region.getByText('A topic name cannot contain "+" or "#": wildcards are only for subscriptions')).toBeVisible()
  await expect(measure.field('Rate (msg/s)')).toHaveAttribute('aria-invalid', 'true')
  await expect(measure.status('Probe')).toHaveCount(0)
})
