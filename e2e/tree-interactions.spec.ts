import { expect, rowName, test } from './fixtures/explorer.ts'
import { oneEach, publishAll, publishAtRates } from './fixtures/publish.ts'

test('a click on a branch selects and opens it; a second click closes it', async ({ explorer, mqttClient }) => {
  await publishAll(mqttClient, oneEach(['click/a', 'click/b/deep', 'other']))
  const branch = explorer.row(rowName('click', 2, 2))
  await expect(branch).toHaveAttribute('aria-expanded', 'false')

  await branch.click()
  await expect(branch).toHaveAttribute('aria-expanded', 'true')
  await expect(branch).toHaveAttribute('aria-selected', 'true')
  await expect(branch).toBeFocused()
  await expect(explorer.details()).toContainText('click')
  expect(await explorer.rowLevels()).toEqual(['click', 'a', 'b', 'other'])

  await branch.click()
  await expect(branch).toHaveAttribute('aria-expanded', 'false')
  await expect(branch).toHaveAttribute('aria-selected', 'true')
  expect(await explorer.rowLevels()).toEqual(['click', 'other'])

  // A leaf has nothing to open: a click selects it.
  const other = explorer.row(rowName('other', 1, 0))
  await other.click()
  await expect(other).toHaveAttribute('aria-selected', 'true')
  await expect(other).not.toHaveAttribute('aria-expanded')
})

test('arrow keys browse topics: the selection, and so the topic details, follow the focus', async ({ page, explorer, mqttClient }) => {
  await publishAll(mqttClient, [
    { topic: 'browse/one', payload: 'first payload' },
    { topic: 'browse/three', payload: 'third payload' },
    { topic: 'browse/two', payload: 'second payload' },
  ])
  const details = explorer.details()
  const browse = explorer.row(rowName('browse', 3, 3))
  await browse.click()
  await expect(browse).toHaveAttribute('aria-expanded', 'true')

  await page.keyboard.press('ArrowDown')
  const one = explorer.row(rowName('one', 1, 0))
  await expect(one).toBeFocused()
  await expect(one).toHaveAttribute('aria-selected', 'true')
  await expect(details).toContainText('browse/one')
  await expect(details).toContainText('first payload')

  // Passing a row quickly does not stop the selection from catching up with the focus.
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  const two = explorer.row(rowName('two', 1, 0))
  await expect(two).toBeFocused()
  await expect(two).toHaveAttribute('aria-selected', 'true')
  await expect(details).toContainText('browse/two')
  await expect(details).toContainText('second payload')

  await page.keyboard.press('Home')
  await expect(browse).toHaveAttribute('aria-selected', 'true')
  await expect(details).not.toContainText('second payload')
})

test('type-ahead: letters move focus to the next row whose name starts with them, beyond the rows on screen', async ({ page, explorer, mqttClient }) => {
  const fillers = Array.from({ length: 150 }, (_, i) => `ta/m${String(i).padStart(3, '0')}`)
  await publishAll(mqttClient, oneEach(['ta/alpha', 'ta/Beta', 'ta/bravo', 'ta/charlie', 'ta/chip', ...fillers, 'ta/zulu']))
  await explorer.expectTotals(156, 156)
  const ta = explorer.row(rowName('ta', 156, 156))
  await ta.click()
  await expect(ta).toHaveAttribute('aria-expanded', 'true')

  await page.keyboard.press('b')
  const beta = explorer.row(rowName('Beta', 1, 0))
  await expect(beta).toBeFocused()
  // The same letter again: the next row starting with it.
  await page.keyboard.press('b')
  await expect(explorer.row(rowName('bravo', 1, 0))).toBeFocused()
  // Letters typed together search for the whole string.
  await page.waitForTimeout(800)
  await page.keyboard.type('chi')
  const chip = explorer.row(rowName('chip', 1, 0))
  await expect(chip).toBeFocused()
  // The selection follows.
  await expect(chip).toHaveAttribute('aria-selected', 'true')
  await expect(explorer.details()).toContainText('ta/chip')

  // zulu is the 157th row, far below the rows the page holds: the search is the worker's.
  await expect(explorer.row(rowName('zulu', 1, 0))).toHaveCount(0)
  await page.waitForTimeout(800)
  await page.keyboard.press('Z')
  const zulu = explorer.row(rowName('zulu', 1, 0))
  await expect(zulu).toBeFocused()
  await expect(zulu).toBeInViewport()
  // From the end it wraps around to the top.
  await page.waitForTimeout(800)
  await page.keyboard.press('a')
  await expect(explorer.row(rowName('alpha', 1, 0))).toBeFocused()
})

