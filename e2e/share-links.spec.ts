import { createServer, type Server } from 'node:net'
import type { Page } from '@playwright/test'
import { connectAsync } from 'mqtt'
import { ExplorerPage, expect, test } from './fixtures/explorer.ts'
import { InspectorPage } from './fixtures/inspector.ts'
import { startMosquitto, type MosquittoBroker } from './fixtures/mosquitto.ts'
import { withTimeout } from './fixtures/publish.ts'

/**
 * Every address the page shows, as it changes (history.replaceState included) and when a step asks
 * (page.url()), and every WebSocket the page opens: what a link may never carry, and what a link
 * may never open unasked.
 */
function watch(page: Page): { urls: string[]; sockets: string[]; dialogs: string[]; step(): void } {
  const urls: string[] = []
  const sockets: string[] = []
  const dialogs: string[] = []
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) urls.push(frame.url())
  })
  page.on('websocket', (socket) => sockets.push(socket.url()))
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  return { urls, sockets, dialogs, step: () => urls.push(page.url()) }
}

function expectNoSecret(urls: readonly string[], secrets: readonly string[]): void {
  expect(urls.length).toBeGreaterThan(0)
  for (const url of urls) {
    for (const secret of secrets) {
      expect(url, `a URL the app wrote: ${url}`).not.toContain(secret)
      expect(decodeURIComponent(url)).not.toContain(secret)
    }
  }
}

/** The link's message ("waiting for …", or why it was refused). */
const linkNotice = (page: Page) => page.getByRole('status', { name: 'Link' }).or(page.getByRole('alert', { name: 'Link' }))

test('a link with subscribe= and topic= connects, subscribes and opens the inspector on the topic once it arrives', async ({ page, server, mqttClient }) => {
  const seen = watch(page)
  const explorer = new ExplorerPage(page)
  const inspector = new InspectorPage(explorer)
  await page.goto(`${server.appUrl}?url=${encodeURIComponent(server.wsUrl)}&subscribe=links/%2B/temp&topic=links/k1/temp&view=text`)
  seen.step()
  // The embedded broker connects without asking.
  await explorer.expectConnected()
  await expect(explorer.subscription('links/+/temp')).toContainText('granted QoS 0')
  await expect(explorer.subscription('#')).toHaveCount(0)
  await expect(linkNotice(page)).toHaveText(/waiting for links\/k1\/temp/)
  // While it waits, the address keeps the topic and view.
  await expect.poll(() => page.url()).toContain('topic=links/k1/temp')
  seen.step()

  await withTimeout(mqttClient.publishAsync('links/k2/temp', '19.0'), 5_000, 'publish links/k2/temp')
  await withTimeout(mqttClient.publishAsync('links/k1/temp', '{"c":21.5}'), 5_000, 'publish links/k1/temp')
  await expect(inspector.details.locator('.topic-path')).toHaveText('links/k1/temp')
  await expect(explorer.rowOf('temp').and(page.locator('[aria-selected="true"]'))).toBeVisible()
  await inspector.expectView('Text')
  await inspector.expectPayloadContains('{"c":21.5}')
  await expect(linkNotice(page)).toHaveCount(0)
  await expect
    .poll(() => page.url())
    .toMatch(/\?profile=Embedded%20broker&url=ws:\/\/127\.0\.0\.1:\d+\/mqtt&subscribe=links\/%2B\/temp&topic=links\/k1\/temp&view=text$/)
  seen.step()
  expect(seen.dialogs).toEqual([])
})

