/**
 * The only shapes that cross postMessage between the page and the MQTT worker.
 * Commands go page -> worker; events go worker -> page. Nothing else crosses.
 */
import type { BrokerStats } from '../model/broker-stats.ts'
import type { Batch, BusiestBy, TreeRange } from '../model/batch-types.ts'
import type { ChartData, ChartView, PinnedSeries } from '../model/chart-types.ts'
import type { ConnectionState, ConnectOptions, SubscribeRequest, SubscriptionStatus } from '../model/connection-types.ts'
import type { DecodersConfig, DecodersStatus } from '../model/decode-rules.ts'
import type { Inspection, InspectRequest, PayloadPurpose, PayloadResult } from '../model/inspection-types.ts'
import type { HistoryBudget } from '../model/message-history.ts'
import type { PacketQuery, PacketSnapshot } from '../model/packet-types.ts'
import type { ProbeReport } from '../model/measure/probe-run.ts'
import type { ProbeSettings } from '../model/measure/probe-settings.ts'
import type { WatchReport } from '../model/measure/watch-run.ts'
import type { WatchSettings } from '../model/measure/watch-settings.ts'
import type { PublishJob, PublishMessage, PublishOutcome, PublishRepeat } from '../model/publish-types.ts'
import type { RecordedMessage } from '../model/recording-jsonl.ts'
import type { ClearProgress, RestoreProgress, RetainedListing, RetainedMarks, RetainedScan } from '../model/retained-types.ts'
import type { RecordingSessionState } from '../model/recording-session-types.ts'
import type { SortMode, TreeFilter } from '../model/tree-view.ts'

