import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { parse } from 'protobufjs'
import { Encoder } from 'cbor-x'
import { encode as msgpackEncode } from '@msgpack/msgpack'
import { expect, squash, test } from './fixtures/inspector.ts'
import { publishAll } from './fixtures/publish.ts'

const DEMO_PROTO = `syntax = "proto3";
package demo;
message Reading {
  string sensor = 1;
  double celsius = 2;
  int64 total = 3;
  uint64 serial = 4;
}
`
// The test's own encoder: protobufjs on its own parse of the same text.
const Reading = parse(DEMO_PROTO).root.lookupType('demo.Reading')
const reading = (fields: object): Buffer => Buffer.from(Reading.encode(Reading.fromObject(fields)).finish())

/** Debian's mosquitto client, an independent publisher. */
const MOSQUITTO_PUB = '/usr/bin/mosquitto_pub'

/** The "Payload decoders" panel, opened from the status bar. */
async function openDecoders(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Decoders', exact: true }).click()
  const panel = page.getByRole('region', { name: 'Payload decoders' })
  await expect(panel).toBeVisible()
  return panel
}

async function addRule(panel: Locator, filter: string, decoder: 'Protobuf' | 'CBOR' | 'MessagePack', messageType?: string): Promise<void> {
  await panel.getByLabel('Rule topic filter').fill(filter)
  await panel.getByLabel('Decoder', { exact: true }).selectOption({ label: decoder })
  if (messageType !== undefined) await panel.getByLabel('Message type').fill(messageType)
  await panel.getByRole('button', { name: 'Add rule', exact: true }).click()
  await expect(panel.getByRole('list', { name: 'Rules' })).toContainText(filter)
}

test('a Protobuf rule with an uploaded .proto decodes in the inspector, the tree preview and the payload search', async ({
  page,
  inspector,
  server,
  mqttClient,
}) => {
  await inspector.explorer.open(server.appUrl)
  const panel = await openDecoders(page)
  const upload = panel.getByLabel('Add .proto files')
  // A .proto that does not parse says its line and why; the good one still loads.
  await upload.setInputFiles([
    { name: 'broken.proto', mimeType: 'text/plain', buffer: Buffer.from('syntax = "proto3";\nmessage A {\n  int32 x = ;\n}\n') },
    { name: 'demo.proto', mimeType: 'text/plain', buffer: Buffer.from(DEMO_PROTO) },
  ])
  await expect(panel.getByRole('list', { name: '.proto problems' })).toContainText(/broken\.proto line 3: /)
  await expect(panel).toContainText('Message types: demo.Reading')
  await addRule(panel, 'sensors/+/pb', 'Protobuf', 'demo.Reading')
  // A rule pointing at a missing type says so.
  await addRule(panel, 'sensors/+/missing', 'Protobuf', 'demo.Missing')
  await expect(panel.getByRole('list', { name: 'Rules' })).toContainText('message type "demo.Missing" is not defined in the added .proto files')
  // A filter that breaks the MQTT rules is refused as typed.
  await panel.getByLabel('Rule topic filter').fill('sensors/#/pb')
  await expect(panel.getByRole('alert')).toContainText('#')
  await panel.getByLabel('Rule topic filter').fill('')

  const device = `d${Date.now().toString(36)}`
  await publishAll(mqttClient, [
    { topic: `sensors/${device}/pb`, payload: reading({ sensor: device, celsius: 20.5, total: '9007199254740993', serial: '18446744073709551615' }) },
    { topic: `sensors/${device}/pb`, payload: reading({ sensor: device, celsius: 22.25, total: '9007199254740993', serial: '18446744073709551615' }) },
    { topic: `sensors/${device}/missing`, payload: reading({ sensor: device }) },
  ])
  await inspector.selectTopic(`sensors/${device}/pb`)
  await expect(inspector.details.getByRole('tab', { name: 'Protobuf', exact: true })).toHaveAttribute('aria-selected', 'true')
  await inspector.expectPayloadContains(`"sensor": "${device}"`, '"celsius": 22.25', '"total": 9007199254740993', '"serial": 18446744073709551615')

  // The tree's preview line shows the decoded form.
  const row = inspector.rowAt('pb', 3)
  await expect(row).toContainText(`{"sensor":"${device}","celsius":22.25,"total":9007199254740993,"serial":18446744073709551615}`)
  // The history shows decoded entries, and the diff compares decoded values by key.
  await expect(inspector.history).toContainText(`{"sensor":"${device}","celsius":20.5`)
  await inspector.details.getByRole('button', { name: 'Diff', exact: true }).click()
  const changed = inspector.details.getByRole('table', { name: 'Changed keys' })
  await expect.poll(async () => squash(await changed.innerText())).toBe(squash('Key path Change Before After celsius changed 20.5 22.25'))
  await inspector.details.getByRole('button', { name: 'Diff', exact: true }).click()

  // Raw bytes stay one click away.
  await inspector.details.getByRole('tab', { name: 'Hex', exact: true }).click()
  await expect(inspector.details.getByRole('tab', { name: 'Hex', exact: true })).toHaveAttribute('aria-selected', 'true')

  // The rule with a missing type: the reason, and the hex one click away.
  await inspector.selectTopic(`sensors/${device}/missing`)
  await expect.poll(async () => squash(await inspector.payload().innerText())).toContain('message type "demo.Missing" is not defined')
  await inspector.payload().getByRole('button', { name: 'Show raw bytes (Hex)' }).click()
  await expect(inspector.details.getByRole('tab', { name: 'Hex', exact: true })).toHaveAttribute('aria-selected', 'true')

  // "Search payloads" searches the decoded text.
  await inspector.explorer.filterTopics('text', 'celsius":22.25')
  await expect.poll(() => inspector.explorer.rowLevels()).toEqual([])
  await page.getByRole('checkbox', { name: 'Search payloads' }).check()
  await expect.poll(() => inspector.explorer.rowLevels()).toEqual(['sensors', device, 'pb'])

  // The files and rules are kept in the browser.
  await page.reload()
  await inspector.explorer.expectConnected()
  const again = await openDecoders(page)
  await expect(again.getByRole('list', { name: 'Rules' })).toContainText('sensors/+/pb')
  await expect(again).toContainText('demo.proto')
})

