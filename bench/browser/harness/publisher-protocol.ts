/**
 * The JSON lines between a browser benchmark (stdin of the publisher) and its publisher process
 * (stdout; paced-publisher.ts). One object per line.
 */

export type PublisherCommand =
  /** Send `rate` QoS 0 messages a second for `seconds`, round-robin over the topics. */
  { readonly type: 'step'; readonly rate: number; readonly seconds: number } | { readonly type: 'quit' }

export interface StepReport {
  readonly type: 'step-done'
  readonly targetRate: number
  /** Messages handed to the socket in this step. */
  readonly sent: number
  /** Messages sent since the publisher connected (all steps). */
  readonly cumulative: number
  /** From the first to the last message of the step. */
  readonly sendMs: number
  /** From the first message until the socket's write buffer was empty again. */
  readonly drainedMs: number
  /** sent / sendMs, per second. */
  readonly actualRate: number
  /** Messages sent in each whole second of the step: shows how even the pacing was. */
  readonly perSecond: readonly number[]
  /** The most messages the pacer was ever behind its schedule at a tick. */
  readonly maxBehind: number
  /** Ticks spent waiting because the socket buffer was over its limit (TCP backpressure). */
  readonly backpressureTicks: number
}

export type PublisherEvent =
  | { readonly type: 'ready'; readonly topics: number; readonly firstTopic: string; readonly lastTopic: string }
  | StepReport
  | { readonly type: 'error'; readonly message: string }

/** Topic i of n: 100 groups ("bench/g00" … "bench/g99") of n/100 topics each, as a fleet would be laid out. */
export function benchTopic(i: number, n: number): string {
  const perGroup = Math.max(1, Math.ceil(n / 100))
  const group = Math.floor(i / perGroup)
  const width = String(perGroup - 1).length
  return `bench/g${String(group).padStart(2, '0')}/t${String(i % perGroup).padStart(width, '0')}`
}
