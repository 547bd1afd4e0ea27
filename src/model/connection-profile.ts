import type { ConnectOptions, QoS } from './connection-types.ts'
import { policyAllowsRelay, type BridgePolicy } from './bridge-policy.ts'
import { parseBrokerUrl } from './broker-url.ts'
import { type DecodersConfig, restoreDecoders } from './decode-rules.ts'
import { DEFAULT_TLS, readTls, toBridgeTls, validateTls, type TlsOptions, type TlsProblems } from './tls-options.ts'

export interface ConnectionProfile {
  readonly id: string
  readonly name: string
  /** ws:// or wss:// (opened by the browser), mqtt:// or mqtts:// (through the server's bridge). */
  readonly url: string
  /** Empty means: make a random one at connect time. */
  readonly clientId: string
  readonly username: string
  readonly password: string
  /** The password and the TLS client key are saved in this browser only when this is ticked. */
  readonly rememberPassword: boolean
  readonly protocolVersion: 4 | 5
  readonly clean: boolean
  readonly keepalive: number
  /** MQTT 5 session expiry interval, seconds. */
  readonly sessionExpiry: number
  readonly will: { readonly enabled: boolean; readonly topic: string; readonly payload: string; readonly qos: QoS; readonly retain: boolean }
  /** Used for mqtts:// brokers only (the bridge speaks TLS to them; a browser checks wss:// itself). */
  readonly tls: TlsOptions
  /**
   * ws:// and wss:// only: "Relay through the server". The server opens the WebSocket and sends
   * the page few large frames instead of one per packet, when its bridge policy allows the target.
   */
  readonly relay: boolean
}

/** A problem per field of the editor. */
export type ProfileProblems = Partial<Record<keyof ConnectionProfile | 'willTopic' | keyof TlsProblems, string>>

/** Where the page came from: the embedded broker and the bridge are on that server. */
export interface PageLocation {
  readonly protocol: string
  readonly host: string
}

export const EMBEDDED_PROFILE_ID = 'embedded'

export function embeddedBrokerUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/mqtt`
}

export function randomClientId(): string {
  const bytes = new Uint8Array(4)
  crypto.getRandomValues(bytes)
  return `mqtt-scope-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}

export function newProfile(fields: Partial<ConnectionProfile> & Pick<ConnectionProfile, 'name' | 'url'>): ConnectionProfile {
  return {
    id: fields.id ?? `p-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`,
    clientId: '',
    username: '',
    password: '',
    rememberPassword: false,
    protocolVersion: 4,
    clean: true,
    keepalive: 30,
    sessionExpiry: 0,
    will: { enabled: false, topic: '', payload: '', qos: 0, retain: false },
    tls: DEFAULT_TLS,
    relay: true,
    ...fields,
  }
}

/** The built-in profile: the broker of the server that served this page. */
export function embeddedProfile(location: { protocol: string; host: string }): ConnectionProfile {
  return newProfile({ id: EMBEDDED_PROFILE_ID, name: 'Embedded broker', url: embeddedBrokerUrl(location) })
}

