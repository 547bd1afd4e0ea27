import { readFile } from 'node:fs/promises'
import type { Locator, Page } from '@playwright/test'
import mqtt, { type IClientOptions, type IClientPublishOptions, type IPublishPacket, type MqttClient } from 'mqtt'
import { clearDialog, connectWithNewProfile, expect, test } from './fixtures/inspector.ts'
import { startMosquitto } from './fixtures/mosquitto.ts'
import { withTimeout } from './fixtures/publish.ts'

/**
 * Issue 16, the Retained view: every retained message the broker holds under a filter, as a table;
 * clear a selection (a fresh subscriber confirms), export JSONL, restore it (a fresh subscriber
 * sees identical bytes and QoS). Against the embedded broker (MQTT 3.1.1) and mosquitto (MQTT 5).
 */

function uniqueRoot(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
}

interface Published {
  readonly topic: string
  readonly payload: Buffer
  readonly qos: 0 | 1 | 2
}

/** 200 retained messages: text, JSON and binary (every byte value), QoS 0, 1 and 2 in turn. */
function twoHundred(root: string): Published[] {
  return Array.from({ length: 200 }, (_, i) => {
    const group = i < 50 ? 'doomed' : 'kept'
    const payload =
      i % 3 === 0
        ? Buffer.from([i, 0, 0xff, 0x80, 0x0a, 0x1b])
        : i % 3 === 1
          ? Buffer.from(JSON.stringify({ n: i, s: 'ü😀' }))
          : Buffer.from(`value ${i}\u0000`)
    return { topic: `${root}/${group}/dev${String(i).padStart(3, '0')}`, payload, qos: (i % 3) as 0 | 1 | 2 }
  })
}

async function publishRetained(client: MqttClient, messages: readonly Published[], properties?: IClientPublishOptions['properties']): Promise<void> {
  for (let i = 0; i < messages.length; i += 50) {
    await withTimeout(
      Promise.all(
        messages.slice(i, i + 50).map((m) => client.publishAsync(m.topic, m.payload, { qos: m.qos, retain: true, ...(properties ? { properties } : {}) })),
      ),
      15_000,
      'publish retained',
    )
  }
  // A QoS 0 publish resolves once written: a QoS 1 round trip after it means the broker has read it.
  await withTimeout(client.publishAsync(`${messages[0]!.topic}-sync`, 'x', { qos: 1 }), 5_000, 'sync')
}

/** The retained messages a fresh QoS 2 subscriber to `filter` gets within `ms` after its SUBACK. */
async function retainedNow(url: string, filter: string, ms: number, options: IClientOptions = {}): Promise<IPublishPacket[]> {
  const client = await withTimeout(mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5_000, ...options }), 6_000, `connect to ${url}`)
  client.on('error', () => {})
  const got: IPublishPacket[] = []
  client.on('message', (_topic, _payload, packet) => {
    if (packet.retain) got.push(packet)
  })
  try {
    await withTimeout(client.subscribeAsync(filter, { qos: 2 }), 5_000, `subscribe to ${filter}`)
    await new Promise((resolve) => setTimeout(resolve, ms))
  } finally {
    await withTimeout(client.endAsync(true), 2_000, 'close the subscriber').catch(() => client.stream?.destroy())
  }
  return got
}

function byTopic(packets: readonly IPublishPacket[]): Map<string, IPublishPacket> {
  return new Map(packets.map((p) => [p.topic, p]))
}

