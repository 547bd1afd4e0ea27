/**
 * The only shapes that cross postMessage between the page and the MQTT worker.
 * Commands go page -> worker; events go worker -> page. Nothing else crosses.
 */
import type { BrokerStats } from '../model/broker-stats.ts'
import type { HistoryBudget } from '../model/message-history.ts'
import type { MessageProperties } from '../model/mqtt-properties.ts'
import type { PayloadDiff } from '../model/payload-diff.ts'
import type { BridgeTlsRequest } from '../model/tls-options.ts'
import type { SortMode, TreeFilter } from '../model/tree-view.ts'

export type { BridgeTlsRequest, BrokerStats, HistoryBudget, MessageProperties, PayloadDiff, SortMode, TreeFilter }
export type QoS = 0 | 1 | 2

export const CONNECTION_STATES = ['idle', 'connecting', 'connected', 'reconnecting', 'closed'] as const
export type ConnectionStateName = (typeof CONNECTION_STATES)[number]

export interface ConnectionState {
  readonly state: ConnectionStateName
  /** Why the connection is closed or failing, as text ("not authorized", "connection refused"). */
  readonly reason?: string
  /** Reconnect attempt number while reconnecting. */
  readonly attempt?: number
  readonly url?: string
  readonly protocolVersion?: 4 | 5
  /**
   * What the broker's CONNACK said it accepts: set (at least `{}`) on every MQTT 5 connection, where
   * an absent field means the spec's default (no packet size limit, no topic aliases, retain
   * available, QoS 2); undefined on 3.1.1, where nothing is known.
   */
  readonly broker?: BrokerLimits
  /**
   * The bridge answered 401: this server needs an access token, or the one given is wrong. The
   * session stopped (a retry with the same token cannot succeed); the page asks for the token.
   */
  readonly needsToken?: true
}

/** CONNACK properties that bound what may be published [MQTT-3.2.2.3]. */
export interface BrokerLimits {
  readonly maximumPacketSize?: number
  readonly topicAliasMaximum?: number
  readonly retainAvailable?: boolean
  readonly maximumQoS?: QoS
}

export interface WillOptions {
  readonly topic: string
  readonly payload: string
  readonly qos: QoS
  readonly retain: boolean
}

export interface ConnectOptions {
  readonly url: string
  readonly clientId: string
  readonly protocolVersion: 4 | 5
  readonly username?: string
  readonly password?: string
  readonly keepalive: number
  /** Clean session (3.1.1) / clean start (5). */
  readonly clean: boolean
  /** MQTT 5 session expiry interval in seconds. */
  readonly sessionExpiry?: number
  readonly will?: WillOptions
  /** Set for mqtt:// and mqtts:// brokers, which are reached through the server's bridge. */
  readonly bridge?: BridgeConnect
}

/**
 * How the worker reaches an mqtt:// or mqtts:// broker: before every connection attempt it asks
 * the mqtt-scope server for a ticket (POST /api/bridge/sessions), then opens the WebSocket
 * /bridge?ticket=... that the server pipes to the broker. MQTT.js still runs the whole session.
 */
export interface BridgeConnect {
  /** The mqtt-scope server's origin (the page's own, http://host:port). */
  readonly server: string
  /** mqtt://host:port or mqtts://host:port. */
  readonly target: string
  /** mqtts:// only: the broker certificate check and the client certificate. */
  readonly tls?: BridgeTlsRequest
  /** The access token (Authorization: Bearer) when the server needs one. */
  readonly token?: string
}

export interface SubscribeRequest {
  readonly filter: string
  readonly qos: QoS
}

export interface TreeRange {
  readonly start: number
  readonly count: number
}

export type BusiestBy = 'messages' | 'bytes'

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
  | { readonly type: 'busiest'; readonly by: BusiestBy | undefined }
  | { readonly type: 'clear' }
  /** The page applied batch `seq`; until then the worker sends no newer batch (a slow page gets fewer, larger batches). */
  | { readonly type: 'ack'; readonly seq: number }
  /** What the message inspector shows; answered by 'inspection' events whenever that changes. */
  | { readonly type: 'inspect'; readonly request: InspectRequest }
  /** The page applied inspection `seq` (the inspector's own back-pressure, like 'ack'). */
  | { readonly type: 'inspection-ack'; readonly seq: number }
  /** The whole payload of one kept message: answered by a 'payload' event with the same requestId. */
  | { readonly type: 'payload'; readonly requestId: number; readonly id: number; readonly seq: number; readonly purpose: PayloadPurpose }
  /** New history budgets; a smaller one evicts at once (counted). */
  | { readonly type: 'budget'; readonly budget: HistoryBudget }
  /** Which topics at or below topic `id` hold a retained message (asks the broker): a 'retained-scan' event. */
  | { readonly type: 'retained-scan'; readonly id: number }
  /** Publishes an empty retained message at QoS 1 to each topic; 'clear-progress' events follow. */
  | { readonly type: 'clear-retained'; readonly id: number; readonly subtree: boolean; readonly topics: readonly string[] }
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

