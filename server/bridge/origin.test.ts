import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { checkBearerToken, tokensEqual } from './auth.ts'
import { checkOriginIfPresent, checkOwnOrigin } from './origin.ts'

function req(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage
}

describe('checkOwnOrigin (loopback mode)', () => {
  it.each([
    ['127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['localhost:8080', 'http://localhost:8080'],
    ['LOCALHOST:8080', 'http://localhost:8080'],
    ['[::1]:8080', 'http://[::1]:8080'],
    ['localhost', 'http://localhost'],
    ['localhost:80', 'http://localhost'],
    ['127.0.0.2:5173', 'http://127.0.0.2:5173'],
  ])('accepts Host %s with Origin %s', (host, origin) => {
    expect(checkOwnOrigin(req({ host, origin }))).toBeUndefined()
  })

  it.each([
    ['127.0.0.1:8080', 'http://evil.example', 'is not this server\'s origin'],
    ['127.0.0.1:8080', 'http://127.0.0.1:8081', 'is not this server\'s origin'],
    ['127.0.0.1:8080', 'https://127.0.0.1:8080', 'is not this server\'s origin'],
    ['127.0.0.1:8080', 'http://localhost:8080', 'is not this server\'s origin'],
    ['127.0.0.1:8080', 'null', 'is not this server\'s origin'],
    ['127.0.0.1:8080', 'http://127.0.0.1:8080/path', 'is not this server\'s origin'],
    // DNS rebinding: the attacker's name now points at 127.0.0.1, so Origin and Host agree.
    ['evil.example:8080', 'http://evil.example:8080', 'is not a loopback name'],
    ['192.168.1.5:8080', 'http://192.168.1.5:8080', 'is not a loopback name'],
  ])('refuses Host %s with Origin %s', (host, origin, says) => {
    expect(checkOwnOrigin(req({ host, origin }))).toMatchObject({ rule: 'same origin', error: expect.stringContaining(says) })
  })

  it('wants an https:// Origin when the server speaks HTTPS (--tls-cert), and only then', () => {
    const overTls = (origin: string) => ({ headers: { host: '127.0.0.1:8443', origin }, socket: { encrypted: true } }) as unknown as IncomingMessage
    expect(checkOwnOrigin(overTls('https://127.0.0.1:8443'))).toBeUndefined()
    expect(checkOwnOrigin(overTls('http://127.0.0.1:8443'))).toMatchObject({ rule: 'same origin', error: expect.stringContaining("is not this server's origin") })
  })

  it('refuses a request without Origin or without Host', () => {
    expect(checkOwnOrigin(req({ host: '127.0.0.1:8080' }))).toMatchObject({ error: 'the request has no Origin header' })
    expect(checkOwnOrigin(req({ origin: 'http://127.0.0.1:8080' }))).toMatchObject({ error: 'the request has no valid Host header' })
  })
})

describe('checkOriginIfPresent (POST in loopback mode)', () => {
  it('lets a request without Origin through (not a browser), but still checks Host', () => {
    expect(checkOriginIfPresent(req({ host: '127.0.0.1:8080' }))).toBeUndefined()
    expect(checkOriginIfPresent(req({ host: 'evil.example:8080' }))).toMatchObject({ rule: 'same origin' })
    expect(checkOriginIfPresent(req({ host: '127.0.0.1:8080', origin: 'http://evil.example' }))).toMatchObject({ rule: 'same origin' })
  })
})

describe('checkBearerToken', () => {
  const token = 'correct-horse-battery-staple'
  it.each([
    [{}, 'missing'],
    [{ authorization: '' }, 'missing'],
    [{ authorization: `Bearer ${token}` }, 'ok'],
    [{ authorization: `bearer   ${token}` }, 'ok'],
    [{ authorization: `Bearer ${token}x` }, 'wrong'],
    [{ authorization: `Bearer ${token.slice(1)}` }, 'wrong'],
    [{ authorization: `Basic ${Buffer.from(`u:${token}`).toString('base64')}` }, 'wrong'],
    [{ authorization: token }, 'wrong'],
  ])('%j -> %s', (headers, result) => {
    expect(checkBearerToken(req(headers as Record<string, string>), token)).toBe(result)
  })

  it('compares tokens of any length', () => {
    expect(tokensEqual('a', 'a'.repeat(1000))).toBe(false)
    expect(tokensEqual('same-token-value', 'same-token-value')).toBe(true)
  })
})
