import type { PublishJob, PublishOutcome } from './publish-types.ts'
import { LIMITS } from './limits.ts'

/**
 * The line the publish panel shows (and announces) for one send:
 * - QoS 0, written: "Sent (QoS 0) to <topic>"
 * - QoS 1, PUBACK: "PUBACK in <rtt> ms"; QoS 2, PUBCOMP: "PUBREC in <n> ms, PUBCOMP in <rtt> ms";
 *   a success reason code other than 0 appends ": <reason>" ("PUBACK in 3 ms: no matching subscribers")
 * - refused (MQTT 5 failure code): "Refused: <reason>" (the plain form of the UI contract; the ack
 *   name is left out because the reason already says what the broker decided)
 * - no acknowledgement: "No acknowledgement within <s> s", plus " (PUBREC in <n> ms)" when a QoS 2
 *   send got its PUBREC but no PUBCOMP
 * - not sent: "Failed: <reason>"
 * Times are rounded to whole ms. The topic is rendered as text by the caller, never as HTML.
 */
export function outcomeText(outcome: PublishOutcome): string {
  switch (outcome.status) {
    case 'sent':
      return `Sent (QoS ${outcome.qos}) to ${outcome.topic}`
    case 'acknowledged':
      return acknowledgedText(outcome) + (outcome.reasonCode ? `: ${reasonText(outcome)}` : '')
    case 'refused':
      return `Refused: ${reasonText(outcome)}`
    case 'timeout': {
      const pubrec = outcome.ack === 'PUBREC' && outcome.pubrecMs !== undefined ? ` (PUBREC in ${ms(outcome.pubrecMs)} ms)` : ''
      return `No acknowledgement within ${seconds(LIMITS.publish.ackTimeoutMs)} s${pubrec}`
    }
    case 'failed':
      return `Failed: ${outcome.reason ?? 'unknown error'}`
  }
}

function acknowledgedText(o: PublishOutcome): string {
  const rtt = o.rttMs !== undefined ? ` in ${ms(o.rttMs)} ms` : ''
  if (o.qos === 2) {
    const pubrec = o.pubrecMs !== undefined ? `PUBREC in ${ms(o.pubrecMs)} ms, ` : ''
    return `${pubrec}PUBCOMP${rtt}`
  }
  return `PUBACK${rtt}`
}

/** The reason as text, else the code in hex as the MQTT 5 spec lists it. */
function reasonText(o: PublishOutcome): string {
  if (o.reason) return o.reason
  if (o.reasonCode !== undefined) return `reason code 0x${o.reasonCode.toString(16).padStart(2, '0')}`
  return 'no reason given'
}

function ms(value: number): number {
  return Math.max(0, Math.round(value))
}

/** 10000 → "10", 2500 → "2.5". */
function seconds(milliseconds: number): string {
  return String(Math.round(milliseconds / 100) / 10)
}

/**
 * The repeat progress line: "Sent N of M" (or "Sent N" until stopped) while running; then
 * "Done: sent M", or "Stopped after N" when stopped early (", <reason>" when it ended for another
 * reason than the Stop button, e.g. "Stopped after 3: not connected"); ", K failed" after the
 * counts when sends failed ("Sent 5 of 10, 2 failed", "Stopped after 3, 1 failed: not connected").
 */
export function jobText(job: PublishJob): string {
  const failed = job.failed > 0 ? `, ${job.failed} failed` : ''
  if (job.running) return `${job.total !== undefined ? `Sent ${job.sent} of ${job.total}` : `Sent ${job.sent}`}${failed}`
  if (job.endReason === undefined) return `Done: sent ${job.sent}${failed}`
  return `Stopped after ${job.sent}${failed}${job.endReason === 'stopped' ? '' : `: ${job.endReason}`}`
}
