import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { WebSocketDuplex } from './websocket-duplex.ts'

const cleanups: Array<() => void> = []

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

/** A connected pair: the server end wrapped in a WebSocketDuplex, the client end bare. */
async function pair(): Promise<{ duplex: WebSocketDuplex; client: WebSocket }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false })
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
  const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', (ws) => resolve(ws)))
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`)
  await new Promise<void>((resolve, reject) => {
    client.once('open', () => resolve())
    client.once('error', reject)
  })
  const ws = await accepted
  ws.binaryType = 'nodebuffer'
  const duplex = new WebSocketDuplex(ws)
  duplex.on('error', () => {})
  cleanups.push(() => {
    client.terminate()
    duplex.destroy()
    wss.close()
  })
  return { duplex, client }
}

function pattern(length: number): Buffer {
  return Buffer.from(Array.from({ length }, (_, i) => (i * 31 + 7) & 0xff))
}

describe('WebSocketDuplex reading', () => {
  it('hands a large frame to the reader in slices of at most 64 KiB, all bytes in order', async () => {
    const { duplex, client } = await pair()
    const sent = pattern(1_000_000)
    const reads: Buffer[] = []
    const all = new Promise<void>((resolve) => {
      let total = 0
      duplex.on('readable', () => {
        let chunk: Buffer | null
        while ((chunk = duplex.read() as Buffer | null) !== null) {
          reads.push(chunk)
          total += chunk.length
        }
        if (total >= sent.length) resolve()
      })
    })
    client.send(sent, { binary: true })
    await all
    expect(Buffer.concat(reads).equals(sent)).toBe(true)
    // One read() returns all that is buffered, and may first ask _read() for one more slice: so
    // at most two slices and the high-water mark, never the whole frame (aedes handles everything
    // one read() returns at once).
    expect(Math.max(...reads.map((r) => r.length))).toBeLessThanOrEqual(2 * 64 * 1024 + duplex.readableHighWaterMark)
    expect(reads.length).toBeGreaterThan(1)
  })

  it('still delivers what was received when the peer closes while the reader is behind', async () => {
    const { duplex, client } = await pair()
    const sent = pattern(300_000)
    client.send(sent, { binary: true })
    client.close(1000)
    // Read nothing until the WebSocket has closed: like a broker still busy with earlier packets.
    await new Promise<void>((resolve) => client.once('close', () => resolve()))
    await new Promise((resolve) => setTimeout(resolve, 50))
    const chunks: Buffer[] = []
    const ended = await new Promise<boolean>((resolve) => {
      duplex.on('data', (chunk: Buffer) => chunks.push(chunk))
      duplex.once('end', () => resolve(true))
      duplex.once('close', () => resolve(false))
    })
    expect(Buffer.concat(chunks).length).toBe(sent.length)
    expect(Buffer.concat(chunks).equals(sent)).toBe(true)
    expect(ended).toBe(true)
  })
})
