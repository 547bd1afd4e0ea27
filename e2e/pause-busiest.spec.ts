import { expect, rowName, test } from './fixtures/explorer.ts'
import { oneEach, publishAll, publishAtRates } from './fixtures/publish.ts'

test('pause freezes the tree and totals but loses nothing; resume shows every message', async ({ page, explorer, mqttClient }) => {
  await publishAll(mqttClient, oneEach(['p/before/0', 'p/before/1', 'p/before/2']))
  await explorer.expectTotals(3, 3)
  await expect(explorer.row(rowName('p', 3, 3))).toBeVisible()

  await page.getByRole('button', { name: 'Pause', exact: true }).click()
  await expect(page.getByRole('button', { name: 'Resume', exact: true })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toHaveCount(0)

  const during = Array.from({ length: 37 }, (_, i) => `p/during/${i}`)
  await publishAll(mqttClient, oneEach(during))
  await publishAll(
    mqttClient,
    oneEach(during.slice(0, 5), () => 'again'),
  )
  await expect(explorer.pausedCount).toHaveText('42')
  // Frozen: the counts are the ones from when pausing began, and no new row appeared.
  await explorer.expectTotals(3, 3)
  await expect(explorer.row(rowName('p', 3, 3))).toBeVisible()
  await page.waitForTimeout(500)
  await explorer.expectTotals(3, 3)
  await expect(explorer.pausedCount).toHaveText('42')

  await page.getByRole('button', { name: 'Resume', exact: true }).click()
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible()
  await explorer.expectTotals(45, 40)
  await expect(explorer.row(rowName('p', 45, 40))).toBeVisible()
  await expect(explorer.pausedCount).toHaveCount(0)

  // Live again: new messages show at once.
  await publishAll(mqttClient, oneEach(['p/after']))
  await explorer.expectTotals(46, 41)
})

test('expanding a branch while paused shows its counts as they were when pausing began; the top bar says "paused — N arrived"', async ({
  page,
  explorer,
  mqttClient,
}) => {
  const lines = ['line0', 'line1', 'line2', 'line3']
  await publishAll(mqttClient, oneEach(Array.from({ length: 16 }, (_, i) => `plant/${lines[i % 4]}/m${Math.floor(i / 4)}`)))
  const plant = explorer.row(rowName('plant', 16, 16))
  await expect(plant).toBeVisible()
  const banner = page.getByRole('banner')
  await expect(banner).not.toContainText('paused')

  await page.getByRole('button', { name: 'Pause', exact: true }).click()
  await expect(banner).toContainText('paused — 0 arrived')
  // 25 more to the same topics and one new line, while paused.
  await publishAll(mqttClient, oneEach(Array.from({ length: 25 }, (_, i) => `plant/${lines[i % 4]}/m0`)))
  await publishAll(mqttClient, oneEach(['plant/line9/m0']))
  await expect(banner).toContainText('paused — 26 arrived')
  await expect(explorer.pausedCount).toHaveText('26')

  // Opened only now: the children show the paused counts, and the new line is not there.
  await plant.click()
  await expect(plant).toHaveAttribute('aria-expanded', 'true')
  for (const line of lines) await expect(explorer.row(rowName(line, 4, 4))).toBeVisible()
  await explorer.row(rowName('line0', 4, 4)).click()
  await expect(explorer.row(rowName('m0', 1, 0))).toBeVisible()
  await page.waitForTimeout(500)
  expect(await explorer.rowLevels()).toEqual(['plant', 'line0', 'm0', 'm1', 'm2', 'm3', 'line1', 'line2', 'line3'])
  await expect(explorer.row(rowName('plant', 16, 16))).toBeVisible()
  await explorer.expectTotals(16, 16)

  await page.getByRole('button', { name: 'Resume', exact: true }).click()
  await expect(banner).not.toContainText('paused')
  await explorer.expectTotals(42, 17)
  await expect(explorer.row(rowName('plant', 42, 17))).toBeVisible()
  await expect(explorer.row(rowName('line0', 11, 4))).toBeVisible()
  await expect(explorer.row(rowName('m0', 8, 0))).toBeVisible()
  await expect(explorer.row(rowName('line9', 1, 1))).toBeVisible()
})

test('"Busiest topics" ranks a flooding topic first by msg/s, and a topic with big payloads first by bytes/s', async ({ page, explorer, mqttClient }) => {
  const toggle = page.getByRole('button', { name: 'Busiest topics', exact: true })
  await toggle.click()
  await expect(toggle).toHaveAttribute('aria-pressed', 'true')
  const table = page.getByRole('table', { name: 'Busiest topics' })
  await expect(table).toBeVisible()
  const rankBy = page.getByLabel('Rank by')
  await expect(rankBy.locator('option:checked')).toHaveText('messages/s')

  // ~200 msg/s of 1-byte payloads to one topic while others trickle, one of them 20 kB a message.
  const traffic = publishAtRates(
    mqttClient,
    [
      { topic: 'busy/flood', perSecond: 200, payload: 'x' },
      { topic: 'busy/slow/a', perSecond: 4 },
      { topic: 'busy/slow/b', perSecond: 4 },
      { topic: 'busy/slow/c', perSecond: 4 },
      { topic: 'busy/big', perSecond: 4, payload: Buffer.alloc(20_000, 'b') },
    ],
    4_000,
  )
  try {
    // Row 0 is the header row.
    const top = table.getByRole('row').nth(1)
    await expect(top).toContainText('busy/flood', { timeout: 3_000 })
    await expect(table.getByRole('row')).toHaveCount(6)

    await rankBy.selectOption({ label: 'bytes/s' })
    await expect(top).toContainText('busy/big', { timeout: 2_000 })
    await expect(table.getByRole('row').nth(2)).toContainText('busy/flood')

    await rankBy.selectOption({ label: 'messages/s' })
    await expect(top).toContainText('busy/flood', { timeout: 2_000 })
  } finally {
    await traffic
  }

  // Clicking a ranked topic selects it.
  await table.getByRole('button', { name: 'busy/flood' }).click()
  await expect(explorer.details()).toContainText('busy/flood')

  await toggle.click()
  await expect(table).toHaveCount(0)
})
