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
