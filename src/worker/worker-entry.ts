import { LIMITS } from '../model/limits.ts'
import { clipboardText } from '../model/payload-export.ts'
import { BrokerDashboard } from './broker-dashboard.ts'
import { ChartCollector, chartTransfer } from './charts.ts'
import { Explorer } from './explorer.ts'
import { LazyInspector } from './lazy-inspector.ts'
import { LazyMeasure } from './lazy-measure.ts'
import { PacketService } from './packet-service.ts'
import type { WorkerCommand, WorkerEvent } from './protocol.ts'
import { LazyPublisher } from './lazy-publisher.ts'
import { openScanClient } from './retained-scan.ts'
import { LazyRecording } from './lazy-recording.ts'
import { LazyRetained } from './lazy-retained.ts'
import { RetainedTracker } from './retained-tracker.ts'
import { SessionSwitch } from './session-switch.ts'

/**
 * The worker owns the MQTT connection and every message. Messages are only recorded as they
 * arrive; a clock sends the page a snapshot of what it shows, only when something changed, and
 * never more than one unacknowledged batch at a time: a slow page simply gets fewer, larger steps.
 */
// The project's lib is DOM (for the page); this is the slice of the worker global we use.
const scope = self as unknown as {
  postMessage(message: WorkerEvent, transfer?: Transferable[]): void
  onmessage: ((event: MessageEvent<WorkerCommand>) => void) | null
}

/** Rates decay even when nothing arrives; refresh the screen this often while anything moves. */
const IDLE_REFRESH_MS = 1_000

const explorer = new Explorer()
// The inspector loads with the first topic inspected (lazy-inspector.ts); its decoding is here from the start.
const inspector = new LazyInspector(explorer.tree, (status) => emit({ type: 'decoders-status', status }), emit, flushNow)
const brokerDashboard = new BrokerDashboard(explorer.tree)
// A series pinned anew starts from what its topic's history still holds.
const charts = new ChartCollector(
  (topic) => {
    const node = explorer.tree.find(topic)
    return node ? explorer.tree.history.entries(node) : []
  },
  (topic) => {
    const node = explorer.tree.find(topic)
    return node ? explorer.tree.history.latest(node) : undefined
  },
  // Protobuf series decode with the topic's rule, from the .proto files the inspector compiled.
  { ready: () => inspector.decoding.ready(), typeFor: (topic) => inspector.decoding.protobufTypeFor(topic) },
)
const tracker = new RetainedTracker(explorer.tree, {
  open: (options) => openScanClient(options),
  onMarks: (marks) => emit({ type: 'retained-marks', marks }),
})
/** Another broker or recording from now on: forget what the previous one sent. */
function forgetData(): void {
  explorer.clear()
  inspector.invalidate()
  // Pinned series stay pinned, but another broker's values are another series: start empty.
  charts.clearPoints()
}
const sessions = new SessionSwitch({
  reset() {
    publisher.endAll('disconnected')
    measure.stopAll()
    tracker.stop()
    packets.clear()
    forgetData()
  },
  started(session) {
    tracker.start(session.options, () => session.filters)
    flushNow()
  },
  onState(connection, reconnected) {
    emit({ type: 'connection', connection })
    if (connection.state === 'connected') tracker.connected(reconnected)
  },
  onMessage(message) {
    const now = Date.now()
    const node = explorer.ingest(message, now)
    tracker.note(node, message.retain, message.payload.byteLength)
    // Charts collect while the tree is paused too (pausing a chart only freezes its view).
    charts.ingest(message.topic, message.payload, now)
  },
  onSubscription: (filter, status) => emit({ type: 'subscription', filter, status }),
  onPacket: (direction, packet) => packets.record(direction, packet),
  ended() {
    publisher.endAll('disconnected')
    measure.stopAll()
    tracker.stop()
  },
})
// The publisher loads with the first publish (lazy-publisher.ts), the encoders with the first encoded one.
const publisher = new LazyPublisher(
  {
    outcome: (outcome) => emit({ type: 'publish-outcome', outcome }),
    job: (job) => emit({ type: 'publish-job', job }),
  },
  inspector.decoding,
  (message) => emit({ type: 'error', message }),
)
/**
 * A server recording opened read-only (issue 16): the live session is ended first (Back to live
 * connects again), and its messages take the live path (tree, history, charts) at their recorded
 * times; the retained tracker asks no broker about them. Its code loads with the first one opened.
 */
