import mqtt, { type IConnackPacket } from 'mqtt'
import type { ConnectOptions, QoS } from '../model/connection-types.ts'
import { ClientLink, type LinkInfo } from '../model/measure/client-link.ts'
import type { MeasureClock } from '../model/measure/measure-link.ts'
import { browserTransport, type BridgeTransport } from './bridge-dialer.ts'
import { connackReason } from './reason-codes.ts'
import { sideConnection } from './side-connection.ts'

/** The worker's clock for the measures: epoch ms with the precision of performance.now(). */
export const workerClock: MeasureClock = {
  now: () => performance.timeOrigin + performance.now(),
  after(ms, run) {
    const timer = setTimeout(run, ms)
    return () => clearTimeout(timer)
  },
}

const CONNECT_TIMEOUT_MS = 10_000

/**
 * A connection of the probe or the watch of its own, to the broker of the current session (its URL,
 * credentials and protocol; through the bridge with a ticket of its own), with a random client id
 * and a clean session, never reconnecting. Its own, not the explorer's: the explorer's
 * subscriptions (a '#' say) would deliver extra copies that read as duplicates, and its tree would
 * be measured along. Rejects with the reason when it cannot connect (the CONNACK's, or the bridge's).
 */
export async function openMeasureLink(options: ConnectOptions, role: string, transport: BridgeTransport = browserTransport): Promise<ClientLink> {
  const { url, clientOptions } = await sideConnection(options, role, CONNECT_TIMEOUT_MS, transport)
  const client = mqtt.connect(url, clientOptions)
  let lastError: string | undefined
  const connack = await new Promise<IConnackPacket>((resolve, reject) => {
    client.on('error', (error: Error & { code?: unknown }) => {
      lastError = typeof error.code === 'number' ? connackReason(error.code, options.protocolVersion) : error.message || lastError
    })
    client.once('connect', resolve)
    client.once('close', () => reject(new Error(lastError ?? `cannot reach ${options.url}`)))
  }).catch((error: unknown) => {
    client.end(true)
    throw error
  })
  const link = new ClientLink(
    {
      // MQTT.js types the payload as Buffer | string; a Uint8Array is written as it is (the worker has no Buffer).
      publish: (topic, payload, qos, callback) => client.publish(topic, payload as unknown as Buffer, { qos }, callback),
      subscribe: (filter, qos, callback) => client.subscribe(filter, { qos }, (error, granted) => callback(error, granted)),
      end: () => new Promise((resolve) => client.end(true, {}, () => resolve())),
    },
    linkInfo(options.protocolVersion, connack),
    workerClock.now,
  )
  client.on('message', (topic, payload, packet) => link.deliver(topic, payload, packet.retain))
  client.on('disconnect', (packet) => {
    if (packet.reasonCode !== undefined) lastError = `disconnected by the broker: ${connackReason(packet.reasonCode, 5)}`
  })
  client.on('close', () => link.closed(lastError ?? 'the connection closed'))
  return link
}

function linkInfo(protocolVersion: 4 | 5, connack: IConnackPacket): LinkInfo {
  const p = protocolVersion === 5 ? connack.properties : undefined
  return {
    protocolVersion,
    ...(p?.maximumQoS !== undefined ? { maximumQoS: p.maximumQoS as QoS } : {}),
    ...(p?.receiveMaximum !== undefined ? { receiveMaximum: p.receiveMaximum } : {}),
  }
}
