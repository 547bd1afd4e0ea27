import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import mqtt from 'mqtt'
import { spawnServer } from '../server/test-support/start-server.ts'
import { connectBridgedProfile } from './fixtures/bridge.ts'
import { ExplorerPage } from './fixtures/explorer.ts'
import { startMosquitto } from './fixtures/mosquitto.ts'
import { bytesOf, expect, test, uniqueTopic } from './fixtures/publisher.ts'
import { RecordingsPanel } from './fixtures/recordings.ts'

/** An epoch time as a datetime-local value (the browser's local time is this machine's), to the second. */
function localInput(epochMs: number): string {
  const d = new Date(epochMs)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`
}

/** Payloads of every kind: binary (every byte value), UTF-8, empty, JSON. */
function payloadFor(i: number): Buffer {
  switch (i % 4) {
    case 0:
      return Buffer.from(Array.from({ length: 256 }, (_, j) => (i + j) & 255))
    case 1:
      return Buffer.from(`héllo ✓ ${i} <b>not html</b>`)
    case 2:
      return Buffer.alloc(0)
    default:
      return Buffer.from(JSON.stringify({ i, t: 20.5 + i }))
  }
}

test('a recording started from the page goes on with the page closed: reopened, it lists every message; stopped; its JSONL export matches byte for byte', async ({
  page,
  context,
  server,
  explorer,
  mqttClient,
}) => {
  test.setTimeout(90_000)
  const base = uniqueTopic('rec')
  const name = `night shift: ${base}`
  // A retained message the recorder gets as soon as its subscription is in place: "1 message" says it listens.
  await mqttClient.publishAsync(`${base}/ready`, 'ready', { qos: 1, retain: true })

  await explorer.open(server.appUrl)
  const panel = new RecordingsPanel(page)
  await panel.open()
  // The e2e server runs with --memory: the panel says where recordings live.
  await expect(panel.region.getByRole('note')).toHaveText(/recordings are kept in memory/)
  await panel.start({ name, filters: `${base}/#`, qos: 1 })
  await expect(panel.cell(name, 'Target')).toHaveText('embedded broker')
  await expect(panel.cell(name, 'Filters')).toHaveText(`${base}/#`)
  await expect(panel.cell(name, 'State')).toHaveText('recording')
  await expect(panel.cell(name, 'Messages')).toHaveText('1', { timeout: 15_000 })
  await page.close()

  const published = Array.from({ length: 40 }, (_, i) => ({ topic: `${base}/data/${i % 5}`, payload: payloadFor(i) }))
  for (const message of published) await mqttClient.publishAsync(message.topic, message.payload, { qos: 1 })

  const again = await context.newPage()
  const reopened = new ExplorerPage(again)
  await reopened.open(server.appUrl)
  const panel2 = new RecordingsPanel(again)
  await panel2.open()
  await expect(panel2.cell(name, 'Messages')).toHaveText('41', { timeout: 15_000 })
  await expect(panel2.cell(name, 'Evicted')).toHaveText('0')
  await expect(panel2.cell(name, 'First')).not.toHaveText('—')
  await panel2.button(name, 'Stop').click()
  await expect(panel2.cell(name, 'State')).toHaveText('stopped')
  await expect(panel2.button(name, 'Stop')).toHaveCount(0)
  await expect(panel2.cell(name, 'Messages')).toHaveText('41')

  await panel2.button(name, 'Export').click()
  const dialog = panel2.dialog('Export recording')
  await expect(dialog).toBeVisible()
  await expect(dialog.getByLabel('Format', { exact: true })).toHaveValue('jsonl')
  const download = again.waitForEvent('download')
  await dialog.getByRole('button', { name: 'Download', exact: true }).click()
  const file = await download
  // The name as a safe file name: no "/", ":" or spaces.
  expect(file.suggestedFilename()).toBe(`${name.replace(/[^A-Za-z0-9._-]+/g, '_')}.jsonl`)
  await expect(panel2.region.getByRole('status').filter({ hasText: /^Saved / })).toContainText(file.suggestedFilename())
  const lines = (await readFile(await file.path(), 'utf8')).split('\n')
  expect(lines.pop()).toBe('')
  const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>)
  expect(records).toHaveLength(41)
  expect(records[0]).toMatchObject({ topic: `${base}/ready`, retain: true, payload_base64: Buffer.from('ready').toString('base64') })
  records.slice(1).forEach((record, i) => {
    expect(Object.keys(record).sort()).toEqual(['payload_base64', 'qos', 'retain', 'topic', 'ts'])
    expect(record.topic).toBe(published[i]!.topic)
    expect(Buffer.from(record.payload_base64 as string, 'base64').equals(published[i]!.payload), `payload ${i}`).toBe(true)
    expect(record.qos).toBe(1)
    expect(record.retain).toBe(false)
  })
  const times = records.map((r) => r.ts as number)
  expect(times).toEqual([...times].sort((a, b) => a - b))
  await mqttClient.publishAsync(`${base}/ready`, '', { qos: 1, retain: true })
})

