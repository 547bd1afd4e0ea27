/**
 * What the browser benchmarks measure inside the page: frames and long tasks. `installProbe` is
 * serialized and run as an init script before any of the app's scripts (so it sees every frame and
 * long task); a benchmark then calls `resetProbe` when a phase begins and `readProbe` when it ends.
 */
import type { Page } from '@playwright/test'
import { loadavg } from 'node:os'
import { median, round } from '../../common/stats.ts'

export interface ProbeReading {
  /** Wall-clock ms the reading covers (reset to read). */
  readonly ms: number
  /** requestAnimationFrame callbacks in each whole second since reset. */
  readonly framesPerSecond: readonly number[]
  /** The longest gap between two frames, ms. */
  readonly maxFrameGapMs: number
  readonly longTasks: readonly { readonly startMs: number; readonly durationMs: number }[]
  /** performance.memory.usedJSHeapSize of the page (main thread), bytes; undefined if not exposed. */
  readonly usedJSHeapSize: number | undefined
  /** Tasks observed at all (a sanity check that the observer works in this browser). */
  readonly longTaskObserverSupported: boolean
}

export interface IngestProbe {
  reset(): void
  read(): ProbeReading
}

/**
 * The init script's source. tsx (esbuild with keepNames) wraps named inner functions in
 * `__name(...)` calls, a helper that exists in Node but not in the page: define it there first.
 */
export function probeScript(): string {
  return `var __name = (fn) => fn;\n(${installProbe.toString()})();`
}

export async function resetProbe(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { __ingestProbe: IngestProbe }).__ingestProbe.reset())
}

export async function readProbe(page: Page): Promise<ProbeReading> {
  return page.evaluate(() => (window as unknown as { __ingestProbe: IngestProbe }).__ingestProbe.read())
}

/** Frames per second and long tasks of a reading, and the machine's load meanwhile. */
export function frameFigures(probe: ProbeReading) {
  const fps = probe.framesPerSecond
  return {
    fpsMedian: fps.length ? median(fps) : 0,
    fpsMin: fps.length ? Math.min(...fps) : 0,
    longTasks: probe.longTasks.length,
    longTaskMaxMs: probe.longTasks.reduce((m, t) => Math.max(m, t.durationMs), 0),
    /** os.loadavg()[0]: other work on the machine skews every figure. */
    loadAverage: round(loadavg()[0]!),
  }
}

/** Runs in the page. Must not close over anything: only its source text is sent. */
export function installProbe(): void {
  const w = window as unknown as { __ingestProbe?: IngestProbe }
  if (w.__ingestProbe) return
  let origin = performance.now()
  let frames: number[] = []
  let longTasks: { startMs: number; durationMs: number }[] = []
  const onFrame = (t: number) => {
    frames.push(t)
    requestAnimationFrame(onFrame)
  }
  requestAnimationFrame(onFrame)
  const supported = typeof PerformanceObserver !== 'undefined' && (PerformanceObserver.supportedEntryTypes ?? []).includes('longtask')
  if (supported) {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push({ startMs: entry.startTime, durationMs: entry.duration })
    }).observe({ type: 'longtask', buffered: true })
  }
  w.__ingestProbe = {
    reset() {
      origin = performance.now()
      frames = []
      longTasks = []
    },
    read() {
      const now = performance.now()
      const seconds = Math.floor((now - origin) / 1000)
      const perSecond = new Array<number>(seconds).fill(0)
      let maxGap = 0
      let previous = origin
      for (const t of frames) {
        const second = Math.floor((t - origin) / 1000)
        if (second >= 0 && second < seconds) perSecond[second]! += 1
        if (t >= origin) maxGap = Math.max(maxGap, t - previous)
        previous = Math.max(previous, t)
      }
      maxGap = Math.max(maxGap, now - previous)
      const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory
      return {
        ms: now - origin,
        framesPerSecond: perSecond,
        maxFrameGapMs: Math.round(maxGap),
        longTasks: longTasks
          .filter((t) => t.startMs + t.durationMs >= origin)
          .map((t) => ({ startMs: Math.round(t.startMs - origin), durationMs: Math.round(t.durationMs) })),
        usedJSHeapSize: memory?.usedJSHeapSize,
        longTaskObserverSupported: supported,
      }
    },
  }
}
