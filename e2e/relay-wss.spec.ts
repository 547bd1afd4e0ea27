import { makeTestCertificates, type TestCertificates } from '../server/bridge/test-support/certificates.ts'
import { closeDevice, connectBridgedProfile, device, fillNewProfile } from './fixtures/bridge.ts'
import { expect, test } from './fixtures/explorer.ts'
import { startMosquitto, type MosquittoBroker } from './fixtures/mosquitto.ts'
import { withTimeout } from './fixtures/publish.ts'

/**
 * A wss:// profile relayed through the server to mosquitto's TLS websockets listener, whose
 * certificate comes from a CA made for this run: the profile's TLS settings travel with the relay
 * request as they do for mqtts://, and the server checks the broker's certificate with them.
 */
test.describe('wss:// through the relay with a private CA', () => {
  let certs: TestCertificates
  let broker: MosquittoBroker

  test.beforeAll(async () => {
    certs = await makeTestCertificates()
    broker = await startMosquitto({ anonymous: true, wss: { certFile: certs.serverCertFile, keyFile: certs.serverKeyFile } })
  })

  test.afterAll(async () => {
    await broker?.stop()
    await certs?.remove()
  })

  test('with the CA in the profile it connects through the relay and shows what the broker gets', async ({ page, explorer }) => {
    const sockets: string[] = []
    page.on('websocket', (ws) => sockets.push(ws.url()))
    const dialog = await fillNewProfile(page, { name: 'mosquitto wss', url: `${broker.wssUrl!}/mqtt`, mqttVersion: '5', tls: { ca: certs.caCert } })
    await expect(dialog.getByRole('checkbox', { name: 'Relay through the server', exact: true })).toBeChecked()
    await dialog.getByRole('button', { name: 'Save and connect' }).click()
    await expect(dialog).toBeHidden()
    await explorer.expectConnected(15_000)
    expect(sockets.some((url) => url.includes('/bridge?ticket='))).toBe(true)
    await expect(explorer.subscription('#')).toContainText('granted QoS 0')
    const sender = await device(broker.tcpUrl)
    try {
      await withTimeout(sender.publishAsync('relay-wss/hello', 'over wss', { qos: 1 }), 5_000, 'publish from a device')
      await expect(explorer.rowOf('relay-wss')).toBeVisible()
    } finally {
      await closeDevice(sender)
    }
  })

  test('without the CA the status shows the certificate problem, and it does not retry', async ({ page, explorer }) => {
    await connectBridgedProfile(page, { name: 'mosquitto wss, no CA', url: `${broker.wssUrl!}/mqtt` })
    const certificateError = /^closed: TLS: (self-signed certificate|unable to verify|unable to get local issuer)/
    await expect(explorer.status).toHaveText(certificateError, { timeout: 15_000 })
    await page.waitForTimeout(2_500)
    await expect(explorer.status).toHaveText(certificateError)
  })

  test('with "Relay through the server" off the TLS settings are not offered: the browser checks the certificate', async ({ page, explorer }) => {
    await explorer.expectConnected()
    const dialog = await fillNewProfile(page, { name: 'mosquitto wss, direct', url: `${broker.wssUrl!}/mqtt` })
    await expect(dialog.getByLabel('CA certificate', { exact: true })).toBeVisible()
    await dialog.getByRole('checkbox', { name: 'Relay through the server', exact: true }).setChecked(false)
    await expect(dialog.getByLabel('CA certificate', { exact: true })).toBeHidden()
    await expect(dialog.getByLabel('Broker URL')).toHaveAccessibleDescription(/checks the certificate itself/)
  })
})
