import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import type { Page } from '@playwright/test'
import { connectAsync, type MqttClient } from 'mqtt'
import { CONNECTED, ExplorerPage, expect, rowName, test } from './fixtures/explorer.ts'
import { connectWithNewProfile } from './fixtures/inspector.ts'
import { startMosquitto, type MosquittoBroker } from './fixtures/mosquitto.ts'
import { withTimeout } from './fixtures/publish.ts'
import { PublishPanel, uniqueTopic } from './fixtures/publisher.ts'

/**
 * Issue 14, problem 2: the profile picker, the status, the tree and Publish always refer to the
 * same broker. Choosing another profile while connected switches to it; a profile that keeps
 * failing stops retrying once another is chosen.
 */

/** The profile picker in the top bar. */
const picker = (page: Page) => page.getByLabel('Profile', { exact: true })
/** Which broker the status is about: the profile's name and its URL, beside the state. */
const target = (page: Page) => page.getByTestId('connection-target')

async function choose(page: Page, profile: string): Promise<void> {
  await picker(page).selectOption({ label: profile })
}

test.describe('with a second broker (mosquitto)', () => {
  let mosquitto: MosquittoBroker | undefined
  let device: MqttClient | undefined

  test.beforeAll(async () => {
    mosquitto = await startMosquitto({ anonymous: true })
    device = await withTimeout(connectAsync(mosquitto.tcpUrl, { reconnectPeriod: 0, connectTimeout: 5_000 }, false), 6_000, 'connect to mosquitto')
  })

  test.afterAll(async () => {
    await device?.endAsync(true).catch(() => {})
    await mosquitto?.stop()
  })

  test('choosing another profile while connected reconnects to it: status, tree and Publish follow', async ({ page, server, mqttClient }) => {
    const explorer = new ExplorerPage(page)
    await explorer.open(server.appUrl)
    await expect(target(page)).toContainText('Embedded broker')
    await expect(target(page)).toContainText(server.wsUrl)

    const mosq = mosquitto!
    await connectWithNewProfile(page, { name: 'Local mosquitto', url: mosq.wsUrl })
    await explorer.expectConnected()
    await expect(target(page)).toContainText('Local mosquitto')
    await expect(target(page)).toContainText(mosq.wsUrl)
    await expect(explorer.subscription('#')).toContainText('granted QoS 0')
    const onMosquitto = uniqueTopic('on-mosquitto').split('/')[0]!
    await withTimeout(device!.publishAsync(`${onMosquitto}/x`, 'from mosquitto', { qos: 1 }), 5_000, 'publish to mosquitto')
    await expect(explorer.row(rowName(onMosquitto, 1, 1))).toBeVisible()

    // The picker while connected: the embedded broker, at once (no Connect press).
    await choose(page, 'Embedded broker')
    await explorer.expectConnected(15_000)
    await expect(target(page)).toContainText('Embedded broker')
    await expect(target(page)).toContainText(server.wsUrl)
    await expect(target(page)).not.toContainText('Local mosquitto')
    await expect(explorer.subscription('#')).toContainText('granted QoS 0')
    await expect(explorer.row(rowName(onMosquitto, 1, 1))).toHaveCount(0)
    const onEmbedded = uniqueTopic('on-embedded').split('/')[0]!
    await withTimeout(mqttClient.publishAsync(`${onEmbedded}/x`, 'from the embedded broker', { qos: 1 }), 5_000, 'publish to the embedded broker')
    await expect(explorer.row(rowName(onEmbedded, 1, 1))).toBeVisible()

    // Publish goes to the broker the picker and the status show.
    const topic = uniqueTopic('switch-publish')
    const received = new Promise<string>((resolve) => mqttClient.on('message', (t, payload) => t === topic && resolve(payload.toString())))
    await withTimeout(mqttClient.subscribeAsync(topic), 5_000, 'subscribe on the embedded broker')
    const publish = new PublishPanel(page)
    await publish.fill({ topic, format: 'text', payload: 'to the embedded broker' })
    await publish.publish()
    expect(await withTimeout(received, 10_000, 'the page publish reaches the embedded broker')).toBe('to the embedded broker')
  })
})

test.describe('a profile that keeps failing', () => {
  let dead: Server | undefined
  let attempts = 0

  test.beforeAll(async () => {
    // A "broker" that takes every connection and drops it: each one is an attempt of the page.
    dead = createServer((socket: Socket) => {
      attempts++
      socket.destroy()
    })
    await new Promise<void>((resolve) => dead!.listen(0, '127.0.0.1', resolve))
  })

  test.afterAll(async () => {
    await new Promise((resolve) => dead?.close(resolve))
  })

  test('stops retrying once another profile is chosen; while it retries, tree and button agree with the status', async ({ page, server }) => {
    const explorer = new ExplorerPage(page)
    await explorer.open(server.appUrl)
    const url = `ws://127.0.0.1:${(dead!.address() as AddressInfo).port}/mqtt`
    await connectWithNewProfile(page, { name: 'Dead broker', url })
    await expect(explorer.status).toHaveText(/^reconnecting \(attempt [2-9]/, { timeout: 15_000 })
    await expect(target(page)).toContainText('Dead broker')
    // One state everywhere: retrying, so the button stops it and the tree says so.
    await expect(page.getByRole('button', { name: 'Disconnect', exact: true })).toBeVisible()
    await expect(explorer.tree.locator('..')).toContainText('Not connected to Dead broker')
    await expect(explorer.tree.locator('..')).toContainText('Retrying')

    await choose(page, 'Embedded broker')
    await expect(explorer.status).toHaveText(CONNECTED, { timeout: 15_000 })
    await expect(target(page)).toContainText('Embedded broker')
    const after = attempts
    // The page retried every 2 s: two periods and more without a single attempt.
    await page.waitForTimeout(5_000)
    expect(attempts, 'connection attempts to the dead profile after switching away').toBe(after)
    await expect(explorer.status).toHaveText(CONNECTED)
    await expect(target(page)).not.toContainText('Dead broker')
  })
})
