/**
 * Just enough of the MQTT 3.1.1 wire format to drive the broker over a bare WebSocket and see
 * exactly which bytes arrive in which frame, which a client library hides.
 */

function remainingLength(n: number): Buffer {
  const bytes: number[] = []
  do {
    let byte = n % 128
    n = Math.floor(n / 128)
    if (n > 0) byte |= 0x80
    bytes.push(byte)
  } while (n > 0)
  return Buffer.from(bytes)
}

function utf8(text: string): Buffer {
  const body = Buffer.from(text, 'utf8')
  const length = Buffer.alloc(2)
  length.writeUInt16BE(body.length)
  return Buffer.concat([length, body])
}

function packet(firstByte: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([firstByte]), remainingLength(body.length), body])
}

/** CONNECT, protocol level 4, clean session, keepalive 60 s. */
export function encodeConnect(clientId: string): Buffer {
  return packet(0x10, Buffer.concat([utf8('MQTT'), Buffer.from([0x04, 0x02, 0x00, 0x3c]), utf8(clientId)]))
}

export function encodeSubscribe(messageId: number, topic: string, qos: 0 | 1 | 2): Buffer {
  const id = Buffer.alloc(2)
  id.writeUInt16BE(messageId)
  return packet(0x82, Buffer.concat([id, utf8(topic), Buffer.from([qos])]))
}

export interface WirePacket {
  readonly type: number
  readonly flags: number
  readonly body: Buffer
}

/** Splits a byte stream into whole packets; `rest` is an incomplete trailing packet, if any. */
export function splitPackets(bytes: Buffer): { packets: WirePacket[]; rest: Buffer } {
  const packets: WirePacket[] = []
  let at = 0
  for (;;) {
    if (at >= bytes.length) break
    let length = 0
    let multiplier = 1
    let i = at + 1
    let complete = false
    while (i < bytes.length && i < at + 5) {
      const byte = bytes[i++]!
      length += (byte & 0x7f) * multiplier
      multiplier *= 128
      if ((byte & 0x80) === 0) {
        complete = true
        break
      }
    }
    if (!complete || i + length > bytes.length) break
    packets.push({ type: bytes[at]! >> 4, flags: bytes[at]! & 0x0f, body: bytes.subarray(i, i + length) })
    at = i + length
  }
  return { packets, rest: bytes.subarray(at) }
}

/** Topic and payload of a PUBLISH packet (type 3). */
export function decodePublish(p: WirePacket): { topic: string; payload: Buffer } {
  const topicLength = p.body.readUInt16BE(0)
  const topic = p.body.subarray(2, 2 + topicLength).toString('utf8')
  const qos = (p.flags >> 1) & 0x03
  return { topic, payload: p.body.subarray(2 + topicLength + (qos > 0 ? 2 : 0)) }
}
