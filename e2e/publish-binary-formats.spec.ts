import { fileURLToPath } from 'node:url'
import { decode as msgpackDecode } from '@msgpack/msgpack'
import { Decoder } from 'cbor-x'
import { loadSync } from 'protobufjs'
import { bytesOf, expect, test, uniqueTopic } from './fixtures/publisher.ts'

// Independent decoders, as a receiving device would use them.
const cbor = new Decoder({ useRecords: false, int64AsType: 'bigint' } as ConstructorParameters<typeof Decoder>[0])
const Payload = loadSync(fileURLToPath(new URL('./fixtures/sparkplug_b.proto', import.meta.url))).lookupType('org.eclipse.tahu.protobuf.Payload')
const sparkplug = (bytes: Buffer) => Payload.toObject(Payload.decode(bytes), { longs: String, defaults: false }) as Record<string, unknown>

test('CBOR and MessagePack written as JSON arrive encoded, 64-bit integers exact', async ({ publisher, subscriber }) => {
  const topic = uniqueTopic('pub/binary')
  const device = await subscriber(`${topic}/#`)
  await publisher.fill({
    topic: `${topic}/cbor`,
    format: 'cbor',
    payload: '{"temp": 21.5, "on": true, "tags": ["a", null], "big": 18446744073709551615}',
    qos: 1,
  })
  await publisher.publish()
  await publisher.expectOutcome(/PUBACK/)
  await publisher.fill({ topic: `${topic}/msgpack`, format: 'msgpack', payload: '{"temp": -4, "n": -9223372036854775808, "x": [1.25]}' })
  await publisher.publish()

  const [c, m] = await device.expectExactly(2)
  expect(c!.topic).toBe(`${topic}/cbor`)
  expect(cbor.decode(bytesOf(c!))).toEqual({ temp: 21.5, on: true, tags: ['a', null], big: 18446744073709551615n })
  expect(msgpackDecode(bytesOf(m!), { useBigInt64: true })).toEqual({ temp: -4, n: -9223372036854775808n, x: [1.25] })
})

test('Sparkplug B: metrics written as JSON, seq and timestamp filled in per edge node; NCMD made easy; a bad field sends nothing', async ({
  publisher,
  subscriber,
}) => {
  const group = uniqueTopic('plant').replace(/\//g, '-')
  const all = await subscriber(`spBv1.0/${group}/#`)
  const metrics = '{"metrics": [{"name": "Flow", "datatype": "Double", "value": 12.5}, {"name": "Count", "datatype": "Int64", "value": 9007199254740993}]}'
  const before = Date.now()
  await publisher.fill({ topic: `spBv1.0/${group}/NBIRTH/edge1`, format: 'sparkplug', payload: metrics, qos: 1 })
  await publisher.publish()
  await publisher.expectOutcome(/PUBACK/)
  await publisher.fill({ topic: `spBv1.0/${group}/DDATA/edge1/pump`, payload: '{"metrics": [{"name": "Flow", "value": 13}]}' })
  await publisher.publish()

  const [birth, data] = await all.expectExactly(2)
  const b = sparkplug(bytesOf(birth!))
  expect(b.seq).toBe('0')
  expect(Number(b.timestamp)).toBeGreaterThanOrEqual(before)
  expect(Number(b.timestamp)).toBeLessThanOrEqual(Date.now())
  expect(b.metrics).toEqual([
    expect.objectContaining({ name: 'Flow', datatype: 10, doubleValue: 12.5 }),
    expect.objectContaining({ name: 'Count', datatype: 4, longValue: '9007199254740993' }),
  ])
  const d = sparkplug(bytesOf(data!))
  expect(d.seq).toBe('1')
  expect(d.metrics).toEqual([expect.objectContaining({ name: 'Flow', datatype: 4, longValue: '13' })])

  // A field that does not fit its datatype: the problem names it, and nothing is sent.
  await publisher.fill({ payload: '{"metrics": [{"name": "Small", "datatype": "Int8", "value": 300}]}' })
  await publisher.publish()
  await expect.poll(() => publisher.problemOf(publisher.payload)).toContain('metrics[0].value: expected a whole number -128 to 127 for Int8, got 300')

  // The command topic of the edge node is one click away; the edge node receives the NCMD.
  await publisher.region.getByRole('button', { name: 'Use NCMD topic', exact: true }).click()
  await expect(publisher.topic).toHaveValue(`spBv1.0/${group}/NCMD/edge1`)
  await publisher.fill({ payload: '{"metrics": [{"name": "Node Control/Rebirth", "value": true}]}' })
  await publisher.publish()
  const [, , command] = await all.expectExactly(3)
  const ncmd = sparkplug(bytesOf(command!))
  expect(ncmd.seq, 'commands carry no seq').toBeUndefined()
  expect(ncmd.metrics).toEqual([expect.objectContaining({ name: 'Node Control/Rebirth', datatype: 11, booleanValue: true })])
})
