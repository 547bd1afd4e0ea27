/** The explorer's snapshot of the topic tree, sent to the page on the flush clock (see Batch). */
import type { QoS } from './connection-types.ts'
import type { SparkplugState } from './sparkplug-state.ts'

export interface TreeRange {
  readonly start: number
  readonly count: number
}

export type BusiestBy = 'messages' | 'bytes'

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
  /** A Sparkplug B edge node's or device's row (any message type): online after BIRTH, offline after DEATH. */
  readonly sparkplug?: SparkplugState | undefined
  readonly lastAt: number
  readonly subtreeLastAt: number
  /** Subtree messages per second. */
  readonly rate: number
}

/**
 * Where the row the page asked for is (by 'reveal': a topic whose ancestors were just opened, e.g.
 * from Busiest topics; by 'find': type-ahead), among the rows shown; index undefined when it is not
 * shown (a filter hides it) or nothing matched. `seq` grows with every request.
 */
export interface TreeLocated {
  readonly seq: number
  /** 'topic': the topic a 'find-topic' command waited for has arrived (index undefined: the page reveals it). */
  readonly by: 'reveal' | 'find' | 'topic'
  readonly index: number | undefined
  readonly id: number | undefined
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
  /**
   * While paused, totals, tree rows (expanding included), busiest and selected are as they were when
   * pausing began; `arrivedWhilePaused` counts what came in meanwhile.
   */
  readonly paused: boolean
  readonly arrivedWhilePaused: number
  readonly tree: {
    readonly rowCount: number
    readonly start: number
    readonly rows: readonly TreeRow[]
    readonly filterError: string | undefined
    /** The answer to the last 'reveal' or 'find-row' command (state: repeated until the next one). */
    readonly located?: TreeLocated | undefined
  }
  readonly busiest: readonly BusiestRow[] | undefined
  readonly selected: SelectedTopic | undefined
}
