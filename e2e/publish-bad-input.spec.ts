import { CONNECTED } from './fixtures/explorer.ts'
import { bytesOf, expect, test, uniqueTopic, type PublishInput, type PublishPanel, type Subscriber } from './fixtures/publisher.ts'

/**
 * Proof that the refused attempt sent nothing: after fixing the input, a publish goes out and it is
 * the only message the device ever sees (a message sent earlier on the same connection would have
 * arrived first).
 */
async function onlyTheFixedOneArrives(publisher: PublishPanel, device: Subscriber, fix: PublishInput, expected: Buffer): Promise<void> {
  await publisher.fill(fix)
  await publisher.publish()
  const [got] = await device.expectExactly(1)
  expect(bytesOf(got!)).toEqual(expected)
}

test('a wildcard topic is refused with a message under Topic; nothing is sent and the payload is kept', async ({ publisher, subscriber }) => {
  const base = uniqueTopic('bad/wild')
  const device = await subscriber(`${base}/#`)
  await publisher.fill({ topic: `${base}/+`, format: 'text', payload: 'kept payload', qos: 1 })
  await publisher.publish()

  await publisher.expectProblem(publisher.topic, /wildcard|\+|#/i)
  await expect(publisher.payload).toHaveValue('kept payload')
  await expect(publisher.topic).toHaveValue(`${base}/+`)

  await onlyTheFixedOneArrives(publisher, device, { topic: `${base}/ok` }, Buffer.from('kept payload'))
  await publisher.expectNoProblem(publisher.topic)
})

test('an empty topic is refused with a message under Topic; nothing is sent', async ({ publisher, subscriber }) => {
  // Everything on the broker, so that a publish to any topic would be seen (retained messages of
  // other tests, handed over on subscribing, are left out).
  const device = await subscriber('#', { ignoreRetained: true })
  await publisher.fill({ topic: '', format: 'text', payload: 'no topic yet', qos: 0 })
  await publisher.publish()

  await publisher.expectProblem(publisher.topic)
  await expect(publisher.payload).toHaveValue('no topic yet')

  await onlyTheFixedOneArrives(publisher, device, { topic: uniqueTopic('bad/empty-fixed') }, Buffer.from('no topic yet'))
})

test('invalid JSON in JSON mode is refused with a message under Payload; the text is kept', async ({ publisher, subscriber }) => {
  const topic = uniqueTopic('bad/json')
  const device = await subscriber(topic)
  const broken = '{"temp": 21,}'
  await publisher.fill({ topic, format: 'json', payload: broken, qos: 1 })
  await publisher.publish()

  await publisher.expectProblem(publisher.payload)
  await expect(publisher.payload).toHaveValue(broken)
  await expect(publisher.format).toHaveValue('json')

  await onlyTheFixedOneArrives(publisher, device, { payload: '{"temp": 21}' }, Buffer.from('{"temp": 21}'))
})

for (const [what, typed] of [
  ['odd-length hex', '00 ff 1'],
  ['non-hex text in hex mode', '00 zz 10'],
] as const) {
  test(`${what} is refused with a message under Payload; the text is kept`, async ({ publisher, subscriber }) => {
    const topic = uniqueTopic('bad/hex')
    const device = await subscriber(topic)
    await publisher.fill({ topic, format: 'hex', payload: typed, qos: 1 })
    await publisher.publish()

    await publisher.expectProblem(publisher.payload)
    await expect(publisher.payload).toHaveValue(typed)
    await expect(publisher.format).toHaveValue('hex')

    await onlyTheFixedOneArrives(publisher, device, { payload: '00 ff 10' }, Buffer.from([0x00, 0xff, 0x10]))
  })
}

test('publishing while disconnected says so and sends nothing; after connecting it goes out', async ({ page, publisher, explorer, subscriber }) => {
  const topic = uniqueTopic('bad/offline')
  const device = await subscriber(topic)
  await page.getByRole('button', { name: 'Disconnect', exact: true }).click()
  await expect(explorer.status).not.toHaveText(CONNECTED)

  await publisher.fill({ topic, format: 'text', payload: 'while offline', qos: 1 })
  await publisher.publish()
  await expect(publisher.alerts(/connected/i).first()).toBeVisible()
  await expect(publisher.payload).toHaveValue('while offline')

  await page.getByRole('button', { name: 'Connect', exact: true }).click()
  await explorer.expectConnected(15_000)
  await expect(explorer.subscription('#')).toContainText('granted QoS 0')
  await onlyTheFixedOneArrives(publisher, device, {}, Buffer.from('while offline'))
  await publisher.expectOutcome(/PUBACK/)
})
