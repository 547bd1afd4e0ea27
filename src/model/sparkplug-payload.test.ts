import { describe, expect, it } from 'vitest'
import { parse } from 'protobufjs'
import { decodeSparkplug, SparkplugSessions } from './sparkplug-payload.ts'
import { SPARKPLUG_B_PROTO } from './sparkplug-schema.ts'
import { parseSparkplugTopic } from './sparkplug-topic.ts'
import { jsonLineText } from './json-lines.ts'

// An independent encoder: protobufjs with the schema parsed here, camel-cased names as generated
// code uses them (the decoder under test keeps the .proto's snake_case names).
const Payload = parse(SPARKPLUG_B_PROTO).root.lookupType('org.eclipse.tahu.protobuf.Payload')
const encode = (payload: object): Uint8Array => Payload.encode(Payload.fromObject(payload)).finish()

function shown(topic: string, bytes: Uint8Array, sessions: SparkplugSessions) {
  const result = decodeSparkplug(topic, bytes, sessions)
  if ('error' in result) throw new Error(result.error)
  // Indentation trimmed: the assertions are about content and order, not layout.
  return { text: result.value.view.lines.map((l) => jsonLineText(l).trim()).join('\n'), ...result.value }
}

describe('Sparkplug topics', () => {
  it('accepts only the Sparkplug B topic namespace', () => {
    expect(parseSparkplugTopic('spBv1.0/plant/DDATA/edge1/pump')).toEqual({ kind: 'device', group: 'plant', type: 'DDATA', edgeNode: 'edge1', device: 'pump' })
    expect(parseSparkplugTopic('spBv1.0/plant/NBIRTH/edge1')).toEqual({ kind: 'node', group: 'plant', type: 'NBIRTH', edgeNode: 'edge1' })
    expect(parseSparkplugTopic('spBv1.0/STATE/host-a')).toEqual({ kind: 'state', hostId: 'host-a' })
    for (const t of [
      'spBv1.0/plant/NDATA/edge1/dev',
      'spBv1.0/plant/DDATA/edge1',
      'spBv1.0/plant/XDATA/edge1',
      'spAv1.0/g/NDATA/e',
      'sensors/spBv1.0',
      'spBv1.0//NDATA/e',
    ]) {
      expect(parseSparkplugTopic(t)).toBeUndefined()
    }
  })

  it('refuses to decode a payload on a non-Sparkplug topic (never guesses)', () => {
    const result = decodeSparkplug('sensors/temp', new TextEncoder().encode('{"a":1}'), new SparkplugSessions())
    expect(result).toEqual({ error: expect.stringMatching(/^not a Sparkplug B topic/) as string })
  })
})