test('"/" focuses the tree filter, except where "/" is being typed', async ({ page, explorer, mqttClient }) => {
  await publishAll(mqttClient, oneEach(['slash/a', 'slash/b']))
  const slash = explorer.row(rowName('slash', 2, 2))
  await slash.click()
  await expect(slash).toBeFocused()

  await page.keyboard.press('/')
  await expect(explorer.filterBox).toBeFocused()
  await expect(explorer.filterBox).toHaveValue('')
  await page.keyboard.type('b')
  await expect(explorer.filterBox).toHaveValue('b')
  await expect.poll(() => explorer.rowLevels()).toEqual(['slash', 'b'])

  // In a text field "/" is a character: the subscription box keeps it.
  const topicFilter = page.getByLabel('Topic filter')
  await topicFilter.fill('home')
  await topicFilter.press('/')
  await expect(topicFilter).toHaveValue('home/')
  await expect(topicFilter).toBeFocused()

  // From a button too (the filter's text is selected, ready to be replaced).
  await page.getByRole('button', { name: 'Collapse all', exact: true }).focus()
  await page.keyboard.press('/')
  await expect(explorer.filterBox).toBeFocused()
  await page.keyboard.type('a')
  await expect(explorer.filterBox).toHaveValue('a')
})

test('a "Busiest topics" row reveals its topic: ancestors opened, scrolled into view, selected, shown in the details', async ({
  page,
  explorer,
  mqttClient,
}) => {
  // 120 top-level topics first, so the busy topic's branch starts far below the visible rows.
  await publishAll(mqttClient, oneEach(Array.from({ length: 120 }, (_, i) => `aa${String(i).padStart(3, '0')}`)))
  await explorer.expectTotals(120, 120)
  const topic = 'zz/plant/line/flood'
  await page.getByRole('button', { name: 'Busiest topics', exact: true }).click()
  const table = page.getByRole('table', { name: 'Busiest topics' })
  const traffic = publishAtRates(mqttClient, [{ topic, perSecond: 50, payload: '7' }], 2_000)
  try {
    const link = table.getByRole('button', { name: topic, exact: true })
    await expect(link).toBeVisible({ timeout: 5_000 })
    await expect(explorer.rowOf('flood')).toHaveCount(0)
    await link.click()
    const flood = explorer.rowOf('flood')
    await expect(flood).toBeInViewport()
    await expect(flood).toHaveAttribute('aria-level', '4')
    await expect(flood).toHaveAttribute('aria-selected', 'true')
    for (const level of ['zz', 'plant', 'line']) await expect(explorer.rowOf(level)).toHaveAttribute('aria-expanded', 'true')
    await expect(explorer.details()).toContainText(topic)
  } finally {
    await traffic
  }
})

test('the change highlight goes out after a moment and a busy row is not lit on every update', async ({ page, explorer, mqttClient }) => {
  await publishAll(mqttClient, oneEach(['hot']))
  const row = explorer.rowOf('hot')
  await expect(row).toBeVisible()
  const opacity = () =>
    row.evaluate((el) => {
      const flash = el.querySelector('.row-flash')
      return flash ? Number(getComputedStyle(flash).opacity) : 0
    })
  // 20 messages a second for 6 s: the row changes on every batch the whole time.
  const traffic = publishAtRates(mqttClient, [{ topic: 'hot', perSecond: 20 }], 6_000)
  const start = Date.now()
  try {
    const early: number[] = []
    const late: number[] = []
    while (Date.now() - start < 3_800) {
      const at = Date.now() - start
      const value = await opacity()
      if (at < 1_000) early.push(value)
      else if (at > 2_400) late.push(value)
      await page.waitForTimeout(50)
    }
    expect(Math.max(...early), 'lit when it changed').toBeGreaterThan(0.3)
    expect(late.length).toBeGreaterThan(3)
    expect(Math.max(...late), 'faded out and not lit again, though it kept changing').toBe(0)
  } finally {
    await traffic
  }
})