export interface TreeRow {
  readonly id: number
  readonly name: string
  readonly topic: string
  readonly depth: number
  readonly childCount: number
  readonly expanded: boolean
  readonly ownMessages: number
  readonly subtreeMessages: number
  readonly subtreeTopics: number
  readonly preview: string
  readonly previewCut: boolean
  readonly binary: boolean
  readonly lastBytes: number
  readonly retained: boolean
  readonly lastAt: number
  readonly subtreeLastAt: number
  /** Subtree messages per second. */
  readonly rate: number
}

export interface BusiestRow {
  readonly id: number
  readonly topic: string
  readonly messagesPerSecond: number
  readonly bytesPerSecond: number
}

export interface SelectedTopic {
  readonly id: number
  readonly topic: string
  readonly ownMessages: number
  readonly subtreeMessages: number
  readonly subtreeTopics: number
  readonly retained: boolean
  readonly lastAt: number
  readonly lastBytes: number
  readonly lastQos: QoS | undefined
  readonly preview: string
  readonly previewCut: boolean
  readonly binary: boolean
  readonly rate: number
  readonly byteRate: number
}

export interface Totals {
  readonly messages: number
  readonly bytes: number
  readonly topics: number
  readonly messagesPerSecond: number
  readonly bytesPerSecond: number
}

/** What the history budget holds and what it had to evict. */
export interface BudgetUsage {
  readonly count: number
  readonly bytes: number
  readonly maxCount: number
  readonly maxBytes: number
  readonly evictedCount: number
  readonly evictedBytes: number
}

/** The current state of what the screen shows: a snapshot, not a log, so a slow page loses nothing. */
export interface Batch {
  readonly seq: number
  readonly totals: Totals
  readonly budget: BudgetUsage
  /** While paused the tree part is frozen; `arrivedWhilePaused` counts what came in meanwhile. */
  readonly paused: boolean
  readonly arrivedWhilePaused: number
  readonly tree: {
    readonly rowCount: number
    readonly start: number
    readonly rows: readonly TreeRow[]
    readonly filterError: string | undefined
  }
  readonly busiest: readonly BusiestRow[] | undefined
  readonly selected: SelectedTopic | undefined
}

export type SubscriptionStatus =
  | { readonly state: 'pending' }
  | { readonly state: 'granted'; readonly qos: QoS }
  | { readonly state: 'refused'; readonly reason: string }
  | { readonly state: 'removed' }

/** Which message the inspector shows, and which part of it. */
export interface InspectRequest {
  /** The topic (tree node id); undefined: none. */
  readonly id: number | undefined
  /** The message (its seq); undefined: follow the latest. */
  readonly seq?: number
  /** First payload byte of the window (the Hex and Base64 views page through big payloads). */
  readonly offset?: number
  /** Bytes in the window, at most LIMITS.display.bytes (the default). */
  readonly length?: number
  /** Attach the diff against the message before it. */
  readonly diff?: boolean
  /** History entries to skip, newest first (paging through more than LIMITS.inspector.historyPage). */
  readonly historyStart?: number
}

/** One kept message, as the history list shows it. */
export interface HistoryEntry {
  readonly seq: number
  readonly receivedAt: number
  /** Payload size. */
  readonly bytes: number
  readonly qos: QoS
  readonly retain: boolean
  readonly dup: boolean
  /** The start of the payload on one line, escaped (payload-preview.ts); hex for binary. */
  readonly preview: string
}

/** The message the inspector shows: its metadata and one window of its payload. */
export interface InspectedMessage extends HistoryEntry {
  readonly properties: MessageProperties | undefined
  /** payload[offset, offset + bytes.length): a copy, at most LIMITS.display.bytes. */
  readonly window: { readonly offset: number; readonly bytes: Uint8Array }
  /** With offset 0: how many window bytes end on a whole UTF-8 character (utf8SafeCut), for Text and JSON. */
  readonly textBytes: number
  /** detectView of the whole payload. */
  readonly detected: 'json' | 'text' | 'hex'
}

