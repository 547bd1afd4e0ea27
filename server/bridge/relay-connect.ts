import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { createWebSocketStream, WebSocket } from 'ws'
import type { Target } from './target.ts'

export type RelayResult =
  | {
      readonly stream: Duplex
      /** How the broker ended the WebSocket, once it has: "code 1000" or "code 1006 (no close frame)". */
      readonly closeText: () => string | undefined
    }
  | { readonly failure: string; readonly timedOut: boolean }

/**
 * The relay's side of a ws:// or wss:// target: the WebSocket upgrade (subprotocol mqtt) over a
 * TCP or TLS socket connectTarget already opened to a checked address, so ws does no lookup of
 * its own. The Host header and the path are the target's (virtual hosts and /mqtt paths work).
 * The stream carries the broker's messages as they come; the session gathers them for the page.
 */
export function openRelay(socket: Socket, target: Target, address: string, maxPayload: number, remainingMs: number, signal: AbortSignal): Promise<RelayResult> {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host
  const url = `${target.scheme}://${host}:${target.port}${target.path}`
  return new Promise((resolve) => {
    let closed: string | undefined
    const ws = new WebSocket(url, ['mqtt'], {
      createConnection: (() => socket) as unknown as typeof import('node:net').createConnection,
      perMessageDeflate: false,
      followRedirects: false,
      maxPayload,
      handshakeTimeout: Math.max(1, remainingMs),
    })
    ws.binaryType = 'nodebuffer'
    let settled = false
    const settle = (result: RelayResult) => {
      if (settled) return
      settled = true
      signal.removeEventListener('abort', onAbort)
      if ('failure' in result) {
        ws.on('error', () => {})
        ws.terminate()
        socket.destroy()
      }
      resolve(result)
    }
    const onAbort = () => settle({ failure: 'the page closed the relay while it was connecting', timedOut: false })
    signal.addEventListener('abort', onAbort, { once: true })
    ws.on('unexpected-response', (_req, res) => {
      settle({ failure: `${address} answered the WebSocket upgrade with HTTP ${res.statusCode ?? '?'} (is ${target.path} its MQTT path?)`, timedOut: false })
    })
    ws.once('error', (error: Error) => {
      const timedOut = /timed out/i.test(error.message)
      settle({ failure: timedOut ? `WebSocket handshake with ${address} timed out` : `WebSocket handshake with ${address} failed: ${error.message}`, timedOut })
    })
    ws.once('close', (code: number, reason: Buffer) => {
      const text = reason.length > 0 ? `: ${reason.toString('utf8')}` : ''
      closed = code === 1006 ? 'without a close frame' : `with code ${code}${text}`
    })
    ws.once('open', () => {
      ws.removeAllListeners('error')
      const stream = createWebSocketStream(ws)
      settle({ stream, closeText: () => closed })
    })
  })
}
