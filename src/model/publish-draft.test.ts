import { describe, expect, it } from 'vitest'
import { LIMITS } from './limits.ts'
import {
  EMPTY_DRAFT,
  NOT_CONNECTED,
  type PublishDraft,
  type PublishTarget,
  isPublishable,
  sentProperties,
  toPublishMessage,
  typedPayloadProblem,
  validateDraft,
} from './publish-draft.ts'

const V4: PublishTarget = { connected: true, protocolVersion: 4 }
const V5: PublishTarget = { connected: true, protocolVersion: 5 }

function draft(fields: Partial<PublishDraft>): PublishDraft {
  return { ...EMPTY_DRAFT, topic: 'a/b', ...fields }
}

describe('validateDraft: connection and topic', () => {
  it('a plain draft on a connection is fine', () => {
    const problems = validateDraft(draft({ payload: 'hello' }), V4)
    expect(problems).toEqual({})
    expect(isPublishable(problems)).toBe(true)
  })

  it('not connected', () => {
    const problems = validateDraft(draft({}), { connected: false, protocolVersion: undefined })
    expect(problems).toEqual({ connection: NOT_CONNECTED })
    expect(problems.connection).toMatch(/connected/)
    expect(isPublishable(problems)).toBe(false)
  })

  it('[MQTT-4.7.3-1] an empty topic', () => {
    expect(validateDraft(draft({ topic: '' }), V4).topic).toMatch(/topic is empty/)
  })

  it('[MQTT-3.3.2-2] wildcards are for subscriptions', () => {
    expect(validateDraft(draft({ topic: 'a/+/b' }), V4).topic).toMatch(/cannot contain "\+" or "#": wildcards are only for subscriptions/)
    expect(validateDraft(draft({ topic: 'a/#' }), V4).topic).toMatch(/wildcards/)
  })

  it('[MQTT-4.7.3-3] [MQTT-1.5.3-2] too long or holding NUL', () => {
    expect(validateDraft(draft({ topic: 'x'.repeat(65_536) }), V4).topic).toMatch(/65,536 bytes long in UTF-8; MQTT allows at most 65,535/)
    expect(validateDraft(draft({ topic: 'a\u0000b' }), V4).topic).toMatch(/NUL/)
  })

  it('a templated topic is checked as expanded, and bad templates are named', () => {
    expect(validateDraft(draft({ topic: 'dev/{{counter}}/{{uuid}}' }), V4)).toEqual({})
    expect(validateDraft(draft({ topic: 'dev/{{nope}}' }), V4).topic).toMatch(/unknown template \{\{nope\}\}/)
    expect(validateDraft(draft({ topic: '{{random 5 1}}' }), V4).topic).toMatch(/needs A ≤ B/)
    // The length counts the expanded topic: 65,530 characters + a 13-digit timestamp is too long.
    expect(validateDraft(draft({ topic: `${'x'.repeat(65_530)}{{timestamp}}` }), V4).topic).toMatch(/65,543 bytes/)
  })
})

