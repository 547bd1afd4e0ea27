import type { IClientOptions } from 'mqtt'
import type { ConnectOptions } from '../model/connection-types.ts'
import { BridgeDialer, type BridgeTransport } from './bridge-dialer.ts'

/**
 * Where and how a second connection to the session's broker connects (the retained scan, the
 * Measure probe and watch): the session's URL, credentials and protocol, a random client id
 * `mqtt-scope-<role>-…`, a clean session, never reconnecting. Through the bridge it gets a ticket of
 * its own first; a refusal rejects with the bridge's reason.
 */
export async function sideConnection(
  options: ConnectOptions,
  role: string,
  connectTimeoutMs: number,
  transport: BridgeTransport,
): Promise<{ url: string; clientOptions: IClientOptions }> {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(4)), (b) => b.toString(16).padStart(2, '0')).join('')
  const clientOptions: IClientOptions = {
    clientId: `mqtt-scope-${role}-${random}`,
    protocolVersion: options.protocolVersion,
    clean: true,
    keepalive: 30,
    reconnectPeriod: 0,
    connectTimeout: connectTimeoutMs,
    // No keepalive re-arm per packet: these connections are busy or short-lived.
    reschedulePings: false,
    ...(options.username ? { username: options.username } : {}),
    ...(options.password ? { password: options.password } : {}),
  }
  if (options.bridge === undefined) return { url: options.url, clientOptions }
  const dialer = new BridgeDialer(options.bridge, transport)
  const failure = await dialer.prepare()
  if (failure !== undefined) throw new Error(failure.failure)
  clientOptions.createWebsocket = dialer.createWebsocket
  return { url: dialer.placeholderUrl, clientOptions }
}
