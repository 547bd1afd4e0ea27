import { parse } from 'protobufjs'
import { Encoder } from 'cbor-x'
import { encode as msgpackEncode } from '@msgpack/msgpack'
import { collectScripts } from './fixtures/charts.ts'
import { expect, squash, test } from './fixtures/inspector.ts'
import { publishAll } from './fixtures/publish.ts'
import { uniqueTopic } from './fixtures/publisher.ts'

// The test's own encoder: the part of the published sparkplug_b.proto an edge node needs, written
// here independently of the app's copy.
const EDGE_PROTO = `syntax = "proto2";
package org.eclipse.tahu.protobuf;
message Payload {
  message Metric {
    optional string name = 1;
    optional uint64 alias = 2;
    optional uint64 timestamp = 3;
    optional uint32 datatype = 4;
    oneof value { uint32 int_value = 10; uint64 long_value = 11; double double_value = 13; bool boolean_value = 14; }
  }
  optional uint64 timestamp = 1;
  repeated Metric metrics = 2;
  optional uint64 seq = 3;
}`
const Payload = parse(EDGE_PROTO).root.lookupType('org.eclipse.tahu.protobuf.Payload')
const sparkplug = (payload: object): Buffer => Buffer.from(Payload.encode(Payload.fromObject(payload)).finish())

/** Strings only the decoders' chunk carries (the Sparkplug schema's package name). */
const DECODER_MARKER = 'org.eclipse.tahu.protobuf'

test('Sparkplug B decodes by itself on spBv1.0 topics, with metrics by name, and requests a rebirth; the decoders load only then', async ({
  page,
  inspector,
  server,
  mqttClient,
}) => {
  const scripts = collectScripts(page)
  const group = uniqueTopic('plant').replace(/\//g, '-')
  await inspector.explorer.open(server.appUrl)
  await publishAll(mqttClient, [{ topic: `${group}/plain`, payload: '{"a":1}' }])
  await expect(inspector.explorer.rowOf(group)).toBeVisible()
  await scripts.settled()
  const withDecoders = () => [...scripts.bodies].filter(([, text]) => text.includes(DECODER_MARKER)).map(([url]) => url)
  expect(scripts.bodies.size, 'the app loaded some JavaScript').toBeGreaterThan(0)
  expect(withDecoders(), 'scripts with the binary decoders on a fresh load').toEqual([])

  const now = Date.now()
  await publishAll(mqttClient, [
    { topic: `spBv1.0/${group}/NBIRTH/edge1`, payload: sparkplug({ timestamp: now, seq: 0, metrics: [{ name: 'bdSeq', datatype: 8, longValue: 0 }] }) },
    {
      topic: `spBv1.0/${group}/DBIRTH/edge1/pump`,
      payload: sparkplug({
        timestamp: now,
        seq: 1,
        metrics: [
          { name: 'Flow', alias: 3, datatype: 10, doubleValue: 0 },
          { name: 'Count', alias: 4, datatype: 4, longValue: 0 },
        ],
      }),
    },
    {
      topic: `spBv1.0/${group}/DDATA/edge1/pump`,
      payload: sparkplug({
        timestamp: now,
        seq: 2,
        metrics: [
          { alias: 3, doubleValue: 12.5 },
          { alias: 4, longValue: '9007199254740993' },
        ],
      }),
    },
  ])
  await inspector.selectTopic(`spBv1.0/${group}/DDATA/edge1/pump`)
  const tab = inspector.details.getByRole('tab', { name: 'Sparkplug B', exact: true })
  await expect(tab).toHaveAttribute('aria-selected', 'true')
  await inspector.expectPayloadContains('"Flow": {', '"value": 12.5', '"Count": {', '"value": 9007199254740993', '"seq": 2')
  await expect.poll(async () => (await scripts.settled(), withDecoders().length), { message: 'the decoders chunk loaded once needed' }).toBeGreaterThan(0)

  // "Request rebirth" publishes the standard NCMD to the edge node, read back by a device-side client.
  const ncmd = `spBv1.0/${group}/NCMD/edge1`
  const received = new Promise<Buffer>((resolve) => mqttClient.on('message', (topic, payload) => topic === ncmd && resolve(payload)))
  await mqttClient.subscribeAsync(ncmd, { qos: 0 })
  await inspector.details.getByRole('button', { name: 'Request rebirth', exact: true }).click()
  await expect(inspector.details.getByRole('status').filter({ hasText: `NCMD sent to ${ncmd}` })).toBeVisible()
  const command = Payload.toObject(Payload.decode(await received), { longs: String })
  expect(command.metrics).toEqual([expect.objectContaining({ name: 'Node Control/Rebirth', datatype: 11, booleanValue: true })])

  // Raw bytes stay one click away.
  await inspector.details.getByRole('tab', { name: 'Hex', exact: true }).click()
  await expect(inspector.details.getByRole('tab', { name: 'Hex', exact: true })).toHaveAttribute('aria-selected', 'true')
})

test('CBOR and MessagePack payloads from a device decode when their view is chosen; bad bytes say why', async ({ inspector, server, mqttClient }) => {
  const base = uniqueTopic('binary')
  await inspector.explorer.open(server.appUrl)
  const cbor = new Encoder({ useRecords: false }).encode({ temp: 21.5, big: 18446744073709551615n })
  await publishAll(mqttClient, [
    { topic: `${base}/cbor`, payload: Buffer.from(cbor) },
    { topic: `${base}/msgpack`, payload: Buffer.from(msgpackEncode({ on: true, n: -9223372036854775808n }, { useBigInt64: true })) },
    { topic: `${base}/bad`, payload: Buffer.from([0x82, 0x01]) },
  ])
  await inspector.selectTopic(`${base}/cbor`)
  await inspector.details.getByRole('tab', { name: 'CBOR', exact: true }).click()
  await inspector.expectPayloadContains('"temp": 21.5', '"big": 18446744073709551615')

  await inspector.selectTopic(`${base}/msgpack`)
  await inspector.details.getByRole('tab', { name: 'MessagePack', exact: true }).click()
  await inspector.expectPayloadContains('"on": true', '"n": -9223372036854775808')

  // Bytes that are not CBOR: the reason is shown, and the raw bytes are one click away.
  await inspector.selectTopic(`${base}/bad`)
  await inspector.details.getByRole('tab', { name: 'CBOR', exact: true }).click()
  await expect
    .poll(async () => squash(await inspector.payload().innerText()))
    .toContain('not CBOR: an array at byte 0 declares 2 entries but only 1 bytes remain')
  await inspector.payload().getByRole('button', { name: 'Show raw bytes (Hex)' }).click()
  await expect(inspector.details.getByRole('tab', { name: 'Hex', exact: true })).toHaveAttribute('aria-selected', 'true')
})
