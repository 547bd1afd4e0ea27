import { connect as tcpConnect, type Socket } from 'node:net'
import WebSocket from 'ws'
import { BAD_UTF8, connect, DISCONNECT, field, PINGREQ, puback, publish, rawPacket, subscribe, u16, unsubscribe, varInt } from './raw-packets.ts'

/**
 * Hostile MQTT input for the broker: valid packets mutated, truncated, or built wrong on purpose
 * (bad remaining lengths, QoS 3, reserved flags, ill-formed UTF-8, oversized declared lengths,
 * garbage), each sent on its own connection over TCP or WebSocket. Used by the bounded test in CI
 * (malformed-packets.test.ts) and by the longer `npm run fuzz`.
 */

/** A small seeded PRNG (mulberry32): a failing run can be repeated from its seed. */
export function randomSource(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface FuzzCase {
  readonly kind: string
  readonly bytes: Buffer
  /** Send a valid CONNECT first, so the hostile part reaches a connected session. */
  readonly afterConnect: boolean
}

type Random = () => number

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!
const int = (random: Random, below: number): number => Math.floor(random() * below)

function randomTopic(random: Random): string | Buffer {
  const r = random()
  if (r < 0.15) return pick(random, BAD_UTF8)
  if (r < 0.2) return 'a\u0000b'
  if (r < 0.25) return 'c\u001b[31m'
  if (r < 0.3) return pick(random, ['#', 'a/+', '', '$SYS/x', '/'.repeat(120)])
  return `fuzz/${int(random, 1000)}/${pick(random, ['x', 'ü', '😀', 'y/z'])}`
}

/** One well-formed (or nearly) packet of any type a client sends. */
function basePacket(random: Random): Buffer {
  switch (int(random, 9)) {
    case 0:
      return publish(randomTopic(random), Buffer.alloc(int(random, 200), int(random, 256)), { qos: int(random, 3), id: int(random, 4), retain: random() < 0.1 })
    case 1:
      return subscribe(
        int(random, 3),
        Array.from({ length: int(random, 3) }, () => ({ topic: randomTopic(random), qos: int(random, 4) })),
      )
    case 2:
      return unsubscribe(
        int(random, 3),
        Array.from({ length: int(random, 3) }, () => randomTopic(random)),
      )
    case 3:
      return puback(int(random, 3))
    case 4:
      return rawPacket(pick(random, [0x50, 0x62, 0x70]), u16(int(random, 3)))
    case 5:
      return PINGREQ
    case 6:
      return DISCONNECT
    case 7:
      return connect({
        clientId: random() < 0.3 ? pick(random, BAD_UTF8) : `fz${int(random, 1e6)}`,
        clean: random() < 0.8,
        level: pick(random, [3, 4, 4, 5, 6]),
      })
    default:
      return connect({ will: { topic: randomTopic(random), payload: Buffer.from('w') }, username: random() < 0.5 ? 'u' : pick(random, BAD_UTF8) })
  }
}

/** Changes a few bytes, bits or lengths of `packet`. */
function mutate(random: Random, packet: Buffer): Buffer {
  const out = Buffer.from(packet)
  const changes = 1 + int(random, 4)
  for (let i = 0; i < changes && out.length > 0; i++) {
    const at = int(random, out.length)
    switch (int(random, 4)) {
      case 0:
        out[at] = int(random, 256)
        break
      case 1:
        out[at]! ^= 1 << int(random, 8)
        break
      case 2:
        out[at] = pick(random, [0x00, 0xff, 0x80, 0x7f, 0xc0, 0xed])
        break
      default:
        if (at + 1 < out.length) out.writeUInt16BE(pick(random, [0, 1, 0xffff, out.length]), Math.min(at, out.length - 2))
    }
  }
  return out
}

/** The cases, by kind; `generate` picks among them. */
const KINDS: ReadonlyArray<readonly [string, (random: Random) => FuzzCase]> = [
  ['mutated', (random) => ({ kind: 'mutated', bytes: mutate(random, basePacket(random)), afterConnect: random() < 0.8 })],
  [
    'truncated',
    (random) => {
      const packet = basePacket(random)
      return { kind: 'truncated', bytes: packet.subarray(0, int(random, packet.length)), afterConnect: random() < 0.8 }
    },
  ],
  [
    'mutated-connect',
    (random) => ({
      kind: 'mutated-connect',
      bytes: mutate(random, connect({ will: { topic: 'w' }, username: 'u', password: Buffer.from('p') })),
      afterConnect: false,
    }),
  ],
  [
    'remaining-length',
    (random) => {
      const body = Buffer.alloc(int(random, 64), 0x61)
      const length = pick(random, [
        varInt(body.length, 5),
        Buffer.from([0xff, 0xff, 0xff, 0xff, 0x7f]),
        Buffer.from([0xff, 0xff, 0xff, 0x7f]),
        varInt(body.length + 1 + int(random, 1000)),
        varInt(Math.max(0, body.length - 3)),
      ])
      return {
        kind: 'remaining-length',
        bytes: Buffer.concat([Buffer.from([pick(random, [0x10, 0x30, 0x32, 0x82, 0xa2, 0xc0])]), length, body]),
        afterConnect: random() < 0.7,
      }
    },
  ],
  [
    'oversized-declared',
    (random) => {
      const declared = pick(random, [2 * 1024 * 1024, 100 * 1024 * 1024, 268_435_455])
      const first = pick(random, [0x10, 0x30, 0x82])
      return {
        kind: 'oversized-declared',
        bytes: Buffer.concat([Buffer.from([first]), varInt(declared), Buffer.alloc(int(random, 70_000), 0x61)]),
        afterConnect: first !== 0x10,
      }
    },
  ],
  [
    'qos3-reserved-flags',
    (random) => {
      const first = pick(random, [0x36, 0x37, 0x3e, 0x38, 0x80, 0x81, 0x83, 0xa0, 0x60, 0x41, 0xc2, 0xe1, 0x00, 0x20, 0x90, 0xb0, 0xd0, 0xf0])
      return { kind: 'qos3-reserved-flags', bytes: rawPacket(first, Buffer.concat([field('a/b'), u16(1), Buffer.from('x')])), afterConnect: true }
    },
  ],
  [
    'bad-utf8',
    (random) => {
      const bad = pick(random, BAD_UTF8)
      const packet = pick(random, [
        publish(bad, 'x'),
        subscribe(1, [{ topic: bad }]),
        unsubscribe(1, [bad]),
        connect({ clientId: bad }),
        connect({ will: { topic: bad } }),
      ])
      return { kind: 'bad-utf8', bytes: packet, afterConnect: packet[0] !== 0x10 }
    },
  ],
  [
    'garbage',
    (random) => ({ kind: 'garbage', bytes: Buffer.from(Array.from({ length: 1 + int(random, 300) }, () => int(random, 256))), afterConnect: random() < 0.5 }),
  ],
  [
    'sequence',
    (random) => ({
      kind: 'sequence',
      bytes: Buffer.concat(Array.from({ length: 2 + int(random, 20) }, () => (random() < 0.7 ? basePacket(random) : mutate(random, basePacket(random))))),
      afterConnect: random() < 0.8,
    }),
  ],
]

export function generateCase(random: Random): FuzzCase {
  return pick(random, KINDS)[1](random)
}

export type Transport = 'tcp' | 'websocket'

export interface FuzzTarget {
  readonly mqttPort: number
  readonly httpPort: number
}

/** How one case ended: the server closed the connection, or it was still open when we gave up. */
export type CaseEnd = 'closed-by-server' | 'still-open'

/**
 * Sends one case on a fresh connection and waits up to `ms` for the server to close it; then
 * closes it ourselves. The bytes go out in a few pieces, like a network would deliver them.
 */
export function runCase(target: FuzzTarget, transport: Transport, testCase: FuzzCase, random: Random, ms: number): Promise<CaseEnd> {
  const bytes = testCase.afterConnect ? Buffer.concat([connect({ clientId: `fz-${int(random, 1e9)}` }), testCase.bytes]) : testCase.bytes
  const pieces: Buffer[] = []
  for (let at = 0; at < bytes.length;) {
    const size = 1 + int(random, Math.max(1, Math.min(bytes.length - at, 4096)))
    pieces.push(bytes.subarray(at, at + size))
    at += size
  }
  return transport === 'tcp' ? runOverTcp(target.mqttPort, pieces, ms) : runOverWebSocket(target.httpPort, pieces, ms)
}

function runOverTcp(port: number, pieces: readonly Buffer[], ms: number): Promise<CaseEnd> {
  return new Promise((resolve) => {
    const socket: Socket = tcpConnect({ host: '127.0.0.1', port })
    let settled = false
    const finish = (end: CaseEnd) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve(end)
    }
    const timer = setTimeout(() => finish('still-open'), ms)
    socket.on('error', () => finish('closed-by-server'))
    socket.on('close', () => finish('closed-by-server'))
    socket.on('data', () => {})
    socket.once('connect', () => {
      for (const piece of pieces) socket.write(piece)
    })
  })
}

