import { ChartsPanel, collectScripts, expect, publishInOrder, scriptsWithRecharts, test, to } from './fixtures/charts.ts'
import { ExplorerPage } from './fixtures/explorer.ts'
import { InspectorPage } from './fixtures/inspector.ts'
import { publishAll } from './fixtures/publish.ts'
import { uniqueTopic } from './fixtures/publisher.ts'

test('recharts is not loaded until a chart opens', async ({ page, server, mqttClient }) => {
  const scripts = collectScripts(page)
  const explorer = new ExplorerPage(page)
  await explorer.open(server.appUrl)
  const topic = `${uniqueTopic('charts-lazy')}/value`
  await publishAll(mqttClient, [{ topic, payload: '1' }])
  await expect(explorer.rowOf('charts-lazy')).toBeVisible()
  await scripts.settled()
  expect(scripts.bodies.size, 'the app loaded some JavaScript').toBeGreaterThan(0)
  expect(scriptsWithRecharts(scripts.bodies), 'scripts with recharts on a fresh load without charts').toEqual([])

  const charts = new ChartsPanel(page, new InspectorPage(explorer))
  await charts.pinPayload(topic)
  await publishInOrder(mqttClient, to(topic, ['2', '3']))
  const chart = charts.chart('Chart 1')
  // The message from before the pin too (the kept history).
  await chart.expectPoints(topic, 3)
  await expect(chart.linePaths()).toHaveCount(1)
  await expect
    .poll(
      async () => {
        await scripts.settled()
        return scriptsWithRecharts(scripts.bodies).length
      },
      { message: 'a script with recharts was loaded once the chart opened' },
    )
    .toBeGreaterThan(0)
})

test('a topic with HTML in it is charted as text: the legend shows it literally and nothing runs', async ({ page, charts, mqttClient }) => {
  const dialogs: string[] = []
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  const topic = `${uniqueTopic('charts-xss')}/<img src=x onerror=alert(1)>`
  await publishAll(mqttClient, [{ topic, payload: '1' }])
  await charts.pinPayload(topic)
  const chart = charts.chart('Chart 1')
  const entry = chart.series(topic)
  await expect(entry).toBeVisible()
  await expect(entry).toContainText(topic)
  await publishInOrder(mqttClient, to(topic, ['4', '5']))
  // With the message from before the pin (the kept history).
  await chart.expectPoints(topic, 3)
  await expect(charts.region.locator('img')).toHaveCount(0)
  expect(await page.evaluate(() => document.querySelectorAll('img[src="x"]').length)).toBe(0)

  const { csv } = await chart.exportCsv()
  expect(csv.header).toEqual(['time', 'epoch_ms', topic])
  expect(csv.column(0)).toEqual(['1', '4', '5'])
  expect(dialogs, 'no alert ran').toEqual([])
})

test('CSV headers that a spreadsheet would take for a formula start with a quote', async ({ charts, mqttClient }) => {
  const id = uniqueTopic('x').slice(2)
  const formula = `=SUM(A1,A2)${id}/cell`
  const minus = `-1-1${id}/reading`
  await publishAll(mqttClient, [
    { topic: formula, payload: '1' },
    { topic: minus, payload: '{"@v":1}' },
  ])
  await charts.pinPayload(formula)
  await charts.pinJsonPath(minus, '["@v"]')
  const chart = charts.chart('Chart 1')
  const minusLabel = `${minus} ["@v"]`
  await expect(chart.series(formula)).toContainText(formula)
  await expect(chart.series(minusLabel)).toBeVisible()
  await publishInOrder(mqttClient, [...to(formula, ['-1', '2']), ...to(minus, ['{"@v":-3}'])])
  await chart.expectPoints(formula, 3)
  await chart.expectPoints(minusLabel, 2)

  const { csv } = await chart.exportCsv()
  expect(csv.header).toEqual(['time', 'epoch_ms', `'${formula}`, `'${minusLabel}`])
  // RFC 4180: the cell with commas and quotes is quoted, inner quotes doubled.
  expect(csv.raw.split(/\r?\n/)[0]!.replace(/^\uFEFF/, '')).toBe(`time,epoch_ms,"'${formula}","'${minusLabel.replace(/"/g, '""')}"`)
  // Numbers stay numbers: a negative value is not escaped.
  expect(csv.column(0)).toEqual(['1', '-1', '2'])
  expect(csv.column(1)).toEqual(['1', '-3'])
})
