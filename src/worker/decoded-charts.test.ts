import { describe, expect, it } from 'vitest'
import { parse } from 'protobufjs'
import { Encoder } from 'cbor-x'
import { encode as msgpackEncode } from '@msgpack/msgpack'
import { SPARKPLUG_B_PROTO } from '../model/sparkplug-schema.ts'
import { seriesKey } from '../model/chart-setup.ts'
import type { ChartDecoder, PinnedSeries } from '../model/chart-types.ts'
import type { JsonPath } from '../model/json-path.ts'
import { ChartCollector, type KeptMessage } from './charts.ts'

// The test's encoder: protobufjs with the published schema, camel-cased names as generated code uses them.
const Payload = parse(SPARKPLUG_B_PROTO).root.lookupType('org.eclipse.tahu.protobuf.Payload')
const sparkplug = (payload: object): Uint8Array => Payload.encode(Payload.fromObject(payload)).finish()

const T0 = 1_700_000_000_000
const G = 'spBv1.0/plant'
const NBIRTH = `${G}/NBIRTH/edge1`
const DBIRTH = `${G}/DBIRTH/edge1/pump`
const DDATA = `${G}/DDATA/edge1/pump`

function pin(topic: string, path: JsonPath, decoder: ChartDecoder): PinnedSeries {
  return { key: seriesKey(topic, path, decoder), topic, path, decoder }
}

/** A history the test appends to, like the worker's MessageHistory (seq: arrival order over all topics). */
function keptHistory() {
  const byTopic = new Map<string, KeptMessage[]>()
  let seq = 0
  return {
    add(topic: string, payload: Uint8Array, receivedAt: number) {
      const list = byTopic.get(topic) ?? []
      list.push({ seq: ++seq, payload, receivedAt })
      byTopic.set(topic, list)
    },
    entries: (topic: string): readonly KeptMessage[] => byTopic.get(topic) ?? [],
  }
}

const dbirth = (aliases: Record<string, number>, seq: number) =>
  sparkplug({ seq, metrics: Object.entries(aliases).map(([name, alias]) => ({ name, alias, datatype: 10, doubleValue: 0 })) })
const ddata = (values: Array<[alias: number, value: number]>, seq: number) =>
  sparkplug({ seq, metrics: values.map(([alias, doubleValue]) => ({ alias, doubleValue })) })

describe('charts of Sparkplug B metrics', () => {
  it('back-fills by name across a rebirth with other aliases, then continues live by name', async () => {
    const h = keptHistory()
    h.add(NBIRTH, sparkplug({ seq: 0, metrics: [{ name: 'bdSeq', datatype: 8, longValue: 0 }] }), T0)
    h.add(DBIRTH, dbirth({ Flow: 3, Pressure: 4 }, 1), T0)
    for (let i = 0; i < 5; i++)
      h.add(
        DDATA,
        ddata(
          [
            [3, 10 + i],
            [4, 100 + i],
          ],
          2 + i,
        ),
        T0 + 100 * (i + 1),
      )
    // Rebirth: the aliases are swapped.
    h.add(NBIRTH, sparkplug({ seq: 0, metrics: [{ name: 'bdSeq', datatype: 8, longValue: 1 }] }), T0 + 1_000)
    h.add(DBIRTH, dbirth({ Flow: 4, Pressure: 3 }, 1), T0 + 1_000)
    for (let i = 0; i < 3; i++)
      h.add(
        DDATA,
        ddata(
          [
            [4, 20 + i],
            [3, 200 + i],
          ],
          2 + i,
        ),
        T0 + 1_100 + 100 * i,
      )

    const charts = new ChartCollector(h.entries)
    const flow = pin(DDATA, ['Flow'], 'sparkplug')
    const pressure = pin(DDATA, ['Pressure'], 'sparkplug')
    charts.setSeries([flow, pressure])
    await charts.decodersReady()
    expect([...charts.series(flow.key)!.toArrays().values]).toEqual([10, 11, 12, 13, 14, 20, 21, 22])
    expect([...charts.series(pressure.key)!.toArrays().values]).toEqual([100, 101, 102, 103, 104, 200, 201, 202])

    // Live, after another rebirth with new aliases: still by name.
    const live = (topic: string, payload: Uint8Array, at: number) => {
      h.add(topic, payload, at)
      charts.ingest(topic, payload, at)
    }
    live(DBIRTH, dbirth({ Flow: 7, Pressure: 8 }, 5), T0 + 2_000)
    live(
      DDATA,
      ddata(
        [
          [7, 30],
          [8, 300],
        ],
        6,
      ),
      T0 + 2_100,
    )
    expect([...charts.series(flow.key)!.toArrays().values].at(-1)).toBe(30)
    expect([...charts.series(pressure.key)!.toArrays().values].at(-1)).toBe(300)
    expect(charts.series(flow.key)!.length).toBe(9)
  })

  it('a DATA message without a BIRTH names no metric: counted as missing, never plotted', async () => {
    const h = keptHistory()
    h.add(DDATA, ddata([[3, 1]], 0), T0)
    const charts = new ChartCollector(h.entries)
    const flow = pin(DDATA, ['Flow'], 'sparkplug')
    charts.setSeries([flow])
    await charts.decodersReady()
    expect(charts.series(flow.key)!.length).toBe(0)
    expect(charts.series(flow.key)!.skipped.missing).toBe(1)
    charts.ingest(DDATA, new TextEncoder().encode('{"not":"protobuf"}'), T0 + 1)
    expect(charts.series(flow.key)!.skipped.undecodable).toBe(1)
  })

  it('Int64 beyond 2^53 is refused with its reason; within it, charted exactly', async () => {
    const h = keptHistory()
    h.add(DBIRTH, sparkplug({ seq: 0, metrics: [{ name: 'Count', alias: 1, datatype: 4, longValue: 0 }] }), T0)
    h.add(DDATA, sparkplug({ seq: 1, metrics: [{ alias: 1, longValue: '9007199254740993' }] }), T0 + 1)
    h.add(DDATA, sparkplug({ seq: 2, metrics: [{ alias: 1, longValue: '-5' }] }), T0 + 2)
    const charts = new ChartCollector(h.entries)
    const count = pin(DDATA, ['Count'], 'sparkplug')
    charts.setSeries([count])
    await charts.decodersReady()
    expect([...charts.series(count.key)!.toArrays().values]).toEqual([-5])
    expect(charts.series(count.key)!.skipped.inexact).toBe(1)
  })
})

