import { expect, seriesLabel, test, type ChartView } from './fixtures/charts.ts'
import { publishAll } from './fixtures/publish.ts'
import { uniqueTopic } from './fixtures/publisher.ts'

/** Values the axis labels would round ("1.23457M", "0"); the tooltip must show them as published. */
const READINGS = ['21.123456789', '1234567.891', '-0.000123456', '42', '0.30000000000000004']

/** The drawn points of the chart's first line, in page coordinates (the path's "M x,y" / "L x,y"). */
async function drawnPoints(chart: ChartView): Promise<Array<{ x: number; y: number }>> {
  const path = chart.linePaths().first()
  const d = (await path.getAttribute('d')) ?? ''
  const svg = (await chart.group.locator('svg.recharts-surface').first().boundingBox())!
  return [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => ({ x: svg.x + Number(m[1]), y: svg.y + Number(m[2]) }))
}

test('hovering a point of a chart shows its exact value and time in the tooltip', async ({ page, charts, mqttClient }) => {
  const topic = `${uniqueTopic('charts-tooltip')}/reading`
  const json = `${uniqueTopic('charts-tooltip')}/json`
  // The first reading of each topic is its kept history when pinned; the rest arrive while charted.
  await publishAll(mqttClient, [{ topic, payload: READINGS[0]! }], { qos: 1 })
  await publishAll(mqttClient, [{ topic: json, payload: JSON.stringify({ temp: 7.125 }) }], { qos: 1 })
  await charts.pinPayload(topic)
  const chart = charts.chart('Chart 1')
  await chart.expectPoints(topic, 1)
  for (const payload of READINGS.slice(1)) {
    await page.waitForTimeout(400)
    await publishAll(mqttClient, [{ topic, payload }], { qos: 1 })
  }
  await chart.expectPoints(topic, READINGS.length)
  await chart.pause()
  await expect(chart.linePaths()).toHaveCount(1)
  const points = await drawnPoints(chart)
  expect(points, 'one drawn point per reading (nothing downsampled)').toHaveLength(READINGS.length)

  const tooltip = chart.group.getByRole('tooltip')
  await expect(tooltip).toHaveCount(0)
  for (const [i, point] of points.entries()) {
    await page.mouse.move(point.x, point.y)
    await expect(tooltip, `the tooltip at reading ${i + 1}`).toBeVisible()
    await expect(tooltip).toContainText(`${topic}: ${READINGS[i]}`)
    await expect(tooltip).toContainText(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/)
  }
  // Off the plot, the tooltip goes.
  await page.mouse.move(1, 1)
  await expect(tooltip).toHaveCount(0)

  // A hidden series is not drawn and not in the tooltip; a JSON field shows under its label.
  await chart.resume()
  await charts.pinJsonPath(json, 'temp')
  const temp = seriesLabel(json, 'temp')
  await chart.expectPoints(temp, 1)
  await expect(chart.linePaths()).toHaveCount(2)
  await chart.hideButton(topic).click()
  await expect(chart.linePaths()).toHaveCount(1)
  await chart.pause()
  const [only] = await drawnPoints(chart)
  await page.mouse.move(only!.x, only!.y)
  await expect(tooltip).toContainText(`${temp}: 7.125`)
  await expect(tooltip).not.toContainText(`${topic}:`)
})
