import type { Page } from '@playwright/test'
import type { MqttClient } from 'mqtt'
import { expect, test, type ExplorerPage } from './fixtures/explorer.ts'
import { publishAll } from './fixtures/publish.ts'

/**
 * Issue 12: a user-typed regular expression cannot freeze the explorer. The tree filter runs its
 * regex in linear time with a time budget (src/model/linear-regex.ts): patterns that backtrack
 * exponentially in JavaScript filter at once, and a pattern that would still take too long on a
 * topic is stopped with "this regular expression is too slow on topic X". Either way the explorer
 * keeps counting the messages that keep arriving.
 */

/** 60,001 characters: (a+)+$ needs ~2^60000 steps on it in a backtracking engine. */
const LONG_LEVEL = 'a'.repeat(60_000) + '!'

function uniqueLevel(): string {
  return `budget${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
}

/** A device that keeps publishing to `topic` (QoS 0, every 20 ms) until the returned stop is called. */
function keepPublishing(client: MqttClient, topic: string): () => void {
  let n = 0
  const timer = setInterval(() => client.publish(topic, String(n++), { qos: 0 }), 20)
  return () => clearInterval(timer)
}

async function totalMessages(explorer: ExplorerPage): Promise<number> {
  return Number((await explorer.totalMessages.innerText()).replace(/\D/g, ''))
}

/** The message count in the accessible name of the row for `level` ("level, N messages, …"). */
async function rowMessages(explorer: ExplorerPage, level: string): Promise<number> {
  const name = (await explorer.rowOf(level).getAttribute('aria-label')) ?? ''
  return Number(/, (\d+) messages, /.exec(name)?.[1] ?? NaN)
}

/** The level of every tree row in the DOM, top to bottom, from its aria-label. */
async function rowLevelsFromLabels(explorer: ExplorerPage): Promise<string[]> {
  const labels = await explorer.tree.getByRole('treeitem').evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''))
  return labels.map((label) => label.replace(/, \d+ messages, \d+ subtopics(, retained)?$/, ''))
}

/** `read` rises by more than 20 (a second of the publisher's messages) within the poll timeout. */
async function expectRising(read: () => Promise<number>, what: string): Promise<void> {
  const before = await read()
  expect(before, what).not.toBeNaN()
  await expect.poll(read, { message: `${what} keeps rising` }).toBeGreaterThan(before + 20)
}

/** The page answers: an animation frame and a keystroke round trip take well under a second. */
async function expectResponsive(page: Page, explorer: ExplorerPage): Promise<void> {
  const started = Date.now()
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)))
  expect(Date.now() - started, 'an animation frame').toBeLessThan(1000)
  const query = await explorer.filterBox.inputValue()
  await explorer.filterBox.press('End')
  await explorer.filterBox.pressSequentially('x')
  await expect(explorer.filterBox).toHaveValue(`${query}x`, { timeout: 1000 })
  await explorer.filterBox.press('Backspace')
  await expect(explorer.filterBox).toHaveValue(query)
}

test('a regex that backtracks exponentially in JavaScript filters at once while the explorer keeps counting', async ({ page, explorer, mqttClient }) => {
  const level = uniqueLevel()
  await publishAll(mqttClient, [
    { topic: `${level}/aaaa`, payload: 'short' },
    { topic: `${level}/kitchen/temp`, payload: '21' },
  ])
  const stop = keepPublishing(mqttClient, `${level}/${LONG_LEVEL}`)
  try {
    await expect(explorer.rowOf(level)).toBeVisible()
    // Only the short topic matches: the long one ends in "!", after which a backtracking engine
    // would retry every split of 60,000 a's.
    await explorer.filterTopics('regex', `^${level}/(a+)+$`)
    await expect.poll(() => explorer.rowLevels()).toEqual([level, 'aaaa'])
    await expect(page.getByRole('alert')).toHaveCount(0)
    await expectRising(() => totalMessages(explorer), 'the total of messages')
    await expectResponsive(page, explorer)

    await explorer.filterTopics('regex', `^${level}/(a|aa)*b`)
    await expect.poll(() => explorer.rowLevels()).toEqual([])
    await expect(page.getByRole('alert')).toHaveCount(0)
    await expectRising(() => totalMessages(explorer), 'the total of messages')

    // The long topic itself, matched: its row is there and its count rises. (Unanchored: the
    // level's 20 letters would add 20 instructions, and 60,000 characters allow ~33 in all.)
    await explorer.filterTopics('regex', '(a+)+!$')
    // (Read from the rows' labels: an ARIA snapshot shortens a 60,001-character name.)
    await expect.poll(() => rowLevelsFromLabels(explorer)).toEqual([level, LONG_LEVEL])
    await expectRising(() => rowMessages(explorer, level), `the messages of ${level}`)

    // JavaScript syntax the linear-time engine lacks is named, not silently misread.
    await explorer.filterTopics('regex', `^${level}/(?=a)`)
    await expect(page.getByRole('alert')).toHaveText('Unsupported regular expression: lookahead (?= and (?! is not supported')
  } finally {
    stop()
  }
})

test('a regex too slow on a topic is stopped, names the topic, and the tree keeps counting', async ({ page, explorer, mqttClient }) => {
  const level = uniqueLevel()
  const long = `${level}/${LONG_LEVEL}`
  await publishAll(mqttClient, [{ topic: `${level}/kitchen/temp`, payload: '21' }])
  const stop = keepPublishing(mqttClient, long)
  try {
    await expect(explorer.rowOf(level)).toBeVisible()
    // Backtracking: polynomial of degree 20 in 60,000 (never ends). Linear time: ~100 program
    // instructions × 60,000 characters, over what one test may cost, so it is not run at all.
    await explorer.filterTopics('regex', '(.*a){20}$')
    const alert = page.getByRole('alert')
    await expect(alert).toHaveText(`this regular expression is too slow on topic ${long}`)
    await expect(explorer.filterBox).toHaveAttribute('aria-invalid', 'true')

    // The stopped filter hides nothing: the tree shows, and keeps counting.
    await expect(explorer.rowOf(level)).toBeVisible()
    await expectRising(() => rowMessages(explorer, level), `the messages of ${level}`)
    await expectRising(() => totalMessages(explorer), 'the total of messages')
    await expectResponsive(page, explorer)
    await expect(alert).toHaveText(`this regular expression is too slow on topic ${long}`)

    // A pattern within budget filters again.
    await explorer.filterTopics('regex', `^${level}/kitchen`)
    await expect(alert).toHaveCount(0)
    await expect.poll(() => explorer.rowLevels()).toEqual([level, 'kitchen', 'temp'])
  } finally {
    stop()
  }
})