const recording = new LazyRecording(
  {
    reset: forgetData,
    rewind() {
      explorer.rewind()
      inspector.invalidate()
      charts.clearPoints()
    },
    ingest(message, at) {
      explorer.ingest(message, at)
      charts.ingest(message.topic, message.payload, at)
    },
  },
  emit,
)
let recordingSent = 0
/** The explorer's "now": the wall clock live, the time the tree is at while a recording is open. */
function clock(): number {
  return recording.clock() ?? Date.now()
}
// Measure's probe and watch load with the first one started (lazy-measure.ts).
const measure = new LazyMeasure(emit)
// Retained scan, clear, listing and restore load with the first one asked (lazy-retained.ts).
const retained = new LazyRetained(
  { tree: explorer.tree, tracker, current: () => sessions.current, emit },
  { tree: explorer.tree, current: () => sessions.current?.options, post: (event, transfer) => scope.postMessage(event, transfer) },
)
const packets = new PacketService(emit)
let awaitingAck: number | undefined
let awaitingInspectionAck: number | undefined
let awaitingChartAck: number | undefined
let chartSeq = 0
let sent = { treeVersion: -1, viewVersion: -1, arrived: -1, at: 0 }
let flushSoon: ReturnType<typeof setTimeout> | undefined

function emit(event: WorkerEvent): void {
  scope.postMessage(event)
}

function flush(): void {
  flushRecording()
  flushBatch()
  flushInspection()
  flushCharts()
  flushBrokerStats()
  measure.poll(Date.now())
  packets.poll()
}

/** The recording session's state (loading progress, T), when it changed. */
function flushRecording(): void {
  if (recording.version === recordingSent) return
  recordingSent = recording.version
  emit({ type: 'recording', state: recording.state })
}

/** The broker dashboard, when its $SYS/broker statistics changed (a few small events per round). */
function flushBrokerStats(): void {
  const changed = brokerDashboard.poll(Date.now())
  if (changed) emit({ type: 'broker-stats', stats: changed.stats })
}

/** The charts' own clock step: at most one unacknowledged chart-data, its arrays transferred. */
function flushCharts(): void {
  if (awaitingChartAck !== undefined) return
  const changed = charts.poll(clock())
  if (changed.length === 0) return
  awaitingChartAck = ++chartSeq
  scope.postMessage({ type: 'chart-data', seq: chartSeq, charts: changed }, chartTransfer(changed))
}

/** The inspector's own clock step: at most one unacknowledged inspection, like batches. */
function flushInspection(): void {
  if (awaitingInspectionAck !== undefined) return
  const next = inspector.poll(explorer.paused)
  if (!next) return
  awaitingInspectionAck = next.seq
  emit({ type: 'inspection', seq: next.seq, inspection: next.inspection })
}

function flushBatch(): void {
  if (awaitingAck !== undefined) return
  const now = Date.now()
  const tree = explorer.tree
  const treeChanged = !explorer.paused && tree.version !== sent.treeVersion
  const viewChanged = explorer.viewVersion !== sent.viewVersion
  const pausedChanged = explorer.paused && tree.version !== sent.treeVersion
  const stale = now - sent.at >= IDLE_REFRESH_MS && tree.totalMessages > 0
  if (!treeChanged && !viewChanged && !pausedChanged && !stale) return
  const batch = explorer.snapshot(clock())
  sent = { treeVersion: tree.version, viewVersion: explorer.viewVersion, arrived: batch.arrivedWhilePaused, at: now }
  awaitingAck = batch.seq
  emit({ type: 'batch', batch })
}

/** View commands should feel instant: answer them now instead of at the next tick. */
function flushNow(): void {
  if (flushSoon !== undefined) return
  flushSoon = setTimeout(() => {
    flushSoon = undefined
    flush()
  }, 0)
}

setInterval(flush, LIMITS.flushIntervalMs)
// Live charts on a clock of their own: up to 20 redraws a second, not the flush's 10.
setInterval(flushCharts, LIMITS.charts.redrawMs)

