import { spawnSync } from 'node:child_process'
import { expect, test } from '@playwright/test'
import { spawnNode } from '../server/test-support/cluster-nodes.ts'
import { RedisServer } from '../server/test-support/redis-server.ts'
import type { ServerProcess } from '../server/test-support/start-server.ts'
import { ExplorerPage, rowName } from './fixtures/explorer.ts'

/** Issue 19 in the browser: two `mqtt-scope --cluster` nodes on one redis-server are one broker for the page too. */
let redis: RedisServer
let a: ServerProcess
let b: ServerProcess

test.beforeAll(async () => {
  redis = await RedisServer.start()
  ;[a, b] = await Promise.all([
    spawnNode(redis.url, 'a', ['--log-level', 'warn', '--sys-interval', '1']),
    spawnNode(redis.url, 'b', ['--log-level', 'warn', '--sys-interval', '1']),
  ])
})

test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()])
  await redis?.stop()
})

test('the page on node B shows messages that mosquitto_pub published on node A', async ({ page }) => {
  const explorer = new ExplorerPage(page)
  await explorer.open(`http://127.0.0.1:${b.httpPort}/`)
  for (const [topic, payload] of [
    ['lab/cross/temp', '21.5'],
    ['lab/cross/humidity', '40'],
  ]) {
    const pub = spawnSync('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(a.mqttPort), '-q', '1', '-t', topic!, '-m', payload!], { timeout: 10_000 })
    expect(pub.status, pub.stderr.toString()).toBe(0)
  }
  await explorer.expectTotals(2, 2)
  await expect(explorer.row(rowName('lab', 2, 2))).toBeVisible()
})

test("the broker dashboard on node B shows every node's statistics and the cluster totals", async ({ page }) => {
  const explorer = new ExplorerPage(page)
  await explorer.open(`http://127.0.0.1:${b.httpPort}/`)
  await page.getByRole('contentinfo').getByRole('button', { name: 'Broker', exact: true }).click()
  const dashboard = page.getByRole('region', { name: 'Broker dashboard' })
  await dashboard.getByRole('button', { name: 'Subscribe to $SYS/#' }).click()
  await expect(dashboard).toContainText('cluster/nodes')
  await expect(dashboard).toContainText('a, b')
  await expect(dashboard).toContainText('nodes/a/clients/connected')
  await expect(dashboard).toContainText('nodes/b/clients/connected')
})

test('the status bar says "cluster store unavailable" while Redis is away, and stops saying it when it is back', async ({ page }) => {
  const explorer = new ExplorerPage(page)
  await explorer.open(`http://127.0.0.1:${b.httpPort}/`)
  const notice = page.getByRole('status').filter({ hasText: 'cluster store unavailable' })
  await expect(notice).toHaveCount(0)
  await redis.kill()
  await expect(notice).toBeVisible({ timeout: 15_000 })
  // The page's own connection to node B stays up meanwhile.
  await explorer.expectConnected()
  await redis.revive()
  await expect(notice).toHaveCount(0, { timeout: 15_000 })
})
