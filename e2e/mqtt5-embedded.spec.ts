import { ExplorerPage, expect, test } from './fixtures/explorer.ts'

/**
 * Issue 14, problem 5: MQTT 5 against the embedded broker (aedes 1.2 speaks 3.1/3.1.1 only). The
 * broker answers CONNACK 0x01; the page says so and stops, with one state in the status, the tree
 * and the Connect button, and the profile form says version 5 is not supported there.
 */
const REFUSAL = 'the broker does not support MQTT 5 (unacceptable protocol version)'

test('MQTT 5 on the embedded broker shows the protocol refusal and stops (no reconnecting)', async ({ page, server }) => {
  const explorer = new ExplorerPage(page)
  await explorer.open(server.appUrl)

  await page.getByRole('button', { name: 'Connection settings' }).click()
  const dialog = page.getByRole('dialog', { name: 'Connection profile' })
  await dialog.getByRole('button', { name: 'New profile' }).click()
  await dialog.getByLabel('Name', { exact: true }).fill('Embedded, MQTT 5')
  await dialog.getByLabel('Broker URL').fill(server.wsUrl)
  const version = dialog.getByLabel('MQTT version')
  await expect(version.locator('option[value="5"]')).toHaveText('5 (not supported by the embedded broker)')
  await version.selectOption('5')
  await expect(dialog).toContainText('The embedded broker speaks MQTT 3.1 and 3.1.1 only')
  await dialog.getByRole('button', { name: 'Save and connect' }).click()
  await expect(dialog).toBeHidden()

  await expect(explorer.status).toHaveText(`closed: ${REFUSAL}`, { timeout: 15_000 })
  // A retry cannot help: it stays closed, never "reconnecting" (the page would retry every 2 s).
  const seen: string[] = []
  const watch = setInterval(() => {
    void explorer.status.textContent().then(
      (text) => seen.push(text ?? ''),
      () => {},
    )
  }, 200)
  await page.waitForTimeout(4_500)
  clearInterval(watch)
  expect(seen.filter((text) => text.startsWith('reconnecting'))).toEqual([])
  await expect(explorer.status).toHaveText(`closed: ${REFUSAL}`)
  // The same state in the button and the tree.
  await expect(page.getByRole('button', { name: 'Connect', exact: true })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Disconnect', exact: true })).toHaveCount(0)
  await expect(explorer.tree.locator('..')).toContainText(`Not connected: ${REFUSAL}. Pick a profile and press Connect.`)

  // Back to the built-in profile (3.1.1): while closed the picker only picks it; Connect connects.
  await page.getByLabel('Profile', { exact: true }).selectOption({ label: 'Embedded broker' })
  await page.getByRole('button', { name: 'Connect', exact: true }).click()
  await explorer.expectConnected()
})
