import { generate, type IPublishPacket } from 'mqtt-packet'
import { describe, expect, it } from 'vitest'
import { LIMITS } from '../model/limits.ts'
import { brokerLimits, publishPacketSize, publishProblem, toPacketProperties, type OutgoingMessage } from './publish-packet.ts'

const message = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({ topic: 'a/b', payload: new Uint8Array(3), qos: 1, retain: false, ...over })

/** The bytes MQTT.js's own encoder (mqtt-packet) writes for this message. */
function encodedSize(m: OutgoingMessage, protocolVersion: 4 | 5): number {
  const properties = protocolVersion === 5 ? toPacketProperties(m.properties) : undefined
  const packet: IPublishPacket = {
    cmd: 'publish',
    topic: m.topic,
    payload: Buffer.from(m.payload),
    qos: m.qos,
    retain: m.retain,
    dup: false,
    ...(m.qos > 0 ? { messageId: 1 } : {}),
    ...(properties
      ? { properties: { ...properties, ...(properties.correlationData ? { correlationData: Buffer.from(properties.correlationData) } : {}) } }
      : {}),
  }
  return generate(packet, { protocolVersion }).length
}

describe('toPacketProperties (MQTT 5 PUBLISH properties for MQTT.js)', () => {
  it('sends correlation data as UTF-8 bytes and repeated user property names as arrays, in order', () => {
    const p = toPacketProperties({
      contentType: 'text/plain',
      payloadFormatIndicator: true,
      messageExpiryInterval: 0,
      responseTopic: 'r/1',
      correlationData: 'ü-1',
      userProperties: [
        ['a', '1'],
        ['b', '2'],
        ['a', '3'],
        ['a', '4'],
      ],
      topicAlias: 2,
    })!
    expect([...(p.correlationData as unknown as Uint8Array)]).toEqual([0xc3, 0xbc, 0x2d, 0x31])
    expect(p.userProperties).toEqual({ a: ['1', '3', '4'], b: '2' })
    expect(p).toMatchObject({ contentType: 'text/plain', payloadFormatIndicator: true, messageExpiryInterval: 0, responseTopic: 'r/1', topicAlias: 2 })
  })

  it('leaves out what is not set (empty text, payload format false); nothing set: undefined', () => {
    expect(toPacketProperties(undefined)).toBeUndefined()
    expect(toPacketProperties({ contentType: '', payloadFormatIndicator: false, correlationData: '', userProperties: [] })).toBeUndefined()
    // A user property named like an Object.prototype key is just a name.
    expect(toPacketProperties({ userProperties: [['constructor', 'x']] })?.userProperties).toEqual({ constructor: 'x' })
  })
})

describe('publishPacketSize (checked against the broker maximum packet size)', () => {
  it.each([
    ['3.1.1, QoS 0', message({ qos: 0 }), 4],
    ['3.1.1, QoS 1, 200 bytes (two-byte length)', message({ payload: new Uint8Array(200) }), 4],
    ['5, no properties', message(), 5],
    [
      '5, every property',
      message({
        topic: 'ä/ö',
        payload: new Uint8Array(20_000),
        qos: 2,
        properties: {
          contentType: 'application/json',
          payloadFormatIndicator: true,
          messageExpiryInterval: 60,
          responseTopic: 'reply/ü',
          correlationData: 'id-ü',
          userProperties: [
            ['k', 'v'],
            ['k', 'w'],
            ['ü', ''],
          ],
          topicAlias: 3,
        },
      }),
      5,
    ],
  ] as const)('equals what mqtt-packet encodes: %s', (_, m, version) => {
    expect(publishPacketSize(m, version === 5)).toBe(encodedSize(m, version))
  })
})

describe('publishProblem (what the broker CONNACK allows, checked before sending)', () => {
  const limits = { maximumPacketSize: 100, topicAliasMaximum: 4, retainAvailable: false, maximumQoS: 1 as const }

  it('accepts a message within every limit', () => {
    expect(publishProblem(message({ payload: new Uint8Array(50) }), limits, true)).toBeUndefined()
    expect(publishProblem(message({ qos: 2, retain: true, payload: new Uint8Array(500) }), undefined, true)).toBeUndefined()
  })

  it('refuses a topic that is no topic name: empty, wildcards', () => {
    expect(publishProblem(message({ topic: '' }), undefined, true)).toBeTruthy()
    expect(publishProblem(message({ topic: 'a/+' }), undefined, false)).toMatch(/wildcard|\+/)
    expect(publishProblem(message({ topic: 'a/#' }), undefined, false)).toMatch(/wildcard|#/)
  })

  it('allows an empty topic with a topic alias (MQTT 5 only)', () => {
    expect(publishProblem(message({ topic: '', properties: { topicAlias: 1 } }), limits, true)).toBeUndefined()
    expect(publishProblem(message({ topic: '', properties: { topicAlias: 1 } }), limits, false)).toBeTruthy()
  })

  it('refuses what the broker said it does not accept', () => {
    expect(publishProblem(message({ qos: 2 }), limits, true)).toBe('the broker accepts QoS 1 at most')
    expect(publishProblem(message({ retain: true }), limits, true)).toBe('the broker does not support retained messages')
    expect(publishProblem(message({ properties: { topicAlias: 5 } }), limits, true)).toBe('topic alias 5 is out of range: the broker accepts 1 to 4')
    expect(publishProblem(message({ properties: { topicAlias: 0 } }), limits, true)).toBe('topic alias 0 is out of range: the broker accepts 1 to 4')
    expect(publishProblem(message({ properties: { topicAlias: 1 } }), {}, true)).toBe('the broker accepts no topic aliases')
    expect(publishProblem(message({ payload: new Uint8Array(95) }), limits, true)).toBe('the packet would be 105 bytes; the broker accepts at most 100')
  })

  it('ignores the MQTT 5 limits on a 3.1.1 connection, but not the project limit', () => {
    expect(publishProblem(message({ qos: 2, retain: true, payload: new Uint8Array(500) }), limits, false)).toBeUndefined()
    expect(publishProblem(message({ payload: new Uint8Array(LIMITS.publish.payloadBytes + 1) }), undefined, false)).toMatch(/^the payload is 16,777,217 bytes/)
  })
})

describe('brokerLimits (CONNACK properties)', () => {
  it('keeps the four that bound publishing, only when announced ({} when none is)', () => {
    expect(brokerLimits(undefined)).toEqual({})
    expect(brokerLimits({ receiveMaximum: 20 })).toEqual({})
    expect(brokerLimits({ topicAliasMaximum: 10, maximumQoS: 1, retainAvailable: true, maximumPacketSize: 1024, receiveMaximum: 5 })).toEqual({
      topicAliasMaximum: 10,
      maximumQoS: 1,
      retainAvailable: true,
      maximumPacketSize: 1024,
    })
  })
})