describe('charts of CBOR and MessagePack paths', () => {
  it('reads paths like JSON paths, from the kept history and live; booleans as 1 / 0', async () => {
    const h = keptHistory()
    const cbor = new Encoder({ useRecords: false })
    for (let i = 0; i < 3; i++) {
      h.add('dev/cbor', cbor.encode({ t: 20 + i, s: [i, true] }), T0 + i)
      h.add('dev/mp', msgpackEncode({ t: 30 + i, ok: i % 2 === 0 }), T0 + i)
    }
    const charts = new ChartCollector(h.entries)
    const t = pin('dev/cbor', ['t'], 'cbor')
    const s1 = pin('dev/cbor', ['s', 1], 'cbor')
    const mp = pin('dev/mp', ['t'], 'msgpack')
    const ok = pin('dev/mp', ['ok'], 'msgpack')
    const json = { key: seriesKey('dev/mp', ['t']), topic: 'dev/mp', path: ['t'] }
    charts.setSeries([t, s1, mp, ok, json])
    await charts.decodersReady()
    expect([...charts.series(t.key)!.toArrays().values]).toEqual([20, 21, 22])
    expect([...charts.series(s1.key)!.toArrays().values]).toEqual([1, 1, 1])
    expect([...charts.series(mp.key)!.toArrays().values]).toEqual([30, 31, 32])
    expect([...charts.series(ok.key)!.toArrays().values]).toEqual([1, 0, 1])
    // The same topic and path read as JSON is another series: MessagePack is not JSON.
    expect(charts.series(json.key)!.skipped['invalid-json']).toBe(3)
    charts.ingest('dev/mp', msgpackEncode({ t: 99 }), T0 + 10)
    expect([...charts.series(mp.key)!.toArrays().values].at(-1)).toBe(99)
    expect(charts.series(ok.key)!.skipped.missing).toBe(1)
  })
})

describe('Protobuf series', () => {
  // The test's encoder: protobufjs from the .proto text, independent of the app's compiled root.
  const Reading = parse('syntax = "proto3"; package demo; message Reading { double temperature = 1; bool ok = 2; int64 count = 3; }', {
    keepCase: true,
  }).root.lookupType('demo.Reading')
  const reading = (o: object): Uint8Array => Reading.encode(Reading.fromObject(o)).finish()

  it('reads paths with the topic rule type, from the kept history and live; without a type nothing decodes', async () => {
    const h = keptHistory()
    for (let i = 0; i < 3; i++) h.add('dev/pb', reading({ temperature: 20.5 + i, ok: i !== 1, count: String(i) }), T0 + i)
    h.add('dev/other', reading({ temperature: 1 }), T0)
    let ready = false
    const types = {
      ready: async () => {
        ready = true
        await Promise.resolve()
      },
      typeFor: (topic: string) => (topic === 'dev/pb' ? { value: Reading } : { error: 'no Protobuf rule for this topic' }),
    }
    const charts = new ChartCollector(h.entries, undefined, types)
    const temp = pin('dev/pb', ['temperature'], 'protobuf')
    const ok = pin('dev/pb', ['ok'], 'protobuf')
    const count = pin('dev/pb', ['count'], 'protobuf')
    const other = pin('dev/other', ['temperature'], 'protobuf')
    charts.setSeries([temp, ok, count, other])
    await charts.decodersReady()
    expect(ready).toBe(true)
    expect([...charts.series(temp.key)!.toArrays().values]).toEqual([20.5, 21.5, 22.5])
    // proto3 leaves false and 0 out of the wire: missing, as the decoded view shows them.
    expect([...charts.series(ok.key)!.toArrays().values]).toEqual([1, 1])
    expect([...charts.series(count.key)!.toArrays().values]).toEqual([1, 2])
    expect(charts.series(other.key)!.skipped.undecodable).toBe(1)
    charts.ingest('dev/pb', reading({ temperature: 99.25, count: '7' }), T0 + 10)
    expect([...charts.series(temp.key)!.toArrays().values].at(-1)).toBe(99.25)
    expect([...charts.series(count.key)!.toArrays().values].at(-1)).toBe(7)
  })
})
