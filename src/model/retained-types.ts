/**
 * Where the tree's retained marks come from (worker/retained-tracker.ts): 'flags', the flags of
 * MQTT 5 messages (Retain As Published); 'probe', the embedded broker asked topic by topic;
 * 'scan', a retained scan of the subscribed filters, run after a reconnect and on demand.
 */
export type RetainedSource = 'flags' | 'probe' | 'scan'

export interface RetainedMarks {
  readonly source: RetainedSource
  /** A rescan is running. */
  readonly scanning: boolean
  /** Epoch ms of the last complete rescan. */
  readonly scannedAt?: number
  /** The broker could not be asked (the marks then come from the messages alone). */
  readonly error?: string
}

/** Clearing retained messages: which topics hold one, and how the clearing goes. */
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