class RetainedView {
  readonly panel: Locator
  readonly table: Locator
  constructor(readonly page: Page) {
    this.panel = page.getByRole('region', { name: 'Retained', exact: true })
    this.table = page.getByRole('table', { name: 'Retained messages' })
  }
  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Retained', exact: true }).click()
    await expect(this.table).toBeVisible()
  }
  async list(filter: string, count: number): Promise<void> {
    await this.panel.getByLabel('Retained under').fill(filter)
    await this.panel.getByRole('button', { name: 'List retained' }).click()
    await this.expectListed(count)
  }
  async expectListed(count: number): Promise<void> {
    await expect(this.panel.getByText(new RegExp(`^${count.toLocaleString('en')} retained messages? under`))).toBeVisible({ timeout: 30_000 })
  }
  async clearSelected(count: number): Promise<void> {
    await this.panel.getByRole('button', { name: 'Clear selected' }).click()
    const dialog = clearDialog(this.page)
    await expect(dialog).toContainText(`Clear the ${count} retained topics selected`)
    await dialog.getByRole('button', { name: 'Clear', exact: true }).click()
    await expect(dialog.getByText(new RegExp(`^Cleared ${count} retained topics$`))).toBeVisible({ timeout: 30_000 })
    await dialog.getByRole('button', { name: 'Close' }).click()
  }
  async exportJsonl(): Promise<string> {
    const download = this.page.waitForEvent('download')
    await this.panel.getByRole('button', { name: 'Export JSONL' }).click()
    const file = await (await download).path()
    return file
  }
  /** Restores `file` to the current connection, or to the profile named `profile` (a migration). */
  async restore(file: string, count: number, profile?: string): Promise<void> {
    await this.panel.getByRole('button', { name: 'Restore…' }).click()
    const dialog = this.page.getByRole('dialog', { name: 'Restore retained messages' })
    await dialog.getByLabel('JSONL file').setInputFiles(file)
    if (profile !== undefined) await dialog.getByLabel('Publish to').selectOption({ label: `Profile: ${profile}` })
    await expect(dialog.getByText(`${count} messages to restore`)).toBeVisible()
    await dialog.getByRole('button', { name: 'Restore', exact: true }).click()
    await expect(dialog.getByText(`Restored ${count} retained messages`)).toBeVisible({ timeout: 30_000 })
    await dialog.getByRole('button', { name: 'Close' }).click()
  }
}

interface JsonlLine {
  ts: number
  topic: string
  qos: number
  retain: boolean
  payload_base64: string
  properties?: Record<string, unknown>
}

async function readJsonl(file: string): Promise<JsonlLine[]> {
  const text = await readFile(file, 'utf8')
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as JsonlLine)
}

