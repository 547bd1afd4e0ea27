import { describe, expect, it } from 'vitest'
import {
  embeddedBrokerUrl,
  exportProfiles,
  importProfiles,
  newProfile,
  toConnectOptions,
  validateProfile,
} from './connection-profile.ts'

describe('connection profiles', () => {
  it('points the embedded profile at the page host, wss on https', () => {
    expect(embeddedBrokerUrl({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/mqtt')
    expect(embeddedBrokerUrl({ protocol: 'https:', host: 'scope.example:443' })).toBe('wss://scope.example:443/mqtt')
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
