import type { ConnectOptions, QoS } from '../worker/protocol.ts'

export interface ConnectionProfile {
  readonly id: string
  readonly name: string
  /** ws:// or wss:// (mqtt:// and mqtts:// go through the server's bridge). */
  readonly url: string
  /** Empty means: make a random one at connect time. */
  readonly clientId: string
  readonly username: string
  readonly password: string
  /** The password is saved in this browser only when this is ticked. */
  readonly rememberPassword: boolean
  readonly protocolVersion: 4 | 5
  readonly clean: boolean
  readonly keepalive: number
  /** MQTT 5 session expiry interval, seconds. */
  readonly sessionExpiry: number
  readonly will: { readonly enabled: boolean; readonly topic: string; readonly payload: string; readonly qos: QoS; readonly retain: boolean }
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
    ...fields,
  }
}

/** The built-in profile: the broker of the server that served this page. */
export function embeddedProfile(location: { protocol: string; host: string }): ConnectionProfile {
  return newProfile({ id: EMBEDDED_PROFILE_ID, name: 'Embedded broker', url: embeddedBrokerUrl(location) })
}

/** Every problem with a profile, by field, so the editor can show each one beside its input. */
export function validateProfile(p: ConnectionProfile): Partial<Record<keyof ConnectionProfile | 'willTopic', string>> {
  const problems: Partial<Record<keyof ConnectionProfile | 'willTopic', string>> = {}
  if (p.name.trim() === '') problems.name = 'Give the profile a name'
  let url: URL | undefined
  try {
    url = new URL(p.url)
  } catch {
    problems.url = 'Not a URL: use ws://host:port/path or wss://…'
  }
  if (url && !['ws:', 'wss:'].includes(url.protocol)) problems.url = `${url.protocol}// is not supported here: use ws:// or wss://`
  if (!Number.isInteger(p.keepalive) || p.keepalive < 0 || p.keepalive > 65535) problems.keepalive = 'Keepalive is 0 to 65535 seconds'
  if (!Number.isInteger(p.sessionExpiry) || p.sessionExpiry < 0 || p.sessionExpiry > 4294967295) problems.sessionExpiry = 'Session expiry is 0 to 4294967295 seconds'
  if (new TextEncoder().encode(p.clientId).length > 65535) problems.clientId = 'Client ID is too long'
  if (p.will.enabled && (p.will.topic === '' || /[+#]/.test(p.will.topic))) problems.willTopic = 'A will needs a topic without wildcards'
  return problems
}

export function toConnectOptions(p: ConnectionProfile): ConnectOptions {
  return {
    url: p.url,
    clientId: p.clientId.trim() === '' ? randomClientId() : p.clientId,
    protocolVersion: p.protocolVersion,
    keepalive: p.keepalive,
    clean: p.clean,
    ...(p.username ? { username: p.username } : {}),
    ...(p.password ? { password: p.password } : {}),
    ...(p.protocolVersion === 5 ? { sessionExpiry: p.sessionExpiry } : {}),
    ...(p.will.enabled ? { will: { topic: p.will.topic, payload: p.will.payload, qos: p.will.qos, retain: p.will.retain } } : {}),
  }
}

/** What may be written to storage or a file: passwords only when remembered (or asked for). */
export function forStorage(p: ConnectionProfile, withPasswords = false): ConnectionProfile {
  return withPasswords || p.rememberPassword ? p : { ...p, password: '' }
}

export const PROFILES_FILE_FORMAT = 'mqtt-scope/profiles@1'

export function exportProfiles(profiles: readonly ConnectionProfile[], withPasswords: boolean): string {
  return JSON.stringify(
    { format: PROFILES_FILE_FORMAT, profiles: profiles.filter((p) => p.id !== EMBEDDED_PROFILE_ID).map((p) => forStorage(p, withPasswords)) },
    null,
    2,
  )
}

/** Reads an export; returns the profiles or the reason the file cannot be used. */
export function importProfiles(text: string): { profiles: ConnectionProfile[] } | { error: string } {
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
    const p = newProfile({ ...(item as Partial<ConnectionProfile>), name: item.name, url: item.url })
    const problems = validateProfile(p)
    const first = Object.values(problems)[0]
    if (first) return { error: `Profile "${p.name}": ${first}` }
    profiles.push(p)
  }
  return { profiles }
}
