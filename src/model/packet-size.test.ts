import mqttPacket from 'mqtt-packet'
import { describe, expect, it } from 'vitest'
import { packetBytes } from './packet-size.ts'
import type { TracedPacket } from './packet-types.ts'

const payload = Buffer.alloc(300).fill(7)
const PACKETS: ReadonlyArray<readonly [string, TracedPacket]> = [
  [
    'connect',
    {
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 4,
      clientId: 'scope-1',
      clean: true,
      keepalive: 30,
      username: 'u',
      password: Buffer.from([1, 2, 3]),
    },
  ],
  [
    'connect with will',
    {
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 4,
      clientId: 'c',
      clean: true,
      keepalive: 60,
      will: { topic: 'w/t', payload: Buffer.alloc(5), qos: 1, retain: true },
    },
  ],
  ['connack', { cmd: 'connack', returnCode: 0, sessionPresent: false }],
  ['publish qos0', { cmd: 'publish', topic: 'a/b', payload, qos: 0, retain: false, dup: false }],
  ['publish qos1 utf8', { cmd: 'publish', topic: 'ä/ü', payload, qos: 1, messageId: 7, retain: true, dup: false }],
  ['puback', { cmd: 'puback', messageId: 7 }],
  ['pubrec', { cmd: 'pubrec', messageId: 7 }],
  ['pubrel', { cmd: 'pubrel', messageId: 7 }],
  ['pubcomp', { cmd: 'pubcomp', messageId: 7 }],
  [
    'subscribe',
    {
      cmd: 'subscribe',
      messageId: 2,
      subscriptions: [
        { topic: 'a/#', qos: 1 },
        { topic: 'b/+', qos: 2 },
      ],
    },
  ],
  ['suback', { cmd: 'suback', messageId: 2, granted: [1, 128] }],
  ['unsubscribe', { cmd: 'unsubscribe', messageId: 3, unsubscriptions: ['a/#'] }],
  ['unsuback', { cmd: 'unsuback', messageId: 3 }],
  ['pingreq', { cmd: 'pingreq' }],
  ['pingresp', { cmd: 'pingresp' }],
  ['disconnect', { cmd: 'disconnect' }],
]

const PACKETS_V5: ReadonlyArray<readonly [string, TracedPacket]> = [
  [
    'connect',
    {
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 5,
      clientId: 'scope',
      clean: true,
      keepalive: 30,
      properties: { sessionExpiryInterval: 300, receiveMaximum: 20, userProperties: { a: 'b', c: ['d', 'e'] } },
      will: { topic: 'w', payload: Buffer.alloc(2), qos: 0, retain: false, properties: { willDelayInterval: 5, contentType: 'text/plain' } },
      username: 'user',
      password: Buffer.from('secret'),
    },
  ],
  ['connack', { cmd: 'connack', reasonCode: 0, sessionPresent: true, properties: { topicAliasMaximum: 10, maximumQoS: 1, assignedClientIdentifier: 'x' } }],
  [
    'publish with properties',
    {
      cmd: 'publish',
      topic: 't',
      payload,
      qos: 2,
      messageId: 9,
      retain: false,
      dup: false,
      properties: { payloadFormatIndicator: true, messageExpiryInterval: 60, correlationData: Buffer.alloc(16), subscriptionIdentifier: 200 },
    },
  ],
  ['publish without properties', { cmd: 'publish', topic: 't', payload, qos: 0, retain: false, dup: false }],
  ['puback success', { cmd: 'puback', messageId: 9, reasonCode: 0 }],
  ['puback 0x10', { cmd: 'puback', messageId: 9, reasonCode: 0x10 }],
  ['pubrec with reason string', { cmd: 'pubrec', messageId: 9, reasonCode: 0x97, properties: { reasonString: 'quota' } }],
  ['subscribe', { cmd: 'subscribe', messageId: 4, subscriptions: [{ topic: 'a/#', qos: 1, nl: false, rap: true, rh: 0 }] }],
  ['suback', { cmd: 'suback', messageId: 4, granted: [1, 0x8f] }],
  ['unsubscribe', { cmd: 'unsubscribe', messageId: 5, unsubscriptions: ['a/#', 'b'] }],
  ['unsuback', { cmd: 'unsuback', messageId: 5, granted: [0, 0x11] }],
  ['disconnect 0x8e', { cmd: 'disconnect', reasonCode: 0x8e }],
  ['auth', { cmd: 'auth', reasonCode: 0x18, properties: { authenticationMethod: 'SCRAM' } }],
]

describe('packetBytes', () => {
  it.each(PACKETS)('MQTT 3.1.1 %s: the size mqtt-packet generates', (_name, packet) => {
    expect(packetBytes(packet, 4)).toBe(mqttPacket.generate(packet as never, { protocolVersion: 4 }).length)
  })

  it.each(PACKETS_V5)('MQTT 5 %s: the size mqtt-packet generates', (_name, packet) => {
    expect(packetBytes(packet, 5)).toBe(mqttPacket.generate(packet as never, { protocolVersion: 5 }).length)
  })

  it('uses the parser remaining length of a received packet', () => {
    expect(packetBytes({ cmd: 'publish', topic: 'a', length: 200 }, 4)).toBe(1 + 2 + 200)
  })
})
