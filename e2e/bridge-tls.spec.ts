import { makeTestCertificates, type TestCertificates } from '../server/bridge/test-support/certificates.ts'
import { closeDevice, connectBridgedProfile, device, fillNewProfile } from './fixtures/bridge.ts'
import { expect, test } from './fixtures/explorer.ts'
import { startMosquitto, type MosquittoBroker } from './fixtures/mosquitto.ts'
import { withTimeout } from './fixtures/publish.ts'

/**
 * mqtts:// through the bridge against mosquitto's TLS listeners, with a CA and certificates made by
 * openssl for this run: the profile's TLS settings (CA, client certificate and key) travel to the
 * server with each connection request.
 */
test.describe('mqtts:// through the bridge', () => {
  let certs: TestCertificates
  /** A TLS listener with a server certificate from the test CA. */
  let tlsBroker: MosquittoBroker | undefined
  /** A TLS listener that requires a client certificate from the test CA. */
  let mutual: MosquittoBroker | undefined

  test.beforeAll(async () => {
    certs = await makeTestCertificates()
    ;[tlsBroker, mutual] = await Promise.all([
      startMosquitto({ anonymous: true, tls: { certFile: certs.serverCertFile, keyFile: certs.serverKeyFile } }),
      startMosquitto({
        anonymous: true,
        tls: { certFile: certs.serverCertFile, keyFile: certs.serverKeyFile, caFile: certs.caFile, requireCertificate: true },
      }),
    ])
  })

  test.afterAll(async () => {
    await Promise.all([tlsBroker?.stop(), mutual?.stop()])
    await certs?.remove()
  })

  test('with the test CA (loaded from a file) it connects and shows what the broker gets', async ({ page, explorer }) => {
    const broker = tlsBroker!
    await connectBridgedProfile(page, {
      name: 'mosquitto TLS',
      url: broker.tlsUrl!,
      mqttVersion: '5',
      tls: { caFile: { name: 'test-ca.crt', text: certs.caCert } },
    })
    await explorer.expectConnected(15_000)
    await expect(explorer.subscription('#')).toContainText('granted QoS 0')
    const sender = await device(broker.tcpUrl)
    try {
      await withTimeout(sender.publishAsync('tls-bridge/hello', 'over TLS', { qos: 1 }), 5_000, 'publish from a device')
      await expect(explorer.rowOf('tls-bridge')).toBeVisible()
    } finally {
      await closeDevice(sender)
    }
  })

  test('without the CA the status shows the certificate problem, and it does not retry', async ({ page, explorer }) => {
    await connectBridgedProfile(page, { name: 'mosquitto TLS, no CA', url: tlsBroker!.tlsUrl! })
    const certificateError = /^closed: TLS: (self-signed certificate|unable to verify|unable to get local issuer)/
    await expect(explorer.status).toHaveText(certificateError, { timeout: 15_000 })
    await page.waitForTimeout(2_500)
    await expect(explorer.status).toHaveText(certificateError)
  })

  test('"Verify certificate" off connects without the CA', async ({ page, explorer }) => {
    const dialog = await fillNewProfile(page, { name: 'mosquitto TLS, unverified', url: tlsBroker!.tlsUrl!, tls: { verify: false } })
    await expect(dialog.getByRole('note')).toContainText('not checked')
    await dialog.getByRole('button', { name: 'Save and connect' }).click()
    await explorer.expectConnected(15_000)
  })

  test('mTLS: a client certificate and key from the CA get in where the listener requires one', async ({ page, explorer }) => {
    const broker = mutual!
    await connectBridgedProfile(page, { name: 'mosquitto mTLS', url: broker.tlsUrl!, tls: { ca: certs.caCert, cert: certs.clientCert, key: certs.clientKey } })
    await explorer.expectConnected(15_000)
    await expect(explorer.subscription('#')).toContainText('granted QoS 0')
  })

  test('mTLS: without a client certificate the TLS failure is shown', async ({ page, explorer }) => {
    await connectBridgedProfile(page, { name: 'mosquitto mTLS, no certificate', url: mutual!.tlsUrl!, tls: { ca: certs.caCert } })
    await expect(explorer.status).toHaveText(/^closed: TLS: /, { timeout: 15_000 })
  })

  test('the TLS fields explain what is wrong before anything is sent', async ({ page, explorer }) => {
    const dialog = await fillNewProfile(page, { name: 'broken TLS', url: tlsBroker!.tlsUrl!, tls: { ca: 'not a certificate', cert: certs.clientCert } })
    await dialog.getByRole('button', { name: 'Save', exact: true }).click()
    await expect(dialog.getByRole('alert').filter({ hasText: 'The CA certificate holds no PEM certificate' })).toBeVisible()
    await expect(dialog.getByRole('alert').filter({ hasText: 'A client certificate needs its key' })).toBeVisible()
    await expect(dialog.getByLabel('CA certificate', { exact: true })).toHaveAttribute('aria-invalid', 'true')
    // Nothing was tried: the page is still on the embedded broker.
    await explorer.expectConnected()
  })
})
