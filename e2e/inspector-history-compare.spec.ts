import type { Locator } from '@playwright/test'
import { expect, test } from './fixtures/inspector.ts'
import { uniqueTopic } from './fixtures/publisher.ts'
import { publishAll, withTimeout } from './fixtures/publish.ts'

/** The rows of the "Changed keys" table (key path, change, before, after), header left out. */
async function keyChanges(details: Locator): Promise<string[][]> {
  const table = details.getByRole('table', { name: 'Changed keys', exact: true })
  await expect(table).toBeVisible()
  return table.evaluate((el) =>
    [...el.querySelectorAll('tbody tr')].map((row) => [...row.querySelectorAll('td, th')].map((cell) => (cell as HTMLElement).innerText.trim())),
  )
}

test('with messages arriving at 5 msg/s, a picked history entry stays where it was and its payload is in view', async ({ page, inspector, mqttClient }) => {
  const topic = uniqueTopic('hist/steady')
  for (let n = 1; n <= 12; n++) await publishAll(mqttClient, [{ topic, payload: JSON.stringify({ n, note: `entry number ${n}` }) }])
  await inspector.selectTopic(topic)
  const items = inspector.historyItems()
  await expect(items).toHaveCount(12)
  // Reading history, the Publish form is folded away (its header stays): the details get the room.
  const fold = page.getByRole('button', { name: 'Publish options', exact: true })
  if ((await fold.getAttribute('aria-expanded')) === 'true') await fold.click()

  let next = 13
  const feed = setInterval(() => {
    mqttClient.publish(topic, JSON.stringify({ n: next, note: `entry number ${next}` }), { qos: 0 })
    next++
  }, 200)
  try {
    await page.waitForTimeout(600)
    await items.nth(5).getByRole('button').first().click()
    // Following, the newest entry is the current one; picked, the picked one is.
    await expect(inspector.details.getByText('Payload of the selected message', { exact: true })).toBeVisible()
    const picked = items.filter({ has: page.locator('[aria-current="true"]') })
    await expect(picked).toHaveCount(1)
    const label = (await picked.innerText()).match(/entry number (\d+)/)![1]!
    const pickedRow = items.filter({ hasText: `entry number ${label}"` })
    // The shown payload is the picked one, in view right above the list.
    const shown = inspector.payload().getByText(`"entry number ${label}"`)
    await expect(shown).toBeVisible()
    await page.waitForTimeout(300)
    const before = await pickedRow.boundingBox()

    await page.waitForTimeout(2_000)
    const after = await pickedRow.boundingBox()
    expect(Math.abs(after!.y - before!.y), 'the picked entry did not move').toBeLessThanOrEqual(1)
    await expect(pickedRow.getByRole('button').first()).toHaveAttribute('aria-current', 'true')
    await expect(shown).toBeInViewport({ ratio: 1 })
    await expect(pickedRow).toBeInViewport({ ratio: 1 })
    // New arrivals are counted above the list instead of pushing it down.
    await expect(inspector.details.getByRole('button', { name: /^\d+ new$/ })).toBeVisible()
  } finally {
    clearInterval(feed)
  }

  // "N new" shows the newest again; the picked message stays shown.
  await inspector.details.getByRole('button', { name: /^\d+ new$/ }).click()
  await expect(items.first()).toContainText(`entry number ${next - 1}"`)
  await expect(inspector.payload()).toContainText('entry number')
})

test('any two history entries can be compared, not only neighbours; JSON is compared by key path', async ({ inspector, mqttClient }) => {
  const topic = uniqueTopic('hist/compare')
  const versions = [
    { sensor: { temp: 20, hum: 40 }, tags: ['a'], ok: true, step: 1 },
    { sensor: { temp: 20, hum: 41 }, tags: ['a'], ok: true, step: 2 },
    { sensor: { temp: 21, hum: 41 }, tags: ['a'], ok: true, step: 3 },
    { sensor: { temp: 22, hum: 40 }, tags: ['a', 'b'], mode: 'eco', step: 4 },
  ]
  for (const v of versions) await publishAll(mqttClient, [{ topic, payload: JSON.stringify(v) }])
  await inspector.selectTopic(topic)
  const items = inspector.historyItems()
  await expect(items).toHaveCount(4)

  // Shown: the newest (step 4); compared with the oldest (step 1), two entries apart.
  await items.nth(0).getByRole('button').first().click()
  await items.nth(3).getByRole('button', { name: 'Compare', exact: true }).click()
  await expect(items.nth(3).getByRole('button', { name: 'Compare', exact: true })).toHaveAttribute('aria-pressed', 'true')
  const diff = inspector.details.getByRole('region', { name: 'Diff between two messages', exact: true })
  await expect(diff).toContainText(/Changes from the message of [\d:.]+ to the one of [\d:.]+/)

  const rows = await keyChanges(inspector.details)
  const byPath = new Map(rows.map((r) => [r[0], r.slice(1)]))
  expect([...byPath.keys()].sort()).toEqual(['mode', 'ok', 'sensor.temp', 'step', 'tags[1]'])
  expect(byPath.get('sensor.temp')).toEqual(['changed', '20', '22'])
  expect(byPath.get('tags[1]')).toEqual(['added', '', '"b"'])
  expect(byPath.get('ok')).toEqual(['removed', 'true', ''])
  expect(byPath.get('mode')).toEqual(['added', '', '"eco"'])
  // Unchanged keys are not listed (sensor.hum is 40 in both).
  expect(byPath.has('sensor.hum')).toBe(false)

  // Another pair: step 2 against step 3 (picking the shown entry, then the one to compare with).
  await items.nth(1).getByRole('button').first().click()
  await items.nth(2).getByRole('button', { name: 'Compare', exact: true }).click()
  await expect.poll(async () => (await keyChanges(inspector.details)).map((r) => r[0]).sort()).toEqual(['sensor.temp', 'step'])
})

test('a message received at QoS 0 says the subscription granted QoS 0', async ({ inspector, mqttClient }) => {
  const topic = uniqueTopic('hist/qos')
  await withTimeout(mqttClient.publishAsync(topic, 'sent at QoS 2', { qos: 2 }), 5_000, 'publish at QoS 2')
  await inspector.selectTopic(topic)
  await expect(inspector.details).toContainText(/received at QoS 0 \(subscription # granted QoS 0\)/)
})
