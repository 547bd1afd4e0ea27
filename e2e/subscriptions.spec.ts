import { connectAsync } from 'mqtt'
import { expect, rowName, test } from './fixtures/explorer.ts'
import { publishAll } from './fixtures/publish.ts'

test('"+" and "#" filters are granted with the QoS asked for and decide what arrives', async ({ page, explorer, mqttClient }) => {
  await page.getByRole('button', { name: 'Unsubscribe #', exact: true }).click()
  await expect(explorer.subscription('#')).toHaveCount(0)

  await explorer.subscribe('sub/+/value', 1)
  await expect(explorer.subscription('sub/+/value')).toContainText('granted QoS 1')
  await explorer.subscribe('deep/#', 2)
  await expect(explorer.subscription('deep/#')).toContainText('granted QoS 2')
  await expect(explorer.subscriptions.getByRole('listitem')).toHaveCount(2)

  // One publisher keeps its order, so once "deep/zz-last" is counted everything before it that
  // was going to arrive has arrived.
  await publishAll(mqttClient, [
    { topic: 'sub/a/value', payload: '1' }, // +
    { topic: 'sub/b/value', payload: '2' }, // +
    { topic: 'sub/a/other', payload: 'no' }, // last level differs
    { topic: 'sub/a/b/value', payload: 'no' }, // + is one level only
    { topic: 'deep', payload: 'parent' }, // "#" matches the parent level too
    { topic: 'deep/x/y/z', payload: '3' },
    { topic: 'other/topic', payload: 'no' },
    { topic: 'deep/zz-last', payload: 'end' },
  ])
  await explorer.expectTotals(5, 5)
  await expect(explorer.row(rowName('sub', 2, 2))).toBeVisible()
  await expect(explorer.row(rowName('deep', 3, 2))).toBeVisible()
  expect(await explorer.rowLevels()).toEqual(['deep', 'sub'])

  // Unsubscribing stops the flow.
  await page.getByRole('button', { name: 'Unsubscribe sub/+/value', exact: true }).click()
  await expect(explorer.subscription('sub/+/value')).toHaveCount(0)
  await publishAll(mqttClient, [
    { topic: 'sub/c/value', payload: 'no' },
    { topic: 'deep/zz-last', payload: 'end again' },
  ])
  await expect(explorer.row(rowName('deep', 4, 2))).toBeVisible()
  await explorer.expectTotals(6, 5)
})

test('an invalid filter is explained where it was typed and is not added', async ({ page, explorer }) => {
  const box = page.getByLabel('Topic filter')
  const alert = page.getByRole('alert')

  await explorer.subscribe('home/#/temp')
  await expect(alert).toContainText('"#" must be the last level')
  await expect(box).toHaveValue('home/#/temp')

  await explorer.subscribe('home/kitchen+')
  await expect(alert).toContainText('"+" must fill a whole level')

  await explorer.subscribe('')
  await expect(alert).toContainText('empty')

  await expect(explorer.subscriptions.getByRole('listitem')).toHaveCount(1)
  await expect(explorer.subscription('#')).toContainText('granted QoS 0')

  // A valid one afterwards clears the message and is added.
  await explorer.subscribe('home/+/temp')
  await expect(alert).toHaveCount(0)
  await expect(explorer.subscription('home/+/temp')).toContainText('granted QoS 0')
})

test('"Subscribe to $SYS/#" shows the broker\'s own topics, which "#" leaves out', async ({ page, explorer, server }) => {
  await expect(explorer.rowOf('$SYS')).toHaveCount(0)
  await page.getByRole('button', { name: 'Subscribe to $SYS/#' }).click()
  await expect(explorer.subscription('$SYS/#')).toContainText('granted QoS 0')

  // aedes publishes $SYS/<id>/new/clients whenever a client connects.
  const other = await connectAsync(server.mqttUrl, { reconnectPeriod: 0, connectTimeout: 5_000 }, false)
  try {
    await expect(explorer.rowOf('$SYS')).toBeVisible()
  } finally {
    await other.endAsync(true)
  }
})
