import type { Page } from '@playwright/test'
import mqtt from 'mqtt'
import { CONNECTED, ExplorerPage, expect } from './fixtures/explorer.ts'
import { connectWithNewProfile } from './fixtures/inspector.ts'
import { startMosquitto, type MosquittoBroker } from './fixtures/mosquitto.ts'
import { ownServerTest } from './fixtures/server.ts'

/**
 * Issue 20, several connections: a tab per open connection ("Connections" tab list), each with its
 * own worker and tree; "Side by side" shows two trees with one filter; a reload opens the same
 * tabs again. Against the embedded broker and Debian's mosquitto.
 *
 * A server of its own: its retained messages are only the ones this file publishes.
 */
const test = ownServerTest.extend<object, { mosquitto: MosquittoBroker }>({
  mosquitto: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const broker = await startMosquitto({ anonymous: true })
      await use(broker)
      await broker.stop()
    },
    { scope: 'worker', timeout: 60_000 },
  ],
})

/** Publishes retained messages as a device would (MQTT.js over TCP), and waits for the broker's acks. */
async function publishRetained(url: string, messages: Record<string, string>): Promise<void> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 10_000 })
  try {
    for (const [topic, payload] of Object.entries(messages)) await client.publishAsync(topic, payload, { qos: 1, retain: true })
  } finally {
    await client.endAsync()
  }
}

function tabs(page: Page) {
  return page.getByRole('tablist', { name: 'Connections' }).getByRole('tab')
}

function tab(page: Page, name: string) {
  return page.getByRole('tablist', { name: 'Connections' }).getByRole('tab', { name: new RegExp(`^${name},`) })
}

async function openConnection(page: Page, profileName: string): Promise<void> {
  await page.getByRole('button', { name: 'New connection' }).click()
  await page
    .getByRole('menu', { name: 'Open a profile' })
    .getByRole('menuitem', { name: new RegExp(`^${profileName}`) })
    .click()
}

test('two connections (embedded broker and mosquitto) keep separate trees, side by side with one filter, and a reload opens both again', async ({
  page,
  own,
  mosquitto,
}) => {
  await publishRetained(`mqtt://127.0.0.1:${own.mqttPort}`, { 'plant/embedded/temp': '21', 'shared/from-embedded': 'e' })
  await publishRetained(mosquitto.tcpUrl, { 'plant/mosquitto/temp': '7', 'shared/from-mosquitto': 'm' })
  const explorer = new ExplorerPage(page)
  await explorer.open(`http://127.0.0.1:${own.httpPort}/`)
  await expect(tabs(page)).toHaveCount(1)
  await expect(tab(page, 'Embedded broker')).toHaveAttribute('aria-selected', 'true')

  // The first tab switches to mosquitto; a second one opens the embedded broker next to it.
  await connectWithNewProfile(page, { name: 'mosquitto', url: mosquitto.wsUrl })
  await explorer.expectConnected()
  await expect(explorer.rowOf('plant')).toBeVisible()
  await openConnection(page, 'Embedded broker')
  await expect(tabs(page)).toHaveCount(2)
  await expect(tab(page, 'Embedded broker')).toHaveAttribute('aria-selected', 'true')
  await explorer.expectConnected()

  // Each tab its own tree: open "plant" and see only that broker's branch.
  const treeOf = async (branch: string, absent: string) => {
    await explorer.rowOf('plant').click()
    await expect(explorer.rowOf(branch)).toBeVisible()
    await expect(explorer.rowOf(absent)).toHaveCount(0)
  }
  await treeOf('embedded', 'mosquitto')
  await tab(page, 'mosquitto').click()
  await expect(tab(page, 'mosquitto')).toHaveAttribute('aria-selected', 'true')
  await expect(explorer.status).toHaveText(CONNECTED)
  await expect(explorer.rowOf('embedded')).toHaveCount(0)
  await treeOf('mosquitto', 'embedded')
  // Both tabs say they are connected (the state is part of the tab's name).
  await expect(tab(page, 'Embedded broker')).toHaveAccessibleName(/, connected,/)
  await expect(tab(page, 'mosquitto')).toHaveAccessibleName(/, connected,/)

  // Side by side: the other connection's tree next to this one; one filter for both.
  await page.getByRole('button', { name: 'Side by side', exact: true }).click()
  const side = page.getByRole('region', { name: 'Side by side' })
  const sideTree = side.getByRole('tree', { name: 'Topic tree of Embedded broker' })
  await expect(sideTree).toBeVisible()
  await expect(sideTree.getByRole('treeitem', { name: /^shared, / })).toBeVisible()
  await explorer.filterTopics('text', 'from-')
  await expect(explorer.rowOf('from-mosquitto')).toBeVisible()
  await expect(sideTree.getByRole('treeitem', { name: /^from-embedded, / })).toBeVisible()
  await expect(sideTree.getByRole('treeitem', { name: /^plant, / })).toHaveCount(0)
  await expect(explorer.rowOf('plant')).toHaveCount(0)

  // A reload opens both connections again, the same one active, side by side.
  await page.reload()
  await expect(tabs(page)).toHaveCount(2)
  await expect(tab(page, 'mosquitto')).toHaveAttribute('aria-selected', 'true')
  await expect(explorer.status).toHaveText(CONNECTED, { timeout: 15_000 })
  await expect(tab(page, 'Embedded broker')).toHaveAccessibleName(/, connected,/, { timeout: 15_000 })
  await expect(page.getByRole('button', { name: 'Side by side', exact: true })).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByRole('region', { name: 'Side by side' }).getByRole('tree', { name: 'Topic tree of Embedded broker' })).toBeVisible()

  // The keyboard moves between tabs (arrow keys), and so does the connection on screen.
  await tab(page, 'mosquitto').focus()
  await page.keyboard.press('ArrowRight')
  await expect(tab(page, 'Embedded broker')).toHaveAttribute('aria-selected', 'true')
  await expect(tab(page, 'Embedded broker')).toBeFocused()
  await expect(page.getByRole('region', { name: 'Side by side' }).getByRole('tree', { name: 'Topic tree of mosquitto' })).toBeVisible()
  await page.keyboard.press('Home')
  await expect(tab(page, 'mosquitto')).toHaveAttribute('aria-selected', 'true')

  // Closing a tab leaves the other; side by side ends with it.
  await page.getByRole('button', { name: 'Close Embedded broker' }).click()
  await expect(tabs(page)).toHaveCount(1)
  await expect(page.getByRole('region', { name: 'Side by side' })).toHaveCount(0)
  await expect(tab(page, 'mosquitto')).toHaveAttribute('aria-selected', 'true')
  await page.reload()
  await expect(tabs(page)).toHaveCount(1)
  await expect(tab(page, 'mosquitto')).toHaveAttribute('aria-selected', 'true')
})