export type WorkerCommand =
  | { readonly type: 'connect'; readonly options: ConnectOptions; readonly subscriptions: readonly SubscribeRequest[] }
  | { readonly type: 'disconnect' }
  | { readonly type: 'subscribe'; readonly subscription: SubscribeRequest }
  | { readonly type: 'unsubscribe'; readonly filter: string }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'range'; readonly range: TreeRange }
  | { readonly type: 'sort'; readonly sort: SortMode }
  | { readonly type: 'filter'; readonly filter: TreeFilter | undefined }
  | { readonly type: 'toggle'; readonly id: number; readonly expanded?: boolean }
  | { readonly type: 'expand-subtree'; readonly id: number }
  | { readonly type: 'collapse-all' }
  | { readonly type: 'select'; readonly id: number | undefined }
  /** Opens the ancestors of topic `id`; the next batches say where its row is (tree.located, by 'reveal'). */
  | { readonly type: 'reveal'; readonly id: number }
  /**
   * Type-ahead: the first row from index `start` on (wrapping) whose name starts with `query`,
   * ignoring case; the next batches say which (tree.located, by 'find').
   */
  | { readonly type: 'find-row'; readonly query: string; readonly start: number }
  | { readonly type: 'busiest'; readonly by: BusiestBy | undefined }
  /**
   * A link's topic: once a message has arrived on `topic` (now or later), the next batch says which
   * topic id it is (tree.located, by 'topic'). undefined: stop waiting.
   */
  | { readonly type: 'find-topic'; readonly topic: string | undefined }
  /** "Reset tree": forgets every topic and its history (the connection stays). */
  | { readonly type: 'clear' }
  /** "Forget topic": topic `id` and everything below it leave the tree, with their history. */
  | { readonly type: 'forget'; readonly id: number }
  /** Asks the broker again which topics hold a retained message (the scan; not needed under MQTT 5). */
  | { readonly type: 'retained-rescan' }
  /** The page applied batch `seq`; until then the worker sends no newer batch (a slow page gets fewer, larger batches). */
  | { readonly type: 'ack'; readonly seq: number }
  /** What the message inspector shows; answered by 'inspection' events whenever that changes. */
  | { readonly type: 'inspect'; readonly request: InspectRequest }
  /** The page applied inspection `seq` (the inspector's own back-pressure, like 'ack'). */
  | { readonly type: 'inspection-ack'; readonly seq: number }
  /** The user's .proto files and "topic filter → decoder" rules; answered by a 'decoders-status' event. */
  | { readonly type: 'decoders'; readonly config: DecodersConfig }
  /** The whole payload of one kept message: answered by a 'payload' event with the same requestId. */
  | { readonly type: 'payload'; readonly requestId: number; readonly id: number; readonly seq: number; readonly purpose: PayloadPurpose }
  /** New history budgets; a smaller one evicts at once (counted). */
  | { readonly type: 'budget'; readonly budget: HistoryBudget }
  /** Which topics at or below topic `id` hold a retained message (asks the broker): a 'retained-scan' event. */
  | { readonly type: 'retained-scan'; readonly id: number }
  /** Publishes an empty retained message at QoS 1 to each topic; 'clear-progress' events follow. */
  | { readonly type: 'clear-retained'; readonly id: number; readonly subtree: boolean; readonly topics: readonly string[] }
  /** The Retained view: every retained message under `filter` (a connection of its own): a 'retained-list' event. */
  | { readonly type: 'retained-list'; readonly id: number; readonly filter: string }
  /**
   * Publishes each message retained to `target` (undefined: the current session's broker) on a
   * connection of its own; 'restore-progress' events follow.
   */
  | { readonly type: 'retained-restore'; readonly id: number; readonly messages: readonly RecordedMessage[]; readonly target?: ConnectOptions }
  /**
   * Publishes `message` once, or `repeat.count` times (undefined: until 'publish-stop') every
   * `repeat.intervalMs`; templates are expanded per send. 'publish-outcome' events follow, one per
   * send, and 'publish-job' events report a job's progress.
   */
  | { readonly type: 'publish'; readonly jobId: number; readonly message: PublishMessage; readonly repeat?: PublishRepeat }
  /** Stops a repeating publish job (sends already on the wire still report their outcome). */
  | { readonly type: 'publish-stop'; readonly jobId: number }
  /**
   * Every pinned series (model/chart-setup.ts pinnedSeries): the worker collects each from now on,
   * whether or not a chart is on screen; a series no longer listed is dropped with its points.
   */
  | { readonly type: 'chart-series'; readonly series: readonly PinnedSeries[] }
  /** What the visible charts show; answered by 'chart-data' events on the flush clock. [] = none visible. */
  | { readonly type: 'chart-view'; readonly charts: readonly ChartView[] }
  /** The page applied chart-data `seq` (back-pressure, like 'ack'). */
  | { readonly type: 'chart-ack'; readonly seq: number }
  /** Every kept point of these series as CSV (model/chart-csv.ts): a 'chart-csv' event with the same requestId. */
  | { readonly type: 'chart-export'; readonly requestId: number; readonly series: ReadonlyArray<{ readonly key: string; readonly label: string }> }
  /**
   * Measure: a probe run over connections of its own to the session's broker ('probe' events follow,
   * on the flush clock, until one with phase 'done' or 'failed'); `id` is the page's, `runId` goes in
   * every payload.
   */
  | { readonly type: 'probe-start'; readonly id: number; readonly runId: string; readonly settings: ProbeSettings }
  /** Stops sending and drains; a second probe-stop ends the run at once. */
  | { readonly type: 'probe-stop'; readonly id: number }
  /** Measure: watch a device stream until watch-stop ('watch' events follow). */
  | { readonly type: 'watch-start'; readonly settings: WatchSettings }
  | { readonly type: 'watch-stop' }
  /**
   * Issue 16: ends the live session and shows server recording `id` read-only, loaded to its last
   * message from `server` (the page's origin) with the access token ('' when none); 'recording'
   * events report the progress. 'connect' closes it.
   */
  | { readonly type: 'recording-open'; readonly id: string; readonly name: string; readonly server: string; readonly token: string }
  /** The tree as the open recording was at `at` (epoch ms; every message with ts <= at). */
  | { readonly type: 'recording-seek'; readonly at: number }
  /** Forgets the open recording (the page connects to live again). */
  | { readonly type: 'recording-close' }
  /** The Packets panel opened (or its filter changed): 'packets' snapshots follow on the flush clock; undefined: closed. */
  | { readonly type: 'packets-view'; readonly query: PacketQuery | undefined }
  /** Which PUBLISH packets the trace keeps: an MQTT topic filter, or '' (automatic: none above LIMITS.packets.publishRate msg/s). */
  | { readonly type: 'packets-keep'; readonly filter: string }
  /** The page applied packets snapshot `seq` (back-pressure, like 'ack'). */
  | { readonly type: 'packets-ack'; readonly seq: number }
  /** Every kept packet matching `query` as JSONL: a 'packets-export' event with the same requestId. */
  | { readonly type: 'packets-export'; readonly requestId: number; readonly query: PacketQuery }