test('"Copy link" in the inspector gives a link that opens the same topic in the same view, and no URL ever holds the profile\'s secrets', async ({
  page,
  context,
  server,
  mqttClient,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.appUrl).origin })
  const seen = watch(page)
  const explorer = new ExplorerPage(page)
  await explorer.open(server.appUrl)
  seen.step()
  await expect.poll(() => page.url()).toContain('subscribe=%23')
  const entries = await page.evaluate(() => history.length)

  // A profile for the embedded broker with a user name, a remembered password and credentials in its URL.
  const secrets = ['link-user', 'Pw-secret-4242', 'url-secret']
  const url = server.wsUrl.replace('ws://', 'ws://link-user:url-secret@')
  await page.getByRole('button', { name: 'Connection settings' }).click()
  const editor = page.getByRole('dialog', { name: 'Connection profile' })
  await editor.getByRole('button', { name: 'New profile' }).click()
  await editor.getByLabel('Name', { exact: true }).fill('With secrets')
  await editor.getByLabel('Broker URL').fill(url)
  await editor.getByLabel('Username').fill('link-user')
  await editor.getByLabel('Password', { exact: true }).fill('Pw-secret-4242')
  await editor.getByLabel(/remember/i).check()
  await editor.getByRole('button', { name: 'Save and connect' }).click()
  await expect(editor).toBeHidden()
  await explorer.expectConnected()
  seen.step()

  await withTimeout(mqttClient.publishAsync('links/copy/reading', '{"v":1}', { retain: true, qos: 1 }), 5_000, 'publish links/copy/reading')
  const inspector = new InspectorPage(explorer)
  await inspector.selectTopic('links/copy/reading')
  seen.step()
  await inspector.showView('Hex')
  seen.step()
  await expect.poll(() => page.url()).toContain('view=hex')
  seen.step()

  // The address followed every step without adding a history entry for any.
  expect(await page.evaluate(() => history.length)).toBe(entries)
  await page.evaluate(() => navigator.clipboard.writeText('before'))
  await inspector.details.getByRole('button', { name: 'Copy link', exact: true }).click()
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).not.toBe('before')
  const link = await page.evaluate(() => navigator.clipboard.readText())
  expect(link).toContain('profile=With%20secrets')
  expect(link).toContain('topic=links/copy/reading')
  expect(link).toContain('view=hex')

  // The same broker, topic and view in a new page (the retained message arrives on subscribing).
  const other = await context.newPage()
  const otherSeen = watch(other)
  await other.goto(link)
  otherSeen.step()
  const otherExplorer = new ExplorerPage(other)
  const otherInspector = new InspectorPage(otherExplorer)
  await otherExplorer.expectConnected()
  await expect(otherInspector.details.locator('.topic-path')).toHaveText('links/copy/reading')
  await otherInspector.expectView('Hex')
  await otherInspector.expectPayloadContains('7b 22 76 22 3a 31 7d')
  otherSeen.step()
  await other.close()

  // The connection bar's link too.
  await page.getByRole('banner').getByRole('button', { name: 'Copy link', exact: true }).click()
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain('profile=With%20secrets')
  const barLink = await page.evaluate(() => navigator.clipboard.readText())

  expectNoSecret([...seen.urls, ...otherSeen.urls, link, barLink], secrets)
  await withTimeout(mqttClient.publishAsync('links/copy/reading', '', { retain: true, qos: 1 }), 5_000, 'clear the retained message')
})

