import { connect as tcpConnect, type Socket } from 'node:net'
import WebSocket from 'ws'
import { connect, subscribe } from './raw-packets.ts'
import { withTimeout } from './timeout.ts'

/**
 * MQTT connections driven byte by byte, for what a client library will not do: stop reading,
 * write as fast as the socket takes it, or send packets no library sends.
 */
export interface RawConnection {
  write(bytes: Buffer): boolean
  /** Resolves once everything written so far has left this process (or right away). */
  whenWritable(): Promise<void>
  /** Stops reading: what the server sends piles up in its buffers (and a close is not seen either). */
  stopReading(): void
  resumeReading(): void
  readonly closed: Promise<void>
  readonly isClosed: boolean
  /** Bytes received so far. */
  received(): Buffer
  destroy(): void
}

export async function openRawTcp(port: number): Promise<RawConnection> {
  const socket: Socket = tcpConnect({ host: '127.0.0.1', port })
  socket.on('error', () => {})
  await withTimeout(new Promise<void>((resolve) => socket.once('connect', () => resolve())), 5_000, 'TCP connect')
  const chunks: Buffer[] = []
  socket.on('data', (chunk: Buffer) => chunks.push(chunk))
  let isClosed = false
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      isClosed = true
      resolve()
    }),
  )
  return {
    write: (bytes) => socket.write(bytes),
    whenWritable: () => (socket.writableNeedDrain && !socket.destroyed ? new Promise((resolve) => socket.once('drain', () => resolve())) : Promise.resolve()),
    stopReading: () => socket.pause(),
    resumeReading: () => socket.resume(),
    closed,
    get isClosed() {
      return isClosed
    },
    received: () => Buffer.concat(chunks),
    destroy: () => socket.destroy(),
  }
}

/** Above this much unsent, a raw WebSocket writer waits. */
const WS_HIGH_WATER = 1024 * 1024

export async function openRawWebSocket(httpPort: number): Promise<RawConnection> {
  const ws = new WebSocket(`ws://127.0.0.1:${httpPort}/mqtt`, ['mqtt'])
  ws.on('error', () => {})
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('close', () => reject(new Error('WebSocket closed before open')))
    }),
    5_000,
    'WebSocket open',
  )
  const chunks: Buffer[] = []
  ws.on('message', (data: Buffer) => chunks.push(data))
  let isClosed = false
  const closed = new Promise<void>((resolve) =>
    ws.once('close', () => {
      isClosed = true
      resolve()
    }),
  )
  return {
    write(bytes) {
      if (ws.readyState !== ws.OPEN) return false
      ws.send(bytes, { binary: true })
      return ws.bufferedAmount < WS_HIGH_WATER
    },
    async whenWritable() {
      while (ws.readyState === ws.OPEN && ws.bufferedAmount >= WS_HIGH_WATER) await new Promise((resolve) => setTimeout(resolve, 1))
    },
    stopReading: () => ws.pause(),
    resumeReading: () => ws.resume(),
    closed,
    get isClosed() {
      return isClosed
    },
    received: () => Buffer.concat(chunks),
    destroy: () => ws.terminate(),
  }
}

/** CONNECT and wait for the CONNACK; returns its return code. */
export async function rawConnect(conn: RawConnection, clientId: string, options: { clean?: boolean } = {}): Promise<number> {
  const before = conn.received().length
  conn.write(connect({ clientId, clean: options.clean ?? true }))
  return withTimeout(
    (async () => {
      for (;;) {
        const bytes = conn.received().subarray(before)
        if (bytes.length >= 4 && bytes[0] === 0x20) return bytes[3]!
        if (conn.isClosed) throw new Error('closed before CONNACK')
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    })(),
    5_000,
    'CONNACK',
  )
}

/** SUBSCRIBE to one filter and wait for the SUBACK; returns its granted QoS (0x80: refused). */
export async function rawSubscribe(conn: RawConnection, filters: ReadonlyArray<string | Buffer>, qos = 0): Promise<number[]> {
  const before = conn.received().length
  conn.write(
    subscribe(
      1,
      filters.map((topic) => ({ topic, qos })),
    ),
  )
  return withTimeout(
    (async () => {
      for (;;) {
        const bytes = conn.received().subarray(before)
        const at = bytes.indexOf(0x90)
        if (at !== -1 && bytes.length >= at + 4 + filters.length) return [...bytes.subarray(at + 4, at + 4 + filters.length)]
        if (conn.isClosed) throw new Error('closed before SUBACK')
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    })(),
    5_000,
    'SUBACK',
  )
}