test('the Retained view lists 200 retained topics, clears 50 selected, exports and restores the other 150 byte for byte', async ({
  page,
  server,
  mqttClient,
  forgetAfter,
}) => {
  test.setTimeout(120_000)
  const root = uniqueRoot('rview')
  const messages = twoHundred(root)
  forgetAfter(messages.map((m) => m.topic))
  await publishRetained(mqttClient, messages)
  const kept = messages.filter((m) => m.topic.includes('/kept/'))

  await page.goto(server.appUrl)
  const view = new RetainedView(page)
  await view.open()
  await view.list(`${root}/#`, 200)
  await expect(view.table.getByRole('columnheader')).toHaveText(['Selected', /^Topic/, 'Size', 'QoS', 'Payload', 'Last set'])

  // Sorted by topic: the first row is the first "doomed" topic; sorting by Topic again reverses.
  await expect(view.table.getByRole('row').nth(1)).toContainText(`${root}/doomed/dev000`)
  await view.table.getByRole('button', { name: 'Topic' }).click()
  await expect(view.table.getByRole('row').nth(1)).toContainText(`${root}/kept/dev199`)
  // Control characters in a payload are shown escaped, never raw; "last set" is known here (the
  // page was subscribed when these arrived) or says "unknown".
  const rowFilter = view.panel.getByRole('searchbox', { name: 'Filter rows' })
  await rowFilter.fill('dev197')
  await expect(view.panel.getByText('1 shown · 0 selected')).toBeVisible()
  await expect(view.table.getByRole('row').nth(1)).toContainText('value 197\\u{0000}')

  // Select 50: filter the rows, then select all shown.
  await rowFilter.fill('/doomed/')
  await view.panel.getByRole('button', { name: 'Select all shown' }).click()
  await expect(view.panel.getByText('50 shown · 50 selected')).toBeVisible()
  await view.clearSelected(50)
  // The view lists again after the clear.
  await view.expectListed(150)

  const remaining = await retainedNow(server.mqttUrl, `${root}/#`, 1_000)
  expect(remaining.map((p) => p.topic).sort()).toEqual(kept.map((m) => m.topic).sort())

  // Export: nothing selected, so every shown row (the row filter emptied first).
  await rowFilter.fill('')
  await expect(view.panel.getByText('150 shown · 0 selected')).toBeVisible()
  const file = await view.exportJsonl()
  const lines = await readJsonl(file)
  expect(lines).toHaveLength(150)
  const exported = new Map(lines.map((l) => [l.topic, l]))
  for (const m of kept) {
    const line = exported.get(m.topic)
    expect(line, m.topic).toBeDefined()
    expect(line!.retain).toBe(true)
    expect(line!.qos).toBe(m.qos)
    expect(Buffer.from(line!.payload_base64, 'base64').equals(m.payload), m.topic).toBe(true)
    expect(Number.isSafeInteger(line!.ts)).toBe(true)
  }

  // Clear everything.
  await view.panel.getByRole('button', { name: 'Select all shown' }).click()
  await view.clearSelected(150)
  await view.expectListed(0)
  expect(await retainedNow(server.mqttUrl, `${root}/#`, 1_000)).toEqual([])

  // Restore the file: a fresh subscriber sees the 150 again, same bytes and QoS.
  await view.restore(file, 150)
  const restored = byTopic(await retainedNow(server.mqttUrl, `${root}/#`, 1_500))
  expect(restored.size).toBe(150)
  for (const m of kept) {
    const p = restored.get(m.topic)
    expect(p, m.topic).toBeDefined()
    expect(Buffer.from(p!.payload).equals(m.payload), m.topic).toBe(true)
    expect(p!.qos).toBe(m.qos)
  }
})

test('a bad line in a backup is named and nothing is published', async ({ page, server, forgetAfter }) => {
  const root = uniqueRoot('rbad')
  forgetAfter([`${root}/a`])
  await page.goto(server.appUrl)
  const view = new RetainedView(page)
  await view.open()
  await view.panel.getByRole('button', { name: 'Restore…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Restore retained messages' })
  const good = JSON.stringify({ ts: 1, topic: `${root}/a`, qos: 1, retain: true, payload_base64: 'aGk=' })
  await dialog.getByLabel('JSONL file').setInputFiles({
    name: 'backup.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(`${good}\n${good.replace('"qos":1', '"qos":7')}\n`),
  })
  await expect(dialog.getByRole('alert')).toHaveText('backup.jsonl cannot be restored. Line 2: "qos" must be 0, 1 or 2. Nothing was published.')
  await expect(dialog.getByRole('button', { name: 'Restore', exact: true })).toBeDisabled()
  expect(await retainedNow(server.mqttUrl, `${root}/#`, 500)).toEqual([])
})

