import { describe, expect, it } from 'vitest'
import { ackText, fieldsText, packetSummary } from './packet-row.ts'

describe('packet row text', () => {
  it('ack times in ms and s', () => {
    expect(ackText(3.24)).toBe('+3.2 ms since request')
    expect(ackText(1250)).toBe('+1.25 s since request')
  })

  it('fields on one line, nested values as JSON', () => {
    expect(fieldsText({ clientId: 'c', password: '(redacted)', will: { topic: 'w' } })).toBe('clientId=c password=(redacted) will={"topic":"w"}')
    expect(fieldsText(undefined)).toBe('')
  })

  it('summary: topic, reasons, details, properties', () => {
    expect(
      packetSummary({
        seq: 1,
        time: 0,
        direction: 'received',
        type: 'SUBACK',
        bytes: 5,
        topic: 'a/#',
        reasons: ['0x01 granted QoS 1'],
        properties: { reasonString: 'ok' },
      }),
    ).toBe('a/# · 0x01 granted QoS 1 · properties: reasonString=ok')
  })
})
