import { LIMITS } from '../model/limits.ts'
import type { RetainedMarks, RetainedSource } from '../model/retained-types.ts'
import { compileFilter } from '../model/topic-rules.ts'
import type { TopicNode, TopicTree } from '../model/topic-tree.ts'
import type { ConnectOptions } from '../model/connection-types.ts'
import { RetainedProbe, type ProbeLimits } from './retained-probe.ts'
import { scanFilters, type ProbeClient, type ScanLimits } from './retained-scan.ts'

export interface TrackerLimits {
  readonly probe: ProbeLimits
  readonly scan: ScanLimits
  /**
   * A topic is asked about again at most this often; each "not retained" answer in a row doubles
   * its wait, up to `maxRecheckMs` (a busy topic that is never retained costs little).
   */
  readonly recheckMs: number
  readonly maxRecheckMs: number
  /** Topics per probe round (one SUBSCRIBE). */
  readonly topicsPerRound: number
  /** Questions are gathered this long before a round starts. */
  readonly gatherMs: number
}

export interface TrackerDeps {
  /** A second connection to the session's broker (worker: openScanClient). */
  readonly open: (options: ConnectOptions) => Promise<ProbeClient>
  /** Called when the marks' source, a scan or a probe error changes (the page shows it). */
  readonly onMarks: (marks: RetainedMarks) => void
  readonly limits?: TrackerLimits
}

/** How many queued topics one round looks at, at most (a queue of every topic stays cheap). */
const QUEUE_LOOK_AHEAD = 10_000

/**
 * Keeps the tree's retained marks true to the broker (issue 14: a mark while the broker holds a
 * retained message). What each message says is applied by TopicTree.ingest (retained-state.ts);
 * this adds what only the broker can say:
 * - 'flags', MQTT 5: nothing; Retain As Published makes the flag on every message true.
 * - 'probe', the embedded broker under 3.1.1: a topic that may have just become retained (a
 *   message without the flag on an unmarked topic, which under 3.1.1 may be a live retained one;
 *   an empty message, which may be a clear) is asked about on a second connection
 *   (RetainedProbe), each topic at most every `recheckMs` (longer while it keeps saying no).
 * - 'scan', another broker under 3.1.1: asking about every live topic would load someone else's
 *   broker; the retained scan of the subscribed filters runs on demand (rescan) instead.
 * In every mode a reconnect rescans: what was cleared while we were away stays marked otherwise.
 */
export class RetainedTracker {
  readonly #tree: TopicTree
  readonly #deps: TrackerDeps
  readonly #limits: TrackerLimits
  #options: ConnectOptions | undefined
  #filters: () => readonly string[] = () => []
  #source: RetainedSource = 'scan'
  #probe: RetainedProbe | undefined
  /** Topics to ask about, in arrival order; a topic asked about recently waits its turn here. */
  #queue = new Map<TopicNode, true>()
  /** When each topic may be asked about again, and how long it waited last time. */
  #nextAsk = new WeakMap<TopicNode, { readonly at: number; readonly wait: number }>()
  /** Topics in the round under way that got an empty message meanwhile (a "retained" answer may be stale). */
  #emptied = new Set<TopicNode>()
  #inFlight: ReadonlySet<TopicNode> | undefined
  #timer: ReturnType<typeof setTimeout> | undefined
  #marks: RetainedMarks = { source: 'scan', scanning: false }
  /** Bumped by start/stop: an answer for an older session is dropped. */
  #generation = 0

  constructor(tree: TopicTree, deps: TrackerDeps) {
    this.#tree = tree
    this.#deps = deps
    this.#limits = deps.limits ?? LIMITS.retainedMarks
  }

  get marks(): RetainedMarks {
    return this.#marks
  }

