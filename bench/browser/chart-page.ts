/** The chart benchmark's way around the page: the tree, the inspector's "Chart", the Charts panel. */
import type { Page } from '@playwright/test'

export const charts = (page: Page) => page.getByRole('region', { name: 'Charts', exact: true })
export const chartsToggle = (page: Page) => page.getByRole('button', { name: 'Charts', exact: true })
export const chart = (page: Page) => charts(page).getByRole('group', { name: 'Chart 1', exact: true })

/** Waits until `check` is true (polling every 100 ms) or throws after `ms`. */
export async function until(what: string, ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = performance.now()
  for (;;) {
    if (await check().catch(() => false)) return Math.round(performance.now() - start)
    if (performance.now() - start > ms) throw new Error(`timed out after ${ms} ms: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** The tree row of `level` at `depth` (1 = top level). */
function treeRow(page: Page, level: string, depth: number) {
  const name = new RegExp(`^${level.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, \\d+ messages, \\d+ subtopics(, retained)?$`)
  return page
    .getByRole('tree', { name: 'Topics' })
    .getByRole('treeitem', { name })
    .and(page.locator(`[aria-level="${depth}"]`))
}

async function setExpanded(page: Page, level: string, depth: number, open: boolean): Promise<void> {
  const row = treeRow(page, level, depth)
  await row.click()
  if ((await row.getAttribute('aria-expanded')) !== String(open)) await page.keyboard.press(open ? 'ArrowRight' : 'ArrowLeft')
  await until(`${level} ${open ? 'expanded' : 'collapsed'}`, 5_000, async () => (await row.getAttribute('aria-expanded')) === String(open))
}

/** Selects `topic` (root/leaf) in the tree and presses the inspector's "Chart". */
export async function pin(page: Page, topic: string): Promise<void> {
  const [root, leaf] = topic.split('/') as [string, string]
  const rootRow = treeRow(page, root, 1)
  if ((await rootRow.getAttribute('aria-expanded')) !== 'true') await setExpanded(page, root, 1, true)
  await treeRow(page, leaf, 2).click()
  const details = page
    .locator('section, aside, [role="region"], [role="complementary"]')
    .filter({ has: page.getByRole('heading', { name: 'Topic details' }) })
    .last()
  await until(`the inspector shows ${topic}`, 10_000, async () => (await details.innerText()).includes(topic))
  await details.getByRole('button', { name: 'Chart', exact: true }).click({ timeout: 10_000 })
}

/** The "<N> points" counts of the legend, in order. */
export async function legendCounts(page: Page): Promise<number[]> {
  const items = await chart(page).getByRole('list', { name: 'Series', exact: true }).getByRole('listitem').allInnerTexts()
  return items.map((text) => {
    const match = /(\d{1,3}(?:,\d{3})*|\d+) points?\b/.exec(text)
    return match ? Number(match[1]!.replace(/,/g, '')) : -1
  })
}
