import { expect, test, type ExplorerPage } from './fixtures/explorer.ts'
import { publishAll } from './fixtures/publish.ts'
import type { MqttClient } from 'mqtt'

const TOPICS = [
  { topic: 'home/kitchen/temp', payload: '21.5' },
  { topic: 'home/garage/temp', payload: '12.0' },
  { topic: 'home/kitchen/humidity', payload: '40' },
  { topic: 'office/desk/temp', payload: 'a needle in the payload' },
  { topic: 'reg/t1899', payload: 'x' },
  { topic: 'reg/t1900', payload: 'x' },
  { topic: 'reg/t1955', payload: 'x' },
  { topic: 'reg/t2000', payload: 'x' },
]

async function publishFixtureTopics(explorer: ExplorerPage, client: MqttClient): Promise<void> {
  await publishAll(client, TOPICS)
  await explorer.expectTotals(TOPICS.length, TOPICS.length)
  await expect.poll(() => explorer.rowLevels()).toEqual(['home', 'office', 'reg'])
}

test('MQTT filter mode shows only matching topics (and the branches that lead to them)', async ({ explorer, mqttClient }) => {
  await publishFixtureTopics(explorer, mqttClient)

  await explorer.filterTopics('mqtt', 'home/+/temp')
  await expect.poll(() => explorer.rowLevels()).toEqual(['home', 'garage', 'temp', 'kitchen', 'temp'])

  await explorer.filterTopics('mqtt', '+/+/temp')
  await expect.poll(() => explorer.rowLevels()).toEqual(['home', 'garage', 'temp', 'kitchen', 'temp', 'office', 'desk', 'temp'])

  await explorer.filterTopics('mqtt', 'reg/#')
  await expect.poll(() => explorer.rowLevels()).toEqual(['reg', 't1899', 't1900', 't1955', 't2000'])

  // Filtering changes the view only: the totals still count everything.
  await explorer.expectTotals(TOPICS.length, TOPICS.length)

  // Clearing the filter brings the whole (collapsed) tree back.
  await explorer.filterBox.fill('')
  await expect.poll(() => explorer.rowLevels()).toEqual(['home', 'office', 'reg'])
})

test('an invalid MQTT filter or regex is explained, and a valid one clears the message', async ({ page, explorer, mqttClient }) => {
  await publishFixtureTopics(explorer, mqttClient)
  const alert = page.getByRole('alert')

  await explorer.filterTopics('mqtt', 'load/t00+5/value')
  await expect(alert).toContainText('"+" must fill a whole level')
  await expect(explorer.filterBox).toHaveValue('load/t00+5/value')

  await explorer.filterTopics('mqtt', 'home/#/temp')
  await expect(alert).toContainText('"#" must be the last level')

  await explorer.filterTopics('regex', 't19(\\d')
  await expect(alert).toContainText(/regular expression/i)

  await explorer.filterTopics('regex', 't19\\d\\d')
  await expect(alert).toHaveCount(0)
  await expect.poll(() => explorer.rowLevels()).toEqual(['reg', 't1900', 't1955'])
})

test('regex and text modes search the topic; "Search payloads" extends them to payloads', async ({ page, explorer, mqttClient }) => {
  await publishFixtureTopics(explorer, mqttClient)

  await explorer.filterTopics('regex', '^reg/t(18|20)')
  await expect.poll(() => explorer.rowLevels()).toEqual(['reg', 't1899', 't2000'])

  // Text mode: a case-insensitive substring; regex characters are plain text there.
  await explorer.filterTopics('text', 'KITCHEN')
  await expect.poll(() => explorer.rowLevels()).toEqual(['home', 'kitchen', 'humidity', 'temp'])
  await explorer.filterTopics('text', 't19..')
  await expect.poll(() => explorer.rowLevels()).toEqual([])

  await explorer.filterTopics('text', 'needle')
  await expect.poll(() => explorer.rowLevels()).toEqual([])
  const payloads = page.getByRole('checkbox', { name: 'Search payloads' })
  await payloads.check()
  await expect.poll(() => explorer.rowLevels()).toEqual(['office', 'desk', 'temp'])
  await payloads.uncheck()
  await expect.poll(() => explorer.rowLevels()).toEqual([])
})

test('"Sort by" orders siblings by name, message count or recency', async ({ page, explorer, mqttClient }) => {
  await publishFixtureTopics(explorer, mqttClient)
  const sort = page.getByLabel('Sort by')
  await expect(sort).toHaveValue('name')

  await sort.selectOption({ label: 'Messages' })
  await expect.poll(() => explorer.rowLevels()).toEqual(['reg', 'home', 'office'])

  // Recency is by the newest message in each branch: reg, then (later) office.
  await page.waitForTimeout(20)
  await publishAll(mqttClient, [{ topic: 'reg/t2000', payload: 'newer' }])
  await page.waitForTimeout(20)
  await publishAll(mqttClient, [{ topic: 'office/desk/temp', payload: 'newest' }])
  await explorer.expectTotals(TOPICS.length + 2, TOPICS.length)
  await sort.selectOption({ label: 'Recent' })
  await expect.poll(() => explorer.rowLevels()).toEqual(['office', 'reg', 'home'])

  await sort.selectOption({ label: 'Name' })
  await expect.poll(() => explorer.rowLevels()).toEqual(['home', 'office', 'reg'])
})