test('against mosquitto over MQTT 5: lists with the messages properties, exports them, restores them, and migrates them to another profile', async ({
  page,
  server,
  forgetAfter,
}) => {
  test.setTimeout(90_000)
  const broker = await startMosquitto({ anonymous: true })
  const device = await mqtt.connectAsync(broker.tcpUrl, { protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 5_000 })
  try {
    const root = uniqueRoot('rv5')
    const messages = Array.from({ length: 20 }, (_, i) => ({ topic: `${root}/s${i}`, payload: Buffer.from([i, 0xfe, 0]), qos: (i % 3) as 0 | 1 | 2 }))
    forgetAfter(messages.map((m) => m.topic))
    await publishRetained(device, messages, { contentType: 'application/x-test', userProperties: { origin: 'e2e' } })

    await page.goto(server.appUrl)
    await connectWithNewProfile(page, { name: 'mosquitto 5', url: broker.wsUrl, mqttVersion: '5' })
    await expect(page.getByRole('status', { name: 'Connection status' })).toHaveText(/^connected\b/, { timeout: 15_000 })
    const view = new RetainedView(page)
    await view.open()
    await view.list(`${root}/#`, 20)
    const file = await view.exportJsonl()
    const lines = await readJsonl(file)
    expect(lines).toHaveLength(20)
    for (const line of lines) {
      expect(line.properties).toMatchObject({ contentType: 'application/x-test', userProperties: { origin: 'e2e' } })
      const sent = messages.find((m) => m.topic === line.topic)!
      expect(Buffer.from(line.payload_base64, 'base64').equals(sent.payload)).toBe(true)
      expect(line.qos).toBe(sent.qos)
    }

    await view.panel.getByRole('button', { name: 'Select all shown' }).click()
    await view.clearSelected(20)
    expect(await retainedNow(broker.tcpUrl, `${root}/#`, 500, { protocolVersion: 5 })).toEqual([])
    await view.restore(file, 20)
    const restored = byTopic(await retainedNow(broker.tcpUrl, `${root}/#`, 1_000, { protocolVersion: 5 }))
    expect(restored.size).toBe(20)
    for (const m of messages) {
      const p = restored.get(m.topic)!
      expect(Buffer.from(p.payload).equals(m.payload)).toBe(true)
      expect(p.qos).toBe(m.qos)
      expect(p.properties).toMatchObject({ contentType: 'application/x-test', userProperties: { origin: 'e2e' } })
    }

    // A migration: the same backup published to another profile's broker (the embedded one).
    await view.restore(file, 20, 'Embedded broker')
    const migrated = byTopic(await retainedNow(server.mqttUrl, `${root}/#`, 1_000))
    expect([...migrated.keys()].sort()).toEqual(messages.map((m) => m.topic).sort())
    for (const m of messages) expect(Buffer.from(migrated.get(m.topic)!.payload).equals(m.payload)).toBe(true)
  } finally {
    await device.endAsync(true).catch(() => {})
    await broker.stop()
  }
})

test('a restore to a broker that refuses some publishes (ACL) counts the refusals by reason', async ({ page, server }) => {
  test.setTimeout(60_000)
  const broker = await startMosquitto({ anonymous: true, acl: 'topic readwrite rvacl/ok/#\ntopic read rvacl/denied/#\n' })
  try {
    await page.goto(server.appUrl)
    await connectWithNewProfile(page, { name: 'mosquitto acl', url: broker.wsUrl, mqttVersion: '5' })
    await expect(page.getByRole('status', { name: 'Connection status' })).toHaveText(/^connected\b/, { timeout: 15_000 })
    const view = new RetainedView(page)
    await view.open()
    const line = (topic: string) => JSON.stringify({ ts: 1, topic, qos: 1, retain: true, payload_base64: Buffer.from(topic).toString('base64') })
    const topics = ['rvacl/ok/1', 'rvacl/denied/1', 'rvacl/ok/2', 'rvacl/denied/2', 'rvacl/ok/3']
    await view.panel.getByRole('button', { name: 'Restore…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Restore retained messages' })
    await dialog
      .getByLabel('JSONL file')
      .setInputFiles({ name: 'acl.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(topics.map(line).join('\n')) })
    await dialog.getByRole('button', { name: 'Restore', exact: true }).click()
    await expect(dialog.getByText('Restored 3 of 5; 2 refused')).toBeVisible({ timeout: 30_000 })
    await expect(dialog.getByRole('list', { name: 'Refusals' })).toContainText(/2 × .*not authori[sz]ed/i)
    const held = await retainedNow(broker.tcpUrl, 'rvacl/#', 1_000, { protocolVersion: 5 })
    expect(held.map((p) => p.topic).sort()).toEqual(['rvacl/ok/1', 'rvacl/ok/2', 'rvacl/ok/3'])
  } finally {
    await broker.stop()
  }
})
