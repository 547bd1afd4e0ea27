import { readFileSync } from 'node:fs'
import type { Locator, Page } from '@playwright/test'
import { CONNECTED, ExplorerPage } from './fixtures/explorer.ts'
import { startMosquitto, type MosquittoBroker } from './fixtures/mosquitto.ts'
import { expect, test, uniqueTopic } from './fixtures/publisher.ts'

/** "+3.2 ms since request" or "+1.25 s since request". */
const SINCE_REQUEST = /\+\d+(\.\d+)? m?s since request/

/** Opens the Packets panel from the status bar; the list of packets it shows. */
async function openPackets(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Packets', exact: true }).click()
  const panel = page.getByRole('region', { name: 'Packets', exact: true })
  await expect(panel).toBeVisible()
  return panel
}

/** Shows only packets of `type` (the list is virtualized: filtering brings every one of them into view). */
async function rowsOf(panel: Locator, type: string, direction: 'sent' | 'received'): Promise<Locator> {
  await panel.getByLabel('Packet type', { exact: true }).selectOption(type)
  return panel
    .getByRole('list', { name: 'Packets', exact: true })
    .getByRole('listitem')
    .filter({ hasText: new RegExp(`${direction}${type}`) })
}

test('the Packets panel shows a QoS 1 and a QoS 2 publish, packet by packet, with the time since each request', async ({ page, publisher }) => {
  const panel = await openPackets(page)
  const topic = uniqueTopic('packets/flow')
  await publisher.fill({ topic, format: 'text', payload: 'one', qos: 1, retain: false })
  await publisher.publish()
  await publisher.expectOutcome(/PUBACK/)
  await publisher.fill({ payload: 'two', qos: 2 })
  await publisher.publish()
  await publisher.expectOutcome(/PUBCOMP/)

  // The session's start: CONNECT (the options sent) and its CONNACK (3.1.1 return code), SUBSCRIBE "#" and its SUBACK.
  await expect(await rowsOf(panel, 'CONNECT', 'sent')).toContainText(/clientId=\S+ clean=true keepalive=\d+/)
  const connack = await rowsOf(panel, 'CONNACK', 'received')
  await expect(connack).toContainText('0x00 connection accepted')
  await expect(connack).toContainText(SINCE_REQUEST)
  await expect(await rowsOf(panel, 'SUBSCRIBE', 'sent')).toContainText('#')
  const suback = await rowsOf(panel, 'SUBACK', 'received')
  await expect(suback).toContainText('0x00 granted QoS 0')
  await expect(suback).toContainText(SINCE_REQUEST)

  // Both publishes as sent, with their flags and packet ids; the broker's copies come back on "#".
  const published = await rowsOf(panel, 'PUBLISH', 'sent')
  await expect(published).toHaveCount(2)
  await expect(published.nth(0)).toContainText(/id \d+QoS 1/)
  await expect(published.nth(0)).toContainText(topic)
  await expect(published.nth(1)).toContainText(/id \d+QoS 2/)
  await panel.getByLabel('Topic contains', { exact: true }).fill(topic)
  await expect(await rowsOf(panel, 'PUBLISH', 'received')).toHaveCount(2)
  await panel.getByLabel('Topic contains', { exact: true }).fill('')

  // QoS 1: PUBACK; QoS 2: PUBREC, PUBREL (ours), PUBCOMP: each acknowledgement timed from its request.
  for (const [type, direction] of [
    ['PUBACK', 'received'],
    ['PUBREC', 'received'],
    ['PUBCOMP', 'received'],
  ] as const) {
    const rows = await rowsOf(panel, type, direction)
    await expect(rows).toHaveCount(1)
    await expect(rows).toContainText(SINCE_REQUEST)
  }
  await expect(await rowsOf(panel, 'PUBREL', 'sent')).toHaveCount(1)

  // The budget line says how much the trace keeps.
  const budget = panel.getByLabel('Packet budget')
  await expect(budget).toContainText(/packets kept · .* of 16 MiB/)

  // PUBLISH packets for a chosen filter only: the others are counted, their acknowledgements still shown.
  const keep = panel.getByLabel('Keep PUBLISH for', { exact: true })
  await keep.fill('bad/#/filter')
  await panel.getByRole('button', { name: 'Keep', exact: true }).click()
  await expect(panel.getByRole('alert')).toBeVisible()
  await keep.fill('only/this')
  await panel.getByRole('button', { name: 'Keep', exact: true }).click()
  await publisher.fill({ payload: 'three', qos: 1 })
  await publisher.publish()
  await publisher.expectOutcome(/PUBACK/)
  // Ours and the broker's copy on "#".
  await expect(budget).toContainText('2 PUBLISH not kept (outside only/this)')
  await expect(await rowsOf(panel, 'PUBACK', 'received')).toHaveCount(2)
  await expect(await rowsOf(panel, 'PUBLISH', 'sent')).toHaveCount(2)
})

