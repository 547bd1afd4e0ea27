import { describe, expect, it } from 'vitest'
import { parse } from 'protobufjs'
import { loadProtoFiles, findMessageType } from './protobuf-payload.ts'
import { encodePublish, SparkplugSequence } from './publish-encoders.ts'
import { encodeProtobuf } from './protobuf-encode.ts'
import { encodedPayloadProblem, NO_MESSAGE_TYPE } from './encoded-publish.ts'

const PROTO = `syntax = "proto3";
package demo;
enum Status { UNKNOWN = 0; OK = 1; ALARM = 2; }
message Meta { string unit = 1; uint32 channel = 2; }
message Reading {
  double temperature = 1;
  int64 count = 2;
  uint64 total = 3;
  Status status = 4;
  Meta meta = 5;
  repeated sint64 deltas = 6;
  map<string, int32> tags = 7;
  bool ok = 8;
  bytes raw = 9;
}`

// The app's compiled root (as the worker has it) encodes ...
const appType = () => {
  const { root, errors } = loadProtoFiles([{ name: 'demo.proto', text: PROTO }])
  expect(errors).toEqual([])
  const type = findMessageType(root, 'demo.Reading')
  if ('error' in type) throw new Error(type.error)
  return type.value
}
// ... and an independent protobufjs root, built here from the same text, decodes.
const Reading = parse(PROTO, { keepCase: true }).root.lookupType('demo.Reading')
const decode = (bytes: Uint8Array) => Reading.toObject(Reading.decode(bytes), { longs: String, enums: String, bytes: String })

describe('encodeProtobuf', () => {
  it('round-trips every kind of field; 64-bit integers exact as strings or big literals', () => {
    const json = `{
      "temperature": 21.5,
      "count": "-9223372036854775808",
      "total": 18446744073709551615,
      "status": "ALARM",
      "meta": {"unit": "°C", "channel": 4294967295},
      "deltas": [9007199254740993, "-5", 3],
      "tags": {"room": 12, "floor": -1},
      "ok": true,
      "raw": "AP8="
    }`
    expect(decode(encodeProtobuf(appType(), json))).toEqual({
      temperature: 21.5,
      count: '-9223372036854775808',
      total: '18446744073709551615',
      status: 'ALARM',
      meta: { unit: '°C', channel: 4294967295 },
      deltas: ['9007199254740993', '-5', '3'],
      tags: { room: 12, floor: -1 },
      ok: true,
      raw: 'AP8=',
    })
  })

  it('takes enum numbers and leaves null fields unset', () => {
    expect(decode(encodeProtobuf(appType(), '{"status": 1, "meta": null, "count": 42}'))).toEqual({ status: 'OK', count: '42' })
  })

  it.each([
    ['{"temperature": "hot"}', 'demo.Reading: temperature: number expected'],
    ['{"meta": {"unit": 5}}', 'demo.Reading: meta.unit: string expected'],
    ['{"meta": {"channel": -1}}', 'demo.Reading: meta.channel: expected a whole number 0 to 4294967295 for uint32, got -1'],
    ['{"count": "12a"}', 'demo.Reading: count: expected a whole number'],
    ['{"total": -1}', 'demo.Reading: total: expected a whole number 0 to 18446744073709551615'],
    ['{"deltas": [1, 2.5]}', 'demo.Reading: deltas[1]: expected a whole number'],
    ['{"status": "HOT"}', 'demo.Reading: status: expected one of UNKNOWN, OK, ALARM (or its number), got "HOT"'],
    ['{"temprature": 1}', 'demo.Reading: temprature: no such field in demo.Reading'],
    ['{"meta": 3}', 'demo.Reading: meta: expected an object (a demo.Meta)'],
    ['{"deltas": 3}', 'demo.Reading: deltas: expected a list'],
    ['[1]', 'demo.Reading: expected a JSON object'],
    ['{"temperature": }', 'line 1'],
  ])('refuses %s naming the field', (json, message) => {
    expect(() => encodeProtobuf(appType(), json)).toThrow(message)
  })

  it('is the Protobuf publish format: the chosen type, or why there is none', () => {
    const sequence = new SparkplugSequence()
    const bytes = encodePublish('protobuf', 'any/topic', '{"temperature": 3}', sequence, 0, { value: appType() })
    expect(decode(bytes)).toEqual({ temperature: 3 })
    expect(() => encodePublish('protobuf', 't', '{}', sequence, 0)).toThrow(NO_MESSAGE_TYPE)
    expect(() => encodePublish('protobuf', 't', '{}', sequence, 0, { error: 'message type "x.Y" is not defined' })).toThrow('x.Y')
  })

  it('the page refuses a Protobuf draft without a message type, and checks its JSON', () => {
    expect(encodedPayloadProblem('protobuf', 't', '{}')).toBe(NO_MESSAGE_TYPE)
    expect(encodedPayloadProblem('protobuf', 't', '{}', ' ')).toBe(NO_MESSAGE_TYPE)
    expect(encodedPayloadProblem('protobuf', 't', '{}', 'demo.Reading')).toBeUndefined()
    expect(encodedPayloadProblem('protobuf', 't', '{', 'demo.Reading')).toMatch(/position|line/)
  })
})
