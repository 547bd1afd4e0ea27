import { bytesOf, expect, reloadConnected, test, uniqueTopic } from './fixtures/publisher.ts'

test.describe('repeat', () => {
  test('every 50 ms, 20 times: exactly 20 messages arrive and the progress says "Done: sent 20"', async ({ publisher, subscriber }) => {
    const topic = uniqueTopic('repeat/twenty')
    const device = await subscriber(topic)
    await publisher.fill({ topic, format: 'text', payload: 'tick', qos: 1 })
    await publisher.setRepeat(50, 20)
    await publisher.publish()

    await expect(publisher.progress).toContainText('Done: sent 20', { timeout: 20_000 })
    await expect(publisher.progress).not.toContainText(/failed/i)
    const got = await device.expectExactly(20, { settleMs: 1_000 })
    expect(got.every((p) => p.qos === 1 && bytesOf(p).toString() === 'tick')).toBe(true)
    // The job is over: Publish is available again.
    await expect(publisher.publishButton).toBeEnabled()
  })

  test('until stopped: Stop halts it and nothing more arrives afterwards', async ({ publisher, subscriber }) => {
    const topic = uniqueTopic('repeat/forever')
    const device = await subscriber(topic)
    await publisher.fill({ topic, format: 'text', payload: 'again', qos: 0 })
    await publisher.setRepeat(50, undefined)
    await publisher.publish()

    // Running: a live count without a total, and Publish is off until the job ends.
    await expect(publisher.progress).toContainText(/Sent \d+/)
    await expect(publisher.publishButton).toBeDisabled()
    await expect.poll(() => device.count, { timeout: 15_000 }).toBeGreaterThanOrEqual(5)
    await publisher.stopButton.click()

    await expect(publisher.progress).toContainText(/Stopped after \d+/)
    const sent = Number(/Stopped after (\d+)/.exec((await publisher.progress.textContent()) ?? '')?.[1])
    expect(sent).toBeGreaterThanOrEqual(5)
    // Everything it sent arrives, then the count stays put (ten intervals later too).
    await device.expectExactly(sent, { settleMs: 1_000 })
    await expect(publisher.progress).toContainText(`Stopped after ${sent}`)
    await expect(publisher.publishButton).toBeEnabled()
  })

  test('{{counter}} in the payload gives each repeated send a new, increasing value', async ({ publisher, subscriber }) => {
    const topic = uniqueTopic('repeat/counter')
    const device = await subscriber(topic)
    await publisher.fill({ topic, format: 'text', payload: 'reading {{counter}}', qos: 1 })
    await publisher.setRepeat(50, 6)
    await publisher.publish()
    await expect(publisher.progress).toContainText('Done: sent 6', { timeout: 20_000 })

    const got = await device.expectExactly(6)
    const texts = got.map((p) => bytesOf(p).toString())
    const numbers = texts.map((t) => {
      const match = /^reading (\d+)$/.exec(t)
      expect(match, `"${t}" is the template with a number in it`).not.toBeNull()
      return Number(match![1])
    })
    expect(new Set(numbers).size).toBe(6)
    for (let i = 1; i < numbers.length; i++) expect(numbers[i]!, `counter values ${numbers.join(', ')}`).toBeGreaterThan(numbers[i - 1]!)
    // The editor keeps the template, not an expansion.
    await expect(publisher.payload).toHaveValue('reading {{counter}}')
  })
})

test.describe('saved and recent', () => {
  test('a saved message survives reload; "Load" fills the editor and "Publish <name>" sends it', async ({ publisher, explorer, subscriber }) => {
    const topic = uniqueTopic('saved/lamp')
    const payload = '{"on": true, "note": "grüße"}'
    const name = 'Kitchen lamp on'
    await publisher.fill({ topic, format: 'json', payload, qos: 1 })
    await publisher.saveAs(name)

    await reloadConnected(explorer)
    await publisher.showList('Saved')
    await expect(publisher.savedItem(name)).toBeVisible()
    await expect(publisher.savedItem(name)).toContainText(name)

    const device = await subscriber(topic)
    await publisher.savedButton('Publish', name).click()
    const [got] = await device.expectExactly(1)
    expect(got!.topic).toBe(topic)
    expect(got!.qos).toBe(1)
    expect(bytesOf(got!)).toEqual(Buffer.from(payload, 'utf8'))

    // Loading puts it back into an editor that holds something else.
    await publisher.fill({ topic: 'something/else', format: 'text', payload: 'other', qos: 0 })
    await publisher.savedButton('Load', name).click()
    await expect(publisher.topic).toHaveValue(topic)
    await expect(publisher.payload).toHaveValue(payload)
    await expect(publisher.qos).toHaveValue('1')
    await expect(publisher.format).toHaveValue('json')
  })

  test('"Re-send <topic>" in Recent publishes sends the same message again, also after reload', async ({ publisher, explorer, subscriber }) => {
    const topic = uniqueTopic('recent/door')
    const device = await subscriber(topic)
    await publisher.fill({ topic, format: 'hex', payload: 'de ad be ef', qos: 2 })
    await publisher.publish()
    await publisher.expectOutcome(/PUBCOMP/)
    await device.expectExactly(1)

    await publisher.showList('Recent')
    await expect(publisher.recentItems(topic)).toHaveCount(1)
    await publisher.recentButton('Re-send', topic).first().click()
    const got = await device.expectExactly(2)
    for (const p of got) {
      expect(bytesOf(p)).toEqual(Buffer.from([0xde, 0xad, 0xbe, 0xef]))
      expect(p.qos).toBe(2)
    }

    await reloadConnected(explorer)
    await publisher.showList('Recent')
    await expect(publisher.recentItems(topic).first()).toBeVisible()
    await publisher.recentButton('Re-send', topic).first().click()
    const after = await device.expectExactly(3)
    expect(bytesOf(after[2]!)).toEqual(Buffer.from([0xde, 0xad, 0xbe, 0xef]))
  })
})
