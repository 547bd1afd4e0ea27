import { describe, expect, it } from 'vitest'
import {
  embeddedBrokerUrl,
  embeddedProfile,
  isEmbeddedBroker,
  exportProfiles,
  forStorage,
  importProfiles,
  isBridged,
  newProfile,
  restoreProfile,
  toConnectOptions,
  validateProfile,
} from './connection-profile.ts'
import { DEFAULT_TLS } from './tls-options.ts'

const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'
const KEY = '-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n'
const mtls = { verify: true, ca: CERT, cert: CERT, key: KEY, servername: 'broker.test' }

describe('connection profiles', () => {
  it('points the embedded profile at the page host, wss on https', () => {
    expect(embeddedBrokerUrl({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/mqtt')
    expect(embeddedBrokerUrl({ protocol: 'https:', host: 'scope.example:443' })).toBe('wss://scope.example:443/mqtt')
  })

  it("names the profile in the options, and marks this server's embedded broker (the built-in profile or its URL)", () => {
    const page = { protocol: 'http:', host: '127.0.0.1:8080' }
    expect(toConnectOptions(embeddedProfile(page), page)).toMatchObject({ profile: 'Embedded broker', embedded: true, url: 'ws://127.0.0.1:8080/mqtt' })
    expect(toConnectOptions(newProfile({ name: 'Mine', url: 'ws://127.0.0.1:8080/mqtt' }), page)).toMatchObject({ profile: 'Mine', embedded: true })
    expect(toConnectOptions(newProfile({ name: 'Other', url: 'ws://127.0.0.1:9001/mqtt' }), page)).not.toHaveProperty('embedded')
    expect(isEmbeddedBroker(newProfile({ name: 'Bridged', url: 'mqtt://127.0.0.1:1883' }), page)).toBe(false)
  })

  it('makes a random client id when none is given, and keeps a given one', () => {
    const a = toConnectOptions(newProfile({ name: 'a', url: 'ws://x/mqtt' }))
    const b = toConnectOptions(newProfile({ name: 'a', url: 'ws://x/mqtt' }))
    expect(a.clientId).not.toBe(b.clientId)
    expect(toConnectOptions(newProfile({ name: 'a', url: 'ws://x/mqtt', clientId: 'dev-1' })).clientId).toBe('dev-1')
  })

  it('sends session expiry only for MQTT 5 and the will only when enabled', () => {
    const will = { enabled: true, topic: 'clients/me/status', payload: 'offline', qos: 1 as const, retain: true }
    const v5 = toConnectOptions(newProfile({ name: 'a', url: 'ws://x/mqtt', protocolVersion: 5, sessionExpiry: 60, will }))
    expect(v5.sessionExpiry).toBe(60)
    expect(v5.will).toEqual({ topic: 'clients/me/status', payload: 'offline', qos: 1, retain: true })
    const v4 = toConnectOptions(newProfile({ name: 'a', url: 'ws://x/mqtt', sessionExpiry: 60, will: { ...will, enabled: false } }))
    expect(v4.sessionExpiry).toBeUndefined()
    expect(v4.will).toBeUndefined()
  })

  it('lists every problem of a profile', () => {
    const p = newProfile({
      name: ' ',
      url: 'tcp://x',
      keepalive: 70000,
      sessionExpiry: -1,
      will: { enabled: true, topic: 'a/#', payload: '', qos: 0, retain: false },
    })
    expect(Object.keys(validateProfile(p)).sort()).toEqual(['keepalive', 'name', 'sessionExpiry', 'url', 'willTopic'])
    expect(validateProfile(newProfile({ name: 'ok', url: 'wss://broker:8884/mqtt' }))).toEqual({})
  })

  it('accepts mqtt://, mqtts://, ws:// and wss:// and says what else to use', () => {
    for (const url of ['mqtt://127.0.0.1:1883', 'mqtts://broker:8883', 'ws://x/mqtt', 'wss://x/mqtt']) {
      expect(validateProfile(newProfile({ name: 'n', url }))).toEqual({})
    }
    expect(validateProfile(newProfile({ name: 'n', url: 'tcp://x:1883' })).url).toMatch(/use mqtt:\/\/, mqtts:\/\/, ws:\/\/ or wss:\/\//)
  })

  it('checks the TLS settings of mqtts:// and relayed wss:// profiles only (kept as they are on others)', () => {
    const tls = { ...DEFAULT_TLS, cert: CERT }
    expect(validateProfile(newProfile({ name: 'n', url: 'mqtts://x', tls }))).toEqual({ tlsKey: 'A client certificate needs its key' })
    expect(validateProfile(newProfile({ name: 'n', url: 'mqtt://x', tls }))).toEqual({})
    expect(validateProfile(newProfile({ name: 'n', url: 'wss://x/mqtt', tls }))).toEqual({ tlsKey: 'A client certificate needs its key' })
    expect(validateProfile(newProfile({ name: 'n', url: 'wss://x/mqtt', tls, relay: false }))).toEqual({})
  })

  it("connects mqtt(s) profiles through the bridge of the page's server, ws(s) directly", () => {
    const page = { protocol: 'http:', host: '127.0.0.1:9000' }
    expect(toConnectOptions(newProfile({ name: 'a', url: 'ws://x/mqtt' }), page, 'tok').bridge).toBeUndefined()
    expect(isBridged(newProfile({ name: 'a', url: 'ws://x/mqtt' }))).toBe(false)

    const plain = toConnectOptions(newProfile({ name: 'a', url: 'mqtt://Broker', tls: mtls }), page)
    expect(plain.url).toBe('mqtt://broker:1883')
    expect(plain.bridge).toEqual({ server: 'http://127.0.0.1:9000', target: 'mqtt://broker:1883' })

    const secure = toConnectOptions(
      newProfile({ name: 'a', url: 'mqtts://broker:8884', tls: { ...mtls, verify: false } }),
      { protocol: 'https:', host: 'scope.example' },
      'tok',
    )
    expect(secure.bridge).toEqual({
      server: 'https://scope.example',
      target: 'mqtts://broker:8884',
      tls: { ca: CERT, cert: CERT, key: KEY, servername: 'broker.test', rejectUnauthorized: false },
      token: 'tok',
    })
    expect(isBridged(newProfile({ name: 'a', url: 'mqtts://broker' }))).toBe(true)
  })

  it('treats the client key like the password: stored and exported only when asked for', () => {
    const p = newProfile({ id: 'k', name: 'K', url: 'mqtts://x', password: 'pw', tls: mtls })
    expect(forStorage(p)).toEqual({ ...p, password: '', tls: { ...mtls, key: '' } })
    expect(forStorage({ ...p, rememberPassword: true })).toEqual({ ...p, rememberPassword: true })
    const text = exportProfiles([p], false)
    expect(text).not.toContain('PRIVATE KEY')
    expect(text).toContain('BEGIN CERTIFICATE')
    // Imported without the key, the profile asks for it before connecting.
    const back = importProfiles(text)
    expect(back).toEqual({ profiles: [{ ...p, password: '', tls: { ...mtls, key: '' } }] })
    expect(importProfiles(exportProfiles([p], true))).toEqual({ profiles: [p] })
  })

  it('reads older stored profiles (no TLS settings) and refuses a broken tls in an import', () => {
    const old = { id: 'o', name: 'Old', url: 'ws://x/mqtt', password: '' }
    expect(restoreProfile(old)?.tls).toEqual(DEFAULT_TLS)
    expect(restoreProfile({ name: 5 })).toBeUndefined()
    expect(importProfiles(JSON.stringify({ format: 'mqtt-scope/profiles@1', profiles: [{ ...old, tls: { ca: 1 } }] }))).toEqual({
      error: 'Profile "Old": tls.ca must be text',
    })
  })

  it('exports without passwords unless asked and round-trips through import', () => {
    const profiles = [newProfile({ id: 'x', name: 'X', url: 'ws://x/mqtt', password: 'pw', username: 'me' })]
    const text = exportProfiles(profiles, false)
    expect(text).not.toContain('pw"')
    const back = importProfiles(text)
    expect(back).toEqual({ profiles: [{ ...profiles[0], password: '' }] })
    expect(importProfiles(exportProfiles(profiles, true))).toEqual({ profiles })
  })

  it('explains why an import cannot be used', () => {
    expect(importProfiles('[')).toEqual({ error: 'The file is not JSON' })
    expect(importProfiles('{"format":"mqtt-scope/profiles@1","profiles":[{"name":"n"}]}')).toEqual({ error: 'Profile 1 has no name or URL' })
    expect(importProfiles('{"format":"mqtt-scope/profiles@1","profiles":[{"name":"n","url":"ftp://x"}]}')).toMatchObject({
      error: expect.stringMatching(/ftp/),
    })
  })
})
