import { describe, expect, it } from 'vitest'
import { CONNACK_V4, REASON_V5 } from './mqtt-reason-codes.ts'
import { connackV4, describePacket, packetFlags, packetJsonLine, packetReasons, REDACTED, reasonV5, subackV4 } from './packet-trace.ts'
import type { TracedPacket } from './packet-types.ts'

const T = 1_700_000_000_000

describe('describePacket: every packet type', () => {
  it('CONNECT: the options sent, the password redacted', () => {
    const packet: TracedPacket = {
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 5,
      clientId: 'scope-1',
      clean: true,
      keepalive: 30,
      username: 'alice',
      password: new TextEncoder().encode('hunter2'),
      properties: { sessionExpiryInterval: 60 },
      will: { topic: 'w/t', payload: new Uint8Array(3), qos: 1, retain: true },
    }
    const entry = describePacket(packet, 'sent', 5, T)
    expect(entry).toMatchObject({ type: 'CONNECT', direction: 'sent', time: T, properties: { sessionExpiryInterval: 60 } })
    expect(entry.details).toEqual({
      protocol: 'MQTT 5',
      clientId: 'scope-1',
      clean: true,
      keepalive: 30,
      username: 'alice',
      password: REDACTED,
      will: { topic: 'w/t', qos: 1, retain: true, payloadBytes: 3 },
    })
    expect(JSON.stringify(entry)).not.toContain('hunter2')
    expect(packetJsonLine({ seq: 1, ...entry })).not.toContain('hunter2')
  })

  it('CONNECT without a password says nothing of one', () => {
    const entry = describePacket({ cmd: 'connect', clientId: 'c', protocolVersion: 4 }, 'sent', 4, T)
    expect(entry.details).not.toHaveProperty('password')
  })

  it('CONNACK 3.1.1 and 5', () => {
    expect(describePacket({ cmd: 'connack', returnCode: 5, sessionPresent: false }, 'received', 4, T)).toMatchObject({
      type: 'CONNACK',
      reasons: ['0x05 not authorized'],
      details: { sessionPresent: false },
    })
    expect(describePacket({ cmd: 'connack', reasonCode: 0x86, properties: { reasonString: 'no' } }, 'received', 5, T)).toMatchObject({
      reasons: ['0x86 bad user name or password'],
      properties: { reasonString: 'no' },
    })
  })

  it('PUBLISH: topic, flags, packet id, payload size, properties (bytes as hex)', () => {
    const entry = describePacket(
      {
        cmd: 'publish',
        topic: 'a/b',
        payload: new Uint8Array(10),
        qos: 1,
        messageId: 12,
        retain: true,
        dup: true,
        properties: { correlationData: new Uint8Array([1, 255]), userProperties: { k: 'v' } },
      },
      'received',
      5,
      T,
    )
    expect(entry).toMatchObject({ type: 'PUBLISH', topic: 'a/b', qos: 1, retain: true, dup: true, packetId: 12, details: { payloadBytes: 10 } })
    expect(entry.properties).toEqual({ correlationData: 'hex 01ff', userProperties: { k: 'v' } })
    expect(packetFlags({ seq: 1, ...entry })).toBe('QoS 1 retain dup')
  })

  it('PUBLISH at QoS 0 has no packet id; 3.1.1 has no properties', () => {
    const entry = describePacket({ cmd: 'publish', topic: 't', payload: new Uint8Array(1), qos: 0, messageId: 3, properties: { a: 1 } }, 'sent', 4, T)
    expect(entry.packetId).toBeUndefined()
    expect(entry.properties).toBeUndefined()
  })

  it.each(['puback', 'pubrec', 'pubrel', 'pubcomp'])('%s: packet id and reason (MQTT 5), none under 3.1.1', (cmd) => {
    expect(describePacket({ cmd, messageId: 4, reasonCode: 0x10 }, 'received', 5, T)).toMatchObject({
      type: cmd.toUpperCase(),
      packetId: 4,
      reasons: ['0x10 no matching subscribers'],
    })
    expect(describePacket({ cmd, messageId: 4 }, 'received', 4, T).reasons).toBeUndefined()
  })

  it('SUBSCRIBE / SUBACK / UNSUBSCRIBE / UNSUBACK', () => {
    const sub = describePacket(
      {
        cmd: 'subscribe',
        messageId: 2,
        subscriptions: [
          { topic: 'a/#', qos: 1, rap: true },
          { topic: 'b', qos: 0 },
        ],
      },
      'sent',
      5,
      T,
    )
    expect(sub).toMatchObject({ type: 'SUBSCRIBE', packetId: 2, topic: 'a/#, b' })
    expect(sub.details).toEqual({
      subscriptions: [
        { filter: 'a/#', qos: 1, retainAsPublished: true },
        { filter: 'b', qos: 0 },
      ],
    })
    expect(describePacket({ cmd: 'suback', messageId: 2, granted: [1, 0x80] }, 'received', 4, T).reasons).toEqual(['0x01 granted QoS 1', '0x80 failure'])
    expect(describePacket({ cmd: 'suback', messageId: 2, granted: [0, 0x8f] }, 'received', 5, T).reasons).toEqual([
      '0x00 granted QoS 0',
      '0x8f topic filter invalid',
    ])
    expect(describePacket({ cmd: 'unsubscribe', messageId: 3, unsubscriptions: ['a', 'b'] }, 'sent', 4, T)).toMatchObject({ topic: 'a, b', packetId: 3 })
    expect(describePacket({ cmd: 'unsuback', messageId: 3, granted: [0x11] }, 'received', 5, T).reasons).toEqual(['0x11 no subscription existed'])
    expect(describePacket({ cmd: 'unsuback', messageId: 3 }, 'received', 4, T)).toMatchObject({ type: 'UNSUBACK', packetId: 3 })
  })

  it('PINGREQ / PINGRESP / DISCONNECT / AUTH', () => {
    expect(describePacket({ cmd: 'pingreq' }, 'sent', 4, T)).toMatchObject({ type: 'PINGREQ', bytes: 2 })
    expect(describePacket({ cmd: 'pingresp', length: 0 }, 'received', 4, T)).toMatchObject({ type: 'PINGRESP', bytes: 2 })
    expect(describePacket({ cmd: 'disconnect', reasonCode: 0x8e }, 'received', 5, T).reasons).toEqual(['0x8e session taken over'])
    expect(describePacket({ cmd: 'disconnect', reasonCode: 0 }, 'sent', 5, T).reasons).toEqual(['0x00 normal disconnection'])
    expect(describePacket({ cmd: 'disconnect' }, 'sent', 4, T).reasons).toBeUndefined()
    expect(describePacket({ cmd: 'auth', reasonCode: 0x18 }, 'received', 5, T).reasons).toEqual(['0x18 continue authentication'])
  })

  it('cuts long binary properties and says how long they were', () => {
    const entry = describePacket({ cmd: 'publish', topic: 't', qos: 0, properties: { correlationData: new Uint8Array(100) } }, 'sent', 5, T)
    expect(entry.properties?.['correlationData']).toMatch(/… \(100 bytes\)$/)
  })
})

