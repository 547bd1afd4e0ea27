import { expect, test } from './fixtures/server.ts'

test('the app opens, connects to the embedded broker and shows a message published over TCP', async ({ page, server, mqttClient }) => {
  await page.goto(server.appUrl)
  await expect(page.getByRole('status')).toHaveText(/^connected$/)

  const payload = `hello ${Date.now()}`
  await mqttClient.publishAsync('e2e/shell/greeting', payload, { qos: 1 })

  const latest = page.getByRole('region', { name: 'Latest messages' })
  await expect(latest.getByText('e2e/shell/greeting')).toBeVisible()
  await expect(latest.getByText(payload)).toBeVisible()
})

test('a topic and payload carrying HTML render as text, not markup', async ({ page, server, mqttClient }) => {
  await page.goto(server.appUrl)
  await expect(page.getByRole('status')).toHaveText(/^connected$/)
  const topic = 'e2e/<script>alert(1)</script>'
  const payload = '<img src=x onerror="window.__pwned=1"><b>bold</b>'
  await mqttClient.publishAsync(topic, payload, { qos: 1 })

  const latest = page.getByRole('region', { name: 'Latest messages' })
  await expect(latest.getByText(topic)).toBeVisible()
  await expect(latest.getByText(payload)).toBeVisible()
  expect(await page.locator('.latest img, .latest b, .latest script').count()).toBe(0)
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
})