test('an import with a bad line 3 is refused with the line and adds nothing; a good one is replayed at speed 0 with a prefix, then deleted after asking', async ({
  page,
  server,
  explorer,
  subscriber,
}) => {
  test.setTimeout(90_000)
  await explorer.open(server.appUrl)
  const panel = new RecordingsPanel(page)
  await panel.open()
  await panel.listed()
  const before = await panel.region.getByRole('rowheader').count()

  const source = uniqueTopic('src')
  const messages = Array.from({ length: 30 }, (_, i) => ({
    ts: 1_700_000_000_000 + i * 1000,
    topic: `${source}/${i % 3}`,
    qos: 1,
    retain: false,
    payload_base64: payloadFor(i).toString('base64'),
  }))
  const good = messages.map((m) => JSON.stringify(m)).join('\n') + '\n'
  const bad = good.split('\n')
  bad[2] = '{"ts": 1700000002000, "topic": "x", "qos": 1, "retain": false, "payload_base64": "not base64!"}'
  await panel.importFile('bad.jsonl', bad.join('\n'))
  await expect(panel.region.getByRole('alert')).toContainText('line 3:')
  await expect(panel.region.getByRole('alert')).toContainText('nothing was imported')
  // Still the same rows a few polls later.
  await page.waitForTimeout(1500)
  await expect(panel.region.getByRole('rowheader')).toHaveCount(before)

  const importName = `replay-source-${source.split('/')[1]}`
  await panel.importFile(`${importName}.jsonl`, good)
  await expect(panel.region.getByRole('status').filter({ hasText: /^Imported / })).toContainText(importName)
  await expect(panel.region.getByRole('alert')).toHaveCount(0)
  await expect(panel.cell(importName, 'State')).toHaveText('imported')
  await expect(panel.cell(importName, 'Messages')).toHaveText('30')

  const prefix = `${uniqueTopic('replayed')}/`
  const listener = await subscriber(`${prefix}#`)
  await panel.button(importName, 'Replay').click()
  const dialog = panel.dialog('Replay recording')
  await expect(dialog).toBeVisible()
  await expect(dialog.getByLabel('Target', { exact: true })).toHaveValue('embedded')
  await dialog.getByLabel('Topic prefix', { exact: true }).fill(prefix)
  await dialog.getByLabel('Speed', { exact: true }).fill('0')
  await dialog.getByRole('button', { name: 'Start replay', exact: true }).click()
  await expect(dialog).toBeHidden()
  // 30 messages 1 s apart replayed at speed 0: well within the default 10 s.
  await expect(panel.replayStatus(importName)).toHaveText('Replay finished: 30 of 30 sent')
  const received = await listener.expectExactly(30)
  expect(received.map((p) => p.topic)).toEqual(messages.map((m) => prefix + m.topic))
  received.forEach((packet, i) => expect(bytesOf(packet).equals(payloadFor(i)), `payload ${i}`).toBe(true))

  // A part of it: From and To (local time, to the second) pick messages 10 to 19.
  const part = `${uniqueTopic('part')}/`
  const partListener = await subscriber(`${part}#`)
  await panel.region.getByRole('button', { name: 'Dismiss', exact: true }).click()
  await panel.button(importName, 'Replay').click()
  await dialog.getByLabel('Topic prefix', { exact: true }).fill(part)
  await dialog.getByLabel('Speed', { exact: true }).fill('0')
  await dialog.getByLabel('From', { exact: true }).fill(localInput(messages[10]!.ts))
  await dialog.getByLabel('To', { exact: true }).fill(localInput(messages[19]!.ts))
  await dialog.getByRole('button', { name: 'Start replay', exact: true }).click()
  await expect(dialog).toBeHidden()
  await expect(panel.replayStatus(importName)).toHaveText('Replay finished: 10 of 10 sent')
  const partReceived = await partListener.expectExactly(10)
  expect(partReceived.map((p) => p.topic)).toEqual(messages.slice(10, 20).map((m) => part + m.topic))

  await panel.button(importName, 'Delete').click()
  const ask = panel.dialog('Delete recording')
  await expect(ask).toBeVisible()
  await expect(ask).toContainText(`Delete “${importName}” and its 30 messages`)
  await ask.getByRole('button', { name: 'Cancel', exact: true }).click()
  await expect(ask).toBeHidden()
  await expect(panel.row(importName)).toHaveCount(1)
  await panel.button(importName, 'Delete').click()
  await ask.getByRole('button', { name: 'Delete', exact: true }).click()
  await expect(ask).toBeHidden()
  await expect(panel.row(importName)).toHaveCount(0)
  await expect(panel.region.getByRole('rowheader')).toHaveCount(before)
})

