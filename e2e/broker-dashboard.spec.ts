import { test as base } from '@playwright/test'
import mqtt, { type MqttClient } from 'mqtt'
import { spawnServer, type ServerProcess } from '../server/test-support/start-server.ts'
import { ExplorerPage, expect } from './fixtures/explorer.ts'
import { withTimeout } from './fixtures/publish.ts'

/**
 * The broker dashboard against a real server of its own that publishes its $SYS/broker statistics
 * every second (--sys-interval 1; the shared fixture's server uses the default 10 s). The page is
 * opened on that server, so its embedded profile is that broker.
 */
const test = base.extend<object, { sysServer: ServerProcess }>({
  sysServer: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const proc = await spawnServer(['--log-level', 'warn', '--sys-interval', '1'])
      await use(proc)
      await proc.stop()
    },
    { scope: 'worker', timeout: 60_000 },
  ],
})

/** A value card's number ("1,234" -> 1234); NaN while it is not a number. */
function numberOf(text: string | null): number {
  return text !== null && /^[\d,]+$/.test(text) ? Number(text.replaceAll(',', '')) : Number.NaN
}

test('the broker dashboard shows $SYS/broker statistics and follows the connected clients', async ({ page, sysServer }) => {
  const explorer = new ExplorerPage(page)
  await explorer.open(`http://127.0.0.1:${sysServer.httpPort}/`)

  const toggle = page.getByRole('contentinfo').getByRole('button', { name: 'Broker', exact: true })
  await expect(toggle).toHaveAttribute('aria-pressed', 'false')
  await toggle.click()
  await expect(toggle).toHaveAttribute('aria-pressed', 'true')
  const dashboard = page.getByRole('region', { name: 'Broker dashboard' })
  // "#" does not reach $SYS topics [MQTT-4.7.2-1]: nothing yet, and the way to get them.
  await expect(dashboard).toContainText('No broker statistics yet: subscribe to $SYS/# (the broker publishes them every 10 s)')
  await dashboard.getByRole('button', { name: 'Subscribe to $SYS/#' }).click()
  await expect(explorer.subscription('$SYS/#')).toContainText('granted QoS 0')

  // Each statistic is a card: a group named by its label, its value the first definition in it.
  const card = (name: string) => dashboard.getByRole('group', { name, exact: true })
  const value = (name: string) => card(name).getByRole('definition').first()
  await expect(value('Version')).toHaveText(/^mqtt-scope .*aedes/)
  await expect(value('Uptime')).toHaveText(/^\d+ s$|^\d+ min \d\d s$/)
  await expect.poll(async () => numberOf(await value('Clients connected').textContent())).toBeGreaterThanOrEqual(1)
  await expect(value('Messages received')).toHaveText(/^[\d,]+$/)
  await expect(value('Bytes sent')).toHaveText(/^\d+(\.\d)? (B|KiB|MiB)$/)
  await expect(value('Retained messages')).toHaveText(/^[\d,]+$/)
  await expect(value('Heap')).toHaveText(/MiB$/)
  await expect(dashboard.getByText(/^updated (just now|\d+ s ago)$/)).toBeVisible()
  // Rates come from two live values (or 0 once a round left the counter out), within a few rounds.
  await expect(card('Messages received').getByRole('definition').nth(1)).toHaveText(/^(\d[\d,.]*|<0\.1)\/s$/, { timeout: 10_000 })

  // Two more clients: the next rounds say so.
  const before = numberOf(await value('Clients connected').textContent())
  const mqttUrl = `mqtt://127.0.0.1:${sysServer.mqttPort}`
  const clients: MqttClient[] = []
  try {
    for (let i = 0; i < 2; i++)
      clients.push(await withTimeout(mqtt.connectAsync(mqttUrl, { reconnectPeriod: 0, connectTimeout: 5_000 }), 10_000, 'connect a client'))
    await expect.poll(async () => numberOf(await value('Clients connected').textContent()), { timeout: 5_000 }).toBeGreaterThanOrEqual(before + 2)
  } finally {
    await Promise.all(clients.map((c) => withTimeout(c.endAsync(true), 5_000, 'end a client')))
  }
  await expect.poll(async () => numberOf(await value('Clients connected').textContent()), { timeout: 5_000 }).toBe(before)
})
