import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import mqtt, { type IClientOptions, type IConnackPacket } from 'mqtt'
import type { QoS } from '../../src/model/connection-types.ts'
import { ClientLink } from '../../src/model/measure/client-link.ts'
import type { MeasureClock } from '../../src/model/measure/measure-link.ts'
import type { MeasureFlags } from './measure-flags.ts'

/** The CLI's clock for the measures: epoch ms with the precision of performance.now(). */
export const nodeClock: MeasureClock = {
  now: () => performance.timeOrigin + performance.now(),
  after(ms, run) {
    const timer = setTimeout(run, ms)
    return () => clearTimeout(timer)
  },
}

/** Could not connect: the message says why ("connection refused", "not authorized", ...). */
export class ConnectError extends Error {
  readonly notAuthorized: boolean
  constructor(message: string, notAuthorized: boolean) {
    super(message)
    this.notAuthorized = notAuthorized
  }
}

/** What the connection flags read from files: read once, before connecting. */
export interface Credentials {
  readonly username?: string
  readonly password?: string
  readonly ca?: Buffer
  readonly cert?: Buffer
  readonly key?: Buffer
}

/** Reads --password-file (its first line), --ca, --cert and --key; throws with the file that cannot be read. */
export function readCredentials(flags: MeasureFlags): Credentials {
  const read = (flag: string, file: string) => {
    try {
      return readFileSync(file)
    } catch (error) {
      throw new ConnectError(`${flag} ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, false)
    }
  }
  const password = flags.passwordFile === undefined ? undefined : read('--password-file', flags.passwordFile).toString('utf8').split(/\r?\n/)[0]!
  return {
    ...(flags.username !== undefined ? { username: flags.username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(flags.ca !== undefined ? { ca: read('--ca', flags.ca) } : {}),
    ...(flags.cert !== undefined ? { cert: read('--cert', flags.cert) } : {}),
    ...(flags.key !== undefined ? { key: read('--key', flags.key) } : {}),
  }
}

const CONNECT_TIMEOUT_MS = 10_000
/** CONNACK codes that mean "not authorized" or "bad user name or password" (3.1.1 and 5). */
const REFUSED = new Set([4, 5, 0x86, 0x87])

/**
 * One MQTT.js connection for the probe or the watch: a random client id, a clean session, no
 * reconnect. Without --mqtt-version it speaks MQTT 5 and falls back to 3.1.1 when the broker does
 * not (aedes, the embedded broker, closes a version 5 CONNECT; others answer 0x84 or 1).
 */
export async function connectLink(url: string, credentials: Credentials, role: string, version: 4 | 5 | undefined): Promise<ClientLink> {
  try {
    return await attempt(url, credentials, role, version ?? 5)
  } catch (error) {
    if (version === undefined && error instanceof VersionRefused) return attempt(url, credentials, role, 4)
    throw error instanceof VersionRefused ? new ConnectError(`${url}: the broker does not speak MQTT 5`, false) : error
  }
}

class VersionRefused extends Error {}

async function attempt(url: string, credentials: Credentials, role: string, protocolVersion: 4 | 5): Promise<ClientLink> {
  const options: IClientOptions = {
    clientId: `mqtt-scope-${role}-${randomBytes(4).toString('hex')}`,
    protocolVersion,
    clean: true,
    keepalive: 30,
    reconnectPeriod: 0,
    connectTimeout: CONNECT_TIMEOUT_MS,
    reschedulePings: false,
    ...credentials,
  }
  const client = mqtt.connect(url, options)
  let lastError: (Error & { code?: unknown }) | undefined
  client.on('error', (error: Error & { code?: unknown }) => (lastError = error))
  let connack: IConnackPacket
  try {
    connack = await new Promise<IConnackPacket>((resolve, reject) => {
      client.once('connect', resolve)
      client.once('close', () => reject(connectFailure(url, lastError, protocolVersion)))
    })
  } finally {
    if (!client.connected) client.end(true)
  }
  const link = new ClientLink(
    {
      publish: (topic, payload, qos, callback) => client.publish(topic, Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength), { qos }, callback),
      subscribe: (filter, qos, callback) => client.subscribe(filter, { qos }, (error, granted) => callback(error, granted)),
      end: () => new Promise((resolve) => client.end(true, {}, () => resolve())),
    },
    {
      protocolVersion,
      ...(connack.properties?.maximumQoS !== undefined ? { maximumQoS: connack.properties.maximumQoS as QoS } : {}),
      ...(connack.properties?.receiveMaximum !== undefined ? { receiveMaximum: connack.properties.receiveMaximum } : {}),
    },
    nodeClock.now,
  )
  // A probe writes one small packet at a time: Nagle's algorithm would hold each back for the ACK of the last.
  ;(client.stream as { setNoDelay?: (on: boolean) => void } | undefined)?.setNoDelay?.(true)
  client.on('message', (topic, payload, packet) => link.deliver(topic, payload, packet.retain))
  client.on('disconnect', (packet) => {
    if (packet.reasonCode !== undefined) lastError = new Error(`disconnected by the broker (reason code 0x${packet.reasonCode.toString(16)})`)
  })
  client.on('close', () => link.closed(lastError?.message ?? 'the connection closed'))
  return link
}

function connectFailure(url: string, error: (Error & { code?: unknown }) | undefined, protocolVersion: 4 | 5): Error {
  const code = error?.code
  if (protocolVersion === 5 && (error === undefined || code === 0x84 || code === 1)) return new VersionRefused()
  if (typeof code === 'number') {
    const text = error!.message.replace(/^Connection refused: /, '').toLowerCase()
    return new ConnectError(`${url}: ${REFUSED.has(code) ? `not authorized (${text})` : `the broker refused the connection (${text})`}`, REFUSED.has(code))
  }
  if (code === 'ECONNREFUSED') return new ConnectError(`${url}: connection refused`, false)
  return new ConnectError(`${url}: ${error?.message || 'the connection closed before the broker answered'}`, false)
}
