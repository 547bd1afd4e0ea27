import { describe, expect, it } from 'vitest'
import { parse } from 'protobufjs'
import { rebirthCommand } from './sparkplug-rebirth.ts'
import { SPARKPLUG_B_PROTO } from './sparkplug-schema.ts'
import { parseSparkplugTopic } from './sparkplug-topic.ts'

const Payload = parse(SPARKPLUG_B_PROTO).root.lookupType('org.eclipse.tahu.protobuf.Payload')

describe('Request rebirth', () => {
  it('is the standard NCMD: Node Control/Rebirth = true (Boolean), read back with protobufjs', () => {
    const command = rebirthCommand(parseSparkplugTopic('spBv1.0/plant/DDATA/edge1/pump')!, 1_700_000_000_123)!
    expect(command.topic).toBe('spBv1.0/plant/NCMD/edge1')
    const decoded = Payload.toObject(Payload.decode(command.bytes), { longs: String })
    expect(decoded).toEqual({
      timestamp: '1700000000123',
      metrics: [{ name: 'Node Control/Rebirth', timestamp: '1700000000123', datatype: 11, booleanValue: true }],
    })
  })

  it('has no edge node to ask on a STATE topic', () => {
    expect(rebirthCommand(parseSparkplugTopic('spBv1.0/STATE/host')!, 0)).toBeUndefined()
  })
})
