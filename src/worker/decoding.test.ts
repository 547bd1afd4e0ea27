import { describe, expect, it } from 'vitest'
import { parse } from 'protobufjs'
import { Encoder } from 'cbor-x'
import { encode as msgpackEncode } from '@msgpack/msgpack'
import type { DecodersConfig, DecodersStatus } from '../model/decode-rules.ts'
import { jsonLineText } from '../model/json-lines.ts'
import type { Inspection } from '../model/inspection-types.ts'
import { Explorer } from './explorer.ts'
import { Inspector } from './inspector.ts'

const DEMO = `syntax = "proto3";
package demo;
message Reading {
  string sensor = 1;
  double celsius = 2;
  int64 total = 3;
  uint64 serial = 4;
}`
// The independent encoder: protobufjs on its own parse of the same text.
const Reading = parse(DEMO).root.lookupType('demo.Reading')
const reading = (fields: object): Uint8Array => Reading.encode(Reading.fromObject(fields)).finish()

const CONFIG: DecodersConfig = {
  protoFiles: [{ name: 'demo.proto', text: DEMO }],
  rules: [
    { filter: 'sensors/+/pb', format: 'protobuf', messageType: 'demo.Reading' },
    { filter: 'sensors/+/cbor', format: 'cbor', messageType: '' },
    { filter: 'sensors/+/mp', format: 'msgpack', messageType: '' },
    { filter: 'sensors/missing', format: 'protobuf', messageType: 'demo.Nope' },
  ],
}

function setup(config: DecodersConfig = CONFIG) {
  const explorer = new Explorer()
  const statuses: DecodersStatus[] = []
  const inspector = new Inspector(explorer.tree, (s) => statuses.push(s))
  inspector.decoding.setConfig(config)
  let now = 1000
  const ingest = (topic: string, payload: Uint8Array) => explorer.ingest({ topic, payload, qos: 0, retain: false, dup: false, properties: undefined }, now++)
  /** The inspection once the decoders' module has loaded. */
  const inspect = async (topic: string, extra: object = {}): Promise<Inspection> => {
    inspector.setRequest({ id: explorer.tree.find(topic)!.id, ...extra })
    for (let i = 0; i < 200; i++) {
      const inspection = inspector.poll(false)?.inspection
      if (inspection?.message?.binary?.state !== 'loading' && statuses.length > 0) return inspection!
      await new Promise((r) => setTimeout(r, 20))
      inspector.invalidate()
    }
    throw new Error('the decoders never loaded')
  }
  return { explorer, inspector, statuses, ingest, inspect }
}

function decodedText(inspection: Inspection): string {
  const binary = inspection.message?.binary
  if (binary?.state !== 'done') throw new Error('not decoded')
  if ('error' in binary.result) throw new Error(binary.result.error)
  return binary.result.value.lines.map((l) => jsonLineText(l).trim()).join('\n')
}

