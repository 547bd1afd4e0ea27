/**
 * The only shapes that cross postMessage between the page and the MQTT worker.
 * Commands go page -> worker; events go worker -> page.
 */

export const CONNECTION_STATES = ['idle', 'connecting', 'connected', 'reconnecting', 'closed'] as const
export type ConnectionStateName = (typeof CONNECTION_STATES)[number]

export interface ConnectionState {
  readonly state: ConnectionStateName
  /** Why the connection is closed or failing, as text ("not authorized", "connection refused"). */
  readonly reason?: string
  /** Reconnect attempt number while reconnecting. */
  readonly attempt?: number
  readonly url?: string
}

export interface ConnectOptions {
  readonly url: string
  readonly clientId: string
  readonly protocolVersion: 4 | 5
  readonly username?: string
  readonly password?: string
  readonly keepalive: number
  readonly clean: boolean
}

export interface SubscribeRequest {
  readonly filter: string
  readonly qos: 0 | 1 | 2
}

export type WorkerCommand =
  | { readonly type: 'connect'; readonly options: ConnectOptions; readonly subscriptions: readonly SubscribeRequest[] }
  | { readonly type: 'disconnect' }

/** One message as the page shows it: a preview, never the whole payload. */
export interface MessageRow {
  readonly seq: number
  readonly topic: string
  readonly preview: string
  readonly previewCut: boolean
  readonly binary: boolean
  readonly bytes: number
  readonly qos: 0 | 1 | 2
  readonly retain: boolean
  readonly receivedAt: number
}

export interface Totals {
  readonly messages: number
  readonly bytes: number
  readonly topics: number
}

/** The current state of what the screen shows: a snapshot, not a log, so a slow page loses nothing. */
export interface Batch {
  readonly totals: Totals
  readonly latest: readonly MessageRow[]
  readonly latestEvicted: number
}

export type WorkerEvent =
  | { readonly type: 'connection'; readonly connection: ConnectionState }
  | { readonly type: 'batch'; readonly batch: Batch }
  | { readonly type: 'subscribed'; readonly results: readonly { filter: string; granted: number | null; reason?: string }[] }
  | { readonly type: 'error'; readonly message: string }
