import { describe, expect, it } from 'vitest'
import { parse } from 'protobufjs'
import { Encoder } from 'cbor-x'
import { encode as msgpackEncode } from '@msgpack/msgpack'
import { SPARKPLUG_B_PROTO } from '../model/sparkplug-schema.ts'
import { jsonLineText } from '../model/json-lines.ts'
import type { InspectedMessage } from '../model/inspection-types.ts'
import { Explorer } from './explorer.ts'
import { Inspector } from './inspector.ts'

const Payload = parse(SPARKPLUG_B_PROTO).root.lookupType('org.eclipse.tahu.protobuf.Payload')
const sparkplug = (payload: object): Uint8Array => Payload.encode(Payload.fromObject(payload)).finish()

function setup() {
  const explorer = new Explorer()
  const inspector = new Inspector(explorer.tree)
  let now = 1000
  const ingest = (topic: string, payload: Uint8Array) => explorer.ingest({ topic, payload, qos: 0, retain: false, dup: false, properties: undefined }, now++)
  /** The inspected message once the decoders' module has loaded (the first answer may be 'loading'). */
  const inspect = async (topic: string, decode?: 'cbor' | 'msgpack' | 'sparkplug'): Promise<InspectedMessage> => {
    inspector.setRequest({ id: explorer.tree.find(topic)!.id, ...(decode ? { decode } : {}) })
    for (let i = 0; i < 100; i++) {
      const message = inspector.poll(false)?.inspection?.message
      if (message?.binary?.state !== 'loading') return message!
      await new Promise((r) => setTimeout(r, 20))
      inspector.invalidate()
    }
    throw new Error('the decoders never loaded')
  }
  return { ingest, inspect }
}

function lines(message: InspectedMessage): string {
  const binary = message.binary
  if (binary?.state !== 'done') throw new Error('not decoded')
  if ('error' in binary.result) throw new Error(binary.result.error)
  return binary.result.value.lines.map((l) => jsonLineText(l).trim()).join('\n')
}

describe('binary decodings in the inspector (worker side)', () => {
  it('decodes Sparkplug topics by themselves, with aliases from the kept BIRTH messages', async () => {
    const { ingest, inspect } = setup()
    ingest('spBv1.0/plant/NBIRTH/edge1', sparkplug({ seq: 0, metrics: [{ name: 'bdSeq', datatype: 8, longValue: 0 }] }))
    ingest('spBv1.0/plant/DBIRTH/edge1/pump', sparkplug({ seq: 1, metrics: [{ name: 'Flow', alias: 3, datatype: 10, doubleValue: 0 }] }))
    ingest('spBv1.0/plant/DDATA/edge1/pump', sparkplug({ seq: 2, metrics: [{ alias: 3, doubleValue: 12.5 }] }))
    const message = await inspect('spBv1.0/plant/DDATA/edge1/pump')
    expect(message.binary).toMatchObject({ format: 'sparkplug', auto: true, state: 'done' })
    expect(lines(message)).toContain('"Flow": {\n"value": 12.5\n"datatype": "Double"\n"alias": 3')
  })

  it('never decodes other topics by themselves, and decodes CBOR and MessagePack when asked', async () => {
    const { ingest, inspect } = setup()
    ingest('dev/cbor', new Encoder({ useRecords: false }).encode({ big: 2n ** 64n - 1n }))
    ingest('dev/msgpack', msgpackEncode({ on: true }))
    expect((await inspect('dev/cbor')).binary).toBeUndefined()
    expect(lines(await inspect('dev/cbor', 'cbor'))).toContain('"big": 18446744073709551615')
    expect(lines(await inspect('dev/msgpack', 'msgpack'))).toContain('"on": true')
    const refused = (await inspect('dev/msgpack', 'sparkplug')).binary
    expect(refused).toMatchObject({ state: 'done', result: { error: expect.stringMatching(/^not a Sparkplug B topic/) as string } })
  })
})