describe('reason codes as text', () => {
  it('every 3.1.1 CONNACK return code', () => {
    expect(connackV4(0)).toBe('0x00 connection accepted')
    for (const [code, text] of Object.entries(CONNACK_V4)) expect(connackV4(Number(code))).toBe(`0x0${code} ${text}`)
    expect(connackV4(9)).toBe('0x09 unknown return code')
  })

  it('every 3.1.1 SUBACK return code', () => {
    expect([0, 1, 2, 0x80].map(subackV4)).toEqual(['0x00 granted QoS 0', '0x01 granted QoS 1', '0x02 granted QoS 2', '0x80 failure'])
  })

  it('every MQTT 5 reason code', () => {
    for (const [code, text] of Object.entries(REASON_V5)) {
      expect(reasonV5('puback', Number(code))).toBe(`0x${Number(code).toString(16).padStart(2, '0')} ${text}`)
    }
    expect(reasonV5('puback', 0xfe)).toBe('0xfe unknown reason code')
    expect(reasonV5('auth', 0x19)).toBe('0x19 re-authenticate')
  })

  it('packets without codes have none', () => {
    expect(packetReasons({ cmd: 'connack' }, false)).toBeUndefined()
    expect(packetReasons({ cmd: 'publish' }, true)).toBeUndefined()
  })
})
