import { describe, expect, it } from 'vitest'
import { decode as msgpackDecode } from '@msgpack/msgpack'
import { Decoder } from 'cbor-x'
import { parse } from 'protobufjs'
import { encodedPayloadProblem, sparkplugCommandTopic } from './encoded-publish.ts'
import { encodePublish, SparkplugSequence } from './publish-encoders.ts'
import { SPARKPLUG_B_PROTO } from './sparkplug-schema.ts'

// Independent decoders: cbor-x and @msgpack/msgpack as a receiver would use them, protobufjs with the published schema (camelCase).
const cborDecoder = new Decoder({ useRecords: false, int64AsType: 'bigint' } as ConstructorParameters<typeof Decoder>[0])
const Payload = parse(SPARKPLUG_B_PROTO).root.lookupType('org.eclipse.tahu.protobuf.Payload')
const sparkplugRead = (bytes: Uint8Array) => Payload.toObject(Payload.decode(bytes), { longs: String, defaults: false }) as Record<string, unknown>

const T = 1_700_000_000_000
const G = 'spBv1.0/plant'

describe('publish encoders round trip', () => {
  it('CBOR: objects, arrays, floats, booleans, null and 64-bit integers exactly', () => {
    const bytes = encodePublish('cbor', 't', '{"a": 1.5, "b": [1, true, null, "x"], "big": 9007199254740993, "neg": -2}', new SparkplugSequence(), T)
    const back = cborDecoder.decode(bytes) as Record<string, unknown>
    expect(back).toEqual({ a: 1.5, b: [1, true, null, 'x'], big: 9007199254740993n, neg: -2 })
  })

  it('MessagePack: the same, with 64-bit integers exact', () => {
    const bytes = encodePublish('msgpack', 't', '{"a": 1.5, "b": [1, false], "big": 18446744073709551615}', new SparkplugSequence(), T)
    expect(msgpackDecode(bytes, { useBigInt64: true })).toEqual({ a: 1.5, b: [1, false], big: 18446744073709551615n })
  })

  it('Sparkplug B: metrics by datatype, timestamp and seq filled in, seq per edge node 0..255, none on NDEATH and commands', () => {
    const seq = new SparkplugSequence()
    const json = JSON.stringify({
      metrics: [
        { name: 'i8', datatype: 'Int8', value: -1 },
        { name: 'u32', datatype: 'UInt32', value: 4294967295 },
        { name: 'flow', datatype: 'Double', value: 12.5 },
        { name: 'on', value: true },
        { name: 'label', value: 'pump' },
        { name: 'count', value: 3 },
        { name: 'nothing', datatype: 'Float', value: null },
      ],
    }).replace('"count","value":3', '"count","value":9223372036854775807')
    const birth = sparkplugRead(encodePublish('sparkplug', `${G}/NBIRTH/e1`, json, seq, T))
    expect(birth.seq).toBe('0')
    expect(birth.timestamp).toBe(String(T))
    const metrics = birth.metrics as Record<string, unknown>[]
    expect(metrics.map((m) => [m.name, m.datatype])).toEqual([
      ['i8', 1],
      ['u32', 7],
      ['flow', 10],
      ['on', 11],
      ['label', 12],
      ['count', 4],
      ['nothing', 9],
    ])
    expect(metrics[0]!.intValue).toBe(0xffffffff)
    expect(metrics[1]!.intValue).toBe(4294967295)
    expect(metrics[2]!.doubleValue).toBe(12.5)
    expect(metrics[3]!.booleanValue).toBe(true)
    expect(metrics[4]!.stringValue).toBe('pump')
    expect(metrics[5]!.longValue).toBe('9223372036854775807')
    expect(metrics[6]!.isNull).toBe(true)

    const data = '{"metrics": [{"alias": 3, "datatype": "Double", "value": 1}], "timestamp": 5}'
    expect(sparkplugRead(encodePublish('sparkplug', `${G}/DDATA/e1/pump`, data, seq, T)).seq).toBe('1')
    expect(sparkplugRead(encodePublish('sparkplug', `${G}/NDATA/e1`, data, seq, T))).toMatchObject({ seq: '2', timestamp: '5' })
    expect(sparkplugRead(encodePublish('sparkplug', `${G}/NDATA/e2`, data, seq, T)).seq).toBe('0') // another edge node
    expect(sparkplugRead(encodePublish('sparkplug', `${G}/NCMD/e1`, data, seq, T)).seq).toBeUndefined()
    expect(sparkplugRead(encodePublish('sparkplug', `${G}/NDEATH/e1`, data, seq, T)).seq).toBeUndefined()
    for (let i = 3; i < 256; i++) encodePublish('sparkplug', `${G}/NDATA/e1`, data, seq, T)
    expect(sparkplugRead(encodePublish('sparkplug', `${G}/NDATA/e1`, data, seq, T)).seq).toBe('0') // 255, then 0
    expect(sparkplugRead(encodePublish('sparkplug', `${G}/NBIRTH/e1`, data, seq, T)).seq).toBe('0')
    expect(sparkplugRead(encodePublish('sparkplug', `${G}/NDATA/e1`, data, seq, T)).seq).toBe('1')
  })

  it('errors name the position or the field; nothing is encoded', () => {
    expect(() => encodePublish('cbor', 't', '{"a": }', new SparkplugSequence(), T)).toThrow(/position|line|column/)
    const problem = (topic: string, text: string) => encodedPayloadProblem('sparkplug', topic, text)
    expect(problem(`${G}/DDATA/e1/d`, '{"metrics": [{"name": "a", "value": 1}, {"name": "b", "datatype": "Int8", "value": 300}]}')).toBe(
      'metrics[1].value: expected a whole number -128 to 127 for Int8, got 300',
    )
    expect(problem(`${G}/DDATA/e1/d`, '{"metrics": [{"name": "a", "datatype": "Dooble", "value": 1}]}')).toMatch(
      /^metrics\[0\]\.datatype: unknown datatype "Dooble"/,
    )
    expect(problem(`${G}/DDATA/e1/d`, '{"metrics": [{"value": 1}]}')).toMatch(/^metrics\[0\]: a metric needs a name/)
    expect(problem(`${G}/DDATA/e1/d`, '{"seq": 4, "metrics": []}')).toMatch(/^seq: leave it out/)
    expect(problem('plant/data', '{"metrics": []}')).toMatch(/^Sparkplug B needs a topic spBv1.0/)
    expect(problem(`${G}/DDATA/e1/d`, '{"metrics": [}')).toMatch(/line|position/)
    expect(encodedPayloadProblem('msgpack', 'x', '[1, 2]')).toBeUndefined()
  })

  it('command topics: NCMD of the edge node, DCMD of the device', () => {
    expect(sparkplugCommandTopic(`${G}/DDATA/e1/pump`, 'NCMD')).toBe(`${G}/NCMD/e1`)
    expect(sparkplugCommandTopic(`${G}/DDATA/e1/pump`, 'DCMD')).toBe(`${G}/DCMD/e1/pump`)
    expect(sparkplugCommandTopic(`${G}/NDATA/e1`, 'DCMD')).toBeUndefined()
    expect(sparkplugCommandTopic('a/b', 'NCMD')).toBeUndefined()
  })
})
