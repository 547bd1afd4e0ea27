import {
  chartFileName,
  expect,
  interleave,
  numbersOf,
  publishInOrder,
  seriesLabel,
  test,
  to,
  type ChartsPanel,
  type ParsedChartCsv,
} from './fixtures/charts.ts'
import { publishAll } from './fixtures/publish.ts'
import { reloadConnected, uniqueTopic } from './fixtures/publisher.ts'

/** 25 plain numbers as devices print them: negatives, decimals, an exponent, an explicit +. */
const SEQUENCE = [
  '3',
  '-1.5',
  '0',
  '2.25',
  '-40',
  '17',
  '0.001',
  '-0.5',
  '1e3',
  '+2',
  '99.99',
  '-273.15',
  '42',
  '7',
  '-7',
  '3.14159',
  '1000000',
  '-0.001',
  '12.5',
  '5',
  '-12.5',
  '0.1',
  '8',
  '-3',
  '65535',
]
/** The plain topic also gets one text that is no number; it goes in the middle. */
const PLAIN = [...SEQUENCE.slice(0, 12), 'n/a', ...SEQUENCE.slice(12)]

/** 15 readings of {"temp", "ok"}. */
const TEMPS = [21.5, 21.75, -3, 0, 22.125, 19, -0.25, 100, 18.5, 23, -12.75, 20, 0.001, 25.5, 24]
/** Bad values on the "temp" path: a string, a numeric string, null, a missing field, invalid JSON. */
const BAD_JSON = ['{"temp":"hot","ok":true}', '{"temp":"23.5","ok":true}', '{"temp":null,"ok":false}', '{"ok":true}', '{"temp": 1,']

function jsonPayloads(): string[] {
  const good = TEMPS.map((temp, i) => JSON.stringify({ temp, ok: i % 2 === 0 }))
  const out: string[] = []
  good.forEach((payload, i) => {
    out.push(payload)
    if (i % 3 === 2 && BAD_JSON[(i - 2) / 3] !== undefined) out.push(BAD_JSON[(i - 2) / 3]!)
  })
  return out
}

/** Checks the time columns: ISO 8601 UTC with ms, the same instant as epoch_ms, in order, within [from, to]. */
function expectTimes(csv: ParsedChartCsv, from: number, to: number): void {
  let previous = -Infinity
  for (const [i, row] of csv.rows.entries()) {
    const [time = '', epoch = ''] = row
    expect(time, `row ${i + 1}: ISO 8601 time`).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
    expect(epoch, `row ${i + 1}: epoch ms`).toMatch(/^\d+$/)
    const ms = Number(epoch)
    expect(new Date(ms).toISOString(), `row ${i + 1}: time and epoch_ms agree`).toBe(time)
    expect(ms, `row ${i + 1}: in time order`).toBeGreaterThanOrEqual(previous)
    expect(ms, `row ${i + 1}: not before the first publish`).toBeGreaterThanOrEqual(from - 1_000)
    expect(ms, `row ${i + 1}: not after the export`).toBeLessThanOrEqual(to + 1_000)
    previous = ms
    expect(
      row.slice(2).some((cell) => cell !== ''),
      `row ${i + 1} holds a value`,
    ).toBe(true)
  }
}

/**
 * Publishes one message to each topic (the inspector needs one to offer "Chart"), then pins the
 * plain payload and the JSON field "temp" into the first chart. The messages published here are
 * before the pins: each series starts with them (the topic's kept history), -999.
 */
async function pinPlainAndTemp(charts: ChartsPanel, publish: (topic: string, payload: string) => Promise<void>, plain: string, json: string) {
  await publish(plain, '-999')
  await publish(json, '{"temp":-999,"ok":false}')
  await charts.pinPayload(plain)
  const chart = charts.chart('Chart 1')
  await expect(chart.group).toBeVisible()
  await expect(chart.series(plain)).toBeVisible()
  await charts.pinJsonPath(json, 'temp')
  const temp = seriesLabel(json, 'temp')
  await expect(chart.series(temp)).toBeVisible()
  await expect(chart.legendItems()).toHaveCount(2)
  // Each series starts from its topic's kept history: the one message so far.
  await chart.expectPoints(plain, 1)
  await chart.expectPoints(temp, 1)
  return { chart, temp }
}

test('a plain number and a JSON field in one chart: exact points, the non-numeric counter, and a CSV with exactly the published values', async ({
  charts,
  mqttClient,
}) => {
  const base = uniqueTopic('charts')
  const plain = `${base}/plain`
  const json = `${base}/json`
  const publish = (topic: string, payload: string) => publishAll(mqttClient, [{ topic, payload }])
  const from = Date.now()
  const { chart, temp } = await pinPlainAndTemp(charts, publish, plain, json)
  await expect(chart.group.getByText('No points yet')).toHaveCount(0)
  await expect(chart.timeWindow.locator('option')).toHaveText([...['1 min', '5 min', '15 min', '1 h', 'All']])
  expect(await chart.windowLabel()).toBe('5 min')

  await publishInOrder(mqttClient, interleave(to(plain, PLAIN), to(json, jsonPayloads())))

  await chart.expectPoints(plain, SEQUENCE.length + 1)
  await chart.expectPoints(temp, TEMPS.length + 1)
  await chart.expectSkipped(plain, 1)
  await chart.expectSkipped(temp, BAD_JSON.length)
  await expect(chart.group.getByText('No points yet')).toHaveCount(0)
  await expect(chart.linePaths()).toHaveCount(2)

  const file = await chart.exportCsv()
  const exportedAt = Date.now()
  expect(file.name).toMatch(chartFileName('Chart 1', 'csv'))
  expect(file.csv.header).toEqual(['time', 'epoch_ms', plain, temp])
  expect(file.csv.raw.split(/\r?\n/)[0]!.replace(/^\uFEFF/, '')).toBe(`time,epoch_ms,${plain},${temp}`)
  expect(numbersOf(file.csv.column(0)), 'the plain column: the kept message, then the sequence, in order').toEqual([-999, ...SEQUENCE.map(Number)])
  expect(numbersOf(file.csv.column(1)), 'the temp column: the kept message, then the readings, in order').toEqual([-999, ...TEMPS])
  // Values are written exactly (String(v)): 1e3 as 1000, +2 as 2, -0.001 as -0.001.
  expect(file.csv.column(0)).toEqual(['-999', ...SEQUENCE.map((s) => String(Number(s)))])
  expect(file.csv.rows.length).toBeGreaterThanOrEqual(SEQUENCE.length + 1)
  expect(file.csv.rows.length).toBeLessThanOrEqual(SEQUENCE.length + TEMPS.length + 2)
  expect(file.csv.rows.every((row) => row.length === 4)).toBe(true)
  expectTimes(file.csv, from, exportedAt)
})