describe('validateDraft: payload per mode', () => {
  it('text with a bad template', () => {
    expect(validateDraft(draft({ payload: 'v={{random 1}}' }), V4).payload).toMatch(/\{\{random\}\} needs two numbers/)
  })

  it('JSON must parse, templates expanded first', () => {
    expect(validateDraft(draft({ mode: 'json', payload: '{"a":1' }), V4).payload).toMatch(/^not valid JSON at line 1, column 7/)
    expect(validateDraft(draft({ mode: 'json', payload: '{"t":{{timestamp}},"v":{{random 20 25.5}},"id":"{{uuid}}"}' }), V4)).toEqual({})
    expect(validateDraft(draft({ mode: 'json', payload: '{"id":{{uuid}}}' }), V4).payload).toMatch(/not valid JSON .*\(with templates expanded\)$/)
    expect(validateDraft(draft({ mode: 'json', payload: '{"a":{{bogus}}}' }), V4).payload).toMatch(/unknown template/)
  })

  it('hex and Base64 errors come through', () => {
    expect(validateDraft(draft({ mode: 'hex', payload: 'abc' }), V4).payload).toMatch(/odd number of hex digits/)
    expect(validateDraft(draft({ mode: 'hex', payload: 'zz' }), V4).payload).toMatch(/not a hex digit/)
    expect(validateDraft(draft({ mode: 'base64', payload: 'S!' }), V4).payload).toMatch(/not Base64/)
    expect(validateDraft(draft({ mode: 'hex', payload: '00 ff' }), V4)).toEqual({})
  })

  it('hex and Base64 text is not a template', () => {
    // "{{" is not hex: the hex error, not a template error.
    expect(validateDraft(draft({ mode: 'hex', payload: '{{counter}}' }), V4).payload).toMatch(/not a hex digit/)
  })

  it('file mode needs a file', () => {
    expect(validateDraft(draft({ mode: 'file' }), V4).payload).toBe('Choose a file to publish')
    expect(validateDraft(draft({ mode: 'file', file: { name: 'x.bin', bytes: new Uint8Array([0, 255]) } }), V4)).toEqual({})
  })

  it('the project limit', () => {
    const big = { name: 'big.bin', bytes: new Uint8Array(LIMITS.publish.payloadBytes + 1) }
    expect(validateDraft(draft({ mode: 'file', file: big }), V4).payload).toBe('payload 16,777,217 bytes is over the limit of 16,777,216 bytes')
    const max = { name: 'max.bin', bytes: new Uint8Array(LIMITS.publish.payloadBytes) }
    expect(validateDraft(draft({ mode: 'file', file: max }), V4)).toEqual({})
  })

  it("the broker's maximum packet size, the tighter limit", () => {
    const target: PublishTarget = { ...V5, broker: { maximumPacketSize: 1_048_576 } }
    const file = { name: 'f', bytes: new Uint8Array(2_000_000) }
    expect(validateDraft(draft({ mode: 'file', file }), target).payload).toBe("payload 2,000,000 bytes is over the broker's maximum packet size 1,048,576")
    // The payload fits, but not with the topic and header.
    const near = { name: 'f', bytes: new Uint8Array(1_048_570) }
    expect(validateDraft(draft({ mode: 'file', file: near }), target).payload).toBe(
      "payload 1,048,570 bytes with the topic and properties (about 1,048,581 bytes) is over the broker's maximum packet size 1,048,576",
    )
    const fits = { name: 'f', bytes: new Uint8Array(1_048_576 - 7 - 3 - 1) }
    expect(validateDraft(draft({ mode: 'file', file: fits }), target)).toEqual({})
  })

  it('the packet estimate counts the packet id (QoS > 0) and the v5 properties', () => {
    const target: PublishTarget = { ...V5, broker: { maximumPacketSize: 100 } }
    // 3 (topic) + 7 (header) + 1 (no properties) = 11: 89 bytes of payload fit at QoS 0.
    const payload = 'x'.repeat(89)
    expect(validateDraft(draft({ payload }), target)).toEqual({})
    expect(validateDraft(draft({ payload, qos: 1 }), target).payload).toMatch(/about 102 bytes/)
    expect(validateDraft(draft({ payload, properties: { contentType: 'text/plain' } }), target).payload).toMatch(/about 113 bytes/)
    // On 3.1.1 nothing sends the properties, so they do not count.
    expect(validateDraft(draft({ payload, properties: { contentType: 'text/plain' } }), { ...V4, broker: { maximumPacketSize: 100 } })).toEqual({})
  })
})

describe('typedPayloadProblem (checked while typing)', () => {
  it('says what validateDraft says about the payload, without the connection or the broker', () => {
    expect(typedPayloadProblem(draft({ mode: 'json', payload: '{"temp": 21,}' }))).toMatch(/^not valid JSON at line 1/)
    expect(typedPayloadProblem(draft({ mode: 'json', payload: '{"t": {{random 1 2}}}' }))).toBeUndefined()
    expect(typedPayloadProblem(draft({ mode: 'hex', payload: '00 f' }))).toMatch(/odd number of hex digits/)
    expect(typedPayloadProblem(draft({ mode: 'text', payload: '{{nope}}' }))).toMatch(/unknown template/)
    expect(typedPayloadProblem(draft({ mode: 'json', payload: '{"ok": true}' }))).toBeUndefined()
  })

  it('leaves an empty payload and the file mode alone', () => {
    expect(typedPayloadProblem(draft({ mode: 'json', payload: '  ' }))).toBeUndefined()
    expect(typedPayloadProblem(draft({ mode: 'file', payload: '{' }))).toBeUndefined()
  })
})

