import { describe, expect, it } from 'vitest'
import { parse } from 'protobufjs'
import { decodeProtobuf, findMessageType, loadProtoFiles } from './protobuf-payload.ts'
import { jsonLineText } from './json-lines.ts'

const SENSORS = `syntax = "proto3";
package fleet;
enum Mode { IDLE = 0; RUN = 1; }
message Reading {
  string sensor_id = 1;
  double value = 2;
  uint64 counter = 3;
  sint64 offset = 4;
  Mode mode = 5;
  repeated int32 samples = 6;
}`

// The independent encoder: protobufjs on its own parse of the same text.
const Encoded = parse(SENSORS).root.lookupType('fleet.Reading')

describe('Protobuf with user .proto files', () => {
  it('decodes with the named type, 64-bit integers exact and enums by name', () => {
    const { root, errors } = loadProtoFiles([{ name: 'sensors.proto', text: SENSORS }])
    expect(errors).toEqual([])
    const type = findMessageType(root, 'fleet.Reading')
    if ('error' in type) throw new Error(type.error)
    const bytes = Encoded.encode(
      Encoded.fromObject({ sensorId: 'A-1', value: 21.5, counter: '18446744073709551615', offset: '-9007199254740993', mode: 1, samples: [1, -2] }),
    ).finish()
    const result = decodeProtobuf(type.value, bytes)
    if ('error' in result) throw new Error(result.error)
    const text = result.value.lines.map((l) => jsonLineText(l).trim()).join('\n')
    expect(text).toContain('"sensor_id": "A-1"')
    expect(text).toContain('"counter": 18446744073709551615')
    expect(text).toContain('"offset": -9007199254740993')
    expect(text).toContain('"mode": "RUN"')
    expect(text).toContain('"samples": [\n1\n-2\n]')
  })

  it('says which file, line and reason when a .proto does not parse, and keeps the others', () => {
    const { root, errors } = loadProtoFiles([
      { name: 'broken.proto', text: 'syntax = "proto3";\nmessage A {\n  int32 x = ;\n}' },
      { name: 'sensors.proto', text: SENSORS },
    ])
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^broken\.proto line 3: /)
    expect('value' in findMessageType(root, 'fleet.Reading')).toBe(true)
  })

  it('says so when a rule names a missing type', () => {
    const { root } = loadProtoFiles([{ name: 'sensors.proto', text: SENSORS }])
    expect(findMessageType(root, 'fleet.Missing')).toEqual({ error: 'message type "fleet.Missing" is not defined in the added .proto files' })
  })

  it('names the field and byte offset where a truncated payload fails', () => {
    const { root } = loadProtoFiles([{ name: 'sensors.proto', text: SENSORS }])
    const type = findMessageType(root, 'fleet.Reading')
    if ('error' in type) throw new Error(type.error)
    const bytes = Encoded.encode(Encoded.fromObject({ sensorId: 'A-1', value: 21.5 })).finish()
    // sensor_id takes bytes 0-4 (key, length, 3 bytes); value's key is at byte 5 and its 8 bytes are cut.
    const result = decodeProtobuf(type.value, bytes.slice(0, bytes.length - 3))
    expect(result).toEqual({ error: expect.stringMatching(/^not a fleet\.Reading: field 2 \(value\) at byte 5: /) as string })
  })
})
