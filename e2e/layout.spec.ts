import type { Locator, Page } from '@playwright/test'
import { asciiColumn, expect, test } from './fixtures/inspector.ts'
import { PublishPanel, uniqueTopic } from './fixtures/publisher.ts'
import { publishAll } from './fixtures/publish.ts'

/** The element's box lies wholly inside the window (and is not clipped away by a scrolled parent). */
async function expectInWindow(page: Page, element: Locator, what: string): Promise<void> {
  await expect(element, `${what} is inside the window`).toBeInViewport({ ratio: 1 })
  const box = await element.boundingBox()
  const size = page.viewportSize()!
  expect(box, `${what} has a box`).not.toBeNull()
  expect(box!.y, `${what}: top`).toBeGreaterThanOrEqual(0)
  expect(box!.x, `${what}: left`).toBeGreaterThanOrEqual(0)
  expect(box!.y + box!.height, `${what}: bottom`).toBeLessThanOrEqual(size.height)
  expect(box!.x + box!.width, `${what}: right`).toBeLessThanOrEqual(size.width)
}

for (const viewport of [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
]) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport })

    test('the selected topic shows its payload first, inside the window, with the Publish button', async ({ page, inspector, mqttClient }) => {
      const topic = uniqueTopic('layout/fold')
      const payload = { probe: 'first-line-of-the-payload', temp: 21.5, humidity: 40 }
      await publishAll(mqttClient, [{ topic, payload: JSON.stringify(payload) }])
      await inspector.selectTopic(topic)

      await expectInWindow(page, inspector.payload().getByText('first-line-of-the-payload'), 'the payload')
      // Its summary (size, QoS, retain, time) is there too.
      await expect(inspector.details.getByText(/^\d+ bytes · (received at )?QoS 0\b.* · not retained · [\d:.]+$/)).toBeVisible()

      const publisher = new PublishPanel(page)
      await expectInWindow(page, publisher.publishButton, 'the Publish button')
      // Still there with the panel opened (its button stays in view while the form scrolls).
      await publisher.open()
      await expectInWindow(page, publisher.publishButton, 'the Publish button of the open panel')
      await expectInWindow(page, inspector.payload().getByText('first-line-of-the-payload'), 'the payload beside the open Publish panel')

      // A bottom panel takes height from both, not the payload's place.
      await page.getByRole('button', { name: 'Charts', exact: true }).click()
      await expect(page.getByRole('region', { name: 'Charts', exact: true })).toBeVisible()
      await expectInWindow(page, inspector.payload().getByText('first-line-of-the-payload'), 'the payload with the Charts panel open')
      await expectInWindow(page, publisher.publishButton, 'the Publish button with the Charts panel open')
    })

    test('the tree is narrower than the details by default', async ({ page, explorer }) => {
      const tree = await explorer.tree.boundingBox()
      const details = await explorer.details().boundingBox()
      expect(tree!.width).toBeLessThan(details!.width)
      expect(details!.x + details!.width).toBeLessThanOrEqual(page.viewportSize()!.width)
    })
  })
}

test('the Hex view shows offset, hex and ASCII columns without scrolling sideways', async ({ page, inspector, mqttClient }) => {
  const topic = uniqueTopic('layout/hex')
  const bytes = Buffer.from(Array.from({ length: 64 }, (_, i) => (i % 3 === 0 ? 0x41 + (i % 26) : i)))
  await publishAll(mqttClient, [{ topic, payload: bytes }])
  await inspector.selectTopic(topic)
  await inspector.showView('Hex')

  const rows = inspector.payload().getByRole('region', { name: 'Hex rows' })
  const ascii = asciiColumn(bytes.subarray(0, 16))
  await expectInWindow(page, inspector.payload().getByText(ascii, { exact: true }), 'the ASCII column of the first row')
  const overflow = await rows.evaluate((el) => el.scrollWidth - el.clientWidth)
  expect(overflow, 'no horizontal scroll in the hex rows').toBeLessThanOrEqual(1)
})

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true })

  test('tapping a topic shows its details in view, and "Back to topics" returns to the tree', async ({ page, explorer, mqttClient }) => {
    const topic = uniqueTopic('phone')
    const [first, second] = topic.split('/') as [string, string]
    await publishAll(mqttClient, [{ topic, payload: 'payload-seen-on-the-phone' }])
    const branch = explorer.rowOf(first)
    await branch.click()
    if ((await branch.getAttribute('aria-expanded')) !== 'true') await page.keyboard.press('ArrowRight')
    const leaf = explorer.rowOf(second)
    await leaf.tap()
    await expect(leaf).toHaveAttribute('aria-selected', 'true')

    const details = explorer.details()
    await expectInWindow(page, details.getByText('payload-seen-on-the-phone').first(), 'the payload after the tap')
    await details.getByRole('button', { name: 'Back to topics', exact: true }).click()
    await expect(leaf).toBeInViewport()
  })
})
