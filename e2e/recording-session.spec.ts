import { rowName } from './fixtures/explorer.ts'
import { expect, InspectorPage, test } from './fixtures/inspector.ts'
import { publishAll } from './fixtures/publish.ts'

/**
 * Issue 16: a server recording opened in the explorer as a read-only session. The recording is
 * imported through the HTTP API (JSONL with known times), opened through "Open recording…", and
 * read through the tree, the inspector and the time slider; "Back to live" returns to the broker.
 */
const T0 = Date.UTC(2026, 0, 15, 8, 0, 0, 0)

/** rec/a at T0, +1 s, +2 s; rec/b at +0.5 s, +3 s; rec/deep/c at +2.5 s. */
const MESSAGES = [
  { at: 0, topic: 'rec/a', payload: '{"n":1}' },
  { at: 500, topic: 'rec/b', payload: 'b one' },
  { at: 1_000, topic: 'rec/a', payload: '{"n":2}' },
  { at: 2_000, topic: 'rec/a', payload: '{"n":3}' },
  { at: 2_500, topic: 'rec/deep/c', payload: 'c one' },
  { at: 3_000, topic: 'rec/b', payload: 'b two' },
]

async function importRecording(appUrl: string, name: string): Promise<string> {
  const jsonl = MESSAGES.map((m) =>
    JSON.stringify({ ts: T0 + m.at, topic: m.topic, qos: 1, retain: false, payload_base64: Buffer.from(m.payload).toString('base64') }),
  ).join('\n')
  const response = await fetch(new URL(`/api/recordings/import?name=${encodeURIComponent(name)}`, appUrl), { method: 'POST', body: jsonl })
  expect(response.status).toBe(201)
  return ((await response.json()) as { id: string }).id
}

test('a recording opens read-only, the slider shows the tree at a middle time, and Back to live returns to the broker', async ({
  explorer,
  server,
  page,
  mqttClient,
}) => {
  const name = `session ${test.info().workerIndex}-${Date.now()}`
  await importRecording(server.appUrl, name)
  const inspector = new InspectorPage(explorer)

  await page.getByRole('button', { name: 'Open recording…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Open recording' })
  await dialog.getByRole('button', { name: `Open ${name}`, exact: true }).click()
  await expect(dialog).toBeHidden()

  // The banner and the connection bar say what is shown; nothing can be sent meanwhile.
  const banner = page.getByRole('region', { name: 'Recording session' })
  await expect(banner).toContainText(`Recording ${name} (read-only)`)
  await expect(explorer.status).toHaveText(`Recording ${name} (read-only)`)
  await expect(page.getByRole('button', { name: 'Publish', exact: true })).toBeDisabled()
  await expect(page.getByRole('button', { name: 'Subscribe', exact: true })).toBeDisabled()
  await expect(page.getByRole('button', { name: 'Unsubscribe #', exact: true })).toBeDisabled()

  // The whole recording: its topics with exact counts, only its own (the live tree is gone).
  await expect(banner.getByRole('status', { name: 'Recording progress' })).toHaveText('6 of 6 messages up to the time shown')
  await explorer.expectTotals(6, 3)
  await expect(explorer.row(rowName('rec', 6, 3))).toBeVisible()
  await explorer.row(rowName('rec', 6, 3)).click()
  await expect(explorer.row(rowName('a', 3, 0))).toBeVisible()
  await expect(explorer.row(rowName('b', 2, 0))).toBeVisible()

  // The inspector: the last payload and the history, at the recorded times.
  await inspector.selectTopic('rec/a')
  await inspector.expectPayloadContains('"n"', '3')
  await expect(inspector.historyItems()).toHaveCount(3)

  // The slider spans the recording; at T0 + 1.5 s the tree is what had arrived by then.
  const slider = page.getByRole('slider', { name: 'Time' })
  await expect(slider).toHaveAttribute('min', String(T0))
  await expect(slider).toHaveAttribute('max', String(T0 + 3_000))
  await expect(slider).toHaveAttribute('aria-valuetext', /^\d{4}-\d\d-\d\d \d\d:\d\d:03\.000$/)
  await slider.fill(String(T0 + 1_500))
  await expect(slider).toHaveAttribute('aria-valuetext', /^\d{4}-\d\d-\d\d \d\d:\d\d:01\.500$/)
  await expect(page.getByTestId('recording-time')).toHaveText(/:01\.500$/)
  await explorer.expectTotals(3, 2)
  await expect(banner.getByRole('status', { name: 'Recording progress' })).toHaveText('3 of 6 messages up to the time shown')
  await expect(explorer.row(rowName('rec', 3, 2))).toBeVisible()
  await expect(explorer.row(rowName('a', 2, 0))).toBeVisible()
  await expect(explorer.row(rowName('b', 1, 0))).toBeVisible()
  // The selection stays on rec/a: its payload and history as they were at that time.
  await expect(explorer.row(rowName('a', 2, 0))).toHaveAttribute('aria-selected', 'true')
  await inspector.expectPayloadContains('"n"', '2')
  await expect(inspector.historyItems()).toHaveCount(2)

  // Forward again to the end: everything is back, counted once.
  await slider.fill(String(T0 + 3_000))
  await explorer.expectTotals(6, 3)
  await expect(explorer.row(rowName('a', 3, 0))).toBeVisible()

  // Back to live: the broker again, with the same subscriptions; the recording's topics are gone.
  await banner.getByRole('button', { name: 'Back to live' }).click()
  await expect(banner).toBeHidden()
  await explorer.expectConnected()
  await expect(explorer.subscription('#')).toContainText('granted QoS 0')
  await expect(page.getByRole('button', { name: 'Publish', exact: true })).toBeEnabled()
  await publishAll(mqttClient, [{ topic: 'live/after', payload: 'hello' }])
  await expect(explorer.rowOf('live')).toBeVisible()
  await expect(explorer.rowOf('rec')).toHaveCount(0)
})

