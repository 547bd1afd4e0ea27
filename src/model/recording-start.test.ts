import { describe, expect, it } from 'vitest'
import { embeddedProfile, newProfile } from './connection-profile.ts'
import { defaultRecordingName, profileHasSecrets, recordingRequest } from './recording-start.ts'
import { DEFAULT_TLS } from './tls-options.ts'

const page = { protocol: 'http:', host: '127.0.0.1:8080' }
const draft = { name: ' night ', filters: ['sensors/#'], qos: 1 as const, onFull: 'evict' as const, remember: true }

describe('recordingRequest', () => {
  it('sends no url and no credentials for the embedded broker', () => {
    expect(recordingRequest(draft, embeddedProfile(page), page)).toEqual({ name: 'night', filters: ['sensors/#'], qos: 1, onFull: 'evict' })
    // A profile with the page's own WebSocket URL is the embedded broker too.
    const same = newProfile({ name: 'mine', url: 'ws://127.0.0.1:8080/mqtt', username: 'u' })
    expect(recordingRequest(draft, same, page)).not.toHaveProperty('url')
  })

  it('sends the URL, credentials, TLS options and "remember" for another broker', () => {
    const tls = { ...DEFAULT_TLS, ca: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----', servername: 'b.example' }
    const profile = newProfile({ name: 'b', url: 'mqtts://b.example', username: 'dev', password: 'pw', tls })
    expect(recordingRequest(draft, profile, page)).toEqual({
      name: 'night',
      filters: ['sensors/#'],
      qos: 1,
      onFull: 'evict',
      url: 'mqtts://b.example:8883',
      username: 'dev',
      password: 'pw',
      tls: { ca: tls.ca, servername: 'b.example', rejectUnauthorized: true },
      remember: true,
    })
    const plain = newProfile({ name: 'p', url: 'mqtt://10.0.0.5:1883', tls })
    expect(recordingRequest({ ...draft, remember: false }, plain, page)).toEqual({
      name: 'night',
      filters: ['sensors/#'],
      qos: 1,
      onFull: 'evict',
      url: 'mqtt://10.0.0.5:1883',
      remember: false,
    })
    expect(recordingRequest(draft, newProfile({ name: 'w', url: 'wss://broker.example/mqtt', relay: false, tls }), page)).not.toHaveProperty('tls')
  })

  it('sends the TLS options of a wss:// profile that sets them (relayed), as for mqtts://', () => {
    const tls = { ...DEFAULT_TLS, ca: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----', servername: 'localhost' }
    const profile = newProfile({ name: 'w', url: 'wss://127.0.0.1:8884/mqtt', relay: true, tls })
    expect(recordingRequest(draft, profile, page)).toMatchObject({
      url: 'wss://127.0.0.1:8884/mqtt',
      tls: { ca: tls.ca, servername: 'localhost', rejectUnauthorized: true },
    })
    expect(profileHasSecrets(profile, page)).toBe(true)
    expect(profileHasSecrets({ ...profile, relay: false }, page)).toBe(false)
  })

  it('names every problem by field and sends nothing', () => {
    expect(recordingRequest({ ...draft, name: ' ', filters: [] }, embeddedProfile(page), page)).toEqual({
      problems: { name: 'Give the recording a name', filters: 'Give at least one topic filter (one per line)' },
    })
    const bad = recordingRequest({ ...draft, filters: ['ok/#', 'a/#/b'] }, embeddedProfile(page), page)
    expect(bad).toEqual({ problems: { filters: expect.stringMatching(/^"a\/#\/b": /) as unknown } })
    expect(recordingRequest(draft, newProfile({ name: 'x', url: 'ftp://x' }), page)).toMatchObject({ problems: { target: expect.any(String) as unknown } })
  })
})

describe('profileHasSecrets', () => {
  it('is true for a user name, a password or mqtts://, never for the embedded broker', () => {
    expect(profileHasSecrets(embeddedProfile(page), page)).toBe(false)
    expect(profileHasSecrets(newProfile({ name: 'a', url: 'mqtt://h:1883' }), page)).toBe(false)
    expect(profileHasSecrets(newProfile({ name: 'a', url: 'mqtt://h:1883', username: 'u' }), page)).toBe(true)
    expect(profileHasSecrets(newProfile({ name: 'a', url: 'mqtts://h' }), page)).toBe(true)
  })
})

it('names a recording after the profile and the local time', () => {
  expect(defaultRecordingName('Embedded broker', new Date(2026, 11, 7, 9, 4))).toBe('Embedded broker 2026-12-07 09:04')
})
