import { connectAsync, MqttClient, type IClientOptions } from 'mqtt'
import { WebSocket } from 'ws'
import { WebSocketDuplex } from '../../server/broker/websocket-duplex.ts'

/**
 * How the bench's MQTT.js clients talk WebSocket.
 *
 * - `coalescing` (default): one binary frame per turn of the event loop, which is what MQTT.js
 *   does in a browser (its browser stream has `_writev`, so the writes of one corked packet, or
 *   of a whole synchronous batch, go out as one `socket.send`). The stream is the server's own
 *   WebSocketDuplex, used here as a client.
 * - `stock`: MQTT.js's Node build as is: `ws.createWebSocketStream`, one frame per write, about
 *   five frames per PUBLISH (fixed header, length, topic length, topic, payload).
 */
export type WsClientMode = 'coalescing' | 'stock'
export const WS_CLIENT_MODES: readonly WsClientMode[] = ['coalescing', 'stock']

const CONNECT_TIMEOUT_MS = 10_000

export async function connectMqtt(url: string, options: IClientOptions, wsClient: WsClientMode): Promise<MqttClient> {
  const all: IClientOptions = { protocolVersion: 4, clean: true, keepalive: 60, reconnectPeriod: 0, connectTimeout: CONNECT_TIMEOUT_MS, ...options }
  if (!url.startsWith('ws') || wsClient === 'stock') return connectAsync(url, all)

  const ws = new WebSocket(url, ['mqtt'], { perMessageDeflate: false, handshakeTimeout: CONNECT_TIMEOUT_MS })
  ws.binaryType = 'nodebuffer'
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  const stream = new WebSocketDuplex(ws)
  const client = new MqttClient(() => stream, all)
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no CONNACK from ${url}`)), CONNECT_TIMEOUT_MS)
    client.once('connect', () => {
      clearTimeout(timer)
      resolve()
    })
    client.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
  })
  return client
}
