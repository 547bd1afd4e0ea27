import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { PROXY_RULE, RequestPolicy, requestFacts, SAME_ORIGIN_RULE, type RequestFacts, type RequestPolicySettings } from './request-policy.ts'

/** The facts of a request: one Host and one Origin unless arrays are given; no Host/Origin when undefined. */
function facts(host: string | string[] | undefined, origin?: string | string[], more: Partial<RequestFacts> = {}): RequestFacts {
  const list = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value])
  return { hosts: list(host), origins: list(origin), proxyHeaders: [], scheme: 'http:', ...more }
}

function policy(settings: Partial<RequestPolicySettings> = {}): RequestPolicy {
  return new RequestPolicy({ loopbackTrust: true, host: '127.0.0.1', allowedOrigins: [], ...settings })
}

const NOT_OURS = "is not this server's origin nor in --allowed-origins"
const NOT_TRUSTED_HOST = 'is not a loopback name nor a name this server was given'

describe('/mqtt upgrade on a default (loopback) server', () => {
  const loopback = policy()

  it.each([
    ['no Origin: a device or CLI client', '127.0.0.1:8080', undefined],
    ['no Origin, any Host: not a browser, the broker decides', 'evil.example:8080', undefined],
    ['no Origin and no Host', undefined, undefined],
    ['own origin', '127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['own origin by name', 'localhost:8080', 'http://localhost:8080'],
    ['upper case', 'LocalHost:8080', 'HTTP://LOCALHOST:8080'],
    ['trailing dot in the Origin', 'localhost:8080', 'http://localhost.:8080'],
    ['trailing dot in the Host', 'localhost.:8080', 'http://localhost:8080'],
    ['IPv6 [::1]', '[::1]:8080', 'http://[::1]:8080'],
    ['IPv6 written out', '[::1]:8080', 'http://[0:0:0:0:0:0:0:1]:8080'],
    ['Host without port (80)', 'localhost', 'http://localhost'],
    ['Host with the default port written', 'localhost:80', 'http://localhost'],
    ["paho-mqtt's https:// Origin over ws:// (scheme not compared)", '127.0.0.1:8080', 'https://127.0.0.1:8080'],
    ['another loopback address', '127.0.0.2:5173', 'http://127.0.0.2:5173'],
    ['a *.localhost name', 'app.localhost:8080', 'http://app.localhost:8080'],
  ])('accepts %s', (_what, host, origin) => {
    expect(loopback.checkMqttUpgrade(facts(host, origin))).toBeUndefined()
  })

  it.each([
    ['another site', '127.0.0.1:8080', 'http://evil.example', NOT_OURS],
    ['a port glued to a name', '127.0.0.1:8080', 'http://127.0.0.1:8080.evil.example', NOT_OURS],
    ['a loopback origin on another port (another local app)', '127.0.0.1:8080', 'http://127.0.0.1:8081', NOT_OURS],
    ['another name for the same address', '127.0.0.1:8080', 'http://localhost:8080', NOT_OURS],
    ['https:// on the default ports (443 is not 80)', 'localhost', 'https://localhost', NOT_OURS],
    ['a path', '127.0.0.1:8080', 'http://127.0.0.1:8080/app', NOT_OURS],
    ['user info', '127.0.0.1:8080', 'http://u@127.0.0.1:8080', NOT_OURS],
    ['another scheme', '127.0.0.1:8080', 'ws://127.0.0.1:8080', NOT_OURS],
    ['file://', '127.0.0.1:8080', 'file://', NOT_OURS],
    ['an empty Origin', '127.0.0.1:8080', '', NOT_OURS],
    ['two origins in one header', '127.0.0.1:8080', 'http://127.0.0.1:8080, http://evil.example', NOT_OURS],
    ['Origin: null', '127.0.0.1:8080', 'null', 'Origin null (a sandboxed frame or a file:// page) is always refused'],
    ['Origin: NULL', '127.0.0.1:8080', 'NULL', 'is always refused'],
    ['two Origin headers, even both ours', '127.0.0.1:8080', ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'], 'the request has 2 Origin headers'],
    // DNS rebinding: the attacker's name now points at 127.0.0.1, so its Origin and Host agree.
    ['a DNS-rebound name', 'evil.example:8080', 'http://evil.example:8080', NOT_TRUSTED_HOST],
    ['a DNS-rebound name with a paho-style Origin', 'evil.example:8080', 'https://evil.example:8080', NOT_TRUSTED_HOST],
    ['a LAN address on a loopback server', '192.168.1.5:8080', 'http://192.168.1.5:8080', NOT_TRUSTED_HOST],
    ['a Host with a port glued to a name', '127.0.0.1:8080.evil.example', 'http://127.0.0.1:8080', 'the request has no valid Host header'],
    ['no Host', undefined, 'http://127.0.0.1:8080', 'the request has no valid Host header'],
    ['two Host headers', ['127.0.0.1:8080', 'evil.example'], 'http://127.0.0.1:8080', 'the request has 2 Host headers'],
  ])('refuses %s', (_what, host, origin, says) => {
    expect(loopback.checkMqttUpgrade(facts(host, origin))).toEqual({ rule: SAME_ORIGIN_RULE, error: expect.stringContaining(says) })
  })

  it('never throws, whatever the headers hold', () => {
    const odd = [
      'http://[::1',
      'http://%',
      'http://a b',
      'http://\u00e9.example',
      'http://[::ffff:127.0.0.1]:8080',
      'x'.repeat(10_000),
      ':',
      '[]',
      'http://:80',
    ]
    for (const a of odd) for (const b of odd) expect(() => loopback.checkMqttUpgrade(facts(a, b))).not.toThrow()
  })

  it('refuses a browser that came through a proxy, with what to do instead; not a device client', () => {
    const proxied = facts('127.0.0.1:8080', 'http://127.0.0.1:8080', { proxyHeaders: ['x-forwarded-for'] })
    const refusal = loopback.checkMqttUpgrade(proxied)
    expect(refusal).toMatchObject({ rule: PROXY_RULE })
    expect(refusal?.error).toContain('(the request carries x-forwarded-for)')
    expect(refusal?.error).toContain('--bridge-mode restricted and an access token (--auth-token)')
    expect(loopback.checkMqttUpgrade(facts('127.0.0.1:8080', undefined, { proxyHeaders: ['via'] }))).toBeUndefined()
  })
})

describe('the API and /bridge compare the scheme too (only our own pages call them)', () => {
  const loopback = policy()

  it('wants the scheme this server speaks', () => {
    expect(loopback.checkApi(facts('127.0.0.1:8080', 'http://127.0.0.1:8080'))).toBeUndefined()
    expect(loopback.checkApi(facts('127.0.0.1:8080', 'https://127.0.0.1:8080'))).toMatchObject({ error: expect.stringContaining(NOT_OURS) })
    expect(loopback.checkApi(facts('127.0.0.1:8443', 'https://127.0.0.1:8443', { scheme: 'https:' }))).toBeUndefined()
    expect(loopback.checkApi(facts('127.0.0.1:8443', 'http://127.0.0.1:8443', { scheme: 'https:' }))).toMatchObject({ rule: SAME_ORIGIN_RULE })
    // Host without port over TLS: 443.
    expect(loopback.checkApi(facts('localhost', 'https://localhost', { scheme: 'https:' }))).toBeUndefined()
  })

  it('checks the Host of every API request, with or without Origin (a rebound page fetching same-origin sends none)', () => {
    expect(loopback.checkApi(facts('127.0.0.1:8080'))).toBeUndefined()
    expect(loopback.checkApi(facts('evil.example:8080'))).toMatchObject({ error: expect.stringContaining(NOT_TRUSTED_HOST) })
    expect(loopback.checkApi(facts(undefined))).toMatchObject({ error: 'the request has no valid Host header' })
  })

  it('a bridge in loopback mode: Origin required, own only, never proxied', () => {
    expect(loopback.checkBridgeUpgrade(facts('127.0.0.1:8080', 'http://127.0.0.1:8080'))).toBeUndefined()
    expect(loopback.checkBridgeUpgrade(facts('127.0.0.1:8080'))).toEqual({ error: 'the request has no Origin header', rule: SAME_ORIGIN_RULE })
    expect(loopback.checkBridgeUpgrade(facts('127.0.0.1:8080', 'http://evil.example'))).toMatchObject({ rule: SAME_ORIGIN_RULE })
    const garbage = facts('127.0.0.1:8080', 'http://127.0.0.1:8080', { proxyHeaders: ['forwarded'] })
    expect(loopback.checkBridgeUpgrade(garbage)).toMatchObject({
      rule: PROXY_RULE,
      error: expect.stringMatching(/^a bridge is refused through a reverse proxy/),
    })
    expect(loopback.checkBridgeTicket(garbage)).toMatchObject({ rule: PROXY_RULE })
    expect(loopback.checkBridgeTicket(facts('127.0.0.1:8080', 'http://127.0.0.1:8080'))).toBeUndefined()
  })

  it('a bridge in restricted mode: no Origin is left to the ticket and token; a foreign one is refused; a proxy is fine', () => {
    const restricted = policy({ loopbackTrust: false, allowedOrigins: ['https://scope.example.com'] })
    expect(restricted.checkBridgeUpgrade(facts('127.0.0.1:8080'))).toBeUndefined()
    expect(restricted.checkBridgeUpgrade(facts('127.0.0.1:8080', 'https://evil.example'))).toMatchObject({ rule: SAME_ORIGIN_RULE })
    const viaProxy = facts('scope.example.com', 'https://scope.example.com', { proxyHeaders: ['x-forwarded-for', 'x-forwarded-proto'] })
    expect(restricted.checkBridgeUpgrade(viaProxy)).toBeUndefined()
    expect(restricted.checkBridgeTicket(viaProxy)).toBeUndefined()
    expect(restricted.checkMqttUpgrade(viaProxy)).toBeUndefined()
  })
})

describe('--allowed-origins', () => {
  const withList = policy({ allowedOrigins: ['https://mqtt.example.com', 'http://127.0.0.1:5173/'] })

  it.each([
    ['the listed origin, with its own Host (a proxy that keeps Host)', 'mqtt.example.com', 'https://mqtt.example.com'],
    ['the listed origin, with the Host of the server (a proxy that rewrites Host)', '127.0.0.1:8080', 'https://mqtt.example.com'],
    ['the listed origin, written differently', '127.0.0.1:8080', 'https://MQTT.Example.com.:443'],
    ['a dev server on another local port', '127.0.0.1:8080', 'http://127.0.0.1:5173'],
  ])('accepts %s', (_what, host, origin) => {
    expect(withList.checkMqttUpgrade(facts(host, origin))).toBeUndefined()
    expect(withList.checkApi(facts(host, origin))).toBeUndefined()
  })

  it.each([
    ['the same host with another scheme', 'http://mqtt.example.com'],
    ['the same host on another port', 'https://mqtt.example.com:8443'],
    ['a subdomain', 'https://evil.mqtt.example.com'],
  ])('refuses %s', (_what, origin) => {
    expect(withList.checkApi(facts('127.0.0.1:8080', origin))).toMatchObject({ error: expect.stringContaining(NOT_OURS) })
  })

  it('trusts the listed host names in the Host header, and no other', () => {
    expect(withList.checkApi(facts('mqtt.example.com'))).toBeUndefined()
    expect(withList.checkApi(facts('other.example.com'))).toMatchObject({ error: expect.stringContaining(NOT_TRUSTED_HOST) })
  })
})

describe('the configured public host (--host)', () => {
  it('trusts the name or address --host gives, and a page of ours under it', () => {
    const named = policy({ loopbackTrust: false, host: 'Scope.LAN' })
    expect(named.checkApi(facts('scope.lan:8080', 'http://scope.lan:8080'))).toBeUndefined()
    expect(named.checkApi(facts('192.168.1.5:8080'))).toMatchObject({ error: expect.stringContaining(NOT_TRUSTED_HOST) })
    const address = policy({ loopbackTrust: false, host: '192.168.1.5' })
    expect(address.checkMqttUpgrade(facts('192.168.1.5:8080', 'http://192.168.1.5:8080'))).toBeUndefined()
    expect(address.checkMqttUpgrade(facts('192.168.1.6:8080', 'http://192.168.1.6:8080'))).toMatchObject({ error: expect.stringContaining(NOT_TRUSTED_HOST) })
    const v6 = policy({ loopbackTrust: false, host: 'fd00::5' })
    expect(v6.checkApi(facts('[fd00::5]:8080', 'http://[fd00:0::5]:8080'))).toBeUndefined()
  })

  it.each([['0.0.0.0'], ['::']])('bound to every address (%s): any IP address is trusted (nothing to rebind), names are not', (host) => {
    const any = policy({ loopbackTrust: false, host })
    expect(any.checkApi(facts('192.168.1.5:8080', 'http://192.168.1.5:8080'))).toBeUndefined()
    expect(any.checkApi(facts('[fd00::1]:8080', 'http://[fd00::1]:8080'))).toBeUndefined()
    expect(any.checkApi(facts('localhost:8080', 'http://localhost:8080'))).toBeUndefined()
    expect(any.checkApi(facts('scope.lan:8080', 'http://scope.lan:8080'))).toMatchObject({ error: expect.stringContaining(NOT_TRUSTED_HOST) })
    expect(any.checkApi(facts('0.0.0.0:8080', 'http://evil.example'))).toMatchObject({ error: expect.stringContaining(NOT_OURS) })
  })
})

describe('requestFacts', () => {
  function request(rawHeaders: string[], encrypted = false): IncomingMessage {
    return { rawHeaders, headers: {}, socket: { encrypted } } as unknown as IncomingMessage
  }

  it('keeps repeated Host and Origin headers apart, whatever their case', () => {
    const got = requestFacts(request(['HOST', 'a:1', 'origin', 'http://a:1', 'Origin', 'http://b:1', 'host', 'b:1']))
    expect(got).toEqual({ hosts: ['a:1', 'b:1'], origins: ['http://a:1', 'http://b:1'], proxyHeaders: [], scheme: 'http:' })
  })

  it('finds every proxy header, whatever its value (garbage or empty counts)', () => {
    const got = requestFacts(
      request(
        [
          'Host',
          'a',
          'Forwarded',
          ';;;garbage',
          'X-Forwarded-For',
          '',
          'x-forwarded-host',
          'x',
          'X-Real-IP',
          'not an address',
          'Via',
          '1.1 proxy',
          'X-Forwarded-For',
          'again',
        ],
        true,
      ),
    )
    expect(got.proxyHeaders).toEqual(['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip', 'via'])
    expect(got.scheme).toBe('https:')
  })
})
