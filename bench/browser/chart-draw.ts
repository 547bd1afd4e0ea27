/**
 * `npm run bench:chart`: how long a chart with 3 series of 100,000 points each takes to draw in
 * headless Chromium (issue 6, "Done when").
 *
 * A real mqtt-scope server (embedded broker) on ephemeral loopback ports; a publisher process
 * (chart-publisher.ts: MQTT.js over TCP, QoS 0, paced like the ingest benchmark's; noisy values
 * with spikes, the hardest to draw) round-robin over 3 topics; the app in Debian's Chromium with
 * the launch options of e2e/playwright.config.ts (all started by harness/browser-bench.ts). The benchmark pins the 3 topics into one chart from the inspector
 * ("Chart"), sets its window to "All", publishes 100,000 points to each topic while the chart is
 * open (recording frames and long tasks meanwhile: the "live" figures), and waits until the legend
 * shows "100,000 points" for every series. Then it pauses the chart ("Pause chart": its end stays
 * put, so every draw has the same data and nothing moves once drawn) and measures, in the page,
 * how long the chart takes to draw:
 *
 * - open: from the click on the status bar's "Charts" toggle (the panel was closed) until the plot
 *   holds its 3 lines with their data: a MutationObserver notes every change of the lines' path
 *   data that leaves all 3 complete (each at least MIN_COMMANDS path commands, "100,000 points"
 *   three times in the panel); the draw is over when they have not changed for QUIET_MS. `dom` is
 *   the time of that last change, `frame` the second requestAnimationFrame after it (the frame that
 *   shows it), `renders` how many complete changes it took (the app may first draw the data it
 *   had, then the worker's answer for the new view);
 * - window: the same, from choosing "All" in "Time window" after "1 min".
 *
 * For each run it also records the main thread's long tasks (PerformanceObserver 'longtask') from
 * the action until the frame. Last, resumed and live again (window All), it counts frames and long
 * tasks for 5 s without traffic and for 10 s of a trickle (30 msg/s over the 3 topics). It prints
 * each run, the median and the maximum, and writes docs/bench-results/chart-draw.json. It never
 * fails on timing: the exit code is non-zero only when something is broken (a process did not
 * start, points were lost, the chart never drew).
 *
 * `--redraw-only` skips the open and window draws (and the minute's wait before them): only the
 * redraw clicks and the live phases, for a quicker look at a redraw. `--profile FILE` also writes the
 * raw V8 CPU profile of the redraw clicks (a .cpuprofile that Chrome DevTools opens) to FILE, and the
 * timeline trace of the traced clicks next to it (FILE without .cpuprofile, plus .trace.json).
 *
 *   tsx bench/browser/chart-draw.ts [--points 100000] [--rate 10000] [--repeats 5] [--redraw-only] [--profile FILE] [--out FILE | --no-save]
 */
import { LIMITS as APP_LIMITS } from '../../src/model/limits.ts'
import { round } from '../common/stats.ts'
import { draw, type DrawLimits, type DrawRun } from './chart-draw-run.ts'
import { chart, charts, chartsToggle, legendCounts, pin, until } from './chart-page.ts'
import { countRedraws, openMetrics, perRedraw, readRedraws, taskMs, toggleRedraws, toggleSummary } from './chart-redraw.ts'
import { cpuOf, cpuText, printRuns, summary } from './chart-report.ts'
import { summarizeProfile, type CpuProfile } from './cpu-profile.ts'
import { loadAppSourceMaps } from './source-map.ts'
import { summarizeTrace } from './trace-summary.ts'
import { cpuInWindows } from './trace-windows.ts'
import { PROJECT_DIR } from '../common/results.ts'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { runBrowserBench, saveRecord, type BrowserBench } from './harness/browser-bench.ts'
import { readFlags } from './harness/flags.ts'
import { frameFigures, readProbe, resetProbe } from './harness/page-probe.ts'

const SERIES = 3
/** One level under a root of their own, so each is one row under "chart-bench" in the tree. */
const TOPICS = Array.from({ length: SERIES }, (_, i) => `chart-bench/s${i}`)
/** A drawn line with fewer path commands than this is not the data yet (an empty or first partial render). */
const MIN_COMMANDS = 100
/** How long one draw may take before the run counts it as never drawn. */
const DRAW_LIMIT_MS = 60_000
/** A draw is over when the lines have not changed for this long (the chart is paused meanwhile). */
const QUIET_MS = 500
/** The quiet and the trickle phases at the end: the drawn chart with no traffic, and with a few points a second. */
const IDLE_MS = 5_000
const TRICKLE = { rate: 30, seconds: 10 } as const
/** Hide/Show clicks timed for the redraw figure. */
const REDRAW_REPEATS = 20
/** Hide/Show clicks under the timeline trace, after the timed ones. */
const TRACED_REPEATS = 20
const LIMITS: DrawLimits = { series: SERIES, minCommands: MIN_COMMANDS, quietMs: QUIET_MS, limitMs: DRAW_LIMIT_MS }

