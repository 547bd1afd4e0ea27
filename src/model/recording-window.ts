/**
 * The read-only recording session's time slider (issue 16): the tree "as it was at time T" is
 * every recorded message with ts <= T. Moving T forward only adds the messages in (shown, T];
 * moving it back has to start again from nothing, since a tree cannot un-count a message.
 */
export interface RecordingSpan {
  /** The first and last recorded times (epoch ms); undefined for an empty recording. */
  readonly first: number | undefined
  readonly last: number | undefined
}

/** What to fetch to go from the tree at `shown` (undefined: empty, nothing ingested) to the tree at `target`. */
export type SeekPlan =
  | { readonly kind: 'none' }
  /** Add the messages with from <= ts <= to to what is shown. */
  | { readonly kind: 'forward'; readonly from: number; readonly to: number }
  /** Forget everything, then ingest the messages with ts <= to. */
  | { readonly kind: 'restart'; readonly to: number }

export function planSeek(shown: number | undefined, target: number): SeekPlan {
  if (shown === target) return { kind: 'none' }
  if (shown === undefined) return { kind: 'restart', to: target }
  if (target > shown) return { kind: 'forward', from: shown + 1, to: target }
  return { kind: 'restart', to: target }
}

/** A slider value as a time the recording spans (whole ms, first..last). */
export function clampTime(span: RecordingSpan, value: number): number | undefined {
  if (span.first === undefined || span.last === undefined) return undefined
  if (!Number.isFinite(value)) return span.last
  return Math.min(span.last, Math.max(span.first, Math.round(value)))
}

/** The query string of GET /api/recordings/:id/messages for a plan step. */
export function messagesQuery(from: number | undefined, to: number | undefined): string {
  const params = new URLSearchParams({ format: 'jsonl' })
  if (from !== undefined) params.set('from', String(from))
  if (to !== undefined) params.set('to', String(to))
  return params.toString()
}
