import { LIMITS } from '../model/limits.ts'
import { sendPipelined } from './pipelined-sends.ts'

export interface ClearLimits {
  /** Clears in flight at once. */
  readonly concurrency: number
  /** A clear without its PUBACK by then failed (MQTT.js never settles a QoS 1 publish if the socket closes). */
  readonly timeoutMs: number
  /** Failures listed in the report (all are counted). */
  readonly reportedErrors: number
}

export interface ClearState {
  readonly total: number
  readonly done: number
  readonly failed: number
  readonly finished: boolean
  readonly errors: ReadonlyArray<{ readonly topic: string; readonly reason: string }>
}

/**
 * Clears the retained message of every topic: `publish(topic)` sends an empty retained message at
 * QoS 1 and resolves on its PUBACK [MQTT-3.3.1-10]. Pipelined, `concurrency` in flight, each one
 * bounded by `timeoutMs`. `onProgress` is called after every settled clear (the caller throttles);
 * the returned promise gives the final state, also passed to onProgress with finished = true.
 */
export async function clearRetained(
  topics: readonly string[],
  publish: (topic: string) => Promise<void>,
  onProgress: (state: ClearState) => void,
  limits: ClearLimits = LIMITS.retained,
): Promise<ClearState> {
  let done = 0
  let failed = 0
  const errors: Array<{ topic: string; reason: string }> = []
  const state = (finished: boolean): ClearState => ({ total: topics.length, done, failed, finished, errors: [...errors] })
  await sendPipelined(topics, publish, limits, 'no PUBACK', (topic, error) => {
    if (error === undefined) done++
    else {
      failed++
      if (errors.length < limits.reportedErrors) errors.push({ topic, reason: error instanceof Error ? error.message : String(error) })
    }
    onProgress(state(false))
  })
  const final = state(true)
  onProgress(final)
  return final
}
