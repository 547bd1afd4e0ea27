import { expect, test, uniqueTopic } from './fixtures/publisher.ts'
import { publishAll } from './fixtures/publish.ts'

test('a topic typed into Publish is not overwritten by a click in the tree; "Use selected topic" takes it on request', async ({
  publisher,
  inspector,
  mqttClient,
}) => {
  const device = uniqueTopic('typed/device')
  await publishAll(mqttClient, [{ topic: device, payload: 'from a device' }])

  // Untouched, the field follows the tree.
  await inspector.selectTopic(device)
  await expect(publisher.topic).toHaveValue(device)

  // Typed: the person's topic stays, whatever is clicked in the tree.
  const mine = uniqueTopic('typed/mine')
  await publisher.topic.fill(mine)
  const [first] = device.split('/') as [string]
  await inspector.rowAt(first, 1).click()
  await expect(inspector.rowAt(first, 1)).toHaveAttribute('aria-selected', 'true')
  await expect(inspector.details).toContainText(first)
  await expect(publisher.topic).toHaveValue(mine)

  // On request, the selected topic replaces it.
  await publisher.region.getByRole('button', { name: 'Use selected topic', exact: true }).click()
  await expect(publisher.topic).toHaveValue(first)
})

test('JSON is checked while it is typed, before Publish is pressed', async ({ publisher }) => {
  await publisher.fill({ topic: uniqueTopic('typed/json'), format: 'json', payload: '{"temp": 21,}' })
  // No Publish pressed: the problem shows by itself after a short pause in typing.
  const problem = await publisher.expectProblem(publisher.payload, /JSON|expected|position|line/i)
  expect(problem).not.toBe('')
  await publisher.payload.fill('{"temp": 21}')
  await publisher.expectNoProblem(publisher.payload)
  await expect(publisher.outcome).toHaveText('')
})
