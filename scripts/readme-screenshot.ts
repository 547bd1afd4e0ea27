/**
 * `npm run screenshot`: docs/screenshot.png for the README. Starts the real server on port 0 with a
 * fresh build, publishes a small home-automation tree (some of it retained), opens the app in
 * Debian's Chromium at 1440×900, selects a JSON topic so the inspector shows its payload first, and
 * saves the page. Tooling only: nothing imports it.
 */
import { chromium } from '@playwright/test'
import { connectAsync } from 'mqtt'
import config from '../e2e/playwright.config.ts'
import { ensureDistBuilt } from '../server/test-support/dist-build.ts'
import { startTestServer } from '../server/test-support/start-server.ts'

const out = new URL('../docs/screenshot.png', import.meta.url)

ensureDistBuilt()
const { server, addresses } = await startTestServer(['--memory'])
const client = await connectAsync(`mqtt://127.0.0.1:${addresses.mqttPort}`)
const rooms = ['kitchen', 'living-room', 'bedroom', 'office']
const publishAll = async (round: number) => {
  for (const [i, room] of rooms.entries()) {
    const temp = (20 + i + Math.sin(round / 3) * 0.8).toFixed(1)
    await client.publishAsync(`home/${room}/temperature`, temp)
    await client.publishAsync(
      `home/${room}/sensor`,
      JSON.stringify({ temp: Number(temp), humidity: 40 + i * 3 + (round % 5), battery: 97 - i, ts: Date.now() }),
    )
  }
  await client.publishAsync('home/kitchen/light/state', round % 2 === 0 ? 'ON' : 'OFF', { retain: true, qos: 1 })
  await client.publishAsync('factory/line-1/press/pressure', String(4.2 + (round % 7) / 10))
}
// The same Chromium and flags as the e2e tests.
const browser = await chromium.launch({ ...config.use?.launchOptions, headless: true })
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  await page.goto(`http://127.0.0.1:${addresses.httpPort}/`)
  // Publish once the page's '#' subscription is granted, so the tree has every message.
  await page
    .getByText(/granted QoS \d/)
    .first()
    .waitFor()
  for (let round = 0; round < 12; round++) await publishAll(round)
  const tree = page.getByRole('tree')
  // A click toggles a branch: open only what is closed, then select the leaf.
  for (const level of ['home', 'kitchen']) {
    const row = tree.getByRole('treeitem', { name: new RegExp(`^${level}, `) }).first()
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click()
  }
  await tree
    .getByRole('treeitem', { name: /^sensor, / })
    .first()
    .click()
  for (let round = 12; round < 20; round++) await publishAll(round)
  await page.waitForTimeout(1_500)
  await page.screenshot({ path: out.pathname })
  process.stdout.write(`saved ${out.pathname}\n`)
} finally {
  await browser.close()
  await client.endAsync()
  await server.close()
}