test("a recording of another profile goes with its URL and credentials; the server's refusal (bridge policy) is shown at the form and nothing is added", async ({
  page,
  server,
  explorer,
}) => {
  await explorer.open(server.appUrl)
  // The cloud metadata address is always denied to the bridge, and so to a recording.
  await connectBridgedProfile(page, { name: 'metadata', url: 'mqtt://169.254.169.254:1883', username: 'device', password: 'secret' })
  const panel = new RecordingsPanel(page)
  await panel.open()
  await panel.listed()
  const before = await panel.region.getByRole('rowheader').count()
  await panel.region.getByRole('button', { name: 'New recording', exact: true }).click()
  const dialog = panel.dialog('Start recording')
  await expect(dialog).toContainText('mqtt://169.254.169.254:1883')
  await expect(dialog.getByLabel('Topic filters', { exact: true })).toHaveValue('#')
  const remember = dialog.getByRole('checkbox', { name: 'Remember credentials', exact: true })
  await expect(remember).not.toBeChecked()
  await remember.check()
  await dialog.getByLabel('Topic filters', { exact: true }).fill('sensors/#\nbad/#/filter')
  await dialog.getByRole('button', { name: 'Start recording', exact: true }).click()
  await expect(dialog.getByRole('alert')).toContainText('"bad/#/filter"')
  await dialog.getByLabel('Topic filters', { exact: true }).fill('sensors/#')
  await dialog.getByRole('button', { name: 'Start recording', exact: true }).click()
  await expect(dialog.getByRole('alert')).toHaveText(/^The server refused: .*169\.254\.169\.254.* is always denied/)
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click()
  await expect(panel.region.getByRole('rowheader')).toHaveCount(before)
})

test('a replay in progress shows its count and stops on "Stop replay" with the count sent', async ({ page, server, explorer }) => {
  await explorer.open(server.appUrl)
  const panel = new RecordingsPanel(page)
  await panel.open()
  const name = `slow-${uniqueTopic('x').split('/')[1]}`
  // 60 messages 250 ms apart: 15 s at speed 1.
  const lines = Array.from({ length: 60 }, (_, i) => JSON.stringify({ ts: 1_000 + i * 250, topic: `${name}/${i}`, qos: 0, retain: false, payload_base64: '' }))
  await panel.importFile(`${name}.jsonl`, lines.join('\n'))
  await expect(panel.cell(name, 'Messages')).toHaveText('60')
  await panel.button(name, 'Replay').click()
  const dialog = panel.dialog('Replay recording')
  await dialog.getByLabel('Topic prefix', { exact: true }).fill('slow-replay/')
  await dialog.getByRole('button', { name: 'Start replay', exact: true }).click()
  await expect(panel.replayStatus(name)).toHaveText(/^Replaying: \d+ of 60 sent$/)
  await expect(panel.region.getByRole('progressbar', { name: `Replay of ${name} progress` })).toBeVisible()
  await panel.region.getByRole('button', { name: 'Stop replay', exact: true }).click()
  await expect(panel.replayStatus(name)).toHaveText(/^Replay stopped: \d+ of 60 sent$/)
  const sent = Number(/(\d+) of/.exec((await panel.replayStatus(name).textContent()) ?? '')?.[1])
  expect(sent).toBeLessThan(60)
  await panel.region.getByRole('button', { name: 'Dismiss', exact: true }).click()
  await expect(panel.region.getByRole('list', { name: 'Replays' })).toHaveCount(0)
})

