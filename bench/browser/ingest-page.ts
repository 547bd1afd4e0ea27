/** What the ingest benchmark reads from the explorer page: its totals, the tree, the JS heap. */
import type { CDPSession, Page } from '@playwright/test'
import { round } from '../common/stats.ts'

export async function shownTotal(page: Page, testId = 'total-messages'): Promise<number | undefined> {
  const text = await page
    .getByTestId(testId)
    .textContent({ timeout: 2_000 })
    .catch(() => null)
  if (text === null) return undefined
  const n = Number(text.replace(/,/g, '').trim())
  return Number.isFinite(n) ? n : undefined
}

/** Polls the page's total until it equals `expected` or `limitMs` pass; returns what it showed and when. */
export async function settle(page: Page, expected: number, limitMs: number): Promise<{ shown: number | undefined; settleMs: number }> {
  const start = performance.now()
  let shown: number | undefined
  while (performance.now() - start < limitMs) {
    shown = await shownTotal(page)
    if (shown === expected) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return { shown, settleMs: Math.round(performance.now() - start) }
}

/** The page's (main thread's) JS heap, MB, over a CDP session with Performance enabled. */
export async function heapMetrics(cdp: CDPSession): Promise<{ usedMB: number; totalMB: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics')
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0
  return { usedMB: round(get('JSHeapUsedSize') / 2 ** 20), totalMB: round(get('JSHeapTotalSize') / 2 ** 20) }
}

/** Opens the `bench` branch and its first group, so rows on screen change as messages arrive. */
export async function expandBenchRows(page: Page): Promise<string> {
  try {
    const tree = page.getByRole('tree', { name: 'Topics' })
    const bench = tree.getByRole('treeitem', { name: /^bench, / })
    await bench.click({ timeout: 5_000 })
    await page.keyboard.press('ArrowRight')
    const group = tree.getByRole('treeitem', { name: /^g00, / })
    await group.click({ timeout: 5_000 })
    await page.keyboard.press('ArrowRight')
    // The first topic of the group: t0, t00 or t000 (benchTopic pads to the group's size).
    await tree.getByRole('treeitem', { name: /^t0+, / }).waitFor({ timeout: 5_000 })
    return 'bench and bench/g00 expanded, bench/g00 selected'
  } catch (error) {
    return `could not expand the tree (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`
  }
}