export interface Inspection {
  readonly id: number
  readonly topic: string
  readonly retained: boolean
  readonly childCount: number
  /** Messages received on this topic since connecting (kept or not). */
  readonly received: number
  readonly history: {
    /** Kept messages of this topic, and their payload bytes. */
    readonly kept: number
    readonly keptBytes: number
    /** Messages of this topic a budget evicted. */
    readonly evicted: number
    readonly perTopicCount: number
    readonly perTopicBytes: number
    /** entries[0] is the `start`-th newest kept message. */
    readonly start: number
    readonly entries: readonly HistoryEntry[]
  }
  /** No seq was asked for: the latest is shown and follows new messages. */
  readonly following: boolean
  /** undefined: no message kept, or the one asked for is gone (see `missing`). */
  readonly message: InspectedMessage | undefined
  /** The message asked for is no longer kept (a budget evicted it). */
  readonly missing: boolean
  /** When asked for: the diff against the message kept before it ('no-previous' for the oldest kept). */
  readonly diff: PayloadDiff | { readonly kind: 'no-previous' } | undefined
}

export type PayloadPurpose = 'download' | 'copy'

/** The answer to a 'payload' command. Bytes are transferred, not copied. */
export type PayloadResult =
  | { readonly purpose: 'download'; readonly topic: string; readonly bytes: Uint8Array }
  /** UTF-8 text as it is; anything else as hex digits (`as: 'hex'`). */
  | { readonly purpose: 'copy'; readonly topic: string; readonly text: string; readonly as: 'text' | 'hex'; readonly bytes: number }
  | { readonly purpose: PayloadPurpose; readonly error: string }

export interface RetainedScan {
  readonly id: number
  readonly topic: string
  /** Every topic found, sorted: what the broker reported, plus what the tree knows. */
  readonly topics: readonly string[]
  /** The scan ended on its time bound while retained messages were still arriving: there may be more. */
  readonly partial: boolean
  /** The broker could not be asked (the topics are then the tree's only). */
  readonly error?: string
}

export interface ClearProgress {
  readonly id: number
  readonly subtree: boolean
  readonly total: number
  /** Acknowledged clears. */
  readonly done: number
  readonly failed: number
  readonly finished: boolean
  /** The first LIMITS.retained.reportedErrors failures. */
  readonly errors: ReadonlyArray<{ readonly topic: string; readonly reason: string }>
}

/** MQTT 5 PUBLISH properties as the publish panel sets them (ignored on a 3.1.1 connection). */
export interface PublishProperties {
  readonly contentType?: string
  /** true: the payload is UTF-8 text (payload format indicator 1). */
  readonly payloadFormatIndicator?: boolean
  /** Message expiry interval, seconds. */
  readonly messageExpiryInterval?: number
  /** May hold templates. */
  readonly responseTopic?: string
  /** Correlation data as UTF-8 text (may hold templates). */
  readonly correlationData?: string
  readonly userProperties?: ReadonlyArray<readonly [string, string]>
  readonly topicAlias?: number
}

/**
 * What to publish. `topic` and a text payload may hold templates ({{counter}}, ...: see
 * model/publish-template.ts), expanded by the worker for every send; a bytes payload (hex, base64 or
 * a file, already decoded by the page) is sent as it is.
 */
export interface PublishMessage {
  readonly topic: string
  readonly payload: { readonly kind: 'text'; readonly text: string } | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  readonly qos: QoS
  readonly retain: boolean
  readonly properties?: PublishProperties
}

export interface PublishRepeat {
  readonly intervalMs: number
  /** undefined: until stopped. */
  readonly count?: number
}