test('the chart survives a reload: the chart, its series, its window and a hidden series; collecting starts again', async ({
  charts,
  explorer,
  mqttClient,
}) => {
  const base = uniqueTopic('charts-reload')
  const plain = `${base}/plain`
  const json = `${base}/json`
  const publish = (topic: string, payload: string) => publishAll(mqttClient, [{ topic, payload }])
  const { chart, temp } = await pinPlainAndTemp(charts, publish, plain, json)

  await chart.setWindow('15 min')
  await chart.hideButton(temp).click()
  await expect(chart.showButton(temp)).toHaveAttribute('aria-pressed', 'false')
  await publishInOrder(mqttClient, to(plain, ['1', '2', '3']))
  await chart.expectPoints(plain, 4)

  await reloadConnected(explorer)
  await charts.open()
  await expect(chart.group).toBeVisible()
  await expect(chart.legendItems()).toHaveCount(2)
  await expect(chart.series(plain)).toBeVisible()
  await expect(chart.series(temp)).toBeVisible()
  expect(await chart.windowLabel()).toBe('15 min')
  await expect(chart.showButton(temp)).toHaveAttribute('aria-pressed', 'false')
  await expect(chart.hideButton(plain)).toHaveAttribute('aria-pressed', 'true')

  // The page's collector started afresh with the page: the new messages, and only those.
  await publishInOrder(mqttClient, interleave(to(plain, ['10', '-20.5', '30', '40']), to(json, ['{"temp":5.5}', '{"temp":-6}'])))
  await chart.expectPoints(plain, 4)
  // A hidden series is still collected.
  await chart.expectPoints(temp, 2)
  const file = await chart.exportCsv()
  expect(file.csv.header).toEqual(['time', 'epoch_ms', plain, temp])
  expect(numbersOf(file.csv.column(0))).toEqual([10, -20.5, 30, 40])
  expect(numbersOf(file.csv.column(1))).toEqual([5.5, -6])
})

test('booleans chart as 0 and 1; "Chart values" pins an array of numbers element by element', async ({ charts, mqttClient }) => {
  const base = uniqueTopic('charts-kinds')
  const state = `${base}/state`
  const flag = `${base}/flag`
  await publishAll(mqttClient, [
    { topic: state, payload: '{"ok":true,"values":[10,20.5,-30]}' },
    { topic: flag, payload: 'true' },
  ])
  await charts.pinJsonPath(state, 'ok')
  const chart = charts.chart('Chart 1')
  await expect(chart.group).toBeVisible()
  await charts.pinJsonPath(state, 'values')
  await charts.pinPayload(flag)
  const labels = ['ok', 'values[0]', 'values[1]', 'values[2]'].map((p) => seriesLabel(state, p))
  for (const label of [...labels, flag]) await expect(chart.series(label)).toBeVisible()
  await expect(chart.legendItems()).toHaveCount(5)
  // Each starts with the message published before the pin.
  for (const label of [...labels, flag]) await chart.expectPoints(label, 1)

  const states = [
    { ok: true, values: [1, 2, 3] },
    { ok: false, values: [4, 5.5, -6] },
    { ok: true, values: [7, 8, 9] },
    { ok: false, values: [0, -1, 100] },
    // Elements 1 and 2 are missing here: skipped, counted, never plotted as 0.
    { ok: true, values: [1] },
  ]
  const flags = ['true', 'false', 'false', 'true']
  await publishInOrder(
    mqttClient,
    interleave(
      to(
        state,
        states.map((s) => JSON.stringify(s)),
      ),
      to(flag, flags),
    ),
  )

  await chart.expectPoints(labels[0]!, 6)
  await chart.expectPoints(labels[1]!, 6)
  await chart.expectPoints(labels[2]!, 5)
  await chart.expectPoints(labels[3]!, 5)
  await chart.expectPoints(flag, 5)
  await chart.expectSkipped(labels[2]!, 1)
  await chart.expectSkipped(labels[3]!, 1)
  await chart.expectSkipped(labels[0]!, 0)

  const { csv } = await chart.exportCsv()
  expect(csv.header).toEqual(['time', 'epoch_ms', ...labels, flag])
  expect(numbersOf(csv.column(0)), 'ok as 1/0').toEqual([1, 1, 0, 1, 0, 1])
  expect(numbersOf(csv.column(1))).toEqual([10, 1, 4, 7, 0, 1])
  expect(numbersOf(csv.column(2))).toEqual([20.5, 2, 5.5, 8, -1])
  expect(numbersOf(csv.column(3))).toEqual([-30, 3, -6, 9, 100])
  expect(numbersOf(csv.column(4)), 'a plain true/false payload as 1/0').toEqual([1, 1, 0, 0, 1])
})
