import type { Page } from '@playwright/test'
import type { ExplorerPage } from './fixtures/explorer.ts'
import { connectWithNewProfile } from './fixtures/inspector.ts'
import { startMosquitto, type MosquittoBroker } from './fixtures/mosquitto.ts'
import { bytesOf, expect, test, uniqueTopic } from './fixtures/publisher.ts'

test('on an MQTT 3.1.1 connection the MQTT 5 fields say so and are disabled', async ({ publisher }) => {
  await publisher.openV5()
  await expect(publisher.v5.getByText('MQTT 5 only: this connection is 3.1.1')).toBeVisible()
  await expect(publisher.v5Field('Content type')).toBeDisabled()
  await expect(publisher.v5Field('Response topic')).toBeDisabled()
})

test.describe('MQTT 5 (mosquitto)', () => {
  let mosquitto: MosquittoBroker | undefined

  test.beforeAll(async () => {
    mosquitto = await startMosquitto({ anonymous: true })
  })

  test.afterAll(async () => {
    await mosquitto?.stop()
  })

  /** Points the page at mosquitto's websockets listener with MQTT 5; "#" granted there. */
  async function connectV5(page: Page, explorer: ExplorerPage): Promise<MosquittoBroker> {
    const broker = mosquitto!
    await connectWithNewProfile(page, { name: 'mosquitto v5', url: broker.wsUrl, mqttVersion: '5' })
    await explorer.expectConnected(15_000)
    await expect(explorer.subscription('#')).toContainText('granted QoS 0')
    return broker
  }

  test('content type, payload format, expiry, response topic, correlation data and user properties reach a v5 subscriber', async ({
    page,
    explorer,
    publisher,
    subscriber,
  }) => {
    const broker = await connectV5(page, explorer)
    const topic = uniqueTopic('v5pub/meter')
    const device = await subscriber(topic, { url: broker.tcpUrl, client: { protocolVersion: 5 } })

    const payload = '{"watts":1200}'
    await publisher.fill({ topic, format: 'json', payload, qos: 1 })
    await expect(publisher.v5Field('Content type')).toBeEnabled()
    await publisher.fillV5({
      contentType: 'application/json; charset=utf-8',
      payloadIsUtf8: true,
      messageExpirySeconds: 3600,
      responseTopic: 'v5pub/replies',
      correlationData: 'corr-42',
      userProperties: [
        ['site', 'plant-7'],
        ['tag', 'alpha beta'],
      ],
    })
    await publisher.publish()
    await publisher.expectOutcome(/PUBACK/)

    const [got] = await device.expectExactly(1)
    expect(got!.qos).toBe(1)
    expect(bytesOf(got!)).toEqual(Buffer.from(payload))
    const properties = got!.properties ?? {}
    expect(properties.contentType).toBe('application/json; charset=utf-8')
    expect(properties.payloadFormatIndicator).toBe(true)
    // mosquitto forwards the time left: a second may have gone by.
    expect(properties.messageExpiryInterval).toBeGreaterThanOrEqual(3598)
    expect(properties.messageExpiryInterval).toBeLessThanOrEqual(3600)
    expect(properties.responseTopic).toBe('v5pub/replies')
    expect(Buffer.from(properties.correlationData ?? [])).toEqual(Buffer.from('corr-42'))
    expect(properties.userProperties).toEqual({ site: 'plant-7', tag: 'alpha beta' })
  })

  test('retained at QoS 2: a retain-as-published v5 subscriber sees the flag live, a new one gets the message', async ({
    page,
    explorer,
    publisher,
    subscriber,
  }) => {
    const broker = await connectV5(page, explorer)
    const topic = uniqueTopic('v5pub/state')
    const v5 = { url: broker.tcpUrl, client: { protocolVersion: 5 as const } }
    const live = await subscriber(topic, { ...v5, subscribe: { qos: 2, rap: true } })

    await publisher.fill({ topic, format: 'text', payload: 'closed', qos: 2, retain: true })
    await publisher.publish()
    await publisher.expectOutcome(/PUBCOMP/)
    const [got] = await live.expectExactly(1)
    expect(got!.qos).toBe(2)
    expect(got!.retain).toBe(true)
    expect(bytesOf(got!).toString()).toBe('closed')

    const late = await subscriber(topic, v5)
    const [kept] = await late.expectExactly(1)
    expect(kept!.retain).toBe(true)
    expect(bytesOf(kept!).toString()).toBe('closed')
  })

  test('a QoS 1 publish that no one subscribes to reports "no matching subscribers"', async ({ page, explorer, publisher }) => {
    await connectV5(page, explorer)
    // The page's own "#" would match every topic: drop it first (the UNSUBSCRIBE goes out on the
    // same connection before the PUBLISH, so the broker has handled it by then).
    await page.getByRole('button', { name: 'Unsubscribe #', exact: true }).click()
    await expect(explorer.subscription('#')).toHaveCount(0)

    await publisher.fill({ topic: uniqueTopic('v5pub/nobody'), format: 'text', payload: 'anyone?', qos: 1 })
    await publisher.publish()
    await publisher.expectOutcome(/PUBACK/)
    await publisher.expectOutcome(/no matching subscribers/i)
  })
})