describe('decoding rules in the worker: inspector, tree previews, history and diff', () => {
  it('opens a topic a Protobuf rule names decoded, 64-bit integers exact, and previews it decoded in the tree and the history', async () => {
    const { explorer, ingest, inspect, statuses } = setup()
    ingest('sensors/a/pb', reading({ sensor: 'a', celsius: 20.5, total: '-9223372036854775808', serial: '18446744073709551615' }))
    ingest('sensors/a/pb', reading({ sensor: 'a', celsius: 21, total: '9007199254740993', serial: '1' }))
    const inspection = await inspect('sensors/a/pb')
    expect(inspection.message?.binary).toMatchObject({ format: 'protobuf', auto: true, state: 'done' })
    expect(decodedText(inspection)).toContain('"total": 9007199254740993')
    expect(statuses.at(-1)).toEqual({
      protoErrors: [],
      ruleProblems: [undefined, undefined, undefined, 'message type "demo.Nope" is not defined in the added .proto files'],
      messageTypes: ['demo.Reading'],
    })
    expect(explorer.tree.find('sensors/a/pb')!.preview).toBe('{"sensor":"a","celsius":21,"total":9007199254740993,"serial":1}')
    expect(inspection.history.entries.map((e) => e.preview)).toEqual([
      '{"sensor":"a","celsius":21,"total":9007199254740993,"serial":1}',
      // History entries show 80 characters.
      '{"sensor":"a","celsius":20.5,"total":-9223372036854775808,"serial":1844674407370…',
    ])
  })

  it('diffs decoded values by key path', async () => {
    const { ingest, inspect } = setup()
    ingest('sensors/a/pb', reading({ sensor: 'a', celsius: 20.5 }))
    ingest('sensors/a/pb', reading({ sensor: 'a', celsius: 22, serial: '18446744073709551615' }))
    await inspect('sensors/a/pb')
    const { diff } = await inspect('sensors/a/pb', { diff: true })
    expect(diff).toMatchObject({
      kind: 'keys',
      changes: [
        { path: 'celsius', change: 'changed', before: '20.5', after: '22' },
        { path: 'serial', change: 'added', after: '18446744073709551615' },
      ],
    })
  })

  it('decodes CBOR and MessagePack by rule (integers beyond 2^53 exact)', async () => {
    const { explorer, ingest, inspect } = setup()
    ingest('sensors/b/cbor', new Encoder({ useRecords: false }).encode({ big: 2n ** 64n - 1n, on: true }))
    ingest('sensors/b/mp', msgpackEncode({ n: -(2n ** 63n) }, { useBigInt64: true }))
    expect(decodedText(await inspect('sensors/b/cbor'))).toContain('"big": 18446744073709551615')
    expect(decodedText(await inspect('sensors/b/mp'))).toContain('"n": -9223372036854775808')
    expect(explorer.tree.find('sensors/b/cbor')!.preview).toBe('{"big":18446744073709551615,"on":true}')
    expect(explorer.tree.find('sensors/b/mp')!.preview).toBe('{"n":-9223372036854775808}')
  })

  it('says when a rule points at a missing type, and a truncated payload says where it failed; the preview stays plain', async () => {
    const { explorer, ingest, inspect } = setup()
    ingest('sensors/missing', reading({ sensor: 'x' }))
    const missing = (await inspect('sensors/missing')).message?.binary
    expect(missing).toMatchObject({ state: 'done', result: { error: 'message type "demo.Nope" is not defined in the added .proto files' } })
    const whole = reading({ sensor: 'abc', celsius: 1.5 })
    ingest('sensors/t/pb', whole.slice(0, whole.length - 3))
    const cut = (await inspect('sensors/t/pb')).message?.binary
    expect(cut).toMatchObject({ state: 'done', result: { error: expect.stringMatching(/^not a demo\.Reading: field 2 \(celsius\) at byte 5: /) as string } })
    expect(explorer.tree.find('sensors/t/pb')!.preview).toBe('\\n\\u{0003}abc\\u{0011}\\u{0000}\\u{0000}\\u{0000}\\u{0000}\\u{0000}')
  })

  it('refuses 10,000 levels of CBOR and a MessagePack length beyond the payload with a reason, without freezing', async () => {
    const { explorer, ingest, inspect } = setup()
    const deep = new Uint8Array(10_001).fill(0x81)
    deep[10_000] = 0x01
    ingest('sensors/deep/cbor', deep)
    ingest('sensors/huge/mp', new Uint8Array([0xdd, 0xff, 0xff, 0xff, 0xff, 0x01]))
    const started = Date.now()
    expect((await inspect('sensors/deep/cbor')).message?.binary).toMatchObject({
      result: { error: expect.stringContaining('nested more than 1000 levels') as string },
    })
    expect((await inspect('sensors/huge/mp')).message?.binary).toMatchObject({ result: { error: expect.stringMatching(/^not MessagePack: /) as string } })
    expect(explorer.tree.find('sensors/deep/cbor')!.previewBinary).toBe(true)
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('reports a .proto that does not parse with its line, and previews plainly when the rules go', async () => {
    const { explorer, inspector, ingest, inspect, statuses } = setup({
      protoFiles: [{ name: 'broken.proto', text: 'syntax = "proto3";\nmessage A {\n  int32 x = ;\n}' }],
      rules: [{ filter: 'sensors/#', format: 'msgpack', messageType: '' }],
    })
    ingest('sensors/x', msgpackEncode({ a: 1 }))
    await inspect('sensors/x')
    expect(statuses.at(-1)?.protoErrors).toEqual([expect.stringMatching(/^broken\.proto line 3: /)])
    expect(explorer.tree.find('sensors/x')!.preview).toBe('{"a":1}')
    // The Protobuf view picked by hand on a topic no Protobuf rule names says what is missing.
    const picked = (await inspect('sensors/x', { decode: 'protobuf' })).message?.binary
    expect(picked).toMatchObject({ auto: false, result: { error: expect.stringMatching(/^no Protobuf message type is chosen for this topic/) as string } })
    inspector.decoding.setConfig({ protoFiles: [], rules: [] })
    expect(explorer.tree.find('sensors/x')!.preview).toBe('81 a1 61 01')
  })
})
