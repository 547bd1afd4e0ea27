import { describe, expect, it } from 'vitest'
import { BAD_UTF8, connect, DISCONNECT, field, PINGREQ, puback, publish, rawPacket, subscribe, u16, unsubscribe, varInt } from '../test-support/raw-packets.ts'
import { PacketScanner } from './packet-guard.ts'
import { TrafficCounters } from './traffic-counters.ts'

const MAX = 1024 * 1024

/** Scans `bytes` whole and then one byte at a time (every split point); both must agree. */
function verdict(bytes: Buffer, max = MAX): string | undefined {
  const whole = new PacketScanner(max, new TrafficCounters())
  const wholeResult = whole.scan(bytes, 0, Number.MAX_SAFE_INTEGER) < 0 ? whole.problem : undefined
  const split = new PacketScanner(max, new TrafficCounters())
  let splitResult: string | undefined
  for (let i = 0; i < bytes.length && splitResult === undefined; i++) {
    if (split.scan(bytes.subarray(i, i + 1), 0, Number.MAX_SAFE_INTEGER) < 0) splitResult = split.problem
  }
  expect(splitResult).toBe(wholeResult)
  return wholeResult
}

const session = (...packets: Buffer[]) => Buffer.concat([connect(), ...packets])

describe('PacketScanner accepts what MQTT 3.1.1 allows', () => {
  it('a session of every packet type a client sends, whole and split at every byte', () => {
    const bytes = session(
      publish('a/b', 'hello'),
      publish('ünïcødé/😀', 'x', { qos: 1, id: 7, retain: true }),
      publish('q2', Buffer.alloc(300, 1), { qos: 2, id: 65535, dup: true }),
      puback(3),
      rawPacket(0x50, u16(4)),
      rawPacket(0x62, u16(5)),
      rawPacket(0x70, u16(6)),
      subscribe(9, [{ topic: 'a/+/c' }, { topic: '#', qos: 2 }, { topic: '\u{1F600}/x', qos: 1 }]),
      unsubscribe(10, ['a/+/c', '#']),
      PINGREQ,
      DISCONNECT,
    )
    expect(verdict(bytes)).toBeUndefined()
  })

  it('MQTT 3.1 (MQIsdp) and a will, user name and password', () => {
    expect(
      verdict(
        connect({ level: 3, clientId: 'c1', will: { topic: 'last/will', payload: Buffer.from('bye') }, username: 'ü', password: Buffer.from([0xff, 0]) }),
      ),
    ).toBeUndefined()
  })

  it('a packet of exactly the maximum size, and counts bytes and packets', () => {
    // header 1 + length 1 + topic length 2 + topic 1 + payload 95 = 100 bytes
    const exact = publish('t', Buffer.alloc(95))
    expect(exact.length).toBe(100)
    const counters = new TrafficCounters()
    const scanner = new PacketScanner(exact.length, counters)
    const bytes = Buffer.concat([connect(), exact])
    expect(scanner.scan(bytes, 0, 100)).toBe(bytes.length)
    expect(counters).toMatchObject({ bytesReceived: bytes.length, packetsReceived: 2, publishReceived: 1 })
  })

  it('stops after maxPackets headers, at a packet boundary', () => {
    const first = connect()
    const bytes = Buffer.concat([first, PINGREQ, PINGREQ, PINGREQ])
    const scanner = new PacketScanner(MAX, new TrafficCounters())
    expect(scanner.scan(bytes, 0, 2)).toBe(first.length + 2)
    expect(scanner.scan(bytes, first.length + 2, 2)).toBe(bytes.length)
  })

  it('checks only the size after a CONNECT for MQTT 5 (aedes refuses the level itself)', () => {
    // A v5 SUBSCRIBE: packet id, properties length 0, filter, options with bits 3.1.1 reserves.
    const v5Subscribe = rawPacket(0x82, Buffer.concat([u16(1), Buffer.from([0]), field('a'), Buffer.from([0x2c])]))
    expect(verdict(Buffer.concat([connect({ level: 5 }), v5Subscribe]))).toBeUndefined()
    expect(verdict(Buffer.concat([connect({ level: 5 }), Buffer.from([0x30]), varInt(MAX)]))).toMatch(/over the/)
  })
})