test('in restricted mode the panel asks for the access token, then lists, starts and exports with it', async ({ page }) => {
  test.setTimeout(90_000)
  const token = 'e2e-recordings-token-0123456789abcdef'
  const proc = await spawnServer(['--log-level', 'warn', '--bridge-mode', 'restricted', '--auth-token', token])
  const device = await mqtt.connectAsync(`mqtt://127.0.0.1:${proc.mqttPort}`, { reconnectPeriod: 0 })
  try {
    const explorer = new ExplorerPage(page)
    await explorer.open(`http://127.0.0.1:${proc.httpPort}/`)
    const panel = new RecordingsPanel(page)
    await panel.open()
    const tokenDialog = page.getByRole('dialog', { name: 'Access token' })
    await expect(tokenDialog).toBeVisible()
    await expect(panel.region.getByRole('alert')).toContainText('an access token is needed')
    await tokenDialog.getByRole('textbox', { name: 'Access token' }).fill(token)
    await tokenDialog.getByRole('button', { name: 'Use token' }).click()
    await expect(tokenDialog).toBeHidden()
    await expect(panel.region.getByText(/^No recordings yet/)).toBeVisible()
    await expect(panel.region.getByRole('alert')).toHaveCount(0)

    await device.publishAsync('guarded/ready', 'ready', { qos: 1, retain: true })
    await panel.start({ name: 'guarded', filters: 'guarded/#', qos: 1 })
    await expect(panel.cell('guarded', 'Messages')).toHaveText('1', { timeout: 15_000 })
    for (let i = 0; i < 3; i++) await device.publishAsync(`guarded/${i}`, Buffer.from([i, 0xff]), { qos: 1 })
    await expect(panel.cell('guarded', 'Messages')).toHaveText('4', { timeout: 15_000 })

    await panel.button('guarded', 'Export').click()
    const dialog = panel.dialog('Export recording')
    await dialog.getByLabel('Format', { exact: true }).selectOption('csv')
    const download = page.waitForEvent('download')
    await dialog.getByRole('button', { name: 'Download', exact: true }).click()
    const file = await download
    expect(file.suggestedFilename()).toBe('guarded.csv')
    const rows = (await readFile(await file.path(), 'utf8')).split(/\r?\n/).filter(Boolean)
    expect(rows).toHaveLength(5)
    expect(rows[0]).toBe('ts,topic,qos,retain,payload_base64,properties')
    expect(rows.slice(1).map((row) => row.split(',')[1])).toEqual(['"guarded/ready"', '"guarded/0"', '"guarded/1"', '"guarded/2"'])
    expect(rows.slice(2).map((row) => row.split(',')[4])).toEqual([0, 1, 2].map((i) => Buffer.from([i, 0xff]).toString('base64')))
  } finally {
    await device.endAsync(true)
    await proc.stop()
  }
})

test('a recording of a password-protected mosquitto shows its target without the password, and "reconnecting" with the reason when the broker goes away', async ({
  page,
  server,
  explorer,
}) => {
  test.setTimeout(90_000)
  const broker = await startMosquitto()
  const device = await mqtt.connectAsync(broker.tcpUrl, { reconnectPeriod: 0, username: broker.username, password: broker.password })
  try {
    await device.publishAsync('plant/ready', 'ready', { qos: 1, retain: true })
    await explorer.open(server.appUrl)
    await connectBridgedProfile(page, { name: 'plant broker', url: broker.tcpUrl, username: broker.username, password: broker.password })
    await explorer.expectConnected(15_000)
    const panel = new RecordingsPanel(page)
    await panel.open()
    await panel.region.getByRole('button', { name: 'New recording', exact: true }).click()
    const dialog = panel.dialog('Start recording')
    await expect(dialog.getByRole('checkbox', { name: 'Remember credentials', exact: true })).not.toBeChecked()
    await dialog.getByLabel('Name', { exact: true }).fill('plant')
    await dialog.getByLabel('Topic filters', { exact: true }).fill('plant/#')
    await dialog.getByLabel('QoS', { exact: true }).selectOption('1')
    await dialog.getByRole('button', { name: 'Start recording', exact: true }).click()
    await expect(dialog).toBeHidden()
    await expect(panel.cell('plant', 'Target')).toHaveText(`${broker.tcpUrl} as ${broker.username}`)
    await expect(panel.cell('plant', 'Messages')).toHaveText('1', { timeout: 15_000 })
    await expect(panel.cell('plant', 'State')).toHaveText('recording')
    for (let i = 0; i < 3; i++) await device.publishAsync(`plant/line/${i}`, `reading ${i}`, { qos: 1 })
    await expect(panel.cell('plant', 'Messages')).toHaveText('4', { timeout: 15_000 })
    expect(await panel.table.textContent()).not.toContain(broker.password!)

    await device.endAsync(true)
    await broker.stop()
    await expect(panel.cell('plant', 'State')).toHaveText(/^reconnecting: \S/, { timeout: 20_000 })
    await panel.button('plant', 'Stop').click()
    await expect(panel.cell('plant', 'State')).toHaveText('stopped')
    await expect(panel.cell('plant', 'Messages')).toHaveText('4')
  } finally {
    await device.endAsync(true).catch(() => {})
    await broker.stop()
  }
})

