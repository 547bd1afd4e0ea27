import { describe, expect, it } from 'vitest'
import type { PublishJob, PublishOutcome } from './publish-types.ts'
import { jobText, outcomeText } from './publish-outcome.ts'

function outcome(fields: Partial<PublishOutcome>): PublishOutcome {
  return { jobId: 1, index: 1, topic: 'a/b', bytes: 2, qos: 0, retain: false, sentAt: 0, status: 'sent', ...fields }
}

function job(fields: Partial<PublishJob>): PublishJob {
  return { jobId: 1, total: 10, sent: 0, acknowledged: 0, failed: 0, running: true, ...fields }
}

describe('outcomeText', () => {
  it('QoS 0: sent, with the topic', () => {
    expect(outcomeText(outcome({ status: 'sent', topic: 'home/temp' }))).toBe('Sent (QoS 0) to home/temp')
  })

  it('QoS 1: PUBACK with the round trip in whole ms', () => {
    expect(outcomeText(outcome({ qos: 1, status: 'acknowledged', ack: 'PUBACK', rttMs: 3.4 }))).toBe('PUBACK in 3 ms')
    expect(outcomeText(outcome({ qos: 1, status: 'acknowledged', ack: 'PUBACK', rttMs: 0, reasonCode: 0, reason: 'success' }))).toBe('PUBACK in 0 ms')
  })

  it('QoS 2: PUBREC and PUBCOMP times', () => {
    expect(outcomeText(outcome({ qos: 2, status: 'acknowledged', ack: 'PUBCOMP', pubrecMs: 2, rttMs: 4 }))).toBe('PUBREC in 2 ms, PUBCOMP in 4 ms')
  })

  it('appends a success reason other than 0', () => {
    expect(outcomeText(outcome({ qos: 1, status: 'acknowledged', ack: 'PUBACK', rttMs: 3, reasonCode: 0x10, reason: 'no matching subscribers' }))).toBe(
      'PUBACK in 3 ms: no matching subscribers',
    )
    expect(
      outcomeText(outcome({ qos: 2, status: 'acknowledged', ack: 'PUBCOMP', pubrecMs: 1, rttMs: 2, reasonCode: 0x10, reason: 'no matching subscribers' })),
    ).toBe('PUBREC in 1 ms, PUBCOMP in 2 ms: no matching subscribers')
    expect(outcomeText(outcome({ qos: 1, status: 'acknowledged', rttMs: 3, reasonCode: 0x10 }))).toBe('PUBACK in 3 ms: reason code 0x10')
  })

  it('still names the ack without a time', () => {
    expect(outcomeText(outcome({ qos: 1, status: 'acknowledged' }))).toBe('PUBACK')
    expect(outcomeText(outcome({ qos: 2, status: 'acknowledged' }))).toBe('PUBCOMP')
  })

  it('refused: the reason', () => {
    expect(outcomeText(outcome({ qos: 1, status: 'refused', ack: 'PUBACK', reasonCode: 0x87, reason: 'not authorized' }))).toBe('Refused: not authorized')
    expect(outcomeText(outcome({ qos: 2, status: 'refused', ack: 'PUBREC', reasonCode: 0x97 }))).toBe('Refused: reason code 0x97')
  })

  it('timeout: the limit in seconds, and a PUBREC that came', () => {
    expect(outcomeText(outcome({ qos: 1, status: 'timeout' }))).toBe('No acknowledgement within 10 s')
    expect(outcomeText(outcome({ qos: 2, status: 'timeout', ack: 'PUBREC', pubrecMs: 5 }))).toBe('No acknowledgement within 10 s (PUBREC in 5 ms)')
  })

  it('failed: the reason', () => {
    expect(outcomeText(outcome({ qos: 1, status: 'failed', reason: 'not connected' }))).toBe('Failed: not connected')
    expect(outcomeText(outcome({ status: 'failed' }))).toBe('Failed: unknown error')
  })
})

describe('jobText', () => {
  it('running: sent so far, of the total when there is one', () => {
    expect(jobText(job({ sent: 3, total: 10 }))).toBe('Sent 3 of 10')
    expect(jobText(job({ sent: 7, total: undefined }))).toBe('Sent 7')
  })

  it('ended: done or stopped', () => {
    expect(jobText(job({ sent: 10, running: false }))).toBe('Done: sent 10')
    expect(jobText(job({ sent: 4, running: false, endReason: 'stopped' }))).toBe('Stopped after 4')
    expect(jobText(job({ sent: 4, total: undefined, running: false, endReason: 'stopped' }))).toBe('Stopped after 4')
    expect(jobText(job({ sent: 3, running: false, endReason: 'not connected' }))).toBe('Stopped after 3: not connected')
  })

  it('counts failures when there are any', () => {
    expect(jobText(job({ sent: 5, failed: 2 }))).toBe('Sent 5 of 10, 2 failed')
    expect(jobText(job({ sent: 5, total: undefined, failed: 1 }))).toBe('Sent 5, 1 failed')
    expect(jobText(job({ sent: 10, failed: 2, running: false }))).toBe('Done: sent 10, 2 failed')
    expect(jobText(job({ sent: 4, failed: 1, running: false, endReason: 'stopped' }))).toBe('Stopped after 4, 1 failed')
    expect(jobText(job({ sent: 3, failed: 1, running: false, endReason: 'not connected' }))).toBe('Stopped after 3, 1 failed: not connected')
  })
})