describe('PacketScanner refuses', () => {
  it('a declared size over the maximum from the header alone, before any body byte', () => {
    const header = Buffer.concat([Buffer.from([0x30]), varInt(100 * 1024 * 1024)])
    expect(verdict(Buffer.concat([connect(), header]))).toBe(`a packet of ${1 + 4 + 100 * 1024 * 1024} bytes, over the ${MAX}-byte limit`)
    // Before CONNECT too: a 50 MB CONNECT is refused from its first five bytes.
    expect(verdict(Buffer.concat([Buffer.from([0x10]), varInt(50 * 1024 * 1024)]))).toMatch(/over the 1048576-byte limit/)
  })

  it('a remaining length longer than 4 bytes [MQTT-2.2.3]', () => {
    expect(verdict(Buffer.concat([connect(), Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01])]))).toBe('remaining length longer than 4 bytes')
    expect(verdict(Buffer.concat([connect(), Buffer.from([0x30]), varInt(5, 5)]))).toBe('remaining length longer than 4 bytes')
  })

  it('anything before CONNECT [MQTT-3.1.0-1], and a second CONNECT [MQTT-3.1.0-2]', () => {
    expect(verdict(publish('a', 'b'))).toBe('the first packet is not CONNECT')
    expect(verdict(PINGREQ)).toBe('the first packet is not CONNECT')
    expect(verdict(session(connect()))).toBe('a second CONNECT')
  })

  it('packet types only a server sends, the reserved type 0 and AUTH', () => {
    for (const first of [0x00, 0x20, 0x90, 0xb0, 0xd0, 0xf0]) expect(verdict(session(rawPacket(first, u16(1))))).toMatch(/is not sent by clients/)
  })

  it('reserved header flags [MQTT-2.2.2-2], QoS 3 [MQTT-3.3.1-4], DUP on QoS 0 [MQTT-3.3.1-2]', () => {
    expect(verdict(session(rawPacket(0x80, Buffer.concat([u16(1), field('a'), Buffer.from([0])]))))).toMatch(/reserved header flags 0 on packet type 8/)
    expect(verdict(session(rawPacket(0x41, u16(1))))).toMatch(/reserved header flags 1/)
    expect(verdict(session(rawPacket(0xc1, Buffer.alloc(0))))).toMatch(/reserved header flags/)
    expect(verdict(session(rawPacket(0x36, Buffer.concat([field('a'), u16(1)]))))).toBe('PUBLISH with QoS 3')
    expect(verdict(session(publish('a', 'x', { dup: true })))).toBe('PUBLISH with DUP on QoS 0')
  })

  it('ill-formed UTF-8 in a topic, split at every byte [MQTT-1.5.3-1]', () => {
    for (const bad of BAD_UTF8) {
      expect(verdict(session(publish(bad, 'x')))).toBe('ill-formed UTF-8 in a topic')
      expect(verdict(session(subscribe(1, [{ topic: bad }])))).toBe('ill-formed UTF-8 in a string')
      expect(verdict(session(unsubscribe(1, [bad])))).toBe('ill-formed UTF-8 in a string')
    }
  })

  it('U+0000 anywhere [MQTT-1.5.3-2], control characters and wildcards in topic names', () => {
    expect(verdict(session(publish('a\u0000b', 'x')))).toBe('U+0000 in a topic')
    expect(verdict(session(subscribe(1, [{ topic: 'a\u0000' }])))).toBe('U+0000 in a string')
    expect(verdict(session(publish('a\u001bb', 'x')))).toBe('control character in a topic')
    expect(verdict(session(publish('a\u007f', 'x')))).toBe('control character in a topic')
    expect(verdict(session(publish('a\u0085', 'x')))).toBe('control character in a topic')
    expect(verdict(session(publish('a/#', 'x')))).toBe('wildcard in a topic name')
    expect(verdict(session(publish('+', 'x')))).toBe('wildcard in a topic name')
    expect(verdict(session(publish('', 'x')))).toBe('empty topic')
    // In a filter, control characters are refused one filter at a time (SUBACK 0x80), not here.
    expect(verdict(session(subscribe(1, [{ topic: 'a\u001b' }])))).toBeUndefined()
  })

  it('packet id 0 [MQTT-2.3.1-1]', () => {
    expect(verdict(session(publish('a', 'x', { qos: 1, id: 0 })))).toBe('packet id 0')
    expect(verdict(session(puback(0)))).toBe('packet id 0')
    expect(verdict(session(subscribe(0, [{ topic: 'a' }])))).toBe('packet id 0')
    expect(verdict(session(unsubscribe(0, ['a'])))).toBe('packet id 0')
  })

  it('an empty SUBSCRIBE [MQTT-3.8.3-3] or UNSUBSCRIBE [MQTT-3.10.3-2], and a bad requested QoS', () => {
    expect(verdict(session(subscribe(1, [])))).toBe('SUBSCRIBE without a topic filter')
    expect(verdict(session(unsubscribe(1, [])))).toBe('UNSUBSCRIBE without a topic filter')
    expect(verdict(session(subscribe(1, [{ topic: 'a', qos: 3 }])))).toMatch(/QoS 3/)
    expect(verdict(session(subscribe(1, [{ topic: 'a', qos: 4 }])))).toMatch(/reserved option bits/)
    expect(verdict(session(subscribe(1, [{ topic: '' }])))).toBe('empty topic filter')
  })

  it('bodies shorter than their fields', () => {
    expect(verdict(session(rawPacket(0x30, Buffer.from([0, 9, 0x61]))))).toBe('PUBLISH shorter than its topic')
    expect(verdict(session(rawPacket(0x30, Buffer.from([0]))))).toBe('PUBLISH too short for its topic')
    expect(verdict(session(rawPacket(0x40, Buffer.from([0, 1, 2]))))).toMatch(/acknowledgement of 3 bytes/)
    expect(verdict(session(rawPacket(0xc0, Buffer.from([1]))))).toMatch(/with a body/)
    expect(verdict(rawPacket(0x10, Buffer.alloc(0)))).toBe('CONNECT too short')
  })

  it('bad strings in CONNECT', () => {
    expect(verdict(connect({ clientId: BAD_UTF8[0] }))).toBe('client id: ill-formed UTF-8 in a string')
    expect(verdict(connect({ clientId: 'a\u0000' }))).toBe('client id: U+0000 in a string')
    expect(verdict(connect({ will: { topic: 'w/#' } }))).toBe('will topic: wildcard in a topic name')
    expect(verdict(connect({ will: { topic: BAD_UTF8[2]! } }))).toBe('will topic: ill-formed UTF-8 in a topic')
    expect(verdict(connect({ username: BAD_UTF8[1] }))).toBe('user name: ill-formed UTF-8 in a string')
  })
})
