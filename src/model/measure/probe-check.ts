import type { QoS } from '../connection-types.ts'
import { codeText, NOT_AUTHORIZED, type MeasureClock, type MeasureLink } from './measure-link.ts'
import { MEASURE_LIMITS } from './measure-limits.ts'

export type CheckOutcome =
  { readonly ok: true } | { readonly ok: false; readonly error: string; readonly notAuthorized: boolean } | { readonly ok: false; readonly aborted: true }

/** The probe's check in progress: tell it when message 0 came back, or abort it. */
export interface RoundTripCheck {
  readonly outcome: Promise<CheckOutcome>
  echoed(): void
  abort(): void
}

/**
 * Before a run, one message (the run's message 0) must make the round trip: acknowledged (QoS
 * 1/2) and back on the subscription within MEASURE_LIMITS.checkMs. An MQTT 5 broker that refuses
 * says so in its PUBACK/PUBREC ("not authorized"); an MQTT 3.1.1 broker acknowledges and drops the
 * message, so only its absence tells.
 */
export function startCheck(pub: MeasureLink, clock: MeasureClock, topic: string, payload: Uint8Array, qos: QoS): RoundTripCheck {
  let acked = qos === 0
  let echoed = false
  let settle!: (outcome: CheckOutcome) => void
  const outcome = new Promise<CheckOutcome>((resolve) => {
    let settled = false
    settle = (result) => {
      if (settled) return
      settled = true
      cancel()
      resolve(result)
    }
  })
  const fail = (error: string, notAuthorized = false) => settle({ ok: false, error, notAuthorized })
  const seconds = MEASURE_LIMITS.checkMs / 1000
  const cancel = clock.after(MEASURE_LIMITS.checkMs, () =>
    fail(
      acked
        ? `the probe's first message did not come back within ${seconds} s: the broker may not let this client publish or subscribe to "${topic}" (MQTT 3.1.1 brokers drop a refused message silently)`
        : `the broker did not acknowledge the probe's first message within ${seconds} s`,
    ),
  )
  pub.publish(topic, payload, qos, (ack) => {
    if (!ack.ok) {
      if (ack.reasonCode === undefined) return fail(`could not publish to "${topic}": ${ack.reason}`)
      const text = `${qos === 1 ? 'PUBACK' : 'PUBREC'} ${codeText(ack.reasonCode, ack.reason)}`
      if (ack.reasonCode === NOT_AUTHORIZED) return fail(`not authorized: the broker refused to publish to "${topic}" (${text})`, true)
      return fail(`the broker refused the probe's message to "${topic}" (${text})`)
    }
    acked = true
    if (echoed) settle({ ok: true })
  })
  return {
    outcome,
    echoed() {
      echoed = true
      if (acked) settle({ ok: true })
    },
    abort: () => settle({ ok: false, aborted: true }),
  }
}
