/**
 * `npm run screenshot`: docs/screenshot.png for the README. Starts the real server on port 0 with a
 * fresh build, publishes a small home-automation tree (some of it retained), opens the app in
 * Debian's Chromium at 1440×900, selects a JSON topic so the inspector shows its payload first, and
 * saves the page. Tooling only: nothing imports it.
 */
import { chromium } from '@playwright/test'
import { connectAsync } from 'mqtt'
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
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
})
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  await page.goto(`http://127.0.0.1:${addresses.httpPort}/`)
  for (let round = 0; round < 12; round++) await publishAll(round)
  const tree = page.getByRole('tree')
  await tree.getByText('home', { exact: true }).click()
  await tree.getByText('kitchen', { exact: true }).click()
  await tree.getByText('sensor', { exact: true }).click()
  for (let round = 12; round < 20; round++) await publishAll(round)
  await page.waitForTimeout(1_500)
  await page.screenshot({ path: out.pathname })
  process.stdout.write(`saved ${out.pathname}\n`)
} finally {
  await browser.close()
  await client.endAsync()
  await server.close()
}