  /** A new session: where its marks come from. */
  start(options: ConnectOptions, filters: () => readonly string[]): void {
    this.stop()
    this.#options = options
    this.#filters = filters
    this.#source = options.protocolVersion === 5 ? 'flags' : options.embedded === true ? 'probe' : 'scan'
    if (this.#source === 'probe') this.#probe = new RetainedProbe(() => this.#deps.open(options), this.#limits.probe)
    this.#setMarks({ source: this.#source, scanning: false })
  }

  stop(): void {
    this.#generation++
    this.#probe?.close()
    this.#probe = undefined
    this.#options = undefined
    clearTimeout(this.#timer)
    this.#timer = undefined
    this.forgetAll()
  }

  /** The tree was cleared or reset: nothing queued refers to it any more. */
  forgetAll(): void {
    this.#queue = new Map()
    this.#nextAsk = new WeakMap()
    this.#emptied.clear()
  }

  /** The session (re)connected; after a reconnect what the broker holds may have changed. */
  connected(reconnect: boolean): void {
    if (reconnect) void this.rescan()
  }

  /** One message on `node`, after TopicTree.ingest: on the message hot path, so O(1). */
  note(node: TopicNode, retain: boolean, size: number): void {
    // The broker's own $SYS topics are retained by the broker itself, which sends them flagged on
    // subscribe; asking about them would also make aedes announce every probe on $SYS/<id>/new/subscribes.
    if (this.#source !== 'probe' || retain || node.topic.startsWith('$SYS/')) return
    if (size === 0 && this.#inFlight?.has(node) === true) this.#emptied.add(node)
    if (node.retained) return
    this.#queue.set(node, true)
    this.#timer ??= setTimeout(() => void this.#round(), this.#limits.gatherMs)
  }

  /**
   * The retained scan of every subscribed filter, applied to the topics it covers: marked when
   * the broker sent a retained message for it, unmarked otherwise (unless a message arrived
   * meanwhile). Not for MQTT 5, whose flags say it all.
   */
  async rescan(): Promise<void> {
    const options = this.#options
    const filters = this.#filters().filter((f) => !f.startsWith('$share/'))
    if (options === undefined || this.#source === 'flags' || filters.length === 0 || this.#marks.scanning) return
    const generation = this.#generation
    const startedAt = Date.now()
    this.#setMarks({ ...this.#marks, scanning: true })
    let error: string | undefined
    let found: Set<string> | undefined
    try {
      const result = await scanFilters(await this.#deps.open(options), filters, this.#limits.scan)
      if (result.error !== undefined) error = result.error
      else if (!result.partial) found = result.topics
      else error = `the broker was still sending retained messages after ${this.#limits.scan.scanMs / 1000} s`
    } catch (e) {
      error = e instanceof Error ? e.message : String(e)
    }
    if (generation !== this.#generation) return
    if (found !== undefined) this.applyScan(filters, found, startedAt)
    this.#setMarks({ source: this.#source, scanning: false, ...(found ? { scannedAt: Date.now() } : {}), ...(error ? { error } : {}) })
  }

  /**
   * A complete scan's answer for the topics `filters` cover: marked when the broker sent a retained
   * message for it, unmarked otherwise; a topic that got a message after `startedAt` is left alone.
   */
  applyScan(filters: readonly string[], found: ReadonlySet<string>, startedAt: number): void {
    const covered = filters.map((f) => compileFilter(f))
    for (const node of this.#tree.nodes()) {
      if (node.ownMessages === 0 || node.lastAt >= startedAt || !covered.some((matches) => matches(node.topic))) continue
      this.#tree.setRetained(node, found.has(node.topic))
    }
  }

  /** One probe round: the topics whose turn it is, one SUBSCRIBE, the answers into the tree. */
  async #round(): Promise<void> {
    this.#timer = undefined
    const probe = this.#probe
    if (probe === undefined || this.#inFlight !== undefined) return
    const now = Date.now()
    const due: TopicNode[] = []
    let nextDue = Number.POSITIVE_INFINITY
    let looked = 0
    for (const node of this.#queue.keys()) {
      if (due.length >= this.#limits.topicsPerRound || ++looked > QUEUE_LOOK_AHEAD) break
      const at = this.#nextAsk.get(node)?.at ?? 0
      if (at > now) {
        nextDue = Math.min(nextDue, at)
        continue
      }
      this.#queue.delete(node)
      // Forgotten meanwhile, or marked by a flagged message: nothing to ask.
      if (this.#tree.byId(node.id) !== node || node.retained) continue
      due.push(node)
    }
    if (due.length > 0) await this.#ask(probe, due)
    if (this.#queue.size > 0 && this.#probe === probe) {
      const wait = due.length > 0 || looked > QUEUE_LOOK_AHEAD ? this.#limits.gatherMs : Math.max(this.#limits.gatherMs, nextDue - Date.now())
      this.#timer ??= setTimeout(() => void this.#round(), wait)
    }
  }

  async #ask(probe: RetainedProbe, nodes: readonly TopicNode[]): Promise<void> {
    const generation = this.#generation
    this.#inFlight = new Set(nodes)
    this.#emptied.clear()
    try {
      const answer = await probe.ask(nodes.map((n) => n.topic))
      if (generation !== this.#generation) return
      const answered = new Set(answer.answered)
      for (const node of nodes) {
        if (!answered.has(node.topic) || this.#tree.byId(node.id) !== node) continue
        const retained = answer.retained.has(node.topic)
        const wait = retained ? this.#limits.recheckMs : Math.min(this.#limits.maxRecheckMs, (this.#nextAsk.get(node)?.wait ?? this.#limits.recheckMs / 2) * 2)
        this.#nextAsk.set(node, { at: Date.now() + wait, wait })
        // An empty message after the question may have been a clear: that one gets asked again.
        if (retained && this.#emptied.has(node)) this.#queue.set(node, true)
        else this.#tree.setRetained(node, retained)
      }
      if (this.#marks.error !== undefined) this.#setMarks({ source: this.#source, scanning: this.#marks.scanning })
    } catch (error) {
      if (generation !== this.#generation) return
      // Asked again later (the probe opens a new connection for the next round).
      for (const node of nodes) {
        this.#nextAsk.set(node, { at: Date.now() + this.#limits.recheckMs, wait: this.#nextAsk.get(node)?.wait ?? this.#limits.recheckMs / 2 })
        this.#queue.set(node, true)
      }
      this.#setMarks({ ...this.#marks, error: `cannot ask the broker about retained messages: ${error instanceof Error ? error.message : String(error)}` })
    } finally {
      if (generation === this.#generation) this.#inFlight = undefined
    }
  }

  #setMarks(marks: RetainedMarks): void {
    this.#marks = marks
    this.#deps.onMarks(marks)
  }
}