describe('Sparkplug B payloads', () => {
  it('decodes every scalar datatype, Int64/UInt64 exact, with seq and timestamps', () => {
    const bytes = encode({
      timestamp: 1700000000123,
      seq: 0,
      metrics: [
        { name: 'i8', alias: 1, datatype: 1, intValue: 0xff },
        { name: 'i16', alias: 2, datatype: 2, intValue: 0xfffe },
        { name: 'i32', alias: 3, datatype: 3, intValue: 0xfffffffd },
        { name: 'i64', alias: 4, datatype: 4, longValue: '18446744073709551615' },
        { name: 'u64', alias: 5, datatype: 8, longValue: '18446744073709551615' },
        { name: 'i64 big', alias: 6, datatype: 4, longValue: '9007199254740993' },
        { name: 'u32', alias: 7, datatype: 7, intValue: 4294967295 },
        { name: 'float', alias: 8, datatype: 9, floatValue: 1.5 },
        { name: 'double', alias: 9, datatype: 10, doubleValue: 2.25 },
        { name: 'bool', alias: 10, datatype: 11, booleanValue: true },
        { name: 'string', alias: 11, datatype: 12, stringValue: 'hello' },
        { name: 'when', alias: 12, datatype: 13, longValue: 1700000000000 },
        { name: 'bytes', alias: 13, datatype: 17, bytesValue: new Uint8Array([0xde, 0xad]) },
        { name: 'nothing', alias: 14, datatype: 3, isNull: true },
      ],
    })
    const { text, metricValues } = shown('spBv1.0/plant/NBIRTH/edge1', bytes, new SparkplugSessions())
    expect(text).toContain('"seq": 0')
    expect(text).toContain('"utc": "2023-11-14T22:13:20.123Z"')
    for (const expected of [
      '"i8": {\n"value": -1',
      '"i16": {\n"value": -2',
      '"i32": {\n"value": -3',
      '"i64": {\n"value": -1',
      '"u64": {\n"value": 18446744073709551615',
      '"i64 big": {\n"value": 9007199254740993',
      '"u32": {\n"value": 4294967295',
      '"float": {\n"value": 1.5',
      '"double": {\n"value": 2.25',
      '"bool": {\n"value": true',
      '"string": {\n"value": "hello"',
      '"bytes": {\n"value": "bytes(2) dead"',
      '"nothing": {\n"value": null',
    ]) {
      expect(text).toContain(expected.replace(/\n{4}/g, '\n'))
    }
    expect(text).toContain('"datatype": "UInt64"')
    expect(metricValues).toContainEqual({ name: 'u64', value: 18446744073709551615n })
    expect(metricValues).toContainEqual({ name: 'bool', value: true })
  })

  it('decodes bytes assembled by hand from the wire format (no encoder library involved)', () => {
    // metrics[0] = { name: "t" (field 1), datatype: Int32 (field 4), int_value: 7 (field 10) }, seq: 5 (field 3)
    const bytes = new Uint8Array([0x12, 0x07, 0x0a, 0x01, 0x74, 0x20, 0x03, 0x50, 0x07, 0x18, 0x05])
    const { text, metricValues } = shown('spBv1.0/g/NDATA/e', bytes, new SparkplugSessions())
    expect(text).toContain('"seq": 5')
    expect(metricValues).toEqual([{ name: 't', value: 7 }])
  })

  it('decodes arrays, DataSets and Templates', () => {
    const int16s = new Uint8Array([0xff, 0xff, 0x02, 0x00])
    const bools = new Uint8Array([3, 0, 0, 0, 0b1010_0000])
    const strings = new TextEncoder().encode('a\0bc\0')
    const bytes = encode({
      metrics: [
        { name: 'int16s', datatype: 23, bytesValue: int16s },
        { name: 'bools', datatype: 32, bytesValue: bools },
        { name: 'strings', datatype: 33, bytesValue: strings },
        {
          name: 'table',
          datatype: 16,
          datasetValue: { numOfColumns: 2, columns: ['id', 'level'], types: [4, 10], rows: [{ elements: [{ longValue: '-1' }, { doubleValue: 0.5 }] }] },
        },
        {
          name: 'motor',
          datatype: 19,
          templateValue: {
            templateRef: 'Motor',
            parameters: [{ name: 'rpm', type: 7, intValue: 1500 }],
            metrics: [{ name: 'amps', datatype: 9, floatValue: 3 }],
          },
        },
      ],
    })
    const { text } = shown('spBv1.0/plant/DDATA/edge1/dev', bytes, new SparkplugSessions())
    expect(text).toContain('"int16s": {\n"value": [\n-1\n2\n]')
    expect(text).toContain('"bools": {\n"value": [\ntrue\nfalse\ntrue\n]')
    expect(text).toContain('"strings": {\n"value": [\n"a"\n"bc"\n]')
    expect(text).toContain('"id": -1')
    expect(text).toContain('"level": 0.5')
    expect(text).toContain('"template_ref": "Motor"')
    expect(text).toContain('"rpm": 1500')
    expect(text).toContain('"amps": {\n')
  })

  it('resolves aliases from the last BIRTH, across rebirths, and says when no BIRTH was seen', () => {
    const sessions = new SparkplugSessions()
    const ddata = encode({ seq: 2, metrics: [{ alias: 7, intValue: 42 }] })
    const before = shown('spBv1.0/g/DDATA/e/d', ddata, sessions)
    expect(before.view.notes).toEqual(['alias 7: no BIRTH seen'])
    expect(before.text).toContain('"alias 7": {')

    shown('spBv1.0/g/NBIRTH/e', encode({ seq: 0, metrics: [{ name: 'bdSeq', datatype: 8, longValue: 0 }] }), sessions)
    shown('spBv1.0/g/DBIRTH/e/d', encode({ seq: 1, metrics: [{ name: 'Temperature', alias: 7, datatype: 3, intValue: 0 }] }), sessions)
    const after = shown('spBv1.0/g/DDATA/e/d', ddata, sessions)
    expect(after.view.notes).toEqual([])
    expect(after.metricValues).toEqual([{ name: 'Temperature', value: 42 }])

    // A node rebirth forgets the device's aliases until its own DBIRTH; the new DBIRTH maps 7 elsewhere.
    shown('spBv1.0/g/NBIRTH/e', encode({ seq: 0, metrics: [] }), sessions)
    expect(shown('spBv1.0/g/DDATA/e/d', ddata, sessions).view.notes).toEqual(['alias 7: no BIRTH seen'])
    shown('spBv1.0/g/DBIRTH/e/d', encode({ seq: 1, metrics: [{ name: 'Pressure', alias: 7, datatype: 3, intValue: 0 }] }), sessions)
    expect(shown('spBv1.0/g/DDATA/e/d', ddata, sessions).metricValues).toEqual([{ name: 'Pressure', value: 42 }])
  })

  it('refuses truncated and non-protobuf payloads with a reason', () => {
    const good = encode({ metrics: [{ name: 'a', datatype: 12, stringValue: 'a long enough string' }] })
    const sessions = new SparkplugSessions()
    expect(decodeSparkplug('spBv1.0/g/NDATA/e', good.slice(0, good.length - 4), sessions)).toEqual({
      error: expect.stringMatching(/^not a Sparkplug B payload: /) as string,
    })
    expect(decodeSparkplug('spBv1.0/g/NDATA/e', new TextEncoder().encode('{"hello": "json"}'), sessions)).toHaveProperty('error')
    expect(decodeSparkplug('spBv1.0/STATE/host', new TextEncoder().encode('{"online":true}'), sessions)).toEqual({
      error: expect.stringContaining('STATE') as string,
    })
  })
})
