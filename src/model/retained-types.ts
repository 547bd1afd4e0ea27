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