test.describe('MQTT 5 on mosquitto', () => {
  let broker: MosquittoBroker

  test.beforeAll(async () => {
    broker = await startMosquitto({ username: 'scope-user', password: 'sekret-p4ss' })
  })

  test.afterAll(async () => {
    await broker?.stop()
  })

  test('CONNECT shows its options with the password redacted; CONNACK its MQTT 5 reason; the export holds no password', async ({ page, server }) => {
    const explorer = new ExplorerPage(page)
    await explorer.open(server.appUrl)
    const clientId = `e2e-packets-${Date.now().toString(36)}`
    await page.getByRole('button', { name: 'Connection settings' }).click()
    const dialog = page.getByRole('dialog', { name: 'Connection profile' })
    await dialog.getByRole('button', { name: 'New profile' }).click()
    await dialog.getByLabel('Name', { exact: true }).fill('mosquitto 5')
    await dialog.getByLabel('Broker URL').fill(broker.wsUrl)
    await dialog.getByLabel('MQTT version').selectOption('5')
    await dialog.getByLabel('Client ID').fill(clientId)
    await dialog.getByLabel('Username').fill(broker.username!)
    await dialog.getByLabel('Password', { exact: true }).fill(broker.password!)
    await dialog.getByRole('button', { name: 'Save and connect' }).click()
    await expect(dialog).toBeHidden()
    await expect(explorer.status).toHaveText(CONNECTED)

    const panel = await openPackets(page)
    const connect = await rowsOf(panel, 'CONNECT', 'sent')
    await expect(connect).toHaveCount(1)
    await expect(connect).toContainText(`clientId=${clientId}`)
    await expect(connect).toContainText('protocol=MQTT 5')
    await expect(connect).toContainText('username=scope-user password=(redacted)')
    await expect(page.locator('body')).not.toContainText(broker.password!)
    const connack = await rowsOf(panel, 'CONNACK', 'received')
    await expect(connack).toContainText('0x00 success')
    await expect(connack).toContainText(SINCE_REQUEST)

    // The JSONL export: one packet per line, the password redacted there too.
    await panel.getByLabel('Packet type', { exact: true }).selectOption('')
    const downloading = page.waitForEvent('download')
    await panel.getByRole('button', { name: 'Export JSONL', exact: true }).click()
    const file = await (await downloading).path()
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; details?: Record<string, unknown> })
    expect(lines.map((l) => l.type)).toEqual(expect.arrayContaining(['CONNECT', 'CONNACK', 'SUBSCRIBE', 'SUBACK']))
    expect(lines.find((l) => l.type === 'CONNECT')?.details?.['password']).toBe('(redacted)')
    expect(readFileSync(file, 'utf8')).not.toContain(broker.password!)
  })
})

/**
 * A DISCONNECT with a reason from Debian's mosquitto 2.0.11 (MQTT 5). That mosquitto sends none on
 * a session takeover, a keep-alive timeout or its own shutdown (it just drops the connection); it
 * does send 0x98 "administrative action" when its dynamic security plugin kicks a client, as it
 * does when a role is added to the client's user (so the new ACL applies), and the client may
 * connect again at once. Through the relay (ws://), directly (ws://, relay off) and through the bridge (mqtt://).
 */
test.describe('a DISCONNECT from mosquitto', () => {
  let broker: MosquittoBroker

  test.beforeAll(async () => {
    broker = await startMosquitto({ dynamicSecurity: true })
  })

  test.afterAll(async () => {
    await broker?.stop()
  })

  for (const [path, url, relay] of [
    ['the relay', () => broker.wsUrl, true],
    ['a direct WebSocket', () => broker.wsUrl, false],
    ['the bridge', () => broker.tcpUrl, true],
  ] as const) {
    test(`through ${path}: the Packets panel shows the broker's DISCONNECT and its reason, and so does the connection state`, async ({ page, server }) => {
      const explorer = new ExplorerPage(page)
      await explorer.open(server.appUrl)
      await page.getByRole('button', { name: 'Connection settings' }).click()
      const dialog = page.getByRole('dialog', { name: 'Connection profile' })
      await dialog.getByRole('button', { name: 'New profile' }).click()
      await dialog.getByLabel('Name', { exact: true }).fill(`mosquitto kick ${path}`)
      await dialog.getByLabel('Broker URL').fill(url())
      await dialog.getByLabel('MQTT version').selectOption('5')
      await dialog.getByLabel('Client ID').fill(`e2e-kick-${Date.now().toString(36)}`)
      await dialog.getByLabel('Username').fill(broker.username!)
      await dialog.getByLabel('Password', { exact: true }).fill(broker.password!)
      if (!relay) await dialog.getByRole('checkbox', { name: 'Relay through the server', exact: true }).setChecked(false)
      const sockets: string[] = []
      page.on('websocket', (ws) => sockets.push(ws.url()))
      await dialog.getByRole('button', { name: 'Save and connect' }).click()
      await expect(dialog).toBeHidden()
      await expect(explorer.status).toHaveText(CONNECTED)
      // The way the page reached mosquitto: the server's /bridge (relay or bridge), or mosquitto's own listener.
      expect(sockets.some((u) => (relay ? u.includes('/bridge?ticket=') : u.startsWith(broker.wsUrl)))).toBe(true)
      const panel = await openPackets(page)

      // An administrator gives the user a role: mosquitto disconnects its clients with 0x98.
      const role = `e2e-role-${Date.now().toString(36)}`
      broker.dynsec('createRole', role)
      broker.dynsec('addClientRole', broker.username!, role)

      // The state says why while it waits to reconnect (2 s), then the session is back.
      await expect(explorer.status).toContainText('disconnected by the broker: administrative action')
      await expect(explorer.status).toHaveText(CONNECTED, { timeout: 20_000 })
      const disconnect = await rowsOf(panel, 'DISCONNECT', 'received')
      await expect(disconnect).toHaveCount(1)
      await expect(disconnect).toContainText('0x98 administrative action')
      // The new session's CONNECT and CONNACK follow it.
      await expect(await rowsOf(panel, 'CONNACK', 'received')).toHaveCount(2)
    })
  }
})
