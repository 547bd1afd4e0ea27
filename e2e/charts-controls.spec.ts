import { chartFileName, expect, numbersOf, publishInOrder, seriesLabel, test, to, WINDOW_OPTIONS } from './fixtures/charts.ts'
import { rowName } from './fixtures/explorer.ts'
import { publishAll } from './fixtures/publish.ts'
import { uniqueTopic } from './fixtures/publisher.ts'

test('"Pause chart" freezes the points while data keeps arriving and being collected; "Resume chart" shows all of it', async ({
  page,
  charts,
  explorer,
  mqttClient,
}) => {
  const topic = `${uniqueTopic('charts-pause')}/value`
  await publishAll(mqttClient, [{ topic, payload: '0' }])
  await charts.pinPayload(topic)
  const chart = charts.chart('Chart 1')
  // The series starts from the topic's kept history: the one message so far.
  await chart.expectPoints(topic, 1)
  await expect(chart.pauseButton).toHaveAttribute('aria-pressed', 'false')

  await publishInOrder(mqttClient, to(topic, ['1', '2', '3', '4', '5']))
  await chart.expectPoints(topic, 6)

  await chart.pause()
  await publishInOrder(mqttClient, to(topic, ['6', '7', '8', '9', '10', '11', '12']))
  // The page has them all (the tree counts them: 1 before pinning, 12 after) ...
  await expect(explorer.row(rowName('value', 13, 0))).toBeVisible()
  // ... and the frozen chart still shows the 6 from before, for several flushes.
  await page.waitForTimeout(600)
  await chart.expectPoints(topic, 6, 1_000)
  // Collected all the same: the export has every kept point.
  const { csv } = await chart.exportCsv()
  expect(numbersOf(csv.column(0))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
  await chart.expectPoints(topic, 6, 1_000)

  await chart.resume()
  await chart.expectPoints(topic, 13)
  // Live again.
  await publishInOrder(mqttClient, to(topic, ['13']))
  await chart.expectPoints(topic, 14)
})

test('the legend hides and shows a series (aria-pressed) and removes it; "Add chart" makes the chart pins go to; "Remove chart"', async ({
  charts,
  mqttClient,
}) => {
  const base = uniqueTopic('charts-legend')
  const a = `${base}/a`
  const b = `${base}/b`
  const other = `${base}/other`
  await publishAll(mqttClient, [
    { topic: a, payload: '1' },
    { topic: b, payload: '{"level":2}' },
    { topic: other, payload: '3' },
  ])
  await charts.pinPayload(a)
  await charts.pinJsonPath(b, 'level')
  const level = seriesLabel(b, 'level')
  const chart = charts.chart('Chart 1')
  await expect(chart.legendItems()).toHaveCount(2)
  await publishInOrder(mqttClient, [...to(a, ['1', '2', '3']), ...to(b, ['{"level":4}', '{"level":5}', '{"level":6}'])])
  // Each series starts with the message its topic had before the pin.
  await chart.expectPoints(a, 4)
  await chart.expectPoints(level, 4)
  await expect(chart.linePaths()).toHaveCount(2)

  await expect(chart.hideButton(a)).toHaveAttribute('aria-pressed', 'true')
  await chart.hideButton(a).click()
  await expect(chart.showButton(a)).toHaveAttribute('aria-pressed', 'false')
  await expect(chart.hideButton(a)).toHaveCount(0)
  await expect(chart.linePaths()).toHaveCount(1)
  // Still in the legend, still counted.
  await chart.expectPoints(a, 4)
  await expect(chart.hideButton(level)).toHaveAttribute('aria-pressed', 'true')
  await chart.showButton(a).click()
  await expect(chart.hideButton(a)).toHaveAttribute('aria-pressed', 'true')
  await expect(chart.linePaths()).toHaveCount(2)

  // A new chart becomes the current one: the next pin goes there.
  await charts.addChartButton.click()
  const second = charts.chart('Chart 2')
  await expect(second.group).toBeVisible()
  expect(await second.windowLabel()).toBe('5 min')
  await expect(second.group.getByText('No points yet')).toBeVisible()
  await charts.pinPayload(other)
  await expect(second.series(other)).toBeVisible()
  await expect(second.legendItems()).toHaveCount(1)
  await expect(chart.legendItems()).toHaveCount(2)
  await expect(chart.series(other)).toHaveCount(0)

  await chart.removeSeriesButton(level).click()
  await expect(chart.series(level)).toHaveCount(0)
  await expect(chart.legendItems()).toHaveCount(1)
  await chart.expectPoints(a, 4)

  await second.removeButton.click()
  await expect(second.group).toHaveCount(0)
  await expect(chart.group).toBeVisible()
})

test('"Export PNG" downloads a PNG image of the chart', async ({ charts, mqttClient }) => {
  const topic = `${uniqueTopic('charts-png')}/value`
  await publishAll(mqttClient, [{ topic, payload: '0' }])
  await charts.pinPayload(topic)
  const chart = charts.chart('Chart 1')
  await publishInOrder(mqttClient, to(topic, ['1', '5', '-2', '8', '3', '9', '-4', '6', '2', '7']))
  await chart.expectPoints(topic, 11)
  await expect(chart.linePaths()).toHaveCount(1)

  const png = await chart.exportPng()
  expect(png.name).toMatch(chartFileName('Chart 1', 'png'))
  expect([...png.bytes.subarray(0, 8)], 'the PNG signature').toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  // The first chunk is IHDR: width and height, big-endian, after the 8-byte signature and 8 bytes of chunk header.
  expect(png.bytes.subarray(12, 16).toString('latin1')).toBe('IHDR')
  const width = png.bytes.readUInt32BE(16)
  const height = png.bytes.readUInt32BE(20)
  expect(width, 'image width').toBeGreaterThanOrEqual(200)
  expect(height, 'image height').toBeGreaterThanOrEqual(100)
  expect(png.bytes.length, 'a drawn chart, not an empty image').toBeGreaterThan(2_000)
})

test('"Time window": 5 min by default; 1 min scrolls points out after a minute; All, 1 h and 5 min show every point', async ({ charts, mqttClient }) => {
  test.setTimeout(180_000)
  const topic = `${uniqueTopic('charts-window')}/value`
  await publishAll(mqttClient, [{ topic, payload: '0' }])
  await charts.pinPayload(topic)
  const chart = charts.chart('Chart 1')
  await expect(chart.timeWindow.locator('option')).toHaveText([...WINDOW_OPTIONS])
  expect(await chart.windowLabel()).toBe('5 min')

  // With the message from before the pin (the kept history), 5 points.
  await publishInOrder(mqttClient, to(topic, ['1', '2', '3', '4']))
  await chart.expectPoints(topic, 5)
  await chart.setWindow('1 min')
  await chart.expectPoints(topic, 5)
  // Live scrolling: a minute later the window has moved past them, with no new message needed.
  await chart.expectPoints(topic, 0, 100_000)

  await publishInOrder(mqttClient, to(topic, ['5', '6', '7']))
  await chart.expectPoints(topic, 3)
  for (const window of ['All', '1 h', '15 min', '5 min'] as const) {
    await chart.setWindow(window)
    await chart.expectPoints(topic, 8)
  }
  await chart.setWindow('1 min')
  await chart.expectPoints(topic, 3)
})
