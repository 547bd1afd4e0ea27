import { describe, expect, it } from 'vitest'
import { normalizeProperties } from './mqtt-properties.ts'

describe('normalizeProperties (MQTT 5 PUBLISH properties as plain data)', () => {
  it('keeps every known property, user properties as ordered pairs with repeats', () => {
    const socket = new Uint8Array([9, 9, 1, 2, 0xff, 9])
    const props = normalizeProperties({
      contentType: 'application/json',
      payloadFormatIndicator: true,
      messageExpiryInterval: 60,
      responseTopic: 'reply/here',
      correlationData: socket.subarray(2, 5),
      userProperties: { a: '1', b: ['2', '3'] },
      topicAlias: 4,
      subscriptionIdentifier: [7, 8],
    })
    expect(props).toEqual({
      contentType: 'application/json',
      payloadFormat: 'utf-8',
      messageExpiry: 60,
      responseTopic: 'reply/here',
      correlationData: new Uint8Array([1, 2, 0xff]),
      userProperties: [
        ['a', '1'],
        ['b', '2'],
        ['b', '3'],
      ],
      topicAlias: 4,
      subscriptionIds: [7, 8],
    })
    // A copy, not a view into the receive buffer.
    socket.fill(0)
    expect([...props!.correlationData!]).toEqual([1, 2, 0xff])
    expect(props!.correlationData!.buffer.byteLength).toBe(3)
  })

  it('payload format 0 means unspecified bytes; a single subscription id becomes a list', () => {
    expect(normalizeProperties({ payloadFormatIndicator: false, subscriptionIdentifier: 3 })).toEqual({ payloadFormat: 'bytes', subscriptionIds: [3] })
  })

  it('returns undefined for none and drops ill-typed fields', () => {
    expect(normalizeProperties(undefined)).toBeUndefined()
    expect(normalizeProperties({})).toBeUndefined()
    expect(normalizeProperties({ contentType: 5, userProperties: 'x', correlationData: 'abc' })).toBeUndefined()
  })
})