/** How one send ended. */
export interface PublishOutcome {
  readonly jobId: number
  /** 1 for the first send of a job. */
  readonly index: number
  /** The topic as sent (templates expanded). */
  readonly topic: string
  readonly bytes: number
  readonly qos: QoS
  readonly retain: boolean
  /** When it was handed to MQTT.js (epoch ms). */
  readonly sentAt: number
  /**
   * 'sent': QoS 0, written; 'acknowledged': PUBACK (QoS 1) or PUBCOMP (QoS 2) with a success code;
   * 'refused': the broker answered with a failure code (MQTT 5); 'timeout': no acknowledgement within
   * LIMITS.publish.ackTimeoutMs; 'failed': not sent (not connected, MQTT.js refused it, ...).
   */
  readonly status: 'sent' | 'acknowledged' | 'refused' | 'timeout' | 'failed'
  /** The last acknowledgement received: 'PUBACK', 'PUBREC' or 'PUBCOMP'. */
  readonly ack?: 'PUBACK' | 'PUBREC' | 'PUBCOMP'
  /** QoS 2: ms from send to PUBREC. */
  readonly pubrecMs?: number
  /** ms from send to the final acknowledgement (PUBACK / PUBCOMP). */
  readonly rttMs?: number
  /** MQTT 5 reason code of the acknowledgement, and as text ("no matching subscribers"). */
  readonly reasonCode?: number
  /** Reason as text: the reason code's, or why it failed / timed out. */
  readonly reason?: string
}

/** A publish job's progress: sends so far and how they ended. */
export interface PublishJob {
  readonly jobId: number
  /** undefined: until stopped. */
  readonly total: number | undefined
  readonly sent: number
  readonly acknowledged: number
  readonly failed: number
  /** false once the job sent its last message or was stopped (or the connection went away). */
  readonly running: boolean
  /** Why a job ended early ("stopped", "not connected"). */
  readonly endReason?: string
}

/** One collected series: a topic's payload (path []) or one value inside its JSON. */
export interface PinnedSeries {
  /** seriesKey(topic, path). */
  readonly key: string
  readonly topic: string
  readonly path: ReadonlyArray<string | number>
}

/** One visible chart: its series over [from, to], downsampled to `buckets` (half its width in px; ≤ 4 points each). */
export interface ChartView {
  readonly chartId: string
  readonly keys: readonly string[]
  /**
   * Epoch ms; -Infinity: from the first point kept ('all'). With a moving `to`, the window keeps its
   * length (the worker's now - from, in whole seconds) as it slides: send windowRange(w, Date.now()).from.
   */
  readonly from: number
  /** Epoch ms; undefined: now, moving (live scrolling). A paused chart sends its frozen `to`. */
  readonly to: number | undefined
  readonly buckets: number
}

/** One series as a chart draws it. Arrays are transferred, not copied. */
export interface SeriesData {
  readonly key: string
  /** Points in the range, downsampled (min/max per bucket) when `downsampled`. */
  readonly times: Float64Array
  readonly values: Float64Array
  /** Points of the series in the range before downsampling. */
  readonly inRange: number
  /** Points the series keeps, and what its budget evicted. */
  readonly kept: number
  readonly evicted: number
  readonly downsampled: boolean
  /** Values on the pinned topic that were not numbers, per reason (model/chart-value.ts SKIP_REASONS). */
  readonly skipped: Readonly<Record<string, number>>
}

export interface ChartData {
  readonly chartId: string
  readonly from: number
  readonly to: number
  readonly series: readonly SeriesData[]
}

export type WorkerEvent =
  | { readonly type: 'connection'; readonly connection: ConnectionState }
  | { readonly type: 'batch'; readonly batch: Batch }
  | { readonly type: 'subscription'; readonly filter: string; readonly status: SubscriptionStatus }
  | { readonly type: 'error'; readonly message: string }
  /** What the inspector shows (undefined: no topic, or it is gone); sent only when it changed. */
  | { readonly type: 'inspection'; readonly seq: number; readonly inspection: Inspection | undefined }
  | { readonly type: 'payload'; readonly requestId: number; readonly result: PayloadResult }
  | { readonly type: 'retained-scan'; readonly scan: RetainedScan }
  | { readonly type: 'clear-progress'; readonly progress: ClearProgress }
  | { readonly type: 'publish-outcome'; readonly outcome: PublishOutcome }
  | { readonly type: 'publish-job'; readonly job: PublishJob }
  /** The visible charts whose data changed since the last acknowledged chart-data. */
  | { readonly type: 'chart-data'; readonly seq: number; readonly charts: readonly ChartData[] }
  /**
   * The broker dashboard: the statistics under $SYS/broker/ (model/broker-stats.ts), sent on the
   * flush clock only when they changed; undefined: there are none (any more).
   */
  | { readonly type: 'broker-stats'; readonly stats: BrokerStats | undefined }
  | { readonly type: 'chart-csv'; readonly requestId: number; readonly result: { readonly csv: string; readonly rows: number; readonly truncated: boolean; readonly omittedRows: number } | { readonly error: string } }