test('a recording the server no longer has says so, and Back to live still works', async ({ explorer, server, page }) => {
  const name = `gone ${test.info().workerIndex}-${Date.now()}`
  const id = await importRecording(server.appUrl, name)
  await page.getByRole('button', { name: 'Open recording…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Open recording' })
  await expect(dialog.getByRole('button', { name: `Open ${name}`, exact: true })).toBeVisible()
  // Deleted after the list was shown: opening it fails with the server's reason.
  expect((await fetch(new URL(`/api/recordings/${id}`, server.appUrl), { method: 'DELETE' })).status).toBe(200)
  await dialog.getByRole('button', { name: `Open ${name}`, exact: true }).click()
  const banner = page.getByRole('region', { name: 'Recording session' })
  await expect(banner.getByRole('alert')).toHaveText('the recording could not be read: HTTP 404: no such recording')
  await banner.getByRole('button', { name: 'Back to live' }).click()
  await explorer.expectConnected()
})

test('20,000 recorded messages stream into the page with exact counts, at the end and at a middle time', async ({ explorer, server, page }) => {
  const name = `big ${test.info().workerIndex}-${Date.now()}`
  // Message i: topic big/t<i % 100>, at T0 + 10 i ms, a JSON payload with a multi-byte character.
  const jsonl = Array.from({ length: 20_000 }, (_, i) =>
    JSON.stringify({
      ts: T0 + i * 10,
      topic: `big/t${i % 100}`,
      qos: 0,
      retain: false,
      payload_base64: Buffer.from(`{"i":${i},"unit":"°C"}`).toString('base64'),
    }),
  ).join('\n')
  const response = await fetch(new URL(`/api/recordings/import?name=${encodeURIComponent(name)}`, server.appUrl), { method: 'POST', body: jsonl })
  expect(response.status).toBe(201)

  await page.getByRole('button', { name: 'Open recording…' }).click()
  await page
    .getByRole('dialog', { name: 'Open recording' })
    .getByRole('button', { name: `Open ${name}`, exact: true })
    .click()
  const banner = page.getByRole('region', { name: 'Recording session' })
  await expect(banner.getByRole('status', { name: 'Recording progress' })).toHaveText('20,000 of 20,000 messages up to the time shown', { timeout: 30_000 })
  await explorer.expectTotals(20_000, 100)
  await explorer.row(rowName('big', 20_000, 100)).click()
  await expect(explorer.row(rowName('t7', 200, 0))).toBeVisible()

  // T0 + 99,995 ms: messages 0..9,999.
  await page.getByRole('slider', { name: 'Time' }).fill(String(T0 + 99_995))
  await expect(banner.getByRole('status', { name: 'Recording progress' })).toHaveText('10,000 of 20,000 messages up to the time shown', { timeout: 30_000 })
  await explorer.expectTotals(10_000, 100)
  await expect(explorer.row(rowName('t7', 100, 0))).toBeVisible()
  await page.screenshot({ path: 'node_modules/.cache/e2e-results/recording-session-middle.png' })
})
