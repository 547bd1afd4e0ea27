import { ExplorerPage, rowName } from './fixtures/explorer.ts'
import { expect, test } from './fixtures/server.ts'

test('the app opens, connects to the embedded broker and shows a message published over TCP', async ({ page, server, mqttClient }) => {
  const app = new ExplorerPage(page)
  await app.open(server.appUrl)
  await expect(page.getByRole('status', { name: 'Connection status' })).toHaveText(/^connected$/)

  const payload = `hello ${Date.now()}`
  await mqttClient.publishAsync('shell/greeting', payload, { qos: 1 })

  const tree = page.getByRole('tree', { name: 'Topics' })
  const shell = tree.getByRole('treeitem', { name: rowName('shell', 1, 1) })
  await expect(shell).toBeVisible()
  await shell.click()
  await page.keyboard.press('ArrowRight')
  const greeting = tree.getByRole('treeitem', { name: rowName('greeting', 1, 0) })
  await expect(greeting).toContainText(payload)
})
