import type { MqttClient } from 'mqtt'
import { ClientPool, collectMessages, type Received } from '../server/test-support/mqtt-clients.ts'
import { rowName } from './fixtures/explorer.ts'
import { describePackets as show, expect, type InspectorPage, openInspector, receivedBy, seenTexts, test, watchTexts } from './fixtures/inspector.ts'
import { oneEach, publishAll, withTimeout } from './fixtures/publish.ts'

const pool = new ClientPool()
test.afterEach(async () => {
  await pool.closeAll()
})

async function publishRetained(client: MqttClient, topics: readonly string[]): Promise<void> {
  await publishAll(
    client,
    oneEach(topics, (t) => `kept ${t}`),
    { retain: true },
  )
}

/**
 * A watcher on `filter` (QoS 1) that collects the `count` empty messages a clear sends, to check
 * that the clear publishes at QoS 1: a QoS 1 subscriber gets min(publish QoS, 1).
 */
async function watchClears(mqttUrl: string, filter: string, count: number): Promise<{ received: Promise<Received[]> }> {
  const watcher = await pool.connect(mqttUrl)
  await withTimeout(watcher.subscribeAsync(filter, { qos: 1 }), 5_000, `subscribe to ${filter}`)
  // Wrapped: an async function returning the bare promise would wait for it.
  return { received: collectMessages(watcher, count, (m) => m.payload.length === 0, 30_000) }
}

/** Confirms the open dialog and waits for its final report "Cleared N". */
async function confirmClear(inspector: InspectorPage, cleared: number): Promise<void> {
  await inspector.dialog.getByRole('button', { name: 'Clear', exact: true }).click()
  // The final report, not the progress line ("Cleared N of M").
  const report = new RegExp(`Cleared ${cleared.toLocaleString('en')}\\b(?! of)`)
  await expect(inspector.page.getByText(report).first()).toBeVisible({ timeout: 30_000 })
}

test('"Clear retained" clears the retained message of one topic after a confirmation', async ({ page, server, mqttClient, forgetAfter }) => {
  const topics = ['clear/one/lamp', 'clear/one/keep']
  forgetAfter(topics)
  await publishRetained(mqttClient, topics)
  const inspector = await openInspector(page, server.appUrl)
  await inspector.selectTopic('clear/one/lamp')
  await expect(inspector.clearRetained).toBeEnabled()
  await inspector.clearRetained.click()
  await expect(inspector.dialog).toBeVisible()
  await expect(inspector.dialog).toContainText('lamp')
  await expect(inspector.dialog.getByRole('button', { name: 'Cancel', exact: true })).toBeVisible()

  const clears = await watchClears(server.mqttUrl, 'clear/one/#', 1)
  await confirmClear(inspector, 1)
  const [clear] = await clears.received
  expect(clear!.topic).toBe('clear/one/lamp')
  expect(clear!.packet.qos).toBe(1)

  // A newcomer gets the sibling's retained message only.
  const got = await receivedBy(server.mqttUrl, 'clear/one/#', 1_000)
  expect(show(got)).toEqual(['clear/one/keep (retained): kept clear/one/keep'])
})

test('"Clear retained" also clears a retained message that arrived live (no retain flag under MQTT 3.1.1)', async ({
  page,
  server,
  mqttClient,
  forgetAfter,
}) => {
  const topics = ['clear/live/lamp']
  forgetAfter(topics)
  const inspector = await openInspector(page, server.appUrl)
  // Published while the page is subscribed: forwarded without the retain flag [MQTT-3.3.1-9].
  await publishRetained(mqttClient, topics)
  await inspector.selectTopic('clear/live/lamp')
  await expect(inspector.clearRetained).toBeEnabled()
  await inspector.clearRetained.click()
  await expect(inspector.dialog).toBeVisible()
  await confirmClear(inspector, 1)
  expect(show(await receivedBy(server.mqttUrl, 'clear/live/#', 1_000))).toEqual([])
})

test('"Clear retained below" clears 200 retained topics, seen before and after subscribing', async ({ page, server, mqttClient, forgetAfter }) => {
  const below = Array.from({ length: 200 }, (_, i) => `retained/set/r${String(i).padStart(3, '0')}`)
  forgetAfter([...below, 'retained/other'])
  // Half before the page subscribes (it gets them with the retain flag), half while it is
  // subscribed (MQTT 3.1.1 forwards them live without the flag [MQTT-3.3.1-9]).
  await publishRetained(mqttClient, [...below.slice(0, 100), 'retained/other'])
  const inspector = await openInspector(page, server.appUrl)
  // All of the first half first: aedes delivers a retained message published while it is still
  // replaying the retained store to a new subscription twice (live, then replayed with the flag).
  await expect(inspector.explorer.row(rowName('retained', 101, 101))).toBeVisible()
  await publishRetained(mqttClient, below.slice(100))
  await expect(inspector.explorer.row(rowName('retained', 201, 201))).toBeVisible({ timeout: 20_000 })

  const set = await inspector.selectTopic('retained/set')
  await expect(set).toHaveAccessibleName(rowName('set', 200, 200))
  await inspector.clearRetainedBelow.click()
  await expect(inspector.dialog).toBeVisible()
  await expect(inspector.dialog).toContainText(/\b200\b/)
  await expect(inspector.dialog).toContainText('retained/set')

  await watchTexts(page, /Cleared [\d,]+ of [\d,]+/)
  const clears = await watchClears(server.mqttUrl, 'retained/#', 200)
  await confirmClear(inspector, 200)
  const received = await clears.received
  expect(new Set(received.map((m) => m.topic))).toEqual(new Set(below))
  expect(received.filter((m) => m.packet.qos !== 1)).toEqual([])
  // A progress line was on screen meanwhile, counting towards 200.
  const progress = await seenTexts(page)
  expect(progress.length, 'a "Cleared N of 200" progress line').toBeGreaterThan(0)
  for (const text of progress) expect(text).toMatch(/^Cleared [\d,]+ of 200$/)

  expect(show(await receivedBy(server.mqttUrl, 'retained/set/#', 1_500))).toEqual([])
  // Nothing outside the subtree was touched.
  expect(show(await receivedBy(server.mqttUrl, 'retained/#', 500))).toEqual(['retained/other (retained): kept retained/other'])
})

test('the Delete key on a selected retained topic asks the same confirmation; Cancel keeps it, Clear clears it', async ({
  page,
  server,
  mqttClient,
  forgetAfter,
}) => {
  const topic = 'clear/key/valve'
  forgetAfter([topic])
  await publishRetained(mqttClient, [topic])
  const inspector = await openInspector(page, server.appUrl)
  const row = await inspector.selectTopic(topic)
  await expect(row).toBeFocused()

  await page.keyboard.press('Delete')
  await expect(inspector.dialog).toBeVisible()
  await expect(inspector.dialog).toContainText('valve')
  await inspector.dialog.getByRole('button', { name: 'Cancel', exact: true }).click()
  await expect(inspector.dialog).toBeHidden()
  expect(show(await receivedBy(server.mqttUrl, topic, 500))).toEqual([`${topic} (retained): kept ${topic}`])

  await row.focus()
  await page.keyboard.press('Delete')
  await expect(inspector.dialog).toBeVisible()
  await confirmClear(inspector, 1)
  expect(show(await receivedBy(server.mqttUrl, topic, 1_000))).toEqual([])
})
