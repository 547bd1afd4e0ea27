import type { Locator } from '@playwright/test'
import { rowName } from './fixtures/explorer.ts'
import { expect, jsonLineCore, test } from './fixtures/inspector.ts'
import { publishAll } from './fixtures/publish.ts'

test('the History list holds the messages of the topic, newest first, and grows live', async ({ inspector, mqttClient }) => {
  const topic = 'hist/five'
  const payloads = [1, 2, 3, 4, 5].map((n) => `history message #${n}`)
  // Publish one at a time so the order is the order of arrival.
  for (const payload of payloads) await publishAll(mqttClient, [{ topic, payload }])
  await inspector.selectTopic(topic)

  const items = inspector.historyItems()
  await expect(items).toHaveCount(5)
  for (let i = 0; i < 5; i++) await expect(items.nth(i)).toContainText(payloads[4 - i]!)
  // The newest one is the latest message the inspector shows.
  await inspector.expectPayloadContains('history message #5')

  await publishAll(mqttClient, [{ topic, payload: 'history message #6' }])
  await expect(items).toHaveCount(6)
  await expect(items.first()).toContainText('history message #6')
  await expect(items.last()).toContainText('history message #1')
  await inspector.expectPayloadContains('history message #6')

  // Other topics' messages are not in this topic's history.
  await publishAll(mqttClient, [{ topic: 'hist/other', payload: 'history message #7' }])
  await expect(inspector.explorer.row(rowName('other', 1, 0))).toBeVisible()
  await expect(items).toHaveCount(6)
  await expect(inspector.history).not.toContainText('#7')
})

/** Removed and added lines of the diff in `scope`: <del>/<ins> (roles deletion/insertion), or "-"/"+" lines. */
async function diffLines(scope: Locator): Promise<{ removed: string[]; added: string[] }> {
  return scope.evaluate((root) => {
    const texts = (selector: string) => [...root.querySelectorAll(selector)].map((el) => (el as HTMLElement).innerText)
    const removed = texts('del, [role="deletion"], [data-op="removed"], .removed, .diff-removed')
    const added = texts('ins, [role="insertion"], [data-op="added"], .added, .diff-added')
    for (const line of (root as HTMLElement).innerText.split('\n')) {
      if (/^[-−]\s/.test(line)) removed.push(line.replace(/^[-−]\s*/, ''))
      if (/^\+\s/.test(line)) added.push(line.replace(/^\+\s*/, ''))
    }
    return { removed: removed.flatMap((t) => t.split('\n')), added: added.flatMap((t) => t.split('\n')) }
  })
}

test('the diff against the previous message shows the removed and the added line', async ({ inspector, mqttClient }) => {
  const topic = 'hist/diff/lamp'
  const before = { id: 7, state: 'on', level: 3 }
  const after = { id: 7, state: 'off', level: 3 }
  await publishAll(mqttClient, [{ topic, payload: JSON.stringify(before) }])
  await publishAll(mqttClient, [{ topic, payload: JSON.stringify(after) }])
  await inspector.selectTopic(topic)
  await expect(inspector.historyItems()).toHaveCount(2)

  // The diff may be a view of its own: open it the way the UI offers (a tab, button or switch named "Diff ...").
  const opener = inspector.details
    .getByRole('tab', { name: /diff/i })
    .or(inspector.details.getByRole('button', { name: /diff/i }))
    .or(inspector.details.getByRole('checkbox', { name: /diff/i }))
    .or(inspector.details.getByRole('switch', { name: /diff/i }))
    .or(inspector.details.getByRole('radio', { name: /diff/i }))
  if ((await opener.count()) > 0) await opener.first().click()
  // JSON is compared by key path by default (see inspector-history-compare.spec.ts); these are the lines.
  await inspector.details.getByRole('button', { name: 'By line', exact: true }).click()

  const core = (lines: string[]) => lines.map(jsonLineCore).filter((l) => l !== '')
  await expect
    .poll(async () => {
      const { removed, added } = await diffLines(inspector.details)
      return { removed: core(removed), added: core(added) }
    })
    .toEqual({ removed: ['"state": "on"'], added: ['"state": "off"'] })
  // Unchanged lines are context, not changes.
  await expect(inspector.details).toContainText('"level": 3')
})
