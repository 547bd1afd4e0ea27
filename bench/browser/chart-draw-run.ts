/**
 * One timed draw of the chart: an action (open the Charts panel, or choose a "Time window"), then
 * a watch in the page until the plot holds its lines with their data and has been quiet for a while.
 */
import type { Page } from '@playwright/test'
import os from 'node:os'
import { round } from '../common/stats.ts'
import { readProbe, resetProbe } from './harness/page-probe.ts'

export interface DrawArgs {
  /** Click the "Charts" toggle (the panel is closed), or choose a "Time window" option. */
  readonly action: { readonly kind: 'open' } | { readonly kind: 'window'; readonly label: string }
  readonly series: number
  readonly minCommands: number
  /** Text the panel must show `series` times for a draw to count ("100,000 points"); '' for none. */
  readonly countText: string
  /** The draw is over when the lines have not changed for this long. */
  readonly quietMs: number
  readonly limitMs: number
}

/** What a draw waits for and how long it may take; the same for every draw of a run. */
export type DrawLimits = Pick<DrawArgs, 'series' | 'minCommands' | 'quietMs' | 'limitMs'>

interface PageDraw {
  readonly drawn: boolean
  /** From the action to the last change of the lines in the DOM (MutationObserver). */
  readonly domMs: number
  /** From the action to the second animation frame after that change: the frame that shows it. */
  readonly frameMs: number
  /** How many times the complete lines changed on the way (a first draw, then the worker's data). */
  readonly draws: number
  /** Path commands of each line (about the downsampled points it draws). */
  readonly commands: number[]
  /** Width of the plot's SVG, px (what the worker downsamples to). */
  readonly svgWidth: number
}

/**
 * Runs in the page: does the action, then watches the plot's lines. Every change that leaves all
 * lines complete (`minCommands` path commands each, the counts in the legend) is a draw; the run ends when the
 * lines have been quiet for `quietMs` (the chart is paused, so nothing moves by itself), and reports
 * the last draw. Must not close over anything: only its source is sent.
 */
async function drawInPage(args: DrawArgs): Promise<PageDraw> {
  const region = () => document.querySelector('section[aria-label="Charts"]')
  const lines = () => [...(region()?.querySelectorAll('path.chart-line') ?? [])]
  const commandsOf = (p: Element) => (p.getAttribute('d') ?? '').match(/[A-Za-z]/g)?.length ?? 0
  const snapshot = () =>
    lines()
      .map((p) => p.getAttribute('d') ?? '')
      .join('|')
  const complete = () => {
    const paths = lines()
    if (paths.length < args.series || paths.some((p) => commandsOf(p) < args.minCommands)) return false
    return args.countText === '' || (region()?.textContent ?? '').split(args.countText).length - 1 >= args.series
  }
  const act = () => {
    if (args.action.kind === 'open') {
      const toggle = [...document.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent ?? '').trim() === 'Charts')
      if (!toggle) throw new Error('no "Charts" toggle')
      toggle.click()
      return
    }
    const label = args.action.label
    const select = [...(region()?.querySelectorAll('select') ?? [])].find((s) => [...s.options].some((o) => o.text.trim() === label))
    const option = select && [...select.options].find((o) => o.text.trim() === label)
    if (!select || !option) throw new Error(`no "Time window" option ${label}`)
    select.value = option.value
    select.dispatchEvent(new Event('change', { bubbles: true }))
  }
  return new Promise<PageDraw>((resolve) => {
    let last = snapshot()
    let draws = 0
    let drawnAt = -1
    let frameAt = -1
    const observer = new MutationObserver(() => {
      const at = performance.now()
      const now = snapshot()
      if (now === last) return
      last = now
      if (!complete()) return
      draws++
      drawnAt = at
      frameAt = -1
      const draw = draws
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          if (draw === draws) frameAt = performance.now()
        }),
      )
    })
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true })
    const t0 = performance.now()
    act()
    const check = setInterval(() => {
      const now = performance.now()
      // A step that needs no particular data ('' countText) may leave the lines as they were (a
      // "1 min" window that already holds every point draws the same paths): complete and quiet is drawn.
      if (drawnAt < 0 && args.countText === '' && now - t0 >= args.quietMs && complete()) drawnAt = frameAt = t0
      const settled = drawnAt >= 0 && frameAt >= 0 && now - drawnAt >= args.quietMs
      if (!settled && now - t0 < args.limitMs) return
      clearInterval(check)
      observer.disconnect()
      const svg = region()?.querySelector('svg.recharts-surface')
      resolve({
        drawn: settled,
        domMs: drawnAt - t0,
        frameMs: frameAt - t0,
        draws,
        commands: lines().map(commandsOf),
        svgWidth: Number(svg?.getAttribute('width') ?? 0),
      })
    }, 25)
  })
}

export interface DrawRun {
  readonly domMs: number
  readonly frameMs: number
  readonly draws: number
  readonly longTasks: number
  readonly longTaskMaxMs: number
  readonly pointsDrawnPerLine: readonly number[]
  readonly svgWidth: number
  readonly loadAverage: number
}

/** One draw in the page: probe reset, the action and the watch, then the long tasks until its frame. */
export async function draw(page: Page, action: DrawArgs['action'], countText: string, limits: DrawLimits): Promise<DrawRun> {
  await resetProbe(page)
  const args: DrawArgs = { action, countText, ...limits }
  const result = await page.evaluate(drawInPage, args)
  const what = action.kind === 'open' ? 'open' : `window ${action.label}`
  if (!result.drawn)
    throw new Error(
      `${what}: the chart did not draw its ${limits.series} lines in ${limits.limitMs} ms (lines: ${result.commands.join(', ') || 'none'} commands)`,
    )
  const probe = await readProbe(page)
  const during = probe.longTasks.filter((t) => t.startMs <= result.frameMs)
  return {
    domMs: Math.round(result.domMs),
    frameMs: Math.round(result.frameMs),
    draws: result.draws,
    longTasks: during.length,
    longTaskMaxMs: during.reduce((m, t) => Math.max(m, t.durationMs), 0),
    pointsDrawnPerLine: result.commands,
    svgWidth: result.svgWidth,
    loadAverage: round(os.loadavg()[0]!),
  }
}