test('ten connections, one of them flooded with 50,000 messages: the others stay live, and the flooded one counts every message', async ({ page, own }) => {
  test.setTimeout(180_000)
  const flooded = await startMosquitto({ anonymous: true })
  try {
    const explorer = new ExplorerPage(page)
    await explorer.open(`http://127.0.0.1:${own.httpPort}/`)
    await connectWithNewProfile(page, { name: 'flooded', url: flooded.wsUrl })
    await explorer.expectConnected()
    await expect(explorer.subscription('#')).toContainText('granted QoS 0')
    for (let i = 0; i < 9; i++) await openConnection(page, 'Embedded broker')
    await expect(tabs(page)).toHaveCount(10)
    await expect(page.getByRole('button', { name: 'New connection' })).toBeDisabled()
    await expect(explorer.status).toHaveText(CONNECTED, { timeout: 15_000 })
    await expect(explorer.subscription('#')).toContainText('granted QoS 0')

    // The flood, from a device on mosquitto's TCP listener, while this tab (the embedded broker) is on screen.
    const device = await mqtt.connectAsync(flooded.tcpUrl, { reconnectPeriod: 0 })
    const marker = await mqtt.connectAsync(`mqtt://127.0.0.1:${own.mqttPort}`, { reconnectPeriod: 0 })
    try {
      const flood = (async () => {
        for (let i = 0; i < 50_000; i++) {
          device.publish(`flood/${i % 1000}`, String(i), { qos: 0 })
          if (i % 1000 === 999) await new Promise((resolve) => setImmediate(resolve))
        }
        await device.publishAsync('flood/done', 'done', { qos: 1 })
      })()
      // The tab on screen keeps showing what its broker sends, message by message, meanwhile.
      const topic = `live/${Date.now()}`
      for (let n = 1; n <= 3; n++) {
        await marker.publishAsync(topic, String(n), { qos: 1 })
        await expect(explorer.rowOf('live')).toHaveAccessibleName(new RegExp(`^live, ${n} messages,`), { timeout: 10_000 })
      }
      await flood
    } finally {
      await device.endAsync()
      await marker.endAsync()
    }
    // The flooded connection: every message counted (50,000 and flood/done on 1,001 topics).
    await tab(page, 'flooded').click()
    await expect(tab(page, 'flooded')).toHaveAttribute('aria-selected', 'true')
    await explorer.expectTotals(50_001, 1_001, 30_000)
  } finally {
    await flooded.stop()
  }
})