async function handle(command: WorkerCommand): Promise<void> {
  switch (command.type) {
    case 'connect':
      recording.close()
      return sessions.connect(command.options, command.subscriptions)
    case 'disconnect':
      return sessions.disconnect()
    case 'subscribe':
      return sessions.subscribe(command.subscription.filter, command.subscription.qos)
    case 'unsubscribe':
      return sessions.unsubscribe(command.filter)
    case 'recording-open':
      // Ending the live session also ends its publish jobs, measures and retained tracking.
      await sessions.disconnect()
      return recording.openRecording(command.id, command.name, { server: command.server, token: command.token })
    case 'recording-seek':
      return recording.seek(command.at)
    case 'recording-close':
      recording.close()
      return flushNow()
    case 'pause':
      explorer.pause(Date.now())
      return flushNow()
    case 'resume':
      explorer.resume()
      return flushNow()
    case 'range':
      explorer.setRange(command.range)
      return flushNow()
    case 'sort':
      explorer.setSort(command.sort)
      return flushNow()
    case 'filter':
      explorer.setFilter(command.filter)
      return flushNow()
    case 'toggle':
      explorer.toggle(command.id, command.expanded)
      return flushNow()
    case 'expand-subtree':
      explorer.expandSubtree(command.id)
      return flushNow()
    case 'collapse-all':
      explorer.collapseAll()
      return flushNow()
    case 'select':
      explorer.select(command.id)
      return flushNow()
    case 'reveal':
      explorer.reveal(command.id)
      return flushNow()
    case 'find-row':
      explorer.findRow(command.query, command.start)
      return flushNow()
    case 'find-topic':
      explorer.findTopic(command.topic)
      return flushNow()
    case 'busiest':
      explorer.setBusiest(command.by)
      return flushNow()
    case 'clear':
      explorer.clear()
      tracker.forgetAll()
      return flushNow()
    case 'forget':
      explorer.forget(command.id)
      inspector.invalidate()
      return flushNow()
    case 'retained-rescan':
      return tracker.rescan()
    case 'ack':
      if (awaitingAck === command.seq) awaitingAck = undefined
      return
    case 'inspect':
      inspector.setRequest(command.request)
      return flushNow()
    case 'inspection-ack':
      if (awaitingInspectionAck === command.seq) awaitingInspectionAck = undefined
      return
    case 'decoders':
      inspector.decoding.setConfig(command.config)
      return flushNow()
    case 'budget':
      explorer.setHistoryBudget(command.budget)
      inspector.invalidate()
      return flushNow()
    case 'payload':
      return sendPayload(command.requestId, command.id, command.seq, command.purpose)
    case 'retained-scan':
      return retained.scan(command.id)
    case 'clear-retained':
      return retained.clear(command.id, command.subtree, command.topics)
    case 'retained-list':
      return retained.list(command.id, command.filter)
    case 'retained-restore':
      return retained.restore(command.id, command.messages, command.target)
    case 'publish':
      return publisher.start(command.jobId, command.message, command.repeat, sessions.current)
    case 'publish-stop':
      return publisher.stop(command.jobId)
    case 'chart-series':
      charts.setSeries(command.series)
      return flushNow()
    case 'chart-view':
      charts.setView(command.charts, Date.now())
      return flushNow()
    case 'chart-ack':
      if (awaitingChartAck === command.seq) awaitingChartAck = undefined
      return
    case 'chart-export':
      return exportCsv(command.requestId, command.series)
    case 'probe-start':
      return measure.startProbe(command.id, command.runId, command.settings, sessions.current?.options)
    case 'probe-stop':
      return measure.stopProbe(command.id)
    case 'watch-start':
      return measure.startWatch(command.settings, sessions.current?.options)
    case 'watch-stop':
      return measure.stopWatch()
    case 'packets-view':
    case 'packets-keep':
    case 'packets-ack':
    case 'packets-export':
      packets.handle(command)
      return flushNow()
  }
}

/** The whole payload of one kept message; a download's bytes are transferred, not copied. */
function sendPayload(requestId: number, id: number, seq: number, purpose: 'download' | 'copy'): void {
  const node = explorer.tree.byId(id)
  const found = node && explorer.tree.history.find(node, seq)
  if (!node || !found) {
    emit({ type: 'payload', requestId, result: { purpose, error: 'this message is no longer kept in the history' } })
    return
  }
  if (purpose === 'copy') {
    const copy = clipboardText(found.message.payload, LIMITS.inspector.copyBytes)
    const result =
      'error' in copy ? { purpose, error: copy.error } : { purpose, topic: node.topic, text: copy.text, as: copy.as, bytes: found.message.payload.length }
    emit({ type: 'payload', requestId, result })
    return
  }
  const bytes = found.message.payload.slice() // the history keeps its own copy
  scope.postMessage({ type: 'payload', requestId, result: { purpose, topic: node.topic, bytes } }, [bytes.buffer])
}

/** A chart's kept points as CSV (the page adds the BOM and downloads it). */
function exportCsv(requestId: number, series: ReadonlyArray<{ readonly key: string; readonly label: string }>): void {
  try {
    emit({ type: 'chart-csv', requestId, result: charts.exportCsv(series) })
  } catch (error) {
    // e.g. a string too long for the engine: the page says so instead of waiting forever.
    emit({ type: 'chart-csv', requestId, result: { error: error instanceof Error ? error.message : String(error) } })
  }
}

scope.onmessage = (event: MessageEvent<WorkerCommand>) => {
  handle(event.data).catch((error: unknown) => emit({ type: 'error', message: error instanceof Error ? error.message : String(error) }))
}
