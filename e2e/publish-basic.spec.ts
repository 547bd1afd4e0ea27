import { bytesOf, expect, test, uniqueTopic, type QoS } from './fixtures/publisher.ts'
import { publishAll } from './fixtures/publish.ts'

/** What the outcome line says for an acknowledged (or, at QoS 0, merely written) publish. */
const OUTCOME: Record<QoS, RegExp> = { 0: /Sent/, 1: /PUBACK/, 2: /PUBCOMP/ }

for (const qos of [0, 1, 2] as const) {
  for (const retain of [false, true]) {
    test(`QoS ${qos}${retain ? ', retained' : ''}: a TCP subscriber gets exactly one copy with that QoS and the exact bytes`, async ({
      publisher,
      subscriber,
      forgetAfter,
    }) => {
      const topic = uniqueTopic(`pub/q${qos}${retain ? 'r' : ''}`)
      if (retain) forgetAfter([topic])
      const live = await subscriber(topic)
      const payload = `hello QoS ${qos} ✓ ${retain ? 'kept' : 'live'}`

      await publisher.fill({ topic, format: 'text', payload, qos, retain })
      await publisher.publish()
      await publisher.expectOutcome(OUTCOME[qos])
      // Acknowledged publishes say how long the round trip took.
      if (qos > 0) await publisher.expectOutcome(/\d+\s*ms/)

      const [got] = await live.expectExactly(1)
      expect(got!.topic).toBe(topic)
      expect(got!.qos).toBe(qos)
      // MQTT 3.1.1 (the embedded broker): a message forwarded to an existing subscription never
      // carries the retain flag, however it was published.
      expect(got!.retain).toBe(false)
      expect(bytesOf(got!)).toEqual(Buffer.from(payload, 'utf8'))
      // The typed message stays in the editor for the next send.
      await expect(publisher.topic).toHaveValue(topic)
      await expect(publisher.payload).toHaveValue(payload)

      // A subscriber that comes later gets the message only if it was retained, then flagged so.
      const late = await subscriber(topic)
      if (retain) {
        const [kept] = await late.expectExactly(1)
        expect(kept!.retain).toBe(true)
        expect(kept!.qos).toBe(qos)
        expect(bytesOf(kept!)).toEqual(Buffer.from(payload, 'utf8'))
      } else {
        await late.expectExactly(0)
      }
    })
  }
}

test('a binary payload typed as hex arrives byte for byte', async ({ publisher, subscriber }) => {
  const topic = uniqueTopic('pub/hex')
  const device = await subscriber(topic)
  await publisher.fill({ topic, format: 'hex', payload: '00 ff 10 80 7f', qos: 1 })
  await publisher.publish()
  await publisher.expectOutcome(/PUBACK/)
  const [got] = await device.expectExactly(1)
  expect(bytesOf(got!)).toEqual(Buffer.from([0x00, 0xff, 0x10, 0x80, 0x7f]))
  expect(got!.qos).toBe(1)
})

test('a payload typed as Base64 arrives as the bytes it encodes (all 256 byte values)', async ({ publisher, subscriber }) => {
  const topic = uniqueTopic('pub/base64')
  const device = await subscriber(topic)
  const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 7 + 3) & 0xff))
  await publisher.fill({ topic, format: 'base64', payload: bytes.toString('base64'), qos: 2 })
  await publisher.publish()
  await publisher.expectOutcome(/PUBCOMP/)
  const [got] = await device.expectExactly(1)
  expect(bytesOf(got!)).toEqual(bytes)
  expect(got!.qos).toBe(2)
})

test('JSON mode: "Format JSON" re-indents the payload and the formatted text is what is sent', async ({ publisher, subscriber }) => {
  const topic = uniqueTopic('pub/json')
  const device = await subscriber(topic)
  const value = { sensor: 'kitchen', temp: 21.5, flags: [true, null] }
  await publisher.fill({ topic, format: 'json', payload: JSON.stringify(value) })
  await publisher.region.getByRole('button', { name: 'Format JSON', exact: true }).click()
  const formatted = JSON.stringify(value, null, 2)
  await expect(publisher.payload).toHaveValue(formatted)
  await publisher.publish()
  await publisher.expectOutcome(/Sent/)
  const [got] = await device.expectExactly(1)
  expect(bytesOf(got!).toString('utf8')).toBe(formatted)
})

test('clicking a tree node fills the Topic field with its full topic', async ({ publisher, inspector, mqttClient, subscriber }) => {
  const topic = uniqueTopic('treepick') + '/leaf'
  const [first, second] = topic.split('/') as [string, string]
  await publishAll(mqttClient, [{ topic, payload: 'from a device' }])

  await inspector.selectTopic(topic)
  await expect(publisher.topic).toHaveValue(topic)
  // A branch row gives its own topic, not a leaf's (the click also closes the open branch).
  await inspector.rowAt(second, 2).click()
  await expect(publisher.topic).toHaveValue(`${first}/${second}`)
  // The branch is closed once the worker says so; selectTopic reads that state to open it again.
  await expect(inspector.rowAt(second, 2)).toHaveAttribute('aria-expanded', 'false')
  await inspector.selectTopic(topic)
  await expect(publisher.topic).toHaveValue(topic)

  // And a publish goes to that topic.
  const device = await subscriber(topic)
  await publisher.fill({ payload: 'reply from the panel' })
  await publisher.publish()
  const [got] = await device.expectExactly(1)
  expect(got!.topic).toBe(topic)
  expect(bytesOf(got!).toString()).toBe('reply from the panel')
})

test('Ctrl+Enter in the payload publishes once, without adding a newline', async ({ publisher, subscriber }) => {
  const topic = uniqueTopic('pub/keys')
  const device = await subscriber(topic)
  await publisher.fill({ topic, format: 'text', payload: 'sent with the keyboard', qos: 1 })
  await publisher.payload.press('Control+Enter')
  await publisher.expectOutcome(/PUBACK/)
  const [got] = await device.expectExactly(1)
  expect(bytesOf(got!).toString()).toBe('sent with the keyboard')
  await expect(publisher.payload).toHaveValue('sent with the keyboard')

  // From the Topic field too: anywhere in the panel.
  await publisher.topic.press('Control+Enter')
  await device.expectExactly(2)
})