describe('validateDraft: QoS and retain against the broker', () => {
  it('QoS above the maximum the broker announced', () => {
    const target: PublishTarget = { ...V5, broker: { maximumQoS: 1 } }
    expect(validateDraft(draft({ qos: 2 }), target).qos).toMatch(/accepts QoS 1 at most/)
    expect(validateDraft(draft({ qos: 1 }), target)).toEqual({})
    expect(validateDraft(draft({ qos: 3 as 0 }), V4).qos).toBe('QoS is 0, 1 or 2')
  })

  it('retain on a broker without retained messages', () => {
    const target: PublishTarget = { ...V5, broker: { retainAvailable: false } }
    expect(validateDraft(draft({ retain: true }), target).retain).toMatch(/does not support retained messages/)
    expect(validateDraft(draft({ retain: false }), target)).toEqual({})
    expect(validateDraft(draft({ retain: true }), { ...V5, broker: { retainAvailable: true } })).toEqual({})
  })
})

describe('validateDraft: MQTT 5 properties', () => {
  it('are ignored on a 3.1.1 connection', () => {
    const properties = { topicAlias: 0, messageExpiryInterval: -1, userProperties: [['', 'v']] as const }
    expect(validateDraft(draft({ properties }), V4)).toEqual({})
  })

  it('message expiry is a whole number of seconds ≥ 0', () => {
    for (const bad of [-1, 1.5, Number.NaN, 4_294_967_296]) {
      expect(validateDraft(draft({ properties: { messageExpiryInterval: bad } }), V5).properties, String(bad)).toMatch(/Message expiry is a whole number/)
    }
    expect(validateDraft(draft({ properties: { messageExpiryInterval: 0 } }), V5)).toEqual({})
    expect(validateDraft(draft({ properties: { messageExpiryInterval: 4_294_967_295 } }), V5)).toEqual({})
  })

  it('[MQTT-3.3.2-14] the response topic is a topic name, templates expanded', () => {
    expect(validateDraft(draft({ properties: { responseTopic: 'reply/#' } }), V5).properties).toMatch(/^Response topic: .*wildcards/)
    expect(validateDraft(draft({ properties: { responseTopic: 'reply/{{nope}}' } }), V5).properties).toMatch(/^Response topic: unknown template/)
    expect(validateDraft(draft({ properties: { responseTopic: 'reply/{{uuid}}' } }), V5)).toEqual({})
  })

  it('content type and correlation data are MQTT strings', () => {
    expect(validateDraft(draft({ properties: { contentType: 'a\u0000' } }), V5).properties).toMatch(/^Content type contains a NUL/)
    expect(validateDraft(draft({ properties: { correlationData: 'x'.repeat(65_536) } }), V5).properties).toMatch(/^Correlation data is 65,536 bytes/)
    expect(validateDraft(draft({ properties: { correlationData: '{{bad}}' } }), V5).properties).toMatch(/^Correlation data: unknown template/)
    expect(validateDraft(draft({ properties: { contentType: 'application/json', correlationData: 'req-{{counter}}' } }), V5)).toEqual({})
  })

  it('lists every property problem', () => {
    const problems = validateDraft(draft({ properties: { contentType: '\u0000', messageExpiryInterval: -1 } }), V5)
    expect(problems.properties).toMatch(/Content type .*; Message expiry/)
  })

  it('[MQTT-3.3.2-4] "Payload is UTF-8" needs a UTF-8 payload', () => {
    const binary = draft({ mode: 'hex', payload: '48 ff', properties: { payloadFormatIndicator: true } })
    expect(validateDraft(binary, V5).properties).toBe('"Payload is UTF-8" is ticked but the payload is not UTF-8 (first bad byte at offset 1)')
    expect(validateDraft(draft({ payload: 'héllo', properties: { payloadFormatIndicator: true } }), V5)).toEqual({})
  })

  it('user property names are required; blank rows are ignored', () => {
    expect(
      validateDraft(
        draft({
          properties: {
            userProperties: [
              ['a', '1'],
              ['', 'v'],
            ],
          },
        }),
        V5,
      ).userProperties,
    ).toBe('User property 2 has no name')
    expect(
      validateDraft(
        draft({
          properties: {
            userProperties: [
              ['a', ''],
              ['', ''],
            ],
          },
        }),
        V5,
      ),
    ).toEqual({})
    expect(validateDraft(draft({ properties: { userProperties: [['a', 'x\u0000']] } }), V5).userProperties).toMatch(/^User property 1's value contains a NUL/)
  })

  it('[MQTT-3.3.2-8] [MQTT-3.3.2-9] the topic alias: 1 to the broker maximum', () => {
    expect(validateDraft(draft({ properties: { topicAlias: 0 } }), V5).topicAlias).toBe('Topic alias is a whole number, 1 to 65,535')
    expect(validateDraft(draft({ properties: { topicAlias: 65_536 } }), V5).topicAlias).toMatch(/1 to 65,535/)
    expect(validateDraft(draft({ properties: { topicAlias: 1.5 } }), V5).topicAlias).toMatch(/whole number/)
    // Nothing known about the broker: the protocol's range only.
    expect(validateDraft(draft({ properties: { topicAlias: 5 } }), V5)).toEqual({})
    const withMax: PublishTarget = { ...V5, broker: { topicAliasMaximum: 10 } }
    expect(validateDraft(draft({ properties: { topicAlias: 10 } }), withMax)).toEqual({})
    expect(validateDraft(draft({ properties: { topicAlias: 11 } }), withMax).topicAlias).toBe('This broker accepts topic aliases 1 to 10')
    // [MQTT-3.2.2.3.8] a CONNACK without Topic Alias Maximum means 0.
    expect(validateDraft(draft({ properties: { topicAlias: 1 } }), { ...V5, broker: {} }).topicAlias).toMatch(/accepts no topic aliases/)
  })
})

describe('toPublishMessage', () => {
  it('text and JSON stay templates for the worker to expand per send', () => {
    expect(toPublishMessage(draft({ topic: 't/{{counter}}', payload: 'n={{counter}}', qos: 1, retain: true }), 4)).toEqual({
      topic: 't/{{counter}}',
      payload: { kind: 'text', text: 'n={{counter}}' },
      qos: 1,
      retain: true,
    })
    expect(toPublishMessage(draft({ mode: 'json', payload: '{"a":1}' }), 4).payload).toEqual({ kind: 'text', text: '{"a":1}' })
  })

  it('Protobuf is encoded by the worker with the chosen message type; without one the draft says so', () => {
    const d = draft({ topic: 't', mode: 'protobuf', payload: '{"celsius": 1}', messageType: 'demo.Reading' })
    expect(toPublishMessage(d, 4).payload).toEqual({ kind: 'encoded', format: 'protobuf', text: '{"celsius": 1}', messageType: 'demo.Reading' })
    expect(validateDraft(d, V4)).toEqual({})
    expect(validateDraft({ ...d, messageType: undefined }, V4).payload).toBe('choose a message type (add a .proto file in Payload decoders)')
  })

  it('hex, Base64 and files become bytes', () => {
    expect(toPublishMessage(draft({ mode: 'hex', payload: '00 ff 10' }), 4).payload).toEqual({ kind: 'bytes', bytes: new Uint8Array([0, 255, 16]) })
    expect(toPublishMessage(draft({ mode: 'base64', payload: 'AP8Q' }), 4).payload).toEqual({ kind: 'bytes', bytes: new Uint8Array([0, 255, 16]) })
    const bytes = new Uint8Array([1, 2, 3])
    expect(toPublishMessage(draft({ mode: 'file', file: { name: 'x', bytes } }), 4).payload).toEqual({ kind: 'bytes', bytes })
  })

  it('refuses an invalid draft rather than sending something else', () => {
    expect(() => toPublishMessage(draft({ mode: 'hex', payload: 'zz' }), 4)).toThrow(/valid draft/)
    expect(() => toPublishMessage(draft({ mode: 'file' }), 4)).toThrow(/no file/)
  })

  it('sends properties only on v5, without empty fields', () => {
    const properties = {
      contentType: 'application/json',
      payloadFormatIndicator: false,
      messageExpiryInterval: 60,
      responseTopic: '',
      correlationData: 'req-{{counter}}',
      userProperties: [
        ['site', 'lab'],
        ['', ''],
        ['k', ''],
      ] as const,
      topicAlias: 3,
    }
    expect(toPublishMessage(draft({ properties }), 4).properties).toBeUndefined()
    expect(toPublishMessage(draft({ properties }), 5).properties).toEqual({
      contentType: 'application/json',
      messageExpiryInterval: 60,
      correlationData: 'req-{{counter}}',
      userProperties: [
        ['site', 'lab'],
        ['k', ''],
      ],
      topicAlias: 3,
    })
    expect(toPublishMessage(draft({ properties: { contentType: '', userProperties: [] } }), 5)).not.toHaveProperty('properties')
    expect(sentProperties({ payloadFormatIndicator: true, messageExpiryInterval: 0 })).toEqual({ payloadFormatIndicator: true, messageExpiryInterval: 0 })
  })
})
