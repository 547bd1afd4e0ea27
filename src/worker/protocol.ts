/**
 * The only shapes that cross postMessage between the page and the MQTT worker.
 * Commands go page -> worker; events go worker -> page. Nothing else crosses.
 */
import type { SortMode, TreeFilter } from '../model/tree-view.ts'

export type { SortMode, TreeFilter }
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

export type WorkerEvent =
  | { readonly type: 'connection'; readonly connection: ConnectionState }
  | { readonly type: 'batch'; readonly batch: Batch }
  | { readonly type: 'subscription'; readonly filter: string; readonly status: SubscriptionStatus }
  | { readonly type: 'error'; readonly message: string }