export type WorkerEvent =
  | { readonly type: 'connection'; readonly connection: ConnectionState }
  | { readonly type: 'batch'; readonly batch: Batch }
  | { readonly type: 'subscription'; readonly filter: string; readonly status: SubscriptionStatus }
  | { readonly type: 'error'; readonly message: string }
  /** What the inspector shows (undefined: no topic, or it is gone); sent only when it changed. */
  | { readonly type: 'inspection'; readonly seq: number; readonly inspection: Inspection | undefined }
  | { readonly type: 'payload'; readonly requestId: number; readonly result: PayloadResult }
  /** The decoders config compiled: .proto parse errors (with lines), rules whose message type is missing, the types defined. */
  | { readonly type: 'decoders-status'; readonly status: DecodersStatus }
  | { readonly type: 'retained-scan'; readonly scan: RetainedScan }
  /** Where the retained marks come from, and how the last rescan went; sent when that changes. */
  | { readonly type: 'retained-marks'; readonly marks: RetainedMarks }
  | { readonly type: 'clear-progress'; readonly progress: ClearProgress }
  | { readonly type: 'retained-list'; readonly listing: RetainedListing }
  | { readonly type: 'restore-progress'; readonly progress: RestoreProgress }
  | { readonly type: 'publish-outcome'; readonly outcome: PublishOutcome }
  | { readonly type: 'publish-job'; readonly job: PublishJob }
  /** The visible charts whose data changed since the last acknowledged chart-data. */
  | { readonly type: 'chart-data'; readonly seq: number; readonly charts: readonly ChartData[] }
  /**
   * The broker dashboard: the statistics under $SYS/broker/ (model/broker-stats.ts), sent on the
   * flush clock only when they changed; undefined: there are none (any more).
   */
  | { readonly type: 'broker-stats'; readonly stats: BrokerStats | undefined }
  /** The open recording (undefined: none), sent on the flush clock when it changed. */
  | { readonly type: 'recording'; readonly state: RecordingSessionState | undefined }
  /** A probe run's progress and, with phase 'done' or 'failed', its result. */
  | { readonly type: 'probe'; readonly id: number; readonly report: ProbeReport }
  /** The watch's figures (the busiest topics), at most twice a second. */
  | { readonly type: 'watch'; readonly report: WatchReport }
  | {
      readonly type: 'chart-csv'
      readonly requestId: number
      readonly result: { readonly csv: string; readonly rows: number; readonly truncated: boolean; readonly omittedRows: number } | { readonly error: string }
    }
  /** The Packets panel's bounded snapshot (the newest matching packets and the trace's budget). */
  | { readonly type: 'packets'; readonly seq: number; readonly snapshot: PacketSnapshot }
  | { readonly type: 'packets-export'; readonly requestId: number; readonly jsonl: string; readonly count: number }
