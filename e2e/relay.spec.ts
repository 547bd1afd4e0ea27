import type { WebSocket } from '@playwright/test'
import { closeDevice, device, fillNewProfile } from './fixtures/bridge.ts'
import { startMosquitto, type MosquittoBroker } from './fixtures/mosquitto.ts'
import { expect, test, uniqueTopic } from './fixtures/publisher.ts'

/**
 * A ws:// profile to mosquitto's WebSocket listener, with "Relay through the server" on (the server
 * opens the WebSocket and sends the page few large frames) and off (the browser opens it; mosquitto
 * sends one frame per packet). Either way the page counts every message of a burst exactly.
 */
const BURST = 5_000
const TOPICS = 100

test.describe('ws:// brokers with and without the relay (mosquitto)', () => {
  let mosquitto: MosquittoBroker | undefined

  test.beforeAll(async () => {
    mosquitto = await startMosquitto({ anonymous: true })
  })

  test.afterAll(async () => {
    await mosquitto?.stop()
  })

  for (const relay of [true, false]) {
    test(`relay ${relay ? 'on' : 'off'}: a burst of ${BURST.toLocaleString('en')} messages shows exact counts`, async ({ page, explorer }) => {
      test.setTimeout(120_000)
      const broker = mosquitto!
      const sockets: WebSocket[] = []
      const frames = new Map<string, number>()
      page.on('websocket', (ws) => {
        sockets.push(ws)
        ws.on('framereceived', () => frames.set(ws.url(), (frames.get(ws.url()) ?? 0) + 1))
      })
      const dialog = await fillNewProfile(page, { name: `mosquitto ws (relay ${relay ? 'on' : 'off'})`, url: `${broker.wsUrl}/mqtt` })
      const relayBox = dialog.getByRole('checkbox', { name: 'Relay through the server', exact: true })
      // On by default: this server's bridge (loopback mode) allows the target.
      await expect(relayBox).toBeChecked()
      await expect(dialog.getByText('The server opens the WebSocket and sends the page few large frames')).toBeVisible()
      await relayBox.setChecked(relay)
      await dialog.getByRole('button', { name: 'Save and connect' }).click()
      await expect(dialog).toBeHidden()
      await explorer.expectConnected(15_000)
      await expect(explorer.subscription('#')).toContainText('granted QoS 0')

      const base = uniqueTopic(`relay-${relay ? 'on' : 'off'}`)
      const sender = await device(broker.tcpUrl)
      try {
        for (let i = 0; i < BURST; i++) sender.publish(`${base}/t${i % TOPICS}`, `m${i}`, { qos: 0 })
        await sender.publishAsync(`${base}/done`, 'end', { qos: 1 })
      } finally {
        await closeDevice(sender)
      }
      // Every message and topic, exactly: 100 topics plus "done".
      await explorer.expectTotals(BURST + 1, TOPICS + 1, 30_000)

      // The page's broker socket: /bridge?ticket=... with the relay, mosquitto's own without it.
      // The relay gathers the broker's packets into few frames; mosquitto sends one per packet.
      const socket = sockets.find((ws) => (relay ? ws.url().includes('/bridge?ticket=') : ws.url().startsWith(broker.wsUrl)))
      expect(socket, sockets.map((ws) => ws.url()).join(', ')).toBeDefined()
      const received = frames.get(socket!.url()) ?? 0
      if (relay) expect(received).toBeLessThan(BURST / 5)
      else expect(received).toBeGreaterThanOrEqual(BURST)
    })
  }
})
