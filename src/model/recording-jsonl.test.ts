import { describe, expect, it } from 'vitest'
import { parseRecordingJsonl, propertiesToPublish, recordedProperties, serialiseRecordedMessage, type RecordedMessage } from './recording-jsonl.ts'
import { replayDelayMs } from './replay-timing.ts'

const binary = Uint8Array.from({ length: 256 }, (_, i) => i)

const messages: RecordedMessage[] = [
  { ts: 1_700_000_000_000, topic: 'a/b', qos: 0, retain: false, payload: new TextEncoder().encode('héllo ✓') },
  { ts: 1_700_000_000_005, topic: 'bin', qos: 1, retain: true, payload: binary },
  { ts: 1_700_000_000_009, topic: 'empty', qos: 2, retain: false, payload: new Uint8Array(0) },
  {
    ts: 1_700_000_000_010,
    topic: 'v5',
    qos: 1,
    retain: false,
    payload: Uint8Array.of(1, 2, 3, 4, 5),
    properties: { contentType: 'x/y', correlationData_base64: 'AAEC/w==', userProperties: { a: ['1', '2'], b: 'c' }, messageExpiryInterval: 60 },
  },
]

describe('recording JSONL', () => {
  it('round-trips binary, UTF-8, empty payloads and v5 properties byte for byte', () => {
    const text = messages.map(serialiseRecordedMessage).join('\n') + '\n'
    const parsed = parseRecordingJsonl(text)
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(parsed.messages).toEqual(messages)
    expect(parsed.messages.map(serialiseRecordedMessage).join('\n') + '\n').toBe(text)
  })

  it('writes the issue field names and leaves properties out when there are none', () => {
    const line = JSON.parse(serialiseRecordedMessage(messages[0]!)) as Record<string, unknown>
    expect(Object.keys(line)).toEqual(['ts', 'topic', 'qos', 'retain', 'payload_base64'])
  })

  it.each([
    ['{"ts":1,"topic":"a","qos":0,"retain":false,"payload_base64":""}\nnot json', 2, 'not valid JSON'],
    ['\n\n{"ts":1,"topic":"a","qos":3,"retain":false,"payload_base64":""}', 3, '"qos" must be 0, 1 or 2'],
    ['{"ts":1,"topic":"a","qos":0,"retain":false,"payload_base64":"abc"}', 1, '"payload_base64" is not valid Base64'],
    ['{"ts":1,"topic":"a/#","qos":0,"retain":false,"payload_base64":""}', 1, '"topic" must not contain the wildcards + or #'],
    ['{"ts":-1,"topic":"a","qos":0,"retain":false,"payload_base64":""}', 1, '"ts" must be epoch milliseconds (a whole number ≥ 0)'],
    ['[1]', 1, 'not a JSON object'],
    ['{"ts":1,"topic":"a","qos":0,"retain":"yes","payload_base64":""}', 1, '"retain" must be true or false'],
    ['{"ts":1,"topic":"a","qos":0,"retain":false,"payload_base64":"","properties":{"evil":1}}', 1, '"properties.evil" is not an MQTT 5 publish property'],
  ])('refuses a bad line with its number and reason: %s', (text, line, reason) => {
    expect(parseRecordingJsonl(text)).toEqual({ ok: false, line, reason })
  })

  it('turns MQTT.js properties into recorded ones and back, without per-connection fields', () => {
    const recorded = recordedProperties({ contentType: 't', correlationData: Buffer.from([9, 8]), topicAlias: 3, subscriptionIdentifier: 4 })
    expect(recorded).toEqual({ contentType: 't', correlationData_base64: 'CQg=', topicAlias: 3, subscriptionIdentifier: 4 })
    expect(propertiesToPublish(recorded)).toEqual({ contentType: 't', correlationData: Uint8Array.of(9, 8) })
    expect(recordedProperties({})).toBeUndefined()
  })
})

describe('replay timing', () => {
  it('divides the original gaps by the speed, measured from the first message', () => {
    expect(replayDelayMs(1000, 1000, 1)).toBe(0)
    expect(replayDelayMs(1000, 3000, 1)).toBe(2000)
    expect(replayDelayMs(1000, 3000, 10)).toBe(200)
    expect(replayDelayMs(1000, 3000, 0.5)).toBe(4000)
  })
  it('sends everything at once at speed 0', () => {
    expect(replayDelayMs(1000, 999_999, 0)).toBe(0)
  })
})
