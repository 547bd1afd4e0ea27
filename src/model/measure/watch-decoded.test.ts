import { describe, expect, it } from 'vitest'
import { Encoder } from 'cbor-x'
import { parse } from 'protobufjs'
import { decodedValue } from '../decoded-numbers.ts'
import { SPARKPLUG_B_PROTO } from '../sparkplug-schema.ts'
import { WatchRecorder } from './watch-recorder.ts'
import { parseWatchDraft, type WatchDraft, type WatchSettings } from './watch-settings.ts'

const Payload = parse(SPARKPLUG_B_PROTO).root.lookupType('org.eclipse.tahu.protobuf.Payload')
const sparkplug = (payload: object): Uint8Array => Payload.encode(Payload.fromObject(payload)).finish()
const T0 = 1_700_000_000_000

function settings(draft: Partial<WatchDraft>): WatchSettings {
  const parsed = parseWatchDraft({ filter: '#', seqPath: '', timePath: '', qos: 1, ...draft })
  if (!('settings' in parsed)) throw new Error(parsed.problems.join())
  return parsed.settings
}

describe('a Measure watch over decoded payloads', () => {
  it('Sparkplug B: seq and timestamp.ms of the decoded payload give loss and latency', () => {
    const s = settings({ format: 'sparkplug', seqPath: 'seq', timePath: 'timestamp.ms' })
    expect(s.format).toBe('sparkplug')
    const w = new WatchRecorder(s, T0, (topic, payload) => decodedValue('sparkplug', topic, payload))
    const topic = 'spBv1.0/g/DDATA/edge/dev'
    for (const seq of [1, 2, 3, 5]) w.ingest(topic, sparkplug({ seq, timestamp: T0, metrics: [{ alias: 1, doubleValue: 1 }] }), false, T0 + 25)
    w.ingest(topic, new TextEncoder().encode('{"seq": 6}'), false, T0 + 25) // not Sparkplug: no sequence, never read as JSON
    expect(w.total(T0 + 60_000)).toMatchObject({ received: 5, lost: 1, noSequence: 1 })
    expect(w.total(T0 + 60_000).latency).toMatchObject({ min: 25, max: 25 })
  })

  it('CBOR: paths as in JSON; JSON stays the default', () => {
    expect(settings({ format: 'json' }).format).toBeUndefined()
    const w = new WatchRecorder(settings({ format: 'cbor', seqPath: 'n', timePath: 'ts' }), T0, (topic, payload) => decodedValue('cbor', topic, payload))
    const cbor = new Encoder({ useRecords: false })
    for (const n of [10, 11, 13]) w.ingest('d/1', cbor.encode({ n, ts: T0 }), false, T0 + 5)
    expect(w.total(T0 + 60_000)).toMatchObject({ received: 3, lost: 1 })
  })
})
