import type { Page } from '@playwright/test'
import { rowName } from './fixtures/explorer.ts'
import { classicHexDump, expect, type InspectorPage, test } from './fixtures/inspector.ts'
import { publishAll } from './fixtures/publish.ts'

/** Errors thrown in the page (uncaught), collected for the end of the test. */
function pageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  return errors
}

/** Still alive: a new message shows in the tree and can be selected and read. */
async function stillWorks(inspector: InspectorPage, publish: (topic: string, payload: string) => Promise<void>): Promise<void> {
  await publish('bad/after', 'still here')
  await inspector.selectTopic('bad/after')
  await inspector.expectView('Text')
  await inspector.expectPayloadContains('still here')
}

test('a binary payload opens in Hex; Text shows escapes for the bytes that are not text', async ({ page, inspector, mqttClient }) => {
  const errors = pageErrors(page)
  const head = [0x00, 0xff, 0x41, 0x80, 0x0a, 0xc3, 0x28, 0x7f, 0x1b, 0xfe, 0x00, 0x00, 0xe2, 0x80, 0xae, 0x42]
  const bytes = Buffer.from([...head, ...Array.from({ length: 48 }, (_, i) => (i * 37 + 11) & 0xff)])
  await publishAll(mqttClient, [{ topic: 'bad/binary', payload: bytes }])
  await inspector.selectTopic('bad/binary')

  await inspector.expectView('Hex')
  const trimEnd = (lines: string[]) => lines.map((l) => l.trimEnd()).filter((l) => l !== '')
  await expect.poll(async () => trimEnd(await inspector.payloadLines())).toEqual(trimEnd(classicHexDump(bytes)))

  await inspector.showView('Text')
  await expect.poll(async () => (await inspector.payload().innerText()).toLowerCase()).toContain('\\xff')
  const text = await inspector.payload().innerText()
  expect(text.toLowerCase()).toContain('\\x80')
  expect(text).toContain('A')
  // No raw control or bidi character (NUL, ESC, U+202E from e2 80 ae...) reaches the screen.
  expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffd]/)

  await inspector.showView('Base64')
  await expect.poll(async () => (await inspector.payload().innerText()).trim()).toBe(bytes.toString('base64'))
  // JSON is not on offer for bytes that are not UTF-8, or it says why.
  const json = inspector.viewOption('JSON')
  if ((await json.count()) === 1 && (await json.isEnabled())) {
    await json.click()
    await expect(inspector.details).toContainText(/UTF-8|not valid|invalid/i)
  }

  await stillWorks(inspector, (topic, payload) => publishAll(mqttClient, [{ topic, payload }]))
  expect(errors).toEqual([])
})

test('invalid JSON that looks like JSON opens in Text and says what is wrong with it', async ({ page, inspector, mqttClient }) => {
  const errors = pageErrors(page)
  const payload = '{"a": 1,}'
  await publishAll(mqttClient, [{ topic: 'bad/json', payload }])
  await inspector.selectTopic('bad/json')

  await inspector.expectView('Text')
  await inspector.expectPayloadContains(payload)
  // The error is shown with the Text view, or in the JSON view when asked for.
  const error = inspector.details.getByText(/(not valid|invalid) JSON|JSON (syntax )?error/i).first()
  const shownAlready = await error.waitFor({ timeout: 2_000 }).then(
    () => true,
    () => false,
  )
  if (!shownAlready) await inspector.viewOption('JSON').click()
  await expect(error).toBeVisible()
  // Where: line 1, column 9 is the "}" after the trailing comma.
  await expect(inspector.details).toContainText(/line 1,? column 9/i)

  await inspector.showView('Text')
  await inspector.expectPayloadContains(payload)
  await stillWorks(inspector, (topic, p) => publishAll(mqttClient, [{ topic, payload: p }]))
  expect(errors).toEqual([])
})

/**
 * A long task is main-thread work without a break. On a loaded 2-core CI box React rendering a
 * screenful takes tens of ms; 2 s without a frame is a freeze by any measure.
 */
const FREEZE_MS = 2_000

async function expectResponsive(page: Page, what: string): Promise<void> {
  const start = Date.now()
  await page.evaluate(() => 1)
  expect(Date.now() - start, `the page answered within ${FREEZE_MS} ms ${what}`).toBeLessThan(FREEZE_MS)
}

test('10,000 levels of nested JSON render, or say they are too deep, without freezing the page', async ({ page, inspector, mqttClient }) => {
  const errors = pageErrors(page)
  const depth = 10_000
  const payload = '{"a":'.repeat(depth) + '"deepest"' + '}'.repeat(depth)
  await page.evaluate(() => {
    const w = window as unknown as { __longestTask: number }
    w.__longestTask = 0
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longestTask = Math.max(w.__longestTask, entry.duration)
    }).observe({ type: 'longtask' })
  })

  await publishAll(mqttClient, [{ topic: 'bad/deep', payload }])
  await expect(inspector.explorer.row(rowName('bad', 1, 1))).toBeVisible()
  await inspector.selectTopic('bad/deep')
  await expectResponsive(page, 'after selecting the topic')

  // Either the JSON view with its first levels, or an explicit limit message.
  const limitNote = inspector.details
    .getByText(/too deep|nest|lines? limit|first [\d,]+ lines|[\d,]+ of [\d,]+ lines|longer than [\d,]+ lines|truncated/i)
    .first()
  await expect(inspector.payload().getByText('"a"').first().or(limitNote).first()).toBeVisible()
  const chosen = await inspector.chosenView()
  expect(chosen === 'JSON' || chosen === 'Text', `chosen view ${chosen}`).toBe(true)
  await expectResponsive(page, 'showing the first view')

  for (const view of ['Text', 'Hex', 'JSON'] as const) {
    await inspector.showView(view)
    await expectResponsive(page, `after switching to ${view}`)
  }
  await expect(inspector.payload().getByText('"a"').first().or(limitNote).first()).toBeVisible()

  // Scrolling to the end of whatever the JSON view shows does not freeze either.
  await inspector.payload().hover()
  await page.mouse.wheel(0, 200_000)
  await expectResponsive(page, 'after scrolling the JSON view')

  await page.waitForTimeout(300)
  const longest = await page.evaluate(() => (window as unknown as { __longestTask: number }).__longestTask)
  expect(longest, `longest main-thread task ${Math.round(longest)} ms`).toBeLessThan(FREEZE_MS)
  await stillWorks(inspector, (topic, p) => publishAll(mqttClient, [{ topic, payload: p }]))
  expect(errors).toEqual([])
})
