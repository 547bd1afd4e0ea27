import { Aedes, type Client } from 'aedes'
import type { Logger } from '../logger.ts'

export type Broker = Aedes

/**
 * The embedded broker. It never opens a socket itself: the TCP listener and the /mqtt WebSocket
 * hand it streams with `broker.handle(stream)`, so tests can drive it the same way.
 */
export async function createBroker(logger: Logger): Promise<Broker> {
  const broker = await Aedes.createBroker({})
  const log = logger.child({ component: 'broker' })

  broker.on('client', (client) => {
    log.info({ clientId: client.id, from: describePeer(client) }, 'client connected')
  })
  // aedes can report one disconnect twice (DISCONNECT packet, then the socket closing).
  const gone = new WeakSet<Client>()
  broker.on('clientDisconnect', (client) => {
    if (gone.has(client)) return
    gone.add(client)
    log.info({ clientId: client.id, from: describePeer(client) }, 'client disconnected')
  })
  broker.on('clientError', (client, error) => {
    log.info({ clientId: client.id, from: describePeer(client), err: error.message }, 'client error')
  })
  broker.on('connectionError', (client, error) => {
    log.info({ from: describePeer(client), err: error.message }, 'connection refused')
  })
  broker.on('keepaliveTimeout', (client) => {
    log.info({ clientId: client.id, from: describePeer(client) }, 'keepalive timeout')
  })
  return broker
}

export function closeBroker(broker: Broker): Promise<void> {
  return new Promise((resolve) => broker.close(() => resolve()))
}

function describePeer(client: Client): string {
  const req = client.req
  if (req?.socket?.remoteAddress !== undefined) return `ws ${req.socket.remoteAddress}:${req.socket.remotePort}`
  const conn = client.conn as { remoteAddress?: string; remotePort?: number }
  return conn.remoteAddress !== undefined ? `tcp ${conn.remoteAddress}:${conn.remotePort}` : 'local'
}
