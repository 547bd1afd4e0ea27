import { request } from 'node:http'
import WebSocket from 'ws'
import { spawnServer, type ServerProcess } from '../server/test-support/start-server.ts'
import { connectBridgedProfile, fillNewProfile, portOf } from './fixtures/bridge.ts'
import { ExplorerPage, expect, test } from './fixtures/explorer.ts'
import { startMosquitto, type MosquittoBroker } from './fixtures/mosquitto.ts'
import { withTimeout } from './fixtures/publish.ts'

/**
 * The bridge's refusals as the page shows them: a target outside --bridge-allow (the rule named,
 * no retry), a WebSocket upgrade from another site, and a server that needs an access token.
 */
const TOKEN = 'e2e-bridge-token-0123456789abcdef'

let mosquitto: MosquittoBroker | undefined
const servers: ServerProcess[] = []

test.beforeAll(async () => {
  mosquitto = await startMosquitto({ anonymous: true })
})

test.afterAll(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()))
  await mosquitto?.stop()
})

async function serverWith(flags: readonly string[]): Promise<string> {
  const proc = await spawnServer(['--log-level', 'warn', ...flags])
  servers.push(proc)
  return `http://127.0.0.1:${proc.httpPort}/`
}

test('a target outside --bridge-allow is refused with the rule named, explained in the editor first', async ({ page }) => {
  const broker = mosquitto!
  const allowed = '127.0.0.1:1'
  const appUrl = await serverWith(['--bridge-allow', allowed])
  const explorer = new ExplorerPage(page)
  await explorer.open(appUrl)

  // The profile editor says what the bridge allows as soon as the URL is an mqtt:// one.
  const dialog = await fillNewProfile(page, { name: 'outside the allow-list', url: broker.tcpUrl })
  await expect(dialog.getByText(`it allows ${allowed}`)).toBeVisible()
  await dialog.getByRole('button', { name: 'Save and connect' }).click()
  await expect(dialog).toBeHidden()

  const refusal = `closed: refused by the bridge (--bridge-allow): ${broker.tcpUrl} is not in --bridge-allow`
  await expect(explorer.status).toHaveText(refusal, { timeout: 15_000 })
  // A policy refusal is final: no reconnect loop.
  await page.waitForTimeout(2_500)
  await expect(explorer.status).toHaveText(refusal)
})

test('a WebSocket upgrade to /bridge from another site is refused', async ({ server }) => {
  const url = `ws://127.0.0.1:${server.process.httpPort}/bridge?ticket=anything`
  const outcome = await withTimeout(
    new Promise<{ status: number; body: string } | 'opened'>((resolve, reject) => {
      const ws = new WebSocket(url, ['mqtt'], { headers: { Origin: 'http://evil.example' } })
      ws.once('open', () => {
        ws.close()
        resolve('opened')
      })
      ws.once('unexpected-response', (_req, res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      })
      ws.once('error', reject)
    }),
    10_000,
    'cross-origin upgrade',
  )
  expect(outcome).not.toBe('opened')
  expect(outcome).toMatchObject({ status: 403 })
  expect(JSON.parse((outcome as { body: string }).body)).toMatchObject({ rule: 'same origin' })

  // Nor does another site get a ticket.
  const ticket = await withTimeout(
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.process.httpPort,
          path: '/api/bridge/sessions',
          method: 'POST',
          headers: { Origin: 'http://evil.example', 'Content-Type': 'application/json' },
        },
        (res) => {
          let body = ''
          res.on('data', (chunk: Buffer) => (body += chunk.toString()))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
        },
      )
      req.on('error', reject)
      req.end(JSON.stringify({ target: mosquitto!.tcpUrl }))
    }),
    10_000,
    'cross-origin ticket request',
  )
  expect(ticket.status).toBe(403)
  expect(JSON.parse(ticket.body)).toMatchObject({ rule: 'same origin' })
})

test('without the access token the bridge refuses and the page asks for it; with it, it connects', async ({ page }) => {
  const broker = mosquitto!
  const appUrl = await serverWith(['--bridge-mode', 'restricted', '--auth-token', TOKEN, '--bridge-allow', `127.0.0.1:${portOf(broker.tcpUrl)}`])
  const explorer = new ExplorerPage(page)
  await explorer.open(appUrl)

  await connectBridgedProfile(page, { name: 'behind a token', url: broker.tcpUrl })
  const tokenDialog = page.getByRole('dialog', { name: 'Access token' })
  await expect(tokenDialog).toBeVisible()
  await expect(explorer.status).toHaveText('closed: the bridge needs an access token', { timeout: 15_000 })

  const tokenBox = tokenDialog.getByRole('textbox', { name: 'Access token' })
  await tokenBox.fill('not-the-right-token-000')
  await tokenDialog.getByRole('button', { name: 'Use token' }).click()
  await expect(tokenDialog.getByRole('alert')).toHaveText('The access token is wrong')
  await expect(explorer.status).toHaveText('closed: the bridge needs an access token')

  await tokenBox.fill(TOKEN)
  await tokenDialog.getByRole('button', { name: 'Use token' }).click()
  await expect(tokenDialog).toBeHidden()
  await explorer.expectConnected(15_000)
  await expect(explorer.subscription('#')).toContainText('granted QoS 0')

  // Kept for the session: a reload connects again without asking.
  await page.reload()
  await explorer.expectConnected(15_000)
  await expect(tokenDialog).toBeHidden()
  expect(await page.evaluate(() => sessionStorage.getItem('mqtt-scope/bridge-token'))).toBe(TOKEN)
  expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(TOKEN)
})
