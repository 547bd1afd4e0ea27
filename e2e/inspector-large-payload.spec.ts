import { readFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import type { Page } from '@playwright/test'
import { classicHexDump, expect, type InspectorPage, squash, test } from './fixtures/inspector.ts'
import { publishAll } from './fixtures/publish.ts'

const SIZE = 600_000

/** 600,000 bytes of UTF-8 text (multi-byte characters throughout) with markers at both ends. */
function bigText(): Buffer {
  const head = 'BEGIN-OF-PAYLOAD '
  const tail = ' END-OF-PAYLOAD'
  const unit = 'line ü € 😀 0123456789\n' // 1 + 2 + 3 + 4 byte characters
  const bytes = Buffer.from(head + unit.repeat(Math.ceil(SIZE / Buffer.byteLength(unit))))
  const fill = SIZE - Buffer.byteLength(tail)
  // Cut on a character boundary, pad with ASCII to exactly SIZE bytes.
  let cut = fill
  while ((bytes[cut]! & 0xc0) === 0x80) cut--
  const out = Buffer.concat([bytes.subarray(0, cut), Buffer.alloc(fill - cut, 'x'), Buffer.from(tail)])
  expect(out.length).toBe(SIZE)
  return out
}

/** The "showing X of 600,000 bytes" label of the chosen view: X as a number. */
async function expectPartial(inspector: InspectorPage): Promise<number> {
  const label = inspector.details.getByText(/showing [\d,]+ of 600,000 bytes/)
  await expect(label.first()).toBeVisible()
  const text = squash(await label.first().innerText())
  const shown = Number(/showing ([\d,]+) of 600,000 bytes/.exec(text)![1]!.replace(/,/g, ''))
  expect(shown).toBeGreaterThan(0)
  expect(shown).toBeLessThan(SIZE)
  return shown
}

/** The Hex view starts with the classic dump line of the first 16 bytes. */
async function expectFirstHexLine(inspector: InspectorPage, payload: Buffer): Promise<void> {
  const want = classicHexDump(payload.subarray(0, 16))[0]!
  await expect.poll(async () => (await inspector.payloadLines())[0]?.trimEnd()).toBe(want.trimEnd())
}

/** Presses "Download payload" and returns the downloaded file's bytes. */
async function download(page: Page, inspector: InspectorPage): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), inspector.button('Download payload').click()])
  expect(file.suggestedFilename()).not.toBe('')
  return readFile(await file.path())
}

test('a 600 KB text payload is shown partly ("showing X of 600,000 bytes") and downloads byte for byte', async ({ page, inspector, mqttClient }) => {
  const payload = bigText()
  await publishAll(mqttClient, [{ topic: 'big/text', payload }])
  await inspector.selectTopic('big/text')

  await inspector.expectView('Text')
  const shown = await expectPartial(inspector)
  await inspector.expectPayloadContains('BEGIN-OF-PAYLOAD line ü € 😀 0123456789')
  // What is shown is the start of the payload, whole characters only (so a few bytes short at most).
  expect(await inspector.payload().innerText()).not.toContain('END-OF-PAYLOAD')
  expect(shown).toBeGreaterThan(1_000)

  // Hex and Base64 say the same about their part.
  await inspector.showView('Hex')
  await expectPartial(inspector)
  await expectFirstHexLine(inspector, payload)
  await inspector.showView('Base64')
  await expectPartial(inspector)
  await expect.poll(async () => (await inspector.payload().innerText()).replace(/\s+/g, '')).toContain(payload.subarray(0, 3_000).toString('base64'))

  const downloaded = await download(page, inspector)
  expect(downloaded.length).toBe(SIZE)
  expect(downloaded.equals(payload)).toBe(true)
})

test('a 600 KB binary payload opens in Hex, partly, and downloads byte for byte', async ({ page, inspector, mqttClient }) => {
  const payload = randomBytes(SIZE)
  payload[0] = 0x00
  payload[1] = 0xff
  await publishAll(mqttClient, [{ topic: 'big/binary', payload }])
  await inspector.selectTopic('big/binary')

  await inspector.expectView('Hex')
  await expectPartial(inspector)
  await expectFirstHexLine(inspector, payload)

  const downloaded = await download(page, inspector)
  expect(downloaded.length).toBe(SIZE)
  expect(downloaded.equals(payload)).toBe(true)
})
