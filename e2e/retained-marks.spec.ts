import type { Page } from '@playwright/test'
import { rowName } from './fixtures/explorer.ts'
import { clearDialog, expect, test } from './fixtures/inspector.ts'
import { withTimeout } from './fixtures/publish.ts'

/**
 * Issue 14, problems 3 and 4: a topic is marked retained while the broker holds a retained message
 * for it, also one published while the page is subscribed under MQTT 3.1.1 (which arrives without
 * the flag [MQTT-3.3.1-9]); "Retained only"; Clear retained only for retained topics, with a
 * dialog that says what subscribers receive; Forget topic and Reset tree.
 */
function level(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
}

/** The computed background of `locator`'s element and of a probe painted with `var(--bad)`. */
async function backgroundAndDanger(page: Page, name: string): Promise<[string, string]> {
  return page.getByRole('button', { name, exact: true }).evaluate((button) => {
    const probe = document.createElement('span')
    probe.style.backgroundColor = 'var(--bad)'
    document.body.append(probe)
    const danger = getComputedStyle(probe).backgroundColor
    probe.remove()
    return [getComputedStyle(button).backgroundColor, danger]
  })
}

test('a topic published retained while the page is open gets the mark, keeps it after a live retained update, loses it on an empty retained publish', async ({
  explorer,
  mqttClient,
  forgetAfter,
}) => {
  const name = level('marked')
  forgetAfter([name])
  await withTimeout(mqttClient.publishAsync(name, 'on', { qos: 1, retain: true }), 5_000, 'retained publish')
  await expect(explorer.row(rowName(name, 1, 0, true))).toBeVisible()
  await withTimeout(mqttClient.publishAsync(name, 'off', { qos: 1, retain: true }), 5_000, 'live retained update')
  await expect(explorer.row(rowName(name, 2, 0, true))).toBeVisible()
  await explorer.page.waitForTimeout(1_500)
  await expect(explorer.row(rowName(name, 2, 0, true))).toBeVisible()
  await withTimeout(mqttClient.publishAsync(name, '', { qos: 1, retain: true }), 5_000, 'empty retained publish')
  await expect(explorer.row(rowName(name, 3, 0))).toBeVisible()
  await explorer.page.waitForTimeout(1_500)
  await expect(explorer.row(rowName(name, 3, 0))).toBeVisible()
})

test('"Retained only" shows the retained topics and their branches, and nothing else', async ({ explorer, mqttClient, forgetAfter }) => {
  const root = level('only')
  forgetAfter([`${root}/kept/lamp`])
  await withTimeout(mqttClient.publishAsync(`${root}/kept/lamp`, 'on', { qos: 1, retain: true }), 5_000, 'retained')
  await withTimeout(mqttClient.publishAsync(`${root}/live/temp`, '21.5', { qos: 1 }), 5_000, 'not retained')
  await expect(explorer.row(rowName(root, 2, 2))).toBeVisible()
  await explorer.filterBox.fill(root)
  await explorer.page.getByRole('checkbox', { name: 'Retained only' }).check()
  await expect.poll(() => explorer.rowLevels()).toEqual([root, 'kept', 'lamp'])
  await explorer.page.getByRole('checkbox', { name: 'Retained only' }).uncheck()
  await expect.poll(() => explorer.rowLevels()).toEqual([root, 'kept', 'lamp', 'live', 'temp'])
})

test('"Clear retained" is disabled on a topic that is not retained; its dialog says what subscribers receive, and Clear is red', async ({
  inspector,
  mqttClient,
  forgetAfter,
}) => {
  const root = level('clearable')
  forgetAfter([`${root}/kept`])
  await withTimeout(mqttClient.publishAsync(`${root}/plain`, 'not retained', { qos: 1 }), 5_000, 'plain')
  await withTimeout(mqttClient.publishAsync(`${root}/kept`, 'retained', { qos: 1, retain: true }), 5_000, 'retained')
  await inspector.selectTopic(`${root}/plain`)
  await expect(inspector.clearRetained).toBeDisabled()
  await inspector.page.keyboard.press('Delete')
  await expect(inspector.dialog).toBeHidden()

  await expect(inspector.explorer.row(rowName('kept', 1, 0, true))).toBeVisible()
  await inspector.selectTopic(`${root}/kept`)
  await expect(inspector.clearRetained).toBeEnabled()
  await inspector.clearRetained.click()
  const dialog = clearDialog(inspector.page)
  await expect(dialog).toContainText('Every subscriber of this topic receives a zero-byte message')
  const [background, danger] = await backgroundAndDanger(inspector.page, 'Clear')
  expect(background).toBe(danger)
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click()
  await expect(dialog).toBeHidden()
})

test('"Forget topic" takes a topic and its history out of the tree, counted; "Reset tree" empties it', async ({ inspector, mqttClient }) => {
  const root = level('forget')
  for (const t of [`${root}/a`, `${root}/a`, `${root}/b`]) await withTimeout(mqttClient.publishAsync(t, 'x', { qos: 1 }), 5_000, 'publish')
  const explorer = inspector.explorer
  await expect(explorer.row(rowName(root, 3, 2))).toBeVisible()
  const messages = Number((await explorer.totalMessages.innerText()).replace(/,/g, ''))
  const topics = Number((await explorer.totalTopics.innerText()).replace(/,/g, ''))
  await inspector.selectTopic(`${root}/a`)
  await inspector.button('Forget topic').click()
  await expect(explorer.row(rowName(root, 1, 1))).toBeVisible()
  await expect(explorer.rowOf('a')).toHaveCount(0)
  await explorer.expectTotals(messages - 2, topics - 1)
  // A new message brings it back, counted from 1.
  await withTimeout(mqttClient.publishAsync(`${root}/a`, 'again', { qos: 1 }), 5_000, 'publish again')
  await expect(explorer.row(rowName(root, 2, 2))).toBeVisible()

  await explorer.page.getByRole('button', { name: 'Reset tree', exact: true }).click()
  await explorer.expectTotals(0, 0)
  await expect(explorer.tree.getByRole('treeitem')).toHaveCount(0)
  await withTimeout(mqttClient.publishAsync(`${root}/b`, 'after the reset', { qos: 1 }), 5_000, 'publish after reset')
  await expect(explorer.row(rowName(root, 1, 1))).toBeVisible()
})
