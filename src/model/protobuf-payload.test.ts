import { describe, expect, it } from 'vitest'
import { parse } from 'protobufjs'
import { decodeProtobuf, decodeProtobufTree, findMessageType, loadProtoFiles, messageTypeNames } from './protobuf-payload.ts'
import { decodedPreview } from './decoded-value.ts'
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

  it('keeps every 64-bit integer exact at the limits (int64, uint64, sint64, fixed64): digits, never {high, low}', () => {
    const text = `syntax = "proto3"; package x; message L { int64 a = 1; uint64 b = 2; sint64 c = 3; fixed64 d = 4; sfixed64 e = 5; int64 f = 6; }`
    const L = parse(text).root.lookupType('x.L')
    const { root } = loadProtoFiles([{ name: 'l.proto', text }])
    const type = findMessageType(root, 'x.L')
    if ('error' in type) throw new Error(type.error)
    const bytes = L.encode(
      L.fromObject({
        a: '-9223372036854775808',
        b: '18446744073709551615',
        c: '9223372036854775807',
        d: '18446744073709551614',
        e: '-9007199254740993',
        f: '42',
      }),
    ).finish()
    const tree = decodeProtobufTree(type.value, bytes)
    if ('error' in tree) throw new Error(tree.error)
    expect(tree.value).toEqual({
      a: -9223372036854775808n,
      b: 18446744073709551615n,
      c: 9223372036854775807n,
      d: 18446744073709551614n,
      e: -9007199254740993n,
      f: 42,
    })
    expect(decodedPreview(tree.value, 200).text).toBe(
      '{"a":-9223372036854775808,"b":18446744073709551615,"c":9223372036854775807,"d":18446744073709551614,"e":-9007199254740993,"f":42}',
    )
  })

  it('lists the message types, nested ones included', () => {
    const { root } = loadProtoFiles([
      { name: 'n.proto', text: 'syntax = "proto3"; package a.b; message Outer { message Inner { int32 x = 1; } Inner i = 1; }' },
    ])
    expect(messageTypeNames(root, 10)).toEqual(['a.b.Outer', 'a.b.Outer.Inner'])
  })

  it('refuses a huge declared length and 10,000 levels of nesting with a reason, never a crash', () => {
    const text = 'syntax = "proto3"; package r; message Node { Node child = 1; string name = 2; }'
    const { root } = loadProtoFiles([{ name: 'r.proto', text }])
    const type = findMessageType(root, 'r.Node')
    if ('error' in type) throw new Error(type.error)
    // name (field 2) declares 2^32-1 bytes in a 7-byte payload.
    const huge = decodeProtobuf(type.value, new Uint8Array([0x12, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x41]))
    expect(huge).toEqual({ error: expect.stringMatching(/^not a r\.Node: field 2 \(name\) at byte 0: /) as string })
    // 10,000 nested children: each level is 0x0a <length varint> around the next.
    let deep = new Uint8Array(0)
    for (let i = 0; i < 10_000; i++) {
      const len = deep.length
      const head =
        len < 128 ? [0x0a, len] : len < 16384 ? [0x0a, (len & 0x7f) | 0x80, len >> 7] : [0x0a, (len & 0x7f) | 0x80, ((len >> 7) & 0x7f) | 0x80, len >> 14]
      const next = new Uint8Array(head.length + len)
      next.set(head)
      next.set(deep, head.length)
      deep = next
    }
    const result = decodeProtobuf(type.value, deep)
    // protobufjs recurses per level: either it decodes or it refuses with a reason; the view never breaks.
    if ('error' in result) expect(result.error).toMatch(/^not a r\.Node: /)
    else expect(result.value.lines.length).toBeGreaterThan(10_000)
  })
})
