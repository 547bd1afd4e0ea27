import { describe, expect, it } from 'vitest'
import { decodeProbe, encodeProbe, minPayloadBytes, runIdFrom } from './probe-payload.ts'

describe('probe payloads', () => {
  it('carry the run id, the sequence number and the send time, padded to exactly the size, as JSON', () => {
    const bytes = encodeProbe('3f9a02c1', 17, 1718000000123.456, 64)
    expect(bytes.length).toBe(64)
    const text = new TextDecoder().decode(bytes)
    expect(JSON.parse(text)).toEqual({ run: '3f9a02c1', seq: 17, ts: 1718000000123.456 })
    expect(decodeProbe(bytes)).toEqual({ runId: '3f9a02c1', seq: 17, sentAt: 1718000000123.456 })
  })

  it('are at least the stamp: the smallest size fits the largest sequence number of the run', () => {
    const least = minPayloadBytes(1_000_000)
    expect(encodeProbe('00000000', 1_000_000, Date.now(), least).length).toBe(least)
    expect(encodeProbe('00000000', 1, Date.now(), 10).length).toBe(minPayloadBytes(1))
    expect(minPayloadBytes(1000)).toBeLessThanOrEqual(64)
  })

  it('tell other payloads apart', () => {
    for (const text of ['', 'hello', '{"run":"x","seq":1,"ts":1}', '{"run":"3f9a02c1","seq":"1","ts":1}', '{"seq":1}'.padEnd(40)]) {
      expect(decodeProbe(new TextEncoder().encode(text))).toBeUndefined()
    }
  })

  it('have run ids of 8 hex digits', () => {
    expect(runIdFrom(new Uint8Array([0, 15, 160, 255]))).toBe('000fa0ff')
  })
})