function runOverWebSocket(port: number, pieces: readonly Buffer[], ms: number): Promise<CaseEnd> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/mqtt`, ['mqtt'])
    let settled = false
    const finish = (end: CaseEnd) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      ws.terminate()
      resolve(end)
    }
    const timer = setTimeout(() => finish('still-open'), ms)
    ws.on('error', () => finish('closed-by-server'))
    ws.on('close', () => finish('closed-by-server'))
    ws.once('open', () => {
      for (const piece of pieces) ws.send(piece, { binary: true })
    })
  })
}

export interface FuzzReport {
  cases: number
  byKind: Record<string, number>
  closedByServer: number
  stillOpen: number
}

/**
 * Runs cases `concurrency` at a time, alternating TCP and WebSocket, until `shouldStop()` says so;
 * `alive()` is checked after every case and stops the run at once when the server is gone.
 */
export async function fuzz(options: {
  readonly target: FuzzTarget
  readonly seed: number
  readonly concurrency: number
  readonly caseMs: number
  readonly shouldStop: (report: FuzzReport) => boolean
  readonly alive: () => boolean
}): Promise<FuzzReport> {
  const random = randomSource(options.seed)
  const report: FuzzReport = { cases: 0, byKind: {}, closedByServer: 0, stillOpen: 0 }
  let next = 0
  const lane = async () => {
    while (!options.shouldStop(report) && options.alive()) {
      const transport: Transport = next++ % 2 === 0 ? 'tcp' : 'websocket'
      const testCase = generateCase(random)
      const end = await runCase(options.target, transport, testCase, random, options.caseMs)
      report.cases++
      report.byKind[testCase.kind] = (report.byKind[testCase.kind] ?? 0) + 1
      if (end === 'closed-by-server') report.closedByServer++
      else report.stillOpen++
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, lane))
  return report
}
