import { spawn } from 'node:child_process'
import type { Page } from '@playwright/test'
import { ExplorerPage, expect, rowName } from './fixtures/explorer.ts'
import { connectWithNewProfile } from './fixtures/inspector.ts'
import { startMosquitto, type MosquittoBroker } from './fixtures/mosquitto.ts'
import { ownServerTest } from './fixtures/server.ts'

/**
 * Issue 14, problem 9: the empty tree's "get data in" hint is built from the real connection: the
 * embedded broker's MQTT/TCP and WebSocket URLs and a mosquitto_pub line with its real host and
 * port, which works as shown; another broker gets no embedded-broker hint.
 *
 * A server of its own (not the worker's shared one): the tree must start empty, with no retained
 * messages left by other tests.
 */
const test = ownServerTest

/** The value shown beside a label of the hint ("MQTT/TCP", "WebSocket", "command"). */
function hintValue(page: Page, label: string) {
  return page
    .locator('.data-hint .copyable')
    .filter({ has: page.getByText(label, { exact: true }) })
    .locator('.copyable-value')
}

/** Runs a command line as a person would paste it (it has no quoting: split on spaces). */
function run(line: string): Promise<{ code: number | null; output: string }> {
  const [command, ...args] = line.split(' ')
  expect(command).toBe('mosquitto_pub')
  return new Promise((resolve, reject) => {
    const child = spawn(`/usr/bin/${command}`, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    child.once('error', reject)
    child.once('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}

test('the hint shows the real MQTT/TCP port, and its mosquitto_pub line works as shown', async ({ page, own }) => {
  const explorer = new ExplorerPage(page)
  await explorer.open(`http://127.0.0.1:${own.httpPort}/`)
  await expect(hintValue(page, 'MQTT/TCP')).toHaveText(`mqtt://127.0.0.1:${own.mqttPort}`)
  await expect(hintValue(page, 'WebSocket')).toHaveText(`ws://127.0.0.1:${own.httpPort}/mqtt`)
  const line = await hintValue(page, 'command').innerText()
  expect(line).toBe(`mosquitto_pub -h 127.0.0.1 -p ${own.mqttPort} -t home/kitchen/temp -m 21.5`)
  await expect(page.getByRole('button', { name: 'Copy command' })).toBeVisible()

  const result = await run(line)
  expect(result, result.output).toMatchObject({ code: 0 })
  await expect(explorer.row(rowName('home', 1, 1))).toBeVisible()
  await explorer.expectTotals(1, 1)
})

test.describe('another broker', () => {
  let mosquitto: MosquittoBroker | undefined

  test.beforeAll(async () => {
    mosquitto = await startMosquitto({ anonymous: true })
  })

  test.afterAll(async () => {
    await mosquitto?.stop()
  })

  test('gets no embedded-broker hint; an mqtt:// profile gets a line for its own port, which works', async ({ page, own }) => {
    const broker = mosquitto!
    const explorer = new ExplorerPage(page)
    await explorer.open(`http://127.0.0.1:${own.httpPort}/`)

    await connectWithNewProfile(page, { name: 'mosquitto over ws', url: broker.wsUrl })
    await explorer.expectConnected()
    await expect(explorer.subscription('#')).toContainText('granted QoS 0')
    await expect(explorer.tree.locator('..')).toContainText('Publish to this broker, or use the Publish panel.')
    await expect(page.getByText(`:${own.mqttPort}`)).toHaveCount(0)

    // Through the bridge: the page knows this broker's TCP port.
    await connectWithNewProfile(page, { name: 'mosquitto over TCP', url: broker.tcpUrl })
    await explorer.expectConnected()
    await expect(explorer.subscription('#')).toContainText('granted QoS 0')
    const port = new URL(broker.tcpUrl.replace('mqtt:', 'http:')).port
    const line = await hintValue(page, 'command').innerText()
    expect(line).toBe(`mosquitto_pub -h 127.0.0.1 -p ${port} -t home/kitchen/temp -m 21.5`)
    await expect(page.getByText(`:${own.mqttPort}`)).toHaveCount(0)
    const result = await run(line)
    expect(result, result.output).toMatchObject({ code: 0 })
    await expect(explorer.row(rowName('home', 1, 1))).toBeVisible()
  })
})
