import { connectAsync } from 'mqtt'
import { connectWithNewProfile, expect, test } from './fixtures/inspector.ts'
import { startMosquitto, type MosquittoBroker } from './fixtures/mosquitto.ts'
import { withTimeout } from './fixtures/publish.ts'

test.describe('MQTT 5 (mosquitto)', () => {
  let mosquitto: MosquittoBroker | undefined

  test.beforeAll(async () => {
    mosquitto = await startMosquitto({ anonymous: true })
  })

  test.afterAll(async () => {
    await mosquitto?.stop()
  })

  test('the inspector shows every MQTT 5 property of the latest message', async ({ page, inspector }) => {
    const broker = mosquitto!
    await connectWithNewProfile(page, { name: 'mosquitto v5', url: broker.wsUrl, mqttVersion: '5' })
    await inspector.explorer.expectConnected(15_000)
    await expect(inspector.explorer.subscription('#')).toContainText('granted QoS 0')

    const device = await withTimeout(
      connectAsync(broker.tcpUrl, { protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 5_000 }, false),
      6_000,
      'connect to mosquitto with MQTT 5',
    )
    device.on('error', () => {})
    const topic = 'v5/meter/power'
    try {
      await withTimeout(
        device.publishAsync(topic, '{"watts":1200}', {
          qos: 1,
          properties: {
            payloadFormatIndicator: true,
            messageExpiryInterval: 3600,
            contentType: 'application/json; charset=utf-8',
            responseTopic: 'v5/meter/replies',
            correlationData: Buffer.from('corr-42'),
            userProperties: { site: 'plant-7', tag: ['alpha', 'beta'] },
          },
        }),
        5_000,
        'publish with MQTT 5 properties',
      )
      await inspector.selectTopic(topic)
      await inspector.expectView('JSON')

      const text = () => inspector.detailsText()
      await expect.poll(text).toContain('application/json; charset=utf-8')
      const shown = await text()
      // Each property with its name and value.
      expect(shown).toMatch(/content.?type:? application\/json; charset=utf-8/i)
      expect(shown).toMatch(/response.?topic:? v5\/meter\/replies/i)
      // Correlation data is bytes: as text, hex or Base64, each is fine.
      expect(shown).toMatch(/correlation.?data:? .{0,60}?(corr-42|63 ?6f ?72 ?72 ?2d ?34 ?32|Y29yci00Mg==)/i)
      expect(shown).toMatch(/payload.?format(.?indicator)?:? .{0,20}?\b(utf-?8|1|true)\b/i)
      // The broker forwards the time left, so it may have ticked down by a second or two.
      expect(shown).toMatch(/(message.?)?expiry(.?interval)?:? .{0,20}?\b(3,?600|3,?59\d)\b/i)
      expect(shown).toMatch(/user.?propert(y|ies)/i)
      expect(shown).toMatch(/\bsite:? plant-7\b/)
      // A name given twice keeps both values, in order.
      expect(shown).toMatch(/\btag:? alpha\b.{0,20}?\btag:? beta\b/)
    } finally {
      await withTimeout(device.endAsync(true), 2_000, 'close the device client').catch(() => device.stream?.destroy())
    }
  })
})