interface Options {
  readonly points: number
  readonly rate: number
  readonly repeats: number
  readonly out: string | undefined
  readonly redrawOnly: boolean
  readonly profile: string | undefined
}

function parseOptions(argv: readonly string[]): Options {
  const flags = readFlags(argv, ['--points', '--rate', '--repeats', '--redraw-only', '--profile'])
  const positive = (flag: string, fallback: number) => {
    const text = flags.value(flag)
    if (text === undefined) return fallback
    const n = Number(text)
    if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${flag} must be a positive whole number, got ${text}`)
    return n
  }
  const profile = flags.value('--profile')
  return {
    points: positive('--points', 100_000),
    rate: positive('--rate', 10_000),
    repeats: positive('--repeats', 5),
    out: flags.out('chart-draw'),
    redrawOnly: flags.has('--redraw-only'),
    profile: profile === undefined ? undefined : resolve(profile),
  }
}

async function chartDraw(bench: BrowserBench, options: Options): Promise<void> {
  const { page, publisher } = bench
  const publishSeconds = (options.points * SERIES) / options.rate
  // One message per topic, so the inspector can offer "Chart"; then pin all three into Chart 1.
  const prime = await publisher.step(SERIES, 1)
  const primedAt = Date.now()
  const rootRow = page.getByRole('tree', { name: 'Topics' }).getByRole('treeitem', { name: /^chart-bench, / })
  let shown: string | null = null
  await until(
    'the primed messages reach the page',
    20_000,
    async () => (shown = await rootRow.getAttribute('aria-label', { timeout: 1_000 }))?.startsWith(`chart-bench, ${prime.cumulative} messages,`) === true,
  ).catch((error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}: the tree shows ${shown ?? 'no chart-bench row'}`)
  })
  for (const topic of TOPICS) await pin(page, topic)
  await chart(page).waitFor({ timeout: 10_000 })
  const timeWindow = chart(page).getByRole('combobox', { name: 'Time window', exact: true })
  await timeWindow.selectOption({ label: 'All' })
  const pinned = await legendCounts(page)
  if (pinned.length !== SERIES) throw new Error(`the chart lists ${pinned.length} series, not ${SERIES}`)
  process.stdout.write(`pinned ${TOPICS.join(', ')} into Chart 1 (window All)\n`)

  // Live: the points stream in while the chart is open.
  process.stdout.write(`publishing ${options.points.toLocaleString('en')} points to each of ${SERIES} topics at ${options.rate.toLocaleString('en')} msg/s…\n`)
  const sample = () => bench.sampleCpu()
  await resetProbe(page)
  let cpuFrom = sample()
  const report = await publisher.step(options.rate, publishSeconds)
  const liveProbe = await readProbe(page)
  const liveCpu = cpuOf(cpuFrom, sample())
  // Each series also keeps its primed message, as long as the budget leaves room for it.
  const perSeries = Math.min(options.points + 1, APP_LIMITS.charts.seriesPoints)
  const expected = Array<number>(SERIES).fill(perSeries)
  let counts: number[] = []
  const settleMs = await until(`the legend shows ${perSeries.toLocaleString('en')} points for every series`, 120_000, async () => {
    counts = await legendCounts(page)
    return counts.length === SERIES && counts.every((n, i) => n === expected[i])
  }).catch((error: unknown) => {
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}; the legend shows ${counts.join(', ')} (sent ${report.sent.toLocaleString('en')})`,
    )
  })
  const live = {
    sent: report.sent,
    actualRate: report.actualRate,
    seconds: round(report.sendMs / 1000),
    legendSettleMs: settleMs,
    ...frameFigures(liveProbe),
    cpuPercent: liveCpu,
  }
  process.stdout.write(
    `sent ${report.sent.toLocaleString('en')} at ${report.actualRate.toLocaleString('en')}/s; legend at ${perSeries.toLocaleString('en')} × ${SERIES} after ${settleMs} ms; ` +
      `while streaming: median ${live.fpsMedian} fps (min ${live.fpsMin}), ${live.longTasks} long tasks (longest ${live.longTaskMaxMs} ms); ${cpuText(liveCpu)}\n`,
  )

  const countText = `${perSeries.toLocaleString('en-US')} points`
  // The "1 min" window must leave the primed points out (else it draws the same lines as "All" and
  // there is no change to time): pause at least a minute after them.
  const untilMinute = options.redrawOnly ? 0 : primedAt + 61_000 - Date.now()
  if (untilMinute > 0) {
    process.stdout.write(`waiting ${Math.ceil(untilMinute / 1000)} s, so that "1 min" leaves the primed points out…\n`)
    await page.waitForTimeout(untilMinute)
  }
  // Paused, the chart's end stays where it is: every draw below has the same data to draw, and
  // nothing moves by itself once it is drawn.
  await chart(page).getByRole('button', { name: 'Pause chart', exact: true }).click()
  await chart(page).getByRole('button', { name: 'Resume chart', exact: true }).waitFor({ timeout: 10_000 })

  // Open: the panel closed, then the toggle clicked.
  const openRuns: DrawRun[] = []
  cpuFrom = sample()
  for (let i = 0; i < (options.redrawOnly ? 0 : options.repeats); i++) {
    await chartsToggle(page).click()
    await charts(page).waitFor({ state: 'detached', timeout: 10_000 })
    await page.waitForTimeout(300)
    openRuns.push(await draw(page, { kind: 'open' }, countText, LIMITS))
    process.stdout.write(`open ${i + 1}: ${openRuns.at(-1)!.frameMs} ms\n`)
  }

  const openCpu = cpuOf(cpuFrom, sample())

  // Window: "1 min" (the last minute before the pause), then "All" again.
  const windowRuns: DrawRun[] = []
  cpuFrom = sample()
  for (let i = 0; i < (options.redrawOnly ? 0 : options.repeats); i++) {
    await draw(page, { kind: 'window', label: '1 min' }, '', LIMITS)
    windowRuns.push(await draw(page, { kind: 'window', label: 'All' }, countText, LIMITS))
    process.stdout.write(`window ${i + 1}: ${windowRuns.at(-1)!.frameMs} ms\n`)
  }
  const windowCpu = cpuOf(cpuFrom, sample())

  // Redraw (chart-redraw.ts): the legend's Hide/Show of one series, still paused (same data),
  // under a CPU profile of the page's main thread (where the time goes).
  const cdp = await openMetrics(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.start')
  const toggles = toggleSummary(await toggleRedraws(page, TOPICS[SERIES - 1]!, REDRAW_REPEATS))
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile }
  const redrawProfile = summarizeProfile(profile, loadAppSourceMaps(join(PROJECT_DIR, 'dist')), 15)
  if (options.profile !== undefined) {
    writeFileSync(options.profile, JSON.stringify(profile))
    process.stdout.write(`wrote the CPU profile of the redraw clicks to ${options.profile}\n`)
  }
  process.stdout.write(
    `\nredraw ("Show" of 1 of ${SERIES} series, all ${SERIES} lines drawn, ${toggles.commandsPerLine.join(' / ')} path commands): median ${toggles.show.median} ms (max ${toggles.show.max} ms), of it style+layout ${toggles.show.layout.median} ms; ` +
      `"Hide": median ${toggles.hide.median} ms (max ${toggles.hide.max} ms), of it style+layout ${toggles.hide.layout.median} ms; ${REDRAW_REPEATS} each\n`,
  )
  process.stdout.write(
    `main thread during the ${REDRAW_REPEATS * 2} clicks: ${round(redrawProfile.busyMs)} ms busy; self time: ` +
      redrawProfile.top
        .slice(0, 10)
        .map((f) => `${f.name} ${round(f.selfMs)} ms`)
        .join('; ') +
      '\n',
  )
  // The same clicks again under a timeline trace (not the CPU profile): what the profile calls
  // "(program)", by trace event (style, layout, paint…).
  await bench.browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'] })
  await toggleRedraws(page, TOPICS[SERIES - 1]!, TRACED_REPEATS)
  const traceText = (await bench.browser.stopTracing()).toString('utf8')
  const redrawTrace = summarizeTrace(traceText, 15)
  const clickCpu = cpuInWindows(traceText, (name) => (name.startsWith('Hide ') ? 'hide' : name.startsWith('Show ') ? 'show' : undefined))
  if (options.profile !== undefined) writeFileSync(`${options.profile.replace(/\.cpuprofile$/, '')}.trace.json`, traceText)
  if (redrawTrace)
    process.stdout.write(
      `trace of ${TRACED_REPEATS * 2} more clicks: ${redrawTrace.busyMs} ms busy; self time by event: ` +
        redrawTrace.top
          .slice(0, 10)
          .map((e) => `${e.name} ${e.selfMs} ms`)
          .join('; ') +
        '\n',
    )
  process.stdout.write(
    `main-thread CPU per click in the trace (thread time of the tasks inside each click, whatever the load): ` +
      `"Show" median ${clickCpu.show?.cpuMs ?? '?'} ms (max ${clickCpu.show?.cpuMaxMs ?? '?'} ms, wall ${clickCpu.show?.wallMs ?? '?'} ms); ` +
      `"Hide" median ${clickCpu.hide?.cpuMs ?? '?'} ms (max ${clickCpu.hide?.cpuMaxMs ?? '?'} ms, wall ${clickCpu.hide?.wallMs ?? '?'} ms)\n`,
  )
  await chart(page).getByRole('button', { name: 'Resume chart', exact: true }).click()
  await chart(page).getByRole('button', { name: 'Pause chart', exact: true }).waitFor({ timeout: 10_000 })

  // Afterwards, with the chart drawn (window All): frames and long tasks with no traffic, and
  // with a sensor-like trickle (each new point moves the chart).
  await resetProbe(page)
  await countRedraws(page)
  let taskFrom = await taskMs(cdp)
  cpuFrom = sample()
  await page.waitForTimeout(IDLE_MS)
  const idleCpu = cpuOf(cpuFrom, sample())
  const idle = {
    ...frameFigures(await readProbe(page)),
    ...perRedraw((await taskMs(cdp)) - taskFrom, await readRedraws(page), IDLE_MS / 1000, idleCpu['renderer: main'] ?? 0),
    cpuPercent: idleCpu,
  }
  await resetProbe(page)
  await countRedraws(page)
  taskFrom = await taskMs(cdp)
  cpuFrom = sample()
  const trickle = await publisher.step(TRICKLE.rate, TRICKLE.seconds)
  const steadyCpu = cpuOf(cpuFrom, sample())
  const steady = {
    rate: trickle.actualRate,
    seconds: TRICKLE.seconds,
    ...frameFigures(await readProbe(page)),
    ...perRedraw((await taskMs(cdp)) - taskFrom, await readRedraws(page), TRICKLE.seconds, steadyCpu['renderer: main'] ?? 0),
    cpuPercent: steadyCpu,
  }
  process.stdout.write(
    `\nchart on screen, no traffic (${IDLE_MS / 1000} s): median ${idle.fpsMedian} fps (min ${idle.fpsMin}), ${idle.longTasks} long tasks (longest ${idle.longTaskMaxMs} ms); ${idle.redraws} redraws (${idle.redrawsPerSecond}/s), main thread per redraw ${idle.cpuMsPerRedraw} ms CPU (${idle.taskMsPerRedraw} ms task time); ${cpuText(idle.cpuPercent)}\n` +
      `chart on screen, ${TRICKLE.rate} msg/s over the 3 topics (${TRICKLE.seconds} s): median ${steady.fpsMedian} fps (min ${steady.fpsMin}), ${steady.longTasks} long tasks (longest ${steady.longTaskMaxMs} ms); ${steady.redraws} redraws (${steady.redrawsPerSecond}/s), main thread per redraw ${steady.cpuMsPerRedraw} ms CPU (${steady.taskMsPerRedraw} ms task time); ${cpuText(steady.cpuPercent)}\n`,
  )

  if (!options.redrawOnly) {
    printRuns(`Open the Charts panel: 1 chart, ${SERIES} series × ${options.points.toLocaleString('en')} points, window All (paused)`, openRuns, openCpu)
    printRuns(`Time window "1 min" -> "All": ${SERIES} series × ${options.points.toLocaleString('en')} points (paused)`, windowRuns, windowCpu)
  }

  await saveRecord(bench, 'chart-draw', options.out, {
    setup: {
      series: SERIES,
      topics: TOPICS,
      pointsPerSeries: options.points,
      qos: 0,
      payload: 'decimal text: a slow sine + noise on every point + a spike every 9,973 points (chart-publisher.ts), so each 2-px bucket keeps 4 points',
      rate: options.rate,
      viewport: bench.viewport,
      launchArgs: bench.launchArgs,
      drawnWhen: `the last change of ${SERIES} path.chart-line elements with >= ${MIN_COMMANDS} path commands each while "${countText}" is in the Charts panel ${SERIES} times, followed by ${QUIET_MS} ms without a change (chart paused)`,
    },
    live,
    open: options.redrawOnly ? null : { ...summary(openRuns), cpuPercent: openCpu },
    window: options.redrawOnly ? null : { ...summary(windowRuns), cpuPercent: windowCpu },
    redraw: {
      ...toggles,
      profile: redrawProfile,
      ...(redrawTrace ? { traced: { clicks: TRACED_REPEATS * 2, cpuPerClick: clickCpu, byTraceEvent: redrawTrace } } : {}),
    },
    idle,
    steady,
  })
}

runBrowserBench('bench:chart', (argv) => {
  const options = parseOptions(argv)
  return {
    watchdogMs: ((options.points * SERIES) / options.rate + 300 + options.repeats * 2 * 30) * 1000,
    publisher: { script: 'bench/browser/chart-publisher.ts', args: ['--topics', TOPICS.join(',')], stepSlackMs: 120_000 },
    run: (bench) => chartDraw(bench, options),
  }
})
