import { expect, rowName, test } from './fixtures/explorer.ts'
import { publishAll } from './fixtures/publish.ts'

/** Fails the test if the page ever opens a dialog (alert, confirm, prompt). */
function forbidDialogs(page: import('@playwright/test').Page): string[] {
  const opened: string[] = []
  page.on('dialog', (dialog) => {
    opened.push(`${dialog.type()}: ${dialog.message()}`)
    void dialog.dismiss()
  })
  return opened
}

test('a topic and payload carrying HTML and script render as text, never as markup', async ({ page, explorer, mqttClient }) => {
  const dialogs = forbidDialogs(page)
  const topic = 'x/<script>alert(1)</script>'
  const payload = '<img src=x onerror="window.__pwned=1"><b>bold</b><script>window.__pwned=2</script>'
  await publishAll(mqttClient, [{ topic, payload }])
  await explorer.expectTotals(1, 1)

  // "/" inside "</script>" makes levels: x / "<script>alert(1)<" / "script>".
  const x = explorer.row(rowName('x', 1, 1))
  await x.click()
  await page.keyboard.press('*')
  const middle = explorer.row(rowName('<script>alert(1)<', 1, 1))
  const leaf = explorer.row(rowName('script>', 1, 0))
  await expect(middle).toBeVisible()
  await expect(middle).toContainText('<script>alert(1)<')
  await expect(leaf).toBeVisible()

  await leaf.click()
  const details = explorer.details()
  await expect(details).toContainText(topic)
  await expect(details.getByText('Last payload')).toBeVisible()

  // Nothing was parsed as markup anywhere in the app (tree row previews, details), and nothing ran.
  const injected = await page.evaluate(() => ({
    images: document.querySelectorAll('img[src="x"], img[onerror]').length,
    bold: [...document.querySelectorAll('b')].filter((b) => b.textContent === 'bold').length,
    scripts: [...document.querySelectorAll('script')].filter((s) => /alert\(1\)|__pwned/.test(s.textContent ?? '')).length,
  }))
  expect(injected).toEqual({ images: 0, bold: 0, scripts: 0 })
  await expect(details).toContainText(payload)
  await expect(leaf).toContainText('<img src=x onerror=')
  await page.waitForTimeout(300)
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
  expect(dialogs).toEqual([])
})

test('control and bidi characters in topics and payloads are shown as visible escapes', async ({ page, explorer, mqttClient }) => {
  // U+2066 (left-to-right isolate) and U+202E (right-to-left override) would be invisible or reorder
  // the text; U+0007 (bell) is invisible. A control character is refused in a topic by the broker
  // (issue 8, like mosquitto), so the bell travels in the payload only.
  const topic = 'ctl/iso\u2066late/rtl\u202eabc'
  const payload = 'ding\u0007 \u202edlrow olleh'
  await publishAll(mqttClient, [{ topic, payload }])
  await explorer.expectTotals(1, 1)

  await explorer.row(rowName('ctl', 1, 1)).click()
  await page.keyboard.press('*')
  // Accessible names are escaped like the visible text, so a screen reader is not reordered either.
  const isolate = explorer.rowOf('iso\\u{2066}late')
  const rtl = explorer.rowOf('rtl\\u{202e}abc')
  await expect(isolate).toBeVisible()
  await expect(isolate).toContainText('iso\\u{2066}late')
  await expect(rtl).toContainText('rtl\\u{202e}abc')

  await rtl.click()
  const details = explorer.details()
  await expect(details).toContainText('ctl/iso\\u{2066}late/rtl\\u{202e}abc')
  await expect(details).toContainText('ding\\u{0007} \\u{202e}dlrow olleh')

  // No raw control or bidi character reaches the rendered text of the tree or the details.
  for (const text of [await explorer.tree.innerText(), await details.innerText()]) {
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
  }
})