/** Every problem with a profile, by field, so the editor can show each one beside its input. */
export function validateProfile(p: ConnectionProfile): ProfileProblems {
  const problems: ProfileProblems = {}
  if (p.name.trim() === '') problems.name = 'Give the profile a name'
  const url = parseBrokerUrl(p.url)
  if ('error' in url) problems.url = url.error
  // TLS settings count only where they are used (mqtts://, and wss:// through the relay); kept (and unchecked) otherwise.
  else if (url.scheme === 'mqtts' || (url.scheme === 'wss' && p.relay)) Object.assign(problems, validateTls(p.tls))
  if (!Number.isInteger(p.keepalive) || p.keepalive < 0 || p.keepalive > 65535) problems.keepalive = 'Keepalive is 0 to 65535 seconds'
  if (!Number.isInteger(p.sessionExpiry) || p.sessionExpiry < 0 || p.sessionExpiry > 4294967295)
    problems.sessionExpiry = 'Session expiry is 0 to 4294967295 seconds'
  if (new TextEncoder().encode(p.clientId).length > 65535) problems.clientId = 'Client ID is too long'
  if (p.will.enabled && (p.will.topic === '' || /[+#]/.test(p.will.topic))) problems.willTopic = 'A will needs a topic without wildcards'
  return problems
}

const DEFAULT_PAGE: PageLocation = { protocol: 'http:', host: '127.0.0.1:8080' }

/**
 * What the worker connects with. An mqtt(s) profile goes through the bridge of the server at
 * `page` (the page's own), with the access token when there is one; a ws(s) profile too when it is
 * relayed (isRelayed). The TLS settings go to the server for mqtts:// and relayed wss:// brokers.
 */
export function toConnectOptions(p: ConnectionProfile, page: PageLocation = DEFAULT_PAGE, token = '', policy?: BridgePolicy): ConnectOptions {
  const url = parseBrokerUrl(p.url)
  const relayed = isRelayed(p, page, policy)
  const bridged = !('error' in url) && url.bridged ? url : relayed ? { scheme: 'ws' as const, target: p.url.trim() } : undefined
  // The server speaks TLS for mqtts:// and for a relayed wss:// broker, so the profile's TLS settings go with the request.
  const secure = !('error' in url) && (url.scheme === 'mqtts' || (url.scheme === 'wss' && relayed))
  return {
    url: bridged && bridged.scheme !== 'ws' ? bridged.target : p.url,
    profile: p.name,
    ...(isEmbeddedBroker(p, page) ? { embedded: true } : {}),
    clientId: p.clientId.trim() === '' ? randomClientId() : p.clientId,
    protocolVersion: p.protocolVersion,
    keepalive: p.keepalive,
    clean: p.clean,
    ...(p.username ? { username: p.username } : {}),
    ...(p.password ? { password: p.password } : {}),
    ...(p.protocolVersion === 5 ? { sessionExpiry: p.sessionExpiry } : {}),
    ...(p.will.enabled ? { will: { topic: p.will.topic, payload: p.will.payload, qos: p.will.qos, retain: p.will.retain } } : {}),
    ...(bridged
      ? {
          bridge: {
            server: `${page.protocol === 'https:' ? 'https' : 'http'}://${page.host}`,
            target: bridged.target,
            ...(secure ? { tls: toBridgeTls(p.tls) } : {}),
            ...(token ? { token } : {}),
          },
        }
      : {}),
  }
}

/**
 * Whether the profile's broker is this server's embedded broker: the built-in profile, or a profile
 * with its WebSocket URL (the page's own host and port, path /mqtt).
 */
export function isEmbeddedBroker(p: ConnectionProfile, page: PageLocation = DEFAULT_PAGE): boolean {
  return p.id === EMBEDDED_PROFILE_ID || p.url.trim() === embeddedBrokerUrl(page)
}

/**
 * Whether a ws:// or wss:// profile goes through the server's relay: "Relay through the server" is
 * on, the broker is not this server's own (its WebSocket path already sends large frames), and the
 * policy may allow it.
 */
export function isRelayed(p: ConnectionProfile, page: PageLocation = DEFAULT_PAGE, policy: BridgePolicy | undefined = undefined): boolean {
  const url = parseBrokerUrl(p.url)
  if ('error' in url || url.bridged || !p.relay || isEmbeddedBroker(p, page)) return false
  // ws://user:pw@host: MQTT.js takes the user name and password from the URL, which the relay's
  // target refuses to carry; such a profile keeps connecting directly.
  if (/^wss?:\/\/[^/?#]*@/i.test(p.url.trim())) return false
  return policyAllowsRelay(policy)
}

/** Whether the profile's broker is reached through the server's bridge (mqtt:// or mqtts://). */
export function isBridged(p: ConnectionProfile): boolean {
  const url = parseBrokerUrl(p.url)
  return !('error' in url) && url.bridged
}

/**
 * What may be written to storage or a file: the secrets (password, TLS client key) only when
 * remembered, or asked for.
 */
export function forStorage(p: ConnectionProfile, withSecrets = false): ConnectionProfile {
  return withSecrets || p.rememberPassword ? p : { ...p, password: '', tls: { ...p.tls, key: '' } }
}

/**
 * A profile read back from storage: older versions had no TLS settings. Returns undefined for
 * something that is not a profile at all.
 */
export function restoreProfile(value: unknown): ConnectionProfile | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const item = value as Partial<ConnectionProfile>
  if (typeof item.name !== 'string' || typeof item.url !== 'string') return undefined
  const tls = readTls(item.tls)
  return newProfile({ ...item, name: item.name, url: item.url, tls: 'error' in tls ? DEFAULT_TLS : tls, relay: item.relay !== false })
}

export const PROFILES_FILE_FORMAT = 'mqtt-scope/profiles@1'

/** `withSecrets`: passwords and TLS client keys too. `decoders`: the .proto files and decoding rules, when there are any. */
export function exportProfiles(profiles: readonly ConnectionProfile[], withSecrets: boolean, decoders?: DecodersConfig): string {
  const withDecoders = decoders && (decoders.protoFiles.length > 0 || decoders.rules.length > 0) ? { decoders } : {}
  return JSON.stringify(
    { format: PROFILES_FILE_FORMAT, profiles: profiles.filter((p) => p.id !== EMBEDDED_PROFILE_ID).map((p) => forStorage(p, withSecrets)), ...withDecoders },
    null,
    2,
  )
}

/** Reads an export; returns the profiles or the reason the file cannot be used. */
export function importProfiles(text: string): { profiles: ConnectionProfile[]; decoders?: DecodersConfig } | { error: string } {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return { error: 'The file is not JSON' }
  }
  const list = (data as { profiles?: unknown })?.profiles
  if ((data as { format?: unknown })?.format !== PROFILES_FILE_FORMAT || !Array.isArray(list)) {
    return { error: `Not an mqtt-scope profiles file (expected "format": "${PROFILES_FILE_FORMAT}")` }
  }
  const profiles: ConnectionProfile[] = []
  for (const [i, item] of list.entries()) {
    if (typeof item !== 'object' || item === null || typeof item.name !== 'string' || typeof item.url !== 'string') {
      return { error: `Profile ${i + 1} has no name or URL` }
    }
    const tls = readTls((item as { tls?: unknown }).tls)
    if ('error' in tls) return { error: `Profile "${item.name}": ${tls.error}` }
    const p = newProfile({ ...(item as Partial<ConnectionProfile>), name: item.name, url: item.url, tls })
    const problems = validateProfile(p)
    // An export without secrets leaves the client key out; it is asked for before connecting.
    if (p.tls.key === '') delete problems.tlsKey
    const first = Object.values(problems)[0]
    if (first) return { error: `Profile "${p.name}": ${first}` }
    profiles.push(p)
  }
  // Files and rules beyond the browser's budget, or rules that are not valid, are left out.
  const decoders = (data as { decoders?: unknown }).decoders
  return decoders === undefined ? { profiles } : { profiles, decoders: restoreDecoders(decoders) }
}
