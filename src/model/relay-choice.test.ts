import { describe, expect, it } from 'vitest'
import { describeRelay, policyAllowsRelay, readBridgePolicy, type BridgePolicy } from './bridge-policy.ts'
import { embeddedProfile, isRelayed, newProfile, restoreProfile, toConnectOptions, validateProfile } from './connection-profile.ts'
import { DEFAULT_TLS } from './tls-options.ts'

const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----'

const page = { protocol: 'http:', host: '127.0.0.1:8080' }
const loopback = readBridgePolicy({ mode: 'loopback', enabled: true, tokenRequired: false, allow: [], deny: [], schemes: ['mqtt', 'mqtts', 'ws', 'wss'] })!

function policy(fields: Partial<BridgePolicy>): BridgePolicy {
  return { ...loopback, ...fields }
}

describe('"Relay through the server" for ws:// and wss:// profiles', () => {
  it('is on by default and relays when the policy allows it', () => {
    const p = newProfile({ name: 'm', url: 'ws://broker:9001/mqtt' })
    expect(p.relay).toBe(true)
    expect(isRelayed(p, page, loopback)).toBe(true)
    expect(toConnectOptions(p, page, 'tok', loopback)).toMatchObject({
      url: 'ws://broker:9001/mqtt',
      bridge: { server: 'http://127.0.0.1:8080', target: 'ws://broker:9001/mqtt', token: 'tok' },
    })
    expect(toConnectOptions(newProfile({ name: 'm', url: 'wss://b/mqtt' }), page, '', loopback).bridge).toEqual({
      server: 'http://127.0.0.1:8080',
      target: 'wss://b/mqtt',
      tls: { rejectUnauthorized: true },
    })
  })

  it("sends a relayed wss:// profile's TLS settings to the server (which speaks TLS to the broker), and checks them", () => {
    const tls = { ...DEFAULT_TLS, verify: false, ca: CERT, servername: 'broker.test' }
    const p = newProfile({ name: 'm', url: 'wss://b:8884/mqtt', tls })
    expect(toConnectOptions(p, page, '', loopback).bridge?.tls).toEqual({ ca: CERT, servername: 'broker.test', rejectUnauthorized: false })
    // Directly, the browser checks the certificate itself: nothing to send, nothing to check.
    expect(toConnectOptions({ ...p, relay: false }, page, '', loopback)).not.toHaveProperty('bridge')
    expect(toConnectOptions(newProfile({ name: 'm', url: 'ws://b/mqtt', tls }), page, '', loopback).bridge).not.toHaveProperty('tls')
    const broken = { ...DEFAULT_TLS, ca: 'not a certificate' }
    expect(validateProfile(newProfile({ name: 'm', url: 'wss://b/mqtt', tls: broken }))).toHaveProperty('tlsCa')
    expect(validateProfile(newProfile({ name: 'm', url: 'wss://b/mqtt', tls: broken, relay: false }))).toEqual({})
  })

  it('connects directly when turned off, for the embedded broker, and for mqtt:// (which is bridged anyway)', () => {
    expect(toConnectOptions(newProfile({ name: 'm', url: 'ws://broker/mqtt', relay: false }), page, '', loopback)).not.toHaveProperty('bridge')
    expect(toConnectOptions(embeddedProfile(page), page, '', loopback)).not.toHaveProperty('bridge')
    expect(isRelayed(newProfile({ name: 'm', url: 'mqtt://broker' }), page, loopback)).toBe(false)
    // MQTT.js reads credentials from a ws:// URL; the relay's target cannot carry them.
    expect(isRelayed(newProfile({ name: 'm', url: 'ws://user:pw@broker/mqtt' }), page, loopback)).toBe(false)
  })

  it.each([
    ['no policy yet', undefined],
    ['the bridge off', policy({ enabled: false })],
    ['a server without the relay', readBridgePolicy({ mode: 'loopback', enabled: true, tokenRequired: false })],
    ['restricted with an empty allow-list', policy({ mode: 'restricted', allow: [] })],
    ['restricted with the lists hidden', policy({ mode: 'restricted', listsHidden: true })],
  ])('connects directly with %s', (_name, p) => {
    expect(policyAllowsRelay(p)).toBe(false)
    expect(toConnectOptions(newProfile({ name: 'm', url: 'ws://broker/mqtt' }), page, '', p)).not.toHaveProperty('bridge')
    expect(describeRelay(p, true)).toMatch(/opened by the browser directly/)
  })

  it('restricted mode with an allow-list relays (the server decides the target)', () => {
    expect(policyAllowsRelay(policy({ mode: 'restricted', allow: ['broker:9001'] }))).toBe(true)
  })

  it('older saved profiles relay by default; an explicit false stays', () => {
    expect(restoreProfile({ name: 'a', url: 'ws://x/mqtt' })?.relay).toBe(true)
    expect(restoreProfile({ name: 'a', url: 'ws://x/mqtt', relay: false })?.relay).toBe(false)
    expect(restoreProfile({ name: 'a', url: 'ws://x/mqtt', relay: 'no' })?.relay).toBe(true)
  })
})
