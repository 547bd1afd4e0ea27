/**
 * What one redraw of a drawn chart costs the page's main thread (issue 18: "≤ 8 ms for 3 × 1,400
 * points"), two ways:
 *
 * - **toggle**: with the chart paused (its data fixed), the legend's "Hide <series>" then
 *   "Show <series>" button clicked, each timed in the page from the click until React has
 *   rendered and committed, the queued tasks ran (a MessageChannel round trip) and the layout was
 *   forced: the main-thread work of a redraw with no worker round trip. "Show" redraws all lines;
 *   "Hide" one fewer.
 * - **live**: the chart following its data (window All, not paused): the page's main-thread task
 *   time (Chromium's `Performance.getMetrics` TaskDuration) over a phase, divided by the redraws
 *   in it (changes of the lines' path data, a MutationObserver): everything a live redraw costs,
 *   message handling, style, layout and paint included.
 */
import type { CDPSession, Page } from '@playwright/test'
import { median, round } from '../common/stats.ts'

/** The plot's drawn lines. */
export const LINE_SELECTOR = 'path.chart-line'

export interface ToggleRedraws {
  /** ms per click, in order. */
  readonly hideMs: readonly number[]
  readonly showMs: readonly number[]
  /** Of each click's ms, the forced style and layout at its end (the rest is script: React, recharts, the store). */
  readonly hideLayoutMs: readonly number[]
  readonly showLayoutMs: readonly number[]
  /** Path commands of each line after the last "Show" (that the lines were drawn in full). */
  readonly commands: readonly number[]
}

interface ToggleArgs {
  readonly label: string
  readonly repeats: number
  readonly selector: string
}

/** Runs in the page: only its source is sent (closes over nothing). */
async function toggleInPage(args: ToggleArgs): Promise<ToggleRedraws> {
  const region = document.querySelector('section[aria-label="Charts"]')
  if (!region) throw new Error('no Charts panel')
  const button = (name: string) => [...region.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === name)
  const settle = () =>
    new Promise<void>((resolve) => {
      const channel = new MessageChannel()
      channel.port1.onmessage = () => resolve()
      channel.port2.postMessage(0)
    })
  const frames = () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())))
  const hideMs: number[] = []
  const showMs: number[] = []
  const hideLayoutMs: number[] = []
  const showLayoutMs: number[] = []
  for (let i = 0; i < args.repeats; i++) {
    for (const [name, out, layoutOut] of [
      [`Hide ${args.label}`, hideMs, hideLayoutMs],
      [`Show ${args.label}`, showMs, showLayoutMs],
    ] as const) {
      const target = button(name)
      if (!target) throw new Error(`no "${name}" button`)
      const t0 = performance.now()
      target.click()
      await settle()
      const t1 = performance.now()
      region.getBoundingClientRect()
      const t2 = performance.now()
      out.push(t2 - t0)
      layoutOut.push(t2 - t1)
      // Named in a timeline trace (blink.user_timing), for "what happened inside the click".
      performance.measure(name, { start: t0, end: t2 })
      await frames()
    }
  }
  const commands = [...region.querySelectorAll(args.selector)].map((p) => (p.getAttribute('d') ?? '').match(/[A-Za-z]/g)?.length ?? 0)
  return { hideMs, showMs, hideLayoutMs, showLayoutMs, commands }
}

export async function toggleRedraws(page: Page, label: string, repeats: number, selector = LINE_SELECTOR): Promise<ToggleRedraws> {
  return page.evaluate(toggleInPage, { label, repeats, selector })
}

export function toggleSummary(runs: ToggleRedraws) {
  const of = (ms: readonly number[]) => ({ median: round(median([...ms])), max: round(Math.max(...ms)), runs: ms.map((m) => round(m)) })
  return {
    show: { ...of(runs.showMs), layout: of(runs.showLayoutMs) },
    hide: { ...of(runs.hideMs), layout: of(runs.hideLayoutMs) },
    commandsPerLine: runs.commands,
  }
}

/** Counts changes of the lines' path data from now on (window.__chartRedraws). */
export async function countRedraws(page: Page, selector = LINE_SELECTOR): Promise<void> {
  await page.evaluate((sel) => {
    const w = window as unknown as { __chartRedraws?: { count: number; observer: MutationObserver } }
    w.__chartRedraws?.observer.disconnect()
    const state = { count: 0, observer: new MutationObserver(() => undefined) }
    let last = ''
    state.observer = new MutationObserver(() => {
      const now = [...document.querySelectorAll(sel)].map((p) => p.getAttribute('d') ?? '').join('|')
      if (now !== last) state.count++
      last = now
    })
    state.observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['d'] })
    w.__chartRedraws = state
  }, selector)
}

export async function readRedraws(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __chartRedraws?: { count: number } }).__chartRedraws?.count ?? 0)
}

/** The page's main-thread task time so far, ms (Chromium's TaskDuration). */
export async function taskMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics')
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000
}

export async function openMetrics(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable')
  return cdp
}

/**
 * A live phase's main-thread cost per redraw: task wall time (TaskDuration, inflated when the
 * machine is busy: a preempted task keeps counting) and CPU time (the renderer main thread's share
 * from /proc, % of one core), each divided by the redraws.
 */
export function perRedraw(taskMsSpent: number, redraws: number, seconds: number, mainCpuPercent: number) {
  const cpuMs = (mainCpuPercent / 100) * seconds * 1000
  return {
    redraws,
    redrawsPerSecond: round(redraws / seconds),
    mainThreadTaskMs: round(taskMsSpent),
    taskMsPerRedraw: redraws > 0 ? round(taskMsSpent / redraws) : null,
    cpuMsPerRedraw: redraws > 0 ? round(cpuMs / redraws) : null,
  }
}
