import type { QoS } from '../connection-types.ts'
import { validateTopic } from '../topic-rules.ts'
import { MEASURE_LIMITS } from './measure-limits.ts'
import { minPayloadBytes } from './probe-payload.ts'

/** One probe run as asked for (page fields or CLI flags). */
export interface ProbeSettings {
  /** Messages to send (1 to 1,000,000). */
  readonly count: number
  /** Messages per second; undefined: as fast as the connection takes them. */
  readonly rate: number | undefined
  readonly qos: QoS
  /** Payload bytes per message (at least the stamp, see probe-payload.ts). */
  readonly size: number
  /** Where the messages go; the subscription is to this topic exactly. */
  readonly topic: string
  /** Receive on a second connection to the same broker (publisher and subscriber apart). */
  readonly separateSubscriber: boolean
}

export const PROBE_DEFAULTS = { count: 1000, rate: 1000, qos: 1, size: 64 } as const

/** The default probe topic of a run. */
export function defaultProbeTopic(runId: string): string {
  return `mqtt-scope/probe/${runId}`
}

/** "1,000,000": counts in messages read the same in the page and on the command line. */
export function grouped(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** Every problem with `settings`, as sentences naming the field; [] when it can run. */
export function probeProblems(settings: ProbeSettings): string[] {
  const problems: string[] = []
  const { count, rate, qos, size, topic } = settings
  const countOk = Number.isInteger(count) && count >= 1 && count <= MEASURE_LIMITS.maxCount
  if (!countOk) problems.push(`Messages: a whole number from 1 to ${grouped(MEASURE_LIMITS.maxCount)}`)
  if (rate !== undefined && !(rate > 0 && rate <= MEASURE_LIMITS.maxRate)) {
    problems.push(`Rate (msg/s): more than 0 and at most ${grouped(MEASURE_LIMITS.maxRate)} (or empty: as fast as the connection takes them)`)
  } else if (rate !== undefined && countOk && (count / rate) * 1000 > MEASURE_LIMITS.maxDurationMs) {
    problems.push(
      `At ${rate} msg/s, ${grouped(count)} messages take ${grouped(count / rate)} s: a run lasts at most ${MEASURE_LIMITS.maxDurationMs / 60_000} min (fewer messages or a higher rate)`,
    )
  }
  if (qos !== 0 && qos !== 1 && qos !== 2) problems.push('QoS: 0, 1 or 2')
  const least = minPayloadBytes(countOk ? count : MEASURE_LIMITS.maxCount)
  if (!Number.isInteger(size) || size < least || size > MEASURE_LIMITS.maxPayloadBytes) {
    problems.push(
      `Payload size (bytes): a whole number from ${least} (room for the run id, sequence number and send time) to ${grouped(MEASURE_LIMITS.maxPayloadBytes)}`,
    )
  }
  const topicProblem = validateTopic(topic)
  if (topicProblem) problems.push(`Topic: ${topicProblem}`)
  else if (topic.startsWith('$')) problems.push('Topic: a topic starting with "$" belongs to the broker ($SYS/...); pick another one')
  return problems
}

/** The text fields of the page's probe form. */
export interface ProbeDraft {
  readonly count: string
  readonly rate: string
  readonly qos: QoS
  readonly size: string
  /** Empty: the default topic of the run. */
  readonly topic: string
  readonly separateSubscriber: boolean
}

/** A number typed in a field: digits with an optional fraction, thousands separators allowed; NaN otherwise. */
function fieldNumber(text: string): number {
  const plain = text.trim().replace(/[,_\s]/g, '')
  return /^\d+(\.\d+)?$/.test(plain) ? Number(plain) : NaN
}

/** The page's form as settings, or every problem with it. An empty rate means as fast as possible. */
export function parseProbeDraft(draft: ProbeDraft, runId: string): { settings: ProbeSettings } | { problems: string[] } {
  const settings: ProbeSettings = {
    count: fieldNumber(draft.count),
    rate: draft.rate.trim() === '' ? undefined : fieldNumber(draft.rate),
    qos: draft.qos,
    size: fieldNumber(draft.size),
    topic: draft.topic.trim() === '' ? defaultProbeTopic(runId) : draft.topic,
    separateSubscriber: draft.separateSubscriber,
  }
  const problems = probeProblems(settings)
  return problems.length > 0 ? { problems } : { settings }
}