test('a recording past its budget drops its oldest messages and the panel says how many', async ({ page }) => {
  test.setTimeout(90_000)
  const proc = await spawnServer(['--log-level', 'warn', '--recording-max-messages', '5'])
  const device = await mqtt.connectAsync(`mqtt://127.0.0.1:${proc.mqttPort}`, { reconnectPeriod: 0 })
  try {
    await device.publishAsync('budget/ready', 'ready', { qos: 1, retain: true })
    await new ExplorerPage(page).open(`http://127.0.0.1:${proc.httpPort}/`)
    const panel = new RecordingsPanel(page)
    await panel.open()
    await panel.start({ name: 'small', filters: 'budget/#', qos: 1 })
    await expect(panel.cell('small', 'Messages')).toHaveText('1', { timeout: 15_000 })
    for (let i = 0; i < 7; i++) await device.publishAsync(`budget/${i}`, `m${i}`, { qos: 1 })
    await expect(panel.cell('small', 'Evicted')).toHaveText('3', { timeout: 15_000 })
    await expect(panel.cell('small', 'Messages')).toHaveText('5')
    await expect(panel.region.getByText('“small” dropped its 3 oldest messages', { exact: false })).toBeVisible()
  } finally {
    await device.endAsync(true)
    await proc.stop()
  }
})

test('after a server restart a recording without "Remember credentials" waits as "paused: credentials needed"; a remembered one records again', async ({
  page,
}) => {
  test.setTimeout(120_000)
  const broker = await startMosquitto()
  const dataDir = await mkdtemp(path.join(tmpdir(), 'mqtt-scope-e2e-recordings-'))
  let proc = await spawnServer(['--log-level', 'warn', '--data-dir', dataDir])
  try {
    const explorer = new ExplorerPage(page)
    await explorer.open(`http://127.0.0.1:${proc.httpPort}/`)
    await connectBridgedProfile(page, { name: 'plant broker', url: broker.tcpUrl, username: broker.username, password: broker.password })
    await explorer.expectConnected(15_000)
    const panel = new RecordingsPanel(page)
    await panel.open()
    // Recordings live on disk here: no --memory note.
    await expect(panel.region.getByText(/^No recordings yet/)).toBeVisible()
    await expect(panel.region.getByRole('note')).toHaveCount(0)
    for (const [name, remember] of [
      ['forgotten', false],
      ['remembered', true],
    ] as const) {
      await panel.region.getByRole('button', { name: 'New recording', exact: true }).click()
      const dialog = panel.dialog('Start recording')
      await dialog.getByLabel('Name', { exact: true }).fill(name)
      await dialog.getByLabel('Topic filters', { exact: true }).fill('restart/#')
      await dialog.getByRole('checkbox', { name: 'Remember credentials', exact: true }).setChecked(remember)
      await dialog.getByRole('button', { name: 'Start recording', exact: true }).click()
      await expect(dialog).toBeHidden()
      await expect(panel.cell(name, 'State')).toHaveText('recording')
    }

    await proc.stop()
    proc = await spawnServer(['--log-level', 'warn', '--data-dir', dataDir])
    await explorer.open(`http://127.0.0.1:${proc.httpPort}/`)
    await panel.open()
    await expect(panel.cell('forgotten', 'State')).toHaveText('paused: credentials needed')
    await expect(panel.cell('remembered', 'State')).toHaveText('recording', { timeout: 15_000 })
    const device = await mqtt.connectAsync(broker.tcpUrl, { reconnectPeriod: 0, username: broker.username, password: broker.password })
    // Retained: the resumed recorder gets it exactly once, live or at its SUBSCRIBE, whichever comes first.
    await device.publishAsync('restart/after', 'x', { qos: 1, retain: true })
    await device.endAsync(true)
    await expect(panel.cell('remembered', 'Messages')).toHaveText('1', { timeout: 15_000 })
    await expect(panel.cell('forgotten', 'Messages')).toHaveText('0')
    // A paused recording can still be stopped.
    await panel.button('forgotten', 'Stop').click()
    await expect(panel.cell('forgotten', 'State')).toHaveText('stopped')
  } finally {
    await proc.stop()
    await broker.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
})
