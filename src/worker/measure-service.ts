import type { ConnectOptions } from '../model/connection-types.ts'
import type { ClientLink } from '../model/measure/client-link.ts'
import { MEASURE_LIMITS } from '../model/measure/measure-limits.ts'
import { ProbeRun } from '../model/measure/probe-run.ts'
import type { ProbeSettings } from '../model/measure/probe-settings.ts'
import { WatchRun } from '../model/measure/watch-run.ts'
import type { WatchSettings } from '../model/measure/watch-settings.ts'
import { openMeasureLink, workerClock } from './measure-connection.ts'
import type { WorkerEvent } from './protocol.ts'

/** Topics a watch report lists in the page (the busiest; each costs a sort of its latencies). */
const PAGE_TOPICS = 20
/** A watch's report goes to the page at most this often (it sorts latencies). */
const WATCH_REPORT_MS = 500

interface Tracked<R> {
  readonly run: R
  readonly links: ClientLink[]
  /** The run's version last sent, and when. */
  sentVersion: number
  sentAt: number
  /** When the charts (histogram, latency over time) last went along. */
  chartsAt: number
  finalSent: boolean
}

type Open = (options: ConnectOptions, role: string) => Promise<ClientLink>

/**
 * The probe and the watch of the Measure panel, in the worker. Each runs over connections of its
 * own (measure-connection.ts), so the explorer's message path gains nothing per message. Their
 * reports go to the page on the flush clock (poll), only when something changed: a probe at
 * 20,000 msg/s still costs the page ten small events a second.
 */
export class MeasureService {
  readonly #emit: (event: WorkerEvent) => void
  readonly #open: Open
  #probe: (Tracked<ProbeRun> & { readonly id: number }) | undefined
  #watch: Tracked<WatchRun> | undefined

  constructor(emit: (event: WorkerEvent) => void, open: Open = openMeasureLink) {
    this.#emit = emit
    this.#open = open
  }

  startProbe(id: number, runId: string, settings: ProbeSettings, options: ConnectOptions | undefined): void {
    const run = new ProbeRun(runId, settings, workerClock)
    if (this.#probe && !this.#probe.run.ended) {
      // The running one stays tracked; this one is answered at once.
      run.fail('another probe is still running: stop it first')
      this.#emit({ type: 'probe', id, report: run.report(workerClock.now()) })
      return
    }
    this.#probe = { id, run, links: [], sentVersion: -1, sentAt: 0, chartsAt: 0, finalSent: false }
    if (!options) run.fail('not connected: connect to a broker first')
    else void this.#runProbe(this.#probe, options)
  }

  async #runProbe(probe: Tracked<ProbeRun>, options: ConnectOptions): Promise<void> {
    const { run } = probe
    try {
      const pub = await this.#open(options, 'probe')
      probe.links.push(pub)
      const sub = run.settings.separateSubscriber && !run.ended ? await this.#open(options, 'probe-sub') : pub
      if (sub !== pub) probe.links.push(sub)
      await run.run(pub, sub)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      run.fail(`could not connect: ${reason}`, /not authori[sz]ed|bad user name or password/i.test(reason))
    } finally {
      await Promise.all(probe.links.map((link) => link.end()))
    }
  }

  stopProbe(id: number): void {
    if (this.#probe?.id === id) this.#probe.run.stop()
  }

  startWatch(settings: WatchSettings, options: ConnectOptions | undefined): void {
    this.#watch?.run.stop()
    // A decoded format: the decoders' chunk is loaded before the subscription, so every message decodes.
    let decoders: typeof import('../model/binary-decoders.ts') | undefined
    const format = settings.format
    const run = new WatchRun(settings, workerClock, format && ((topic, payload) => decoders?.decodedValue(format, topic, payload)))
    const watch: Tracked<WatchRun> = { run, links: [], sentVersion: -1, sentAt: 0, chartsAt: 0, finalSent: false }
    this.#watch = watch
    if (!options) return run.fail('not connected: connect to a broker first')
    void (async () => {
      try {
        if (format) decoders = await import('../model/binary-decoders.ts')
        const link = await this.#open(options, 'watch')
        watch.links.push(link)
        await run.run(link)
        await run.done
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        run.fail(`could not connect: ${reason}`, /not authori[sz]ed|bad user name or password/i.test(reason))
      } finally {
        await Promise.all(watch.links.map((link) => link.end()))
      }
    })()
  }

  stopWatch(): void {
    this.#watch?.run.stop()
  }

  /** The session changed (another broker, or none): what ran against the old one stops. */
  stopAll(): void {
    this.#probe?.run.stop()
    this.#probe?.run.stop() // a second Stop ends the drain at once
    this.#watch?.run.stop()
  }

  /** The flush clock: reports that changed go to the page. */
  poll(now: number): void {
    const probe = this.#probe
    if (probe && this.#due(probe, now, 0)) {
      const charts = probe.run.ended || now - probe.chartsAt >= MEASURE_LIMITS.liveSummaryMs
      if (charts) probe.chartsAt = now
      this.#emit({ type: 'probe', id: probe.id, report: probe.run.report(workerClock.now(), charts) })
    }
    const watch = this.#watch
    if (watch && this.#due(watch, now, WATCH_REPORT_MS)) this.#emit({ type: 'watch', report: watch.run.report(workerClock.now(), PAGE_TOPICS) })
  }

  /** Changed since the last report (and `minMs` passed), or ended and not reported as such; a live run reports at least every second. */
  #due(tracked: Tracked<ProbeRun | WatchRun>, now: number, minMs: number): boolean {
    const { run } = tracked
    if (tracked.finalSent) return false
    const changed = run.version !== tracked.sentVersion
    const live = run.phase === 'sending' || run.phase === 'draining' || run.phase === 'watching'
    const due = run.ended || (changed && now - tracked.sentAt >= minMs) || (live && now - tracked.sentAt >= 1000)
    if (!due) return false
    tracked.sentVersion = run.version
    tracked.sentAt = now
    tracked.finalSent = run.ended
    return true
  }
}
