import type { RecordedProperties } from './recording-jsonl.ts'

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

/** One retained message the broker holds, as the Retained view lists it. */
export interface RetainedEntry {
  readonly topic: string
  /** The QoS it was delivered at on a QoS 2 subscription: the QoS it was published with. */
  readonly qos: 0 | 1 | 2
  readonly payload: Uint8Array
  /** MQTT 5 publish properties the broker kept with it. */
  readonly properties?: RecordedProperties
  /**
   * Epoch ms when it was last set, where known: this explorer saw the same payload arrive on the
   * topic (its own history) while the topic was marked retained.
   */
  readonly lastSet?: number
}

/** The Retained view's list: every retained message under `filter`, within LIMITS.retainedView. */
export interface RetainedListing {
  readonly id: number
  readonly filter: string
  readonly entries: readonly RetainedEntry[]
  /** Retained messages left out by the count or byte budget (their number; 0 when nothing was cut). */
  readonly leftOut: number
  /** Which budget cut the list, when it was cut. */
  readonly cutBy?: 'count' | 'bytes'
  /** The broker was still sending retained messages when the time bound ended the collection. */
  readonly partial: boolean
  readonly error?: string
  /** Epoch ms the list was taken. */
  readonly at: number
}

/** How a restore (publishing a JSONL backup retained) goes. */
export interface RestoreProgress {
  readonly id: number
  readonly total: number
  /** Acknowledged by the broker (written, for QoS 0). */
  readonly done: number
  readonly refused: number
  readonly finished: boolean
  /** Refusals by reason, most frequent first (at most LIMITS.retainedView.reportedReasons reasons). */
  readonly reasons: ReadonlyArray<{ readonly reason: string; readonly count: number; readonly topic: string }>
  /** The target could not be reached at all (nothing was published). */
  readonly error?: string
}
