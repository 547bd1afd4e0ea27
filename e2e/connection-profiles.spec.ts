import type { Page } from '@playwright/test'
import { connectAsync } from 'mqtt'
import { CONNECTED, ExplorerPage, expect, rowName, test } from './fixtures/explorer.ts'
import { startMosquitto, type MosquittoBroker } from './fixtures/mosquitto.ts'
import { withTimeout } from './fixtures/publish.ts'

interface ProfileFields {
  readonly name: string
  readonly url: string
  readonly clientId?: string
  readonly username?: string
  readonly password?: string
}

/** Opens "Connection settings", starts a new profile, fills it in and presses "Save and connect". */
async function createProfileAndConnect(page: Page, fields: ProfileFields): Promise<void> {
  await page.getByRole('button', { name: 'Connection settings' }).click()
  const dialog = page.getByRole('dialog', { name: 'Connection profile' })
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button', { name: 'New profile' }).click()
  await dialog.getByLabel('Name', { exact: true }).fill(fields.name)
  await dialog.getByLabel('Broker URL').fill(fields.url)
  if (fields.clientId !== undefined) await dialog.getByLabel('Client ID').fill(fields.clientId)
  if (fields.username !== undefined) await dialog.getByLabel('Username').fill(fields.username)
  if (fields.password !== undefined) await dialog.getByLabel('Password', { exact: true }).fill(fields.password)
  await dialog.getByRole('button', { name: 'Save and connect' }).click()
  await expect(dialog).toBeHidden()
}

test('a profile made in the dialog is saved, chosen in the top bar and used to connect', async ({ page, server, mqttClient }) => {
  const explorer = new ExplorerPage(page)
  await explorer.open(server.appUrl)

  // aedes announces every client that connects on $SYS/<broker>/new/clients: that is how we see
  // which client ID the page connected with.
  const clientId = `e2e-profile-${Date.now().toString(36)}`
  const announced = new Promise<void>((resolve) => {
    mqttClient.on('message', (topic, payload) => {
      if (topic.endsWith('/new/clients') && payload.toString() === clientId) resolve()
    })
  })
  await withTimeout(mqttClient.subscribeAsync('$SYS/+/new/clients'), 5_000, 'subscribe to $SYS/+/new/clients')

  await createProfileAndConnect(page, { name: 'Local test broker', url: server.wsUrl, clientId })
  await withTimeout(announced, 10_000, `a connection with client ID ${clientId}`)
  await explorer.expectConnected()
  const profileSelect = page.getByLabel('Profile', { exact: true })
  await expect(profileSelect.locator('option:checked')).toHaveText('Local test broker')
  await expect(explorer.subscription('#')).toContainText('granted QoS 0')

  await mqttClient.publishAsync('profile/check', 'hello', { qos: 1 })
  await explorer.expectTotals(1, 1)
  await expect(explorer.row(rowName('profile', 1, 1))).toBeVisible()

  // The profile outlives a reload and the page connects with it again.
  await page.reload()
  await explorer.expectConnected()
  await expect(profileSelect.locator('option:checked')).toHaveText('Local test broker')
})

test.describe('a broker that requires a password (mosquitto)', () => {
  let mosquitto: MosquittoBroker | undefined

  test.beforeAll(async () => {
    mosquitto = await startMosquitto({ username: 'scope-user', password: 'right-password' })
  })

  test.afterAll(async () => {
    await mosquitto?.stop()
  })

  test('a wrong password closes the connection as "not authorized"; the right password connects', async ({ page, server }) => {
    const broker = mosquitto!
    const explorer = new ExplorerPage(page)
    await explorer.open(server.appUrl)

    // What mosquitto 2.0.11 answers a wrong password with under MQTT 3.1.1: CONNACK return code 5
    // ("not authorized"), not 4 ("bad user name or password").
    const refusal = await connectAsync(
      broker.wsUrl,
      { username: broker.username!, password: 'wrong-password', reconnectPeriod: 0, connectTimeout: 5_000 },
      false,
    ).then(
      async (client) => {
        await client.endAsync(true)
        return 'connected'
      },
      (error: Error & { code?: number }) => error.code,
    )
    expect(refusal).toBe(5)

    await createProfileAndConnect(page, { name: 'mosquitto', url: broker.wsUrl, username: broker.username!, password: 'wrong-password' })
    await expect(explorer.status).toHaveText('closed: not authorized', { timeout: 15_000 })
    // A refusal no retry can fix: it stays closed instead of reconnecting every 2 s.
    await page.waitForTimeout(2_500)
    await expect(explorer.status).toHaveText('closed: not authorized')

    await page.getByRole('button', { name: 'Connection settings' }).click()
    const dialog = page.getByRole('dialog', { name: 'Connection profile' })
    await expect(dialog.getByLabel('Broker URL')).toHaveValue(broker.wsUrl)
    await dialog.getByLabel('Password', { exact: true }).fill(broker.password!)
    await dialog.getByRole('button', { name: 'Save and connect' }).click()
    await expect(explorer.status).toHaveText(CONNECTED, { timeout: 15_000 })
    await expect(explorer.subscription('#')).toContainText('granted QoS 0')

    // Messages published to mosquitto (over its TCP listener) reach the page through it.
    const device = await withTimeout(
      connectAsync(broker.tcpUrl, { username: broker.username!, password: broker.password!, reconnectPeriod: 0, connectTimeout: 5_000 }, false),
      6_000,
      'connect to mosquitto over TCP',
    )
    try {
      await withTimeout(device.publishAsync('mosq/hello', 'from mosquitto', { qos: 1 }), 5_000, 'publish to mosquitto')
      await expect(explorer.row(rowName('mosq', 1, 1))).toBeVisible()
      await explorer.expectTotals(1, 1)
    } finally {
      await withTimeout(device.endAsync(true), 2_000, 'close the device client').catch(() => device.stream?.destroy())
    }
  })
})