test.describe('a link to a broker without a profile', () => {
  let mosquitto: MosquittoBroker | undefined
  let listener: Server | undefined
  let knocks = 0

  test.beforeAll(async () => {
    mosquitto = await startMosquitto({ anonymous: true })
    // A port that counts every TCP connection: a socket the page opened unasked would show here.
    listener = createServer((socket) => {
      knocks++
      socket.destroy()
    })
    await new Promise<void>((resolve) => listener!.listen(0, '127.0.0.1', resolve))
  })

  test.afterAll(async () => {
    await mosquitto?.stop()
    await new Promise((resolve) => listener?.close(resolve))
  })

  test('asks before connecting; Cancel leaves the page disconnected and opens no WebSocket', async ({ page, server }) => {
    const seen = watch(page)
    const explorer = new ExplorerPage(page)
    const address = listener!.address()
    const port = typeof address === 'object' && address ? address.port : 0
    const target = `ws://127.0.0.1:${port}/mqtt`
    await page.goto(`${server.appUrl}?url=${encodeURIComponent(target)}&subscribe=a/%23`)
    const ask = page.getByRole('alertdialog', { name: `Connect to ${target}?` })
    await expect(ask).toBeVisible()
    await expect(ask.getByRole('button', { name: 'Create profile' })).toBeVisible()
    // Given time, nothing is opened behind the question.
    await page.waitForTimeout(1_000)
    expect(seen.sockets).toEqual([])
    await ask.getByRole('button', { name: 'Cancel' }).click()
    await expect(ask).toBeHidden()
    await expect(explorer.status).toHaveText('not connected')
    await expect(linkNotice(page)).toContainText(`Not connected to "${target}"`)
    await page.waitForTimeout(500)
    expect(seen.sockets).toEqual([])
    expect(knocks).toBe(0)
  })

  test('Connect saves the broker as a profile named after its host and opens the link', async ({ page, server }) => {
    const broker = mosquitto!
    const explorer = new ExplorerPage(page)
    const host = new URL(broker.wsUrl).host
    await page.goto(`${server.appUrl}?url=${encodeURIComponent(broker.wsUrl)}&subscribe=links/connect/%23`)
    const ask = page.getByRole('alertdialog', { name: /^Connect to ws:/ })
    await ask.getByRole('button', { name: 'Connect', exact: true }).click()
    await expect(ask).toBeHidden()
    await explorer.expectConnected()
    await expect(explorer.subscription('links/connect/#')).toContainText('granted QoS 0')
    await expect(page.getByLabel('Profile', { exact: true }).locator('option:checked')).toHaveText(host)
  })

  test('"Create profile" opens the profile editor filled in; its Save and connect opens the link', async ({ page, server }) => {
    const broker = mosquitto!
    const seen = watch(page)
    const explorer = new ExplorerPage(page)
    const inspector = new InspectorPage(explorer)
    await page.goto(`${server.appUrl}?url=${encodeURIComponent(broker.wsUrl)}&subscribe=links/mosq/%23&topic=links/mosq/t`)
    seen.step()
    const ask = page.getByRole('alertdialog', { name: /^Connect to ws:\/\/127\.0\.0\.1:\d+\/?\?$/ })
    await expect(ask).toBeVisible()
    await ask.getByRole('button', { name: 'Create profile' }).click()
    const editor = page.getByRole('dialog', { name: 'Connection profile' })
    await expect(editor).toBeVisible()
    await expect(editor.getByLabel('Broker URL')).toHaveValue(new RegExp(`^ws://127\\.0\\.0\\.1:${new URL(broker.wsUrl).port}/?$`))
    expect(seen.sockets).toEqual([])
    await editor.getByLabel('Name', { exact: true }).fill('Mosquitto from a link')
    await editor.getByLabel('Username').fill('someone')
    await editor.getByLabel('Password', { exact: true }).fill('Mosq-secret-77')
    await editor.getByRole('button', { name: 'Save and connect' }).click()
    await expect(editor).toBeHidden()
    await explorer.expectConnected()
    seen.step()
    await expect(explorer.subscription('links/mosq/#')).toContainText('granted QoS 0')
    await expect(linkNotice(page)).toHaveText(/waiting for links\/mosq\/t/)

    const device = await withTimeout(connectAsync(broker.tcpUrl, { reconnectPeriod: 0 }), 5_000, 'connect to mosquitto')
    try {
      await withTimeout(device.publishAsync('links/mosq/t', 'from mosquitto'), 5_000, 'publish to mosquitto')
      await expect(inspector.details.locator('.topic-path')).toHaveText('links/mosq/t')
      await inspector.expectPayloadContains('from mosquitto')
    } finally {
      await device.endAsync(true)
    }
    await expect.poll(() => page.url()).toContain('profile=Mosquitto%20from%20a%20link')
    seen.step()
    expectNoSecret(seen.urls, ['Mosq-secret-77', 'someone'])
  })
})

// A 100 KB link never reaches the page from this server (Node refuses request headers over 16 KB with
// 431); the page's own refusal of one is a unit test (src/model/share-link.test.ts).
test('bad links: javascript: runs nothing, an invalid filter and an unknown profile are explained, and nothing connects', async ({ page, server }) => {
  const seen = watch(page)
  const explorer = new ExplorerPage(page)

  await page.goto(`${server.appUrl}?url=javascript:alert(1)`)
  await expect(linkNotice(page)).toContainText('"javascript:alert(1)" cannot be opened: javascript: is not an MQTT broker URL')
  await expect(explorer.status).toHaveText('not connected')

  await page.goto(`${server.appUrl}?profile=Embedded%20broker&subscribe=a/%23/b`)
  await expect(linkNotice(page)).toContainText('The link\'s filter "a/#/b" is not valid')
  await expect(explorer.status).toHaveText('not connected')

  await page.goto(`${server.appUrl}?profile=Nobody%20here`)
  await expect(linkNotice(page)).toContainText('No connection profile is named "Nobody here" in this browser')
  await expect(explorer.status).toHaveText('not connected')

  await page.waitForTimeout(500)
  expect(seen.sockets).toEqual([])
  expect(seen.dialogs).toEqual([])
  // Dismissed, and the page works as usual: Connect connects.
  await page.getByRole('alert', { name: 'Link' }).getByRole('button', { name: 'Dismiss' }).click()
  await expect(linkNotice(page)).toHaveCount(0)
  await page.getByRole('button', { name: 'Connect', exact: true }).click()
  await explorer.expectConnected()
})
