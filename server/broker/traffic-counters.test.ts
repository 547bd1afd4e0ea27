import { describe, expect, it } from 'vitest'
import { publish, rawPacket, u16 } from '../test-support/raw-packets.ts'
import { PacketCounter } from './traffic-counters.ts'

describe('PacketCounter', () => {
  const stream = Buffer.concat([
    rawPacket(0x20, Buffer.from([0, 0])), // CONNACK
    publish('a/b', Buffer.alloc(300, 1)), // a two-byte remaining length
    Buffer.from([0xd0, 0x00]), // PINGRESP, no body
    rawPacket(0x90, Buffer.concat([u16(1), Buffer.from([0])])), // SUBACK
    publish('big', Buffer.alloc(20_000, 2)), // a three-byte remaining length
  ])

  it('counts the packets of a stream written in one piece', () => {
    expect(new PacketCounter().count(stream)).toBe(5)
  })

  it('counts the same however the stream is cut into writes', () => {
    for (const size of [1, 2, 3, 7, 64, 1000]) {
      const counter = new PacketCounter()
      let packets = 0
      for (let at = 0; at < stream.length; at += size) packets += counter.count(stream.subarray(at, at + size))
      expect(packets, `writes of ${size} bytes`).toBe(5)
    }
  })
})