test('CBOR and MessagePack payloads from mosquitto_pub decode by rule; the rules travel with the exported profiles', async ({ page, inspector, server }) => {
  await inspector.explorer.open(server.appUrl)
  const panel = await openDecoders(page)
  await addRule(panel, 'plant/+/cbor', 'CBOR')
  await addRule(panel, 'plant/+/mp', 'MessagePack')

  const dir = mkdtempSync(join(tmpdir(), 'mqtt-scope-decoders-'))
  try {
    const cborFile = join(dir, 'reading.cbor')
    const msgpackFile = join(dir, 'reading.msgpack')
    // Independent encoders: cbor-x and @msgpack/msgpack, bytes as a device would send them.
    writeFileSync(cborFile, new Encoder({ useRecords: false }).encode({ temp: 21.5, big: 18446744073709551615n }))
    writeFileSync(msgpackFile, msgpackEncode({ on: true, n: -9223372036854775808n }, { useBigInt64: true }))
    const port = new URL(server.mqttUrl).port
    const device = `m${Date.now().toString(36)}`
    for (const [topic, file] of [
      [`plant/${device}/cbor`, cborFile],
      [`plant/${device}/mp`, msgpackFile],
    ] as const) {
      const sent = spawnSync(MOSQUITTO_PUB, ['-h', '127.0.0.1', '-p', port, '-q', '1', '-t', topic, '-f', file], { encoding: 'utf8', timeout: 10_000 })
      expect(sent.status, sent.stderr).toBe(0)
    }

    await inspector.selectTopic(`plant/${device}/cbor`)
    await expect(inspector.details.getByRole('tab', { name: 'CBOR', exact: true })).toHaveAttribute('aria-selected', 'true')
    await inspector.expectPayloadContains('"temp": 21.5', '"big": 18446744073709551615')
    await expect(inspector.rowAt('cbor', 3)).toContainText('{"temp":21.5,"big":18446744073709551615}')

    await inspector.selectTopic(`plant/${device}/mp`)
    await expect(inspector.details.getByRole('tab', { name: 'MessagePack', exact: true })).toHaveAttribute('aria-selected', 'true')
    await inspector.expectPayloadContains('"on": true', '"n": -9223372036854775808')
    await expect(inspector.rowAt('mp', 3)).toContainText('{"on":true,"n":-9223372036854775808}')

    // The rules travel with the exported profiles, and an import brings them back.
    await page.getByRole('button', { name: 'Connection settings' }).click()
    const dialog = page.getByRole('dialog', { name: 'Connection profile' })
    const download = page.waitForEvent('download')
    await dialog.getByRole('button', { name: 'Export profiles', exact: true }).click()
    const exported = await readFile(await (await download).path(), 'utf8')
    expect(JSON.parse(exported)).toMatchObject({
      decoders: {
        rules: [
          { filter: 'plant/+/cbor', format: 'cbor' },
          { filter: 'plant/+/mp', format: 'msgpack' },
        ],
      },
    })
    await dialog.getByRole('button', { name: 'Close', exact: true }).click()
    await panel.getByRole('button', { name: 'Remove rule plant/+/cbor' }).click()
    await panel.getByRole('button', { name: 'Remove rule plant/+/mp' }).click()
    await expect(panel.getByRole('list', { name: 'Rules' })).toBeHidden()
    await expect(inspector.rowAt('mp', 3)).not.toContainText('{"on"')
    await page.getByRole('button', { name: 'Connection settings' }).click()
    await dialog.getByLabel('Import profiles').setInputFiles({ name: 'profiles.json', mimeType: 'application/json', buffer: Buffer.from(exported) })
    await expect(dialog).toContainText('Imported profiles.json')
    await dialog.getByRole('button', { name: 'Close', exact: true }).click()
    await expect(panel.getByRole('list', { name: 'Rules' })).toContainText('plant/+/mp')
    await expect(inspector.rowAt('mp', 3)).toContainText('{"on":true,"n":-9223372036854775808}')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
