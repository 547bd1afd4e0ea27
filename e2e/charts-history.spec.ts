import { expect, numbersOf, publishInOrder, seriesLabel, test, to, type ChartView } from './fixtures/charts.ts'
import { publishAll } from './fixtures/publish.ts'
import { reloadConnected, uniqueTopic } from './fixtures/publisher.ts'

/** The x of every point of the chart's first drawn line, and the x range of its time axis, in px. */
async function drawnLine(chart: ChartView): Promise<{ xs: number[]; axis: [number, number] }> {
  const d = (await chart.linePaths().first().getAttribute('d')) ?? ''
  const xs = [...d.matchAll(/[ML]\s*(-?[\d.]+)[ ,]\s*(-?[\d.]+)/g)].map((m) => Number(m[1]))
  const line = chart.group.locator('.recharts-xAxis line.recharts-cartesian-axis-line').first()
  const axis: [number, number] = [Number(await line.getAttribute('x1')), Number(await line.getAttribute('x2'))]
  return { xs, axis }
}

test('a new chart of a topic with 30 kept messages shows those 30 points at once, on a time axis that fits them', async ({ page, charts, mqttClient }) => {
  const topic = `${uniqueTopic('charts-kept')}/climate`
  const readings = Array.from({ length: 30 }, (_, i) => Math.round((20 + Math.sin(i / 3) * 4) * 100) / 100)
  // Spread over ~3 s, well before the pin.
  for (const [i, temp] of readings.entries()) {
    await publishAll(mqttClient, [{ topic, payload: JSON.stringify({ temp, n: i }) }], { qos: 1 })
    await page.waitForTimeout(100)
  }

  // The JSON view labels every chartable field "Chart", visible without hovering.
  await charts.inspector.selectTopic(topic)
  await charts.inspector.showView('JSON')
  const button = charts.inspector.payload().getByRole('button', { name: 'Chart temp', exact: true })
  await expect(button).toBeVisible()
  expect(await button.evaluate((el) => [getComputedStyle(el).opacity, getComputedStyle(el, '::after').content])).toEqual(['1', '"Chart"'])
  expect((await button.boundingBox())!.width, 'a labelled button, not an 18 px icon').toBeGreaterThan(30)
  await expect(charts.inspector.payload().getByRole('button', { name: 'Chart n', exact: true })).toBeVisible()

  await charts.pinJsonPath(topic, 'temp')
  const label = seriesLabel(topic, 'temp')
  const chart = charts.chart('Chart 1')
  await chart.expectPoints(label, 30)
  await expect(chart.linePaths()).toHaveCount(1)
  expect(await chart.windowLabel()).toBe('5 min')

  const { xs, axis } = await drawnLine(chart)
  expect(xs, 'every kept message drawn').toHaveLength(30)
  const width = axis[1] - axis[0]
  // ~3 s of points in a 5-minute window: the axis starts at the first point, not 5 minutes back.
  expect(xs[0]! - axis[0], 'the first point at the left edge').toBeLessThan(width * 0.05)
  expect(xs[29]! - xs[0]!, 'the points spread over the axis').toBeGreaterThan(width * 0.3)

  // A taller plot by default.
  const plotHeight = await chart.group
    .locator('svg.recharts-surface')
    .first()
    .evaluate((svg) => svg.getBoundingClientRect().height)
  expect(plotHeight).toBeGreaterThanOrEqual(240)

  const { csv } = await chart.exportCsv()
  expect(numbersOf(csv.column(0)), 'the kept history, in order').toEqual(readings)
})

test('after a reload a chart starts from what the broker still holds: the retained value', async ({ charts, explorer, mqttClient }) => {
  const topic = `${uniqueTopic('charts-retained')}/level`
  await publishInOrder(mqttClient, to(topic, ['1', '2']))
  await publishAll(mqttClient, [{ topic, payload: '3' }], { qos: 1, retain: true })
  try {
    await charts.pinPayload(topic)
    const chart = charts.chart('Chart 1')
    await chart.expectPoints(topic, 3)

    await reloadConnected(explorer)
    await charts.open()
    // The page's history is gone with the page; the broker's retained message came back with the connection.
    await chart.expectPoints(topic, 1)
    const { csv } = await chart.exportCsv()
    expect(numbersOf(csv.column(0))).toEqual([3])
  } finally {
    await publishAll(mqttClient, [{ topic, payload: '' }], { qos: 1, retain: true })
  }
})
