import { classicHexDump, expect, openInspector, test } from './fixtures/inspector.ts'
import { publishAll, withTimeout } from './fixtures/publish.ts'

test('a JSON payload opens as pretty, collapsible JSON; Text, Hex and Base64 show the same bytes', async ({ inspector, mqttClient }) => {
  const value = { name: 'sensor-1', temp: 21.5, tags: ['a', 'b'], ok: true, nested: { level: 2 } }
  const payload = JSON.stringify(value)
  const bytes = Buffer.from(payload)
  await publishAll(mqttClient, [{ topic: 'views/json/sensor', payload }])
  await inspector.selectTopic('views/json/sensor')

  // Auto-detected: JSON, pretty-printed one member per line.
  await inspector.expectView('JSON')
  const pretty = JSON.stringify(value, null, 2).split('\n')
  await inspector.expectJsonLines(pretty)

  // Collapsible: the "tags" array folds away and opens again.
  const tagsLine = inspector.payload().getByText('"tags"').first()
  await expect(tagsLine).toBeVisible()
  const toggles = inspector.payload().locator('[aria-expanded="true"]')
  expect(await toggles.count()).toBeGreaterThanOrEqual(2)
  const tagsToggle = inspector.payload().locator('[aria-expanded]').filter({ hasText: '"tags"' }).last()
  const toggle = (await tagsToggle.count()) > 0 ? tagsToggle : toggles.nth(1)
  await toggle.click()
  await expect(toggle).toHaveAttribute('aria-expanded', 'false')
  await expect(inspector.payload().getByText('"a"', { exact: true })).toHaveCount(0)
  await toggle.click()
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  await inspector.expectJsonLines(pretty)

  await inspector.showView('Text')
  await inspector.expectPayloadContains(payload)

  await inspector.showView('Hex')
  const dump = classicHexDump(bytes)
  expect(dump[0]).toBe('00000000  7b 22 6e 61 6d 65 22 3a  22 73 65 6e 73 6f 72 2d  {"name":"sensor-')
  expect(dump).toHaveLength(5)
  const trimEnd = (lines: string[]) => lines.map((l) => l.trimEnd()).filter((l) => l !== '')
  await expect.poll(async () => trimEnd(await inspector.payloadLines())).toEqual(trimEnd(dump))

  await inspector.showView('Base64')
  const base64 = bytes.toString('base64')
  await expect.poll(async () => (await inspector.payload().innerText()).trim()).toBe(base64)

  // And back: the choice is the person's, and JSON is still there.
  await inspector.showView('JSON')
  await inspector.expectJsonLines(pretty)
})

test('the latest message: QoS, retain, dup, arrival time and size', async ({ page, server, mqttClient, forgetAfter }) => {
  const topic = 'meta/device/state'
  const payload = '{"on":true}'
  forgetAfter([topic])
  const before = Date.now()
  await withTimeout(mqttClient.publishAsync(topic, payload, { qos: 1, retain: true }), 5_000, 'publish retained')
  const inspector = await openInspector(page, server.appUrl)
  // A subscription at QoS 1 gets the retained message at QoS 1 with its retain flag.
  await page.getByRole('button', { name: 'Unsubscribe #', exact: true }).click()
  await inspector.explorer.subscribe('meta/#', 1)
  await expect(inspector.explorer.subscription('meta/#')).toContainText('granted QoS 1')
  await inspector.selectTopic(topic)
  const after = Date.now()

  const text = () => inspector.detailsText()
  await expect.poll(text).toMatch(/\bQoS:? 1\b/)
  await expect.poll(text).toMatch(/\bRetain(ed)?:? (yes|true)\b/i)
  await expect.poll(text).toMatch(/\bDup(licate)?:? (no|false)\b/i)
  await expect.poll(text).toMatch(new RegExp(`\\b${Buffer.byteLength(payload)} (B|bytes)\\b`))
  // Arrival time as a wall-clock time of one of the seconds around the publish.
  const clock = (ms: number) => new Date(ms).toTimeString().slice(0, 8)
  const seconds = new Set<string>()
  for (let t = before - 1_000; t <= after + 1_000; t += 500) seconds.add(clock(t))
  const shown = (await text()).match(/\b\d{2}:\d{2}:\d{2}\b/g) ?? []
  expect(
    shown.some((s) => seconds.has(s)),
    `one of ${[...seconds].join(', ')} in ${shown.join(', ')}`,
  ).toBe(true)
})

test('"Copy topic" and "Copy payload" put the exact topic and payload on the clipboard', async ({ page, context, server, inspector, mqttClient }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.appUrl).origin })
  const topic = 'copy/this/topic'
  const payload = '{"greeting":"grüße","n":1}'
  await publishAll(mqttClient, [{ topic, payload }])
  await inspector.selectTopic(topic)

  const readClipboard = () => page.evaluate(() => navigator.clipboard.readText())
  await page.evaluate(() => navigator.clipboard.writeText('before'))
  await inspector.button('Copy topic').click()
  await expect.poll(readClipboard).toBe(topic)
  await inspector.button('Copy payload').click()
  await expect.poll(readClipboard).toBe(payload)
})

test('HTML and script in a payload render as text in the JSON and Text views, never as markup', async ({ page, inspector, mqttClient }) => {
  const dialogs: string[] = []
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  const html = `<img src=x onerror='window.__pwned=1'><script>window.__pwned=2</script><b>bold</b>`
  const asJson = JSON.stringify({ html, list: [html] })
  await publishAll(mqttClient, [
    { topic: 'xss/json', payload: asJson },
    { topic: 'xss/text', payload: html },
  ])

  const injected = () =>
    page.evaluate(() => ({
      images: document.querySelectorAll('img[src="x"], img[onerror]').length,
      bold: [...document.querySelectorAll('b')].filter((b) => b.textContent === 'bold').length,
      scripts: [...document.querySelectorAll('script')].filter((s) => (s.textContent ?? '').includes('__pwned')).length,
      pwned: (window as unknown as { __pwned?: number }).__pwned,
    }))
  const clean = { images: 0, bold: 0, scripts: 0, pwned: undefined }

  await inspector.selectTopic('xss/json')
  await inspector.expectView('JSON')
  await inspector.expectPayloadContains(`"html": ${JSON.stringify(html)}`)
  expect(await injected()).toEqual(clean)
  await inspector.showView('Text')
  await inspector.expectPayloadContains(asJson)
  expect(await injected()).toEqual(clean)

  await inspector.selectTopic('xss/text')
  await inspector.expectView('Text')
  await inspector.expectPayloadContains(html)
  await page.waitForTimeout(300)
  expect(await injected()).toEqual(clean)
  expect(dialogs).toEqual([])
})
