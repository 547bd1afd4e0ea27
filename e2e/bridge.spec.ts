import { closeDevice, connectBridgedProfile, device } from './fixtures/bridge.ts'
import { literal } from './fixtures/explorer.ts'
import { startMosquitto, type MosquittoBroker } from './fixtures/mosquitto.ts'
import { withTimeout } from './fixtures/publish.ts'
import { expect, Subscriber, test, uniqueTopic } from './fixtures/publisher.ts'

/**
 * mqtt:// brokers through the server's bridge: the page's MQTT.js runs the whole session (3.1.1 or
 * 5) over /bridge?ticket=..., the server only passes bytes to mosquitto's TCP listener, which here
 * wants a user name and password.
 */
test.describe('mqtt:// through the bridge (mosquitto with a password)', () => {
  let mosquitto: MosquittoBroker | undefined

  test.beforeAll(async () => {
    mosquitto = await startMosquitto({ username: 'scope-user', password: 'bridge-password' })
  })

  test.afterAll(async () => {
    await mosquitto?.stop()
  })

  for (const mqttVersion of ['3.1.1', '5'] as const) {
    test(`MQTT ${mqttVersion}: connects, shows what arrives in the tree and publishes at QoS 2 with PUBCOMP`, async ({ page, explorer, publisher }) => {
      const broker = mosquitto!
      const credentials = { username: broker.username!, password: broker.password! }
      const protocolVersion = mqttVersion === '5' ? 5 : 4
      await connectBridgedProfile(page, { name: `mosquitto ${mqttVersion} (bridge)`, url: broker.tcpUrl, mqttVersion, ...credentials })
      await explorer.expectConnected(15_000)
      await expect(page.getByText(broker.tcpUrl, { exact: true })).toBeVisible()
      await expect(explorer.subscription('#')).toContainText('granted QoS 0')

      const base = uniqueTopic(`bridged-v${protocolVersion}`)
      const sender = await device(broker.tcpUrl, { ...credentials, protocolVersion })
      try {
        await withTimeout(sender.publishAsync(`${base}/temp`, '21.5', { qos: 1 }), 5_000, 'publish from a device')
        const [first] = base.split('/')
        await expect(explorer.rowOf(first!)).toBeVisible()
        await explorer.expectTotals(1, 1)
      } finally {
        await closeDevice(sender)
      }

      const subscriber = await Subscriber.start(broker.tcpUrl, `${base}/out`, { client: { ...credentials, protocolVersion } })
      try {
        await publisher.fill({ topic: `${base}/out`, format: 'text', payload: 'through the bridge', qos: 2, retain: false })
        await publisher.publish()
        await publisher.expectOutcome(/PUBCOMP/)
        const [packet] = await subscriber.expectExactly(1)
        expect(packet!.qos).toBe(2)
        expect(Buffer.from(packet!.payload).toString()).toBe('through the bridge')
      } finally {
        await subscriber.close()
      }
    })
  }

  test('MQTT 5: user properties, content type and correlation data of a message show in the inspector', async ({ page, inspector }) => {
    const broker = mosquitto!
    const credentials = { username: broker.username!, password: broker.password! }
    await connectBridgedProfile(page, { name: 'mosquitto v5 properties (bridge)', url: broker.tcpUrl, mqttVersion: '5', ...credentials })
    await inspector.explorer.expectConnected(15_000)
    await expect(inspector.explorer.subscription('#')).toContainText('granted QoS 0')

    const topic = `${uniqueTopic('v5bridge')}/meter`
    const sender = await device(broker.tcpUrl, { ...credentials, protocolVersion: 5 })
    try {
      await withTimeout(
        sender.publishAsync(topic, '{"watts":1200}', {
          qos: 1,
          properties: {
            contentType: 'application/json; charset=utf-8',
            correlationData: Buffer.from('corr-bridge-7'),
            userProperties: { site: 'plant-9', tag: ['north', 'south'] },
          },
        }),
        5_000,
        'publish with MQTT 5 properties',
      )
      await inspector.selectTopic(topic)
      await expect.poll(() => inspector.detailsText()).toContain('application/json; charset=utf-8')
      const shown = await inspector.detailsText()
      expect(shown).toMatch(/content.?type:? application\/json; charset=utf-8/i)
      expect(shown).toMatch(new RegExp(`correlation.?data:? .{0,60}?(${literal('corr-bridge-7')}|63 ?6f ?72 ?72 ?2d ?62|Y29yci1icmlkZ2UtNw==)`, 'i'))
      expect(shown).toMatch(/user.?propert(y|ies)/i)
      expect(shown).toMatch(/\bsite:? plant-9\b/)
      expect(shown).toMatch(/\btag:? north\b.{0,20}?\btag:? south\b/)
    } finally {
      await closeDevice(sender)
    }
  })

  test("a wrong password is the broker's CONNACK reason, and the session stops", async ({ page, explorer }) => {
    const broker = mosquitto!
    await connectBridgedProfile(page, { name: 'mosquitto wrong password (bridge)', url: broker.tcpUrl, username: broker.username!, password: 'wrong-password' })
    await expect(explorer.status).toHaveText('closed: not authorized', { timeout: 15_000 })
    await page.waitForTimeout(2_500)
    await expect(explorer.status).toHaveText('closed: not authorized')
  })
})
