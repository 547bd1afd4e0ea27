import { ExplorerPage, expect, rowName, test } from './fixtures/explorer.ts'
import { oneEach, publishAll, withTimeout } from './fixtures/publish.ts'

const LOAD_TOPICS = Array.from({ length: 2_000 }, (_, i) => `load/t${String(i).padStart(4, '0')}/value`)

test('2,000 topics and a second round to 10 of them: exact totals and subtree counts', async ({ page, explorer, mqttClient }) => {
  await publishAll(
    mqttClient,
    oneEach(LOAD_TOPICS, (_, i) => `first ${i}`),
  )
  await publishAll(
    mqttClient,
    oneEach(LOAD_TOPICS.slice(0, 10), (_, i) => `second ${i}`),
  )

  // 2,010 messages on 2,000 topics. "load" itself got none: its subtree has the 2,000 value topics
  // (the t0000… levels in between never got a message, so they are not counted as topics).
  await explorer.expectTotals(2_010, 2_000, 20_000)
  const load = explorer.row(rowName('load', 2_010, 2_000))
  await expect(load).toBeVisible()
  await expect(load).toHaveAttribute('aria-level', '1')
  await expect(load).toHaveAttribute('aria-expanded', 'false')
  expect(await explorer.rowNames()).toEqual([rowName('load', 2_010, 2_000)])

  // A click on a branch focuses, selects and opens it.
  await load.click()
  await expect(load).toBeFocused()
  await expect(load).toHaveAttribute('aria-selected', 'true')
  await expect(explorer.details()).toContainText('load')
  await expect(load).toHaveAttribute('aria-expanded', 'true')
  const first = explorer.row(rowName('t0000', 2, 1))
  await expect(first).toBeVisible()
  await expect(first).toHaveAttribute('aria-level', '2')
  await expect(first).toHaveAttribute('aria-expanded', 'false')
  await expect(explorer.row(rowName('t0010', 1, 1))).toBeVisible()

  // 2,001 rows, but the list is virtual: only about a screenful is in the DOM.
  const inDom = await explorer.tree.getByRole('treeitem').count()
  expect(inDom).toBeGreaterThan(10)
  expect(inDom).toBeLessThan(200)
  await expect(explorer.row(rowName('t1999', 1, 1))).toHaveCount(0)

  // End scrolls the virtual list to the last row and focuses it.
  await page.keyboard.press('End')
  const last = explorer.row(rowName('t1999', 1, 1))
  await expect(last).toBeVisible()
  await expect(last).toBeFocused()
  await expect(explorer.row(rowName('t0000', 2, 1))).toHaveCount(0)
  await page.keyboard.press('ArrowRight')
  await expect(last).toHaveAttribute('aria-expanded', 'true')
  await expect(explorer.row(rowName('value', 1, 0))).toBeVisible()

  // The totals stayed exact through all of it.
  await explorer.expectTotals(2_010, 2_000)
})

test('keyboard: arrows, Home, End, Enter and "*" move focus, select and expand', async ({ page, explorer, mqttClient }) => {
  await publishAll(mqttClient, [
    { topic: 'nav/alpha/one', payload: '1' },
    { topic: 'nav/alpha/two', payload: '2' },
    { topic: 'nav/beta', payload: 'beta payload' },
    { topic: 'zed', payload: 'zed payload' },
  ])
  await explorer.expectTotals(4, 4)
  const nav = explorer.row(rowName('nav', 3, 3))
  const zed = explorer.row(rowName('zed', 1, 0))
  const alpha = explorer.row(rowName('alpha', 2, 2))
  const beta = explorer.row(rowName('beta', 1, 0))
  const details = explorer.details()
  expect(await explorer.rowLevels()).toEqual(['nav', 'zed'])

  await zed.click()
  await expect(zed).toHaveAttribute('aria-selected', 'true')
  await expect(details).toContainText('zed payload')

  await page.keyboard.press('Home')
  await expect(nav).toBeFocused()
  // The selection follows focus once it rests: the details show nav now.
  await expect(nav).toHaveAttribute('aria-selected', 'true')
  await expect(zed).toHaveAttribute('aria-selected', 'false')

  await page.keyboard.press('ArrowRight')
  await expect(nav).toHaveAttribute('aria-expanded', 'true')
  await expect(nav).toBeFocused()
  expect(await explorer.rowLevels()).toEqual(['nav', 'alpha', 'beta', 'zed'])

  // On an open row ArrowRight goes to its first child.
  await page.keyboard.press('ArrowRight')
  await expect(alpha).toBeFocused()
  await expect(alpha).toHaveAttribute('aria-level', '2')

  await page.keyboard.press('ArrowDown')
  await expect(beta).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(beta).toHaveAttribute('aria-selected', 'true')
  await expect(zed).toHaveAttribute('aria-selected', 'false')
  await expect(details).toContainText('nav/beta')
  await expect(details).toContainText('beta payload')

  await page.keyboard.press('End')
  await expect(zed).toBeFocused()
  await page.keyboard.press('ArrowUp')
  await expect(beta).toBeFocused()

  // ArrowLeft: to the parent, then closes it.
  await page.keyboard.press('ArrowLeft')
  await expect(nav).toBeFocused()
  await page.keyboard.press('ArrowLeft')
  await expect(nav).toHaveAttribute('aria-expanded', 'false')
  expect(await explorer.rowLevels()).toEqual(['nav', 'zed'])

  // "*" opens the whole subtree.
  await page.keyboard.press('*')
  await expect(explorer.row(rowName('one', 1, 0))).toBeVisible()
  expect(await explorer.rowLevels()).toEqual(['nav', 'alpha', 'one', 'two', 'beta', 'zed'])
  await expect(alpha).toHaveAttribute('aria-expanded', 'true')

  await page.getByRole('button', { name: 'Collapse all' }).click()
  await expect(alpha).toHaveCount(0)
  expect(await explorer.rowLevels()).toEqual(['nav', 'zed'])
})

test('a retained message is marked retained in the row name, and stays marked after a live message without retain', async ({ page, server, mqttClient }) => {
  const topic = `ret-${Date.now().toString(36)}/flag`
  await withTimeout(mqttClient.publishAsync(topic, 'kept', { qos: 1, retain: true }), 5_000, 'publish retained')
  try {
    const explorer = new ExplorerPage(page)
    await explorer.open(server.appUrl)
    const [branch] = topic.split('/') as [string]
    await expect(explorer.row(rowName(branch, 1, 1))).toBeVisible()
    await explorer.row(rowName(branch, 1, 1)).click()
    await page.keyboard.press('ArrowRight')
    await expect(explorer.row(rowName('flag', 1, 0, true))).toBeVisible()

    // A message published without retain leaves the broker's retained one in place [MQTT-3.3.1-12].
    await withTimeout(mqttClient.publishAsync(topic, 'live', { qos: 1 }), 5_000, 'publish live')
    await expect(explorer.row(rowName('flag', 2, 0, true))).toBeVisible()
  } finally {
    // An empty retained payload deletes the retained message, so no other test sees it.
    await withTimeout(mqttClient.publishAsync(topic, '', { qos: 1, retain: true }), 5_000, 'clear retained')
  }
})
