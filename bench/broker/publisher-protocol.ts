import type { WsClientMode } from './mqtt-connect.ts'

/** What the bench hands the publisher worker (as one JSON argument) and what it prints back. */
export interface PublisherJob {
  readonly url: string
  readonly publishers: number
  readonly payloadBytes: number
  readonly seconds: number
  /** Publisher i sends to `${topicPrefix}${i}`. */
  readonly topicPrefix: string
  readonly wsClient: WsClientMode
}

/** One JSON object per stdout line. */
export type PublisherEvent =
  | { readonly type: 'start' }
  | { readonly type: 'done'; readonly sent: readonly number[]; readonly elapsedMs: number }
  | { readonly type: 'error'; readonly message: string }
