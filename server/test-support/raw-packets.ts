/**
 * MQTT 3.1.1 packets as raw bytes, including ones no client library would send: any first byte,
 * any remaining length (declared, not necessarily sent), topics given as bytes.
 */

/** A remaining length as a variable byte integer, or with `bytes` forced (5 for an overlong one). */
export function varInt(n: number, bytes?: number): Buffer {
  const out: number[] = []
  do {
    let byte = n % 128
    n = Math.floor(n / 128)
    if (n > 0) byte |= 0x80
    out.push(byte)
  } while (n > 0)
  while (bytes !== undefined && out.length < bytes) {
    out[out.length - 1]! |= 0x80
    out.push(0)
  }
  return Buffer.from(out)
}

/** A length-prefixed field: text as UTF-8, a Buffer as it is (so ill-formed UTF-8 can be sent). */
export function field(value: string | Buffer): Buffer {
  const body = typeof value === 'string' ? Buffer.from(value, 'utf8') : value
  const length = Buffer.alloc(2)
  length.writeUInt16BE(body.length)
  return Buffer.concat([length, body])
}

export function u16(n: number): Buffer {
  const b = Buffer.alloc(2)
  b.writeUInt16BE(n)
  return b
}

export function rawPacket(firstByte: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([firstByte]), varInt(body.length), body])
}

export interface ConnectFields {
  readonly clientId?: string | Buffer
  readonly clean?: boolean
  readonly level?: number
  readonly keepalive?: number
  readonly will?: { topic: string | Buffer; payload?: Buffer }
  readonly username?: string | Buffer
  readonly password?: Buffer
}

export function connect(fields: ConnectFields = {}): Buffer {
  const level = fields.level ?? 4
  let flags = fields.clean === false ? 0 : 0x02
  const tail: Buffer[] = [field(fields.clientId ?? 'raw')]
  if (fields.will) {
    flags |= 0x04
    tail.push(field(fields.will.topic), field(fields.will.payload ?? Buffer.alloc(0)))
  }
  if (fields.username !== undefined) {
    flags |= 0x80
    tail.push(field(fields.username))
  }
  if (fields.password !== undefined) {
    flags |= 0x40
    tail.push(field(fields.password))
  }
  const keepalive = u16(fields.keepalive ?? 60)
  const head = level === 3 ? field('MQIsdp') : field('MQTT')
  const props = level === 5 ? [Buffer.from([0])] : []
  return rawPacket(0x10, Buffer.concat([head, Buffer.from([level, flags]), keepalive, ...props, ...tail]))
}

export function publish(
  topic: string | Buffer,
  payload: Buffer | string = Buffer.alloc(0),
  options: { qos?: number; id?: number; retain?: boolean; dup?: boolean } = {},
): Buffer {
  const qos = options.qos ?? 0
  const first = 0x30 | (options.dup ? 0x08 : 0) | (qos << 1) | (options.retain ? 1 : 0)
  const id = qos > 0 ? u16(options.id ?? 1) : Buffer.alloc(0)
  return rawPacket(first, Buffer.concat([field(topic), id, typeof payload === 'string' ? Buffer.from(payload) : payload]))
}

export function subscribe(id: number, filters: ReadonlyArray<{ topic: string | Buffer; qos?: number }>): Buffer {
  return rawPacket(0x82, Buffer.concat([u16(id), ...filters.flatMap((f) => [field(f.topic), Buffer.from([f.qos ?? 0])])]))
}

export function unsubscribe(id: number, filters: ReadonlyArray<string | Buffer>): Buffer {
  return rawPacket(0xa2, Buffer.concat([u16(id), ...filters.map((f) => field(f))]))
}

export const PINGREQ = Buffer.from([0xc0, 0x00])
export const DISCONNECT = Buffer.from([0xe0, 0x00])

export function puback(id: number): Buffer {
  return rawPacket(0x40, u16(id))
}

/** Ill-formed UTF-8: a lone continuation byte, an overlong '/', an encoded surrogate, a cut 4-byte sequence. */
export const BAD_UTF8: readonly Buffer[] = [
  Buffer.from([0x61, 0x80, 0x62]),
  Buffer.from([0x61, 0xc0, 0xaf]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0x61, 0xf0, 0x90, 0x80, 0x62]),
  Buffer.from([0xff]),
]
