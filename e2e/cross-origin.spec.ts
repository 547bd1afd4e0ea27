import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from '@playwright/test'
import { spawnServer, type ServerProcess } from '../server/test-support/start-server.ts'
import { ExplorerPage, expect, test } from './fixtures/explorer.ts'

/**
 * Cross-site WebSocket hijacking, tried in Chromium as an attacker would: a page served from a
 * second origin (127.0.0.1 too, but another port, so another site as far as the browser is
 * concerned) opens the app's /mqtt and asks for a bridge. The server refuses both; the app itself,
 * from its own origin, still connects. The same page is let in when --allowed-origins lists it,
 * which shows the refusal is the Origin rule and not some other failure.
 */
const ATTACKER_PAGE = '<!doctype html><title>another site</title><p>nothing to see here</p>'

let attacker: Server
let attackerOrigin: string
const servers: ServerProcess[] = []

test.beforeAll(async () => {
  attacker = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(ATTACKER_PAGE))
  await new Promise<void>((resolve) => attacker.listen({ host: '127.0.0.1', port: 0 }, resolve))
  attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`
})

test.afterAll(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()))
  await new Promise<void>((resolve) => attacker.close(() => resolve()))
})

async function mqttScope(flags: readonly string[] = []): Promise<{ app: string; proc: ServerProcess }> {
  const proc = await spawnServer(['--log-level', 'info', '--log-format', 'json', ...flags])
  servers.push(proc)
  return { app: `http://127.0.0.1:${proc.httpPort}/`, proc }
}

interface Attempts {
  readonly mqtt: string
  readonly ticket: string
  readonly simplePost: string
  readonly bridge: string
}

/** What the page at its current origin gets from `app`: /mqtt, a ticket (JSON and "simple" POSTs), /bridge. */
function tryEverything(page: Page, app: string): Promise<Attempts> {
  return page.evaluate(async (appUrl) => {
    const open = (url: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url, 'mqtt')
        const timer = setTimeout(() => resolve('no answer'), 5_000)
        ws.onopen = () => {
          clearTimeout(timer)
          ws.close()
          resolve('opened')
        }
        ws.onerror = () => {
          clearTimeout(timer)
          resolve('failed')
        }
      })
    const wsBase = appUrl.replace(/^http/, 'ws')
    const mqtt = await open(`${wsBase}mqtt`)
    let ticket: string
    try {
      const response = await fetch(`${appUrl}api/bridge/sessions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ target: 'mqtt://127.0.0.1:1' }),
      })
      const body = (await response.json()) as { ticket?: string }
      ticket = body.ticket === undefined ? `status ${response.status}` : `ticket ${body.ticket}`
    } catch {
      ticket = 'blocked'
    }
    // A form-like POST goes out without a preflight; the page cannot read the answer, the server refuses it.
    let simplePost: string
    try {
      await fetch(`${appUrl}api/bridge/sessions`, {
        method: 'POST',
        mode: 'no-cors',
        headers: { 'Content-Type': 'text/plain' },
        body: '{"target":"mqtt://127.0.0.1:1"}',
      })
      simplePost = 'sent'
    } catch {
      simplePost = 'blocked'
    }
    const bridge = await open(`${wsBase}bridge?ticket=${ticket.startsWith('ticket ') ? ticket.slice(7) : 'guessed'}`)
    return { mqtt, ticket: ticket.startsWith('ticket ') ? 'a ticket' : ticket, simplePost, bridge }
  }, app)
}

/** The server's JSON log lines with this message. */
function logLines(proc: ServerProcess, msg: string): Array<Record<string, unknown>> {
  return proc
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.msg === msg)
}

test('a page from another origin cannot open /mqtt or a bridge; the app from its own origin still can', async ({ page }) => {
  const { app, proc } = await mqttScope()

  await page.goto(`${attackerOrigin}/`)
  await expect(page).toHaveTitle('another site')
  const attempts = await tryEverything(page, app)
  // The ticket's JSON POST needs a CORS preflight, which the server never answers with CORS headers.
  expect(attempts).toEqual({ mqtt: 'failed', ticket: 'blocked', simplePost: 'sent', bridge: 'failed' })
  await expect.poll(() => logLines(proc, '/mqtt upgrade refused').length).toBe(1)
  expect(logLines(proc, '/mqtt upgrade refused')[0]).toMatchObject({
    origin: attackerOrigin,
    peer: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
    rule: 'same origin',
  })
  expect(logLines(proc, 'bridge upgrade refused')[0]).toMatchObject({ origin: attackerOrigin, rule: 'same origin' })
  expect(logLines(proc, 'API request refused')[0]).toMatchObject({ origin: attackerOrigin, rule: 'same origin' })
  expect(proc.output()).not.toContain('bridge ticket issued')

  // The app itself: connected to the embedded broker over /mqtt, and it gets a ticket and a bridge.
  const explorer = new ExplorerPage(page)
  await explorer.open(app)
  expect(await tryEverything(page, app)).toEqual({ mqtt: 'opened', ticket: 'a ticket', simplePost: 'sent', bridge: 'opened' })
})

test('the same page is let in when --allowed-origins lists it', async ({ page }) => {
  const { app } = await mqttScope(['--allowed-origins', attackerOrigin])
  await page.goto(`${attackerOrigin}/`)
  const attempts = await tryEverything(page, app)
  expect(attempts.mqtt).toBe('opened')
  // The JSON POST still needs CORS, which the server does not offer to anyone: no ticket for another origin.
  expect(attempts.ticket).toBe('blocked')
})
