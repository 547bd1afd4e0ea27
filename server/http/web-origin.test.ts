import { describe, expect, it } from 'vitest'
import { allowedOriginProblem, normalizeHostName, parseHostHeader, parseWebOrigin } from './web-origin.ts'

describe('parseWebOrigin', () => {
  it.each([
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['HTTPS://Mqtt.Example.COM', 'https://mqtt.example.com:443'],
    ['http://localhost.:80', 'http://localhost:80'],
    ['http://[0:0::1]:8080', 'http://[::1]:8080'],
    ['http://0x7f.1:8080', 'http://127.0.0.1:8080'],
    ['https://a.example/', 'https://a.example:443'],
  ])('%s -> %s', (text, key) => {
    expect(parseWebOrigin(text)?.key).toBe(key)
  })

  it.each([
    ['null'],
    [''],
    ['http://127.0.0.1:8080.evil.example'],
    ['http://a/b'],
    ['http://a?x'],
    ['http://a#x'],
    ['ftp://a'],
    ['http://u:p@a'],
    ['http://a, http://b'],
    ['a.example'],
    ['http://'],
    ['http://.'],
  ])('%j is not an origin', (text) => {
    expect(parseWebOrigin(text)).toBeUndefined()
  })
})

describe('parseHostHeader', () => {
  it.each([
    ['localhost', 'http:', 'localhost:80'],
    ['localhost', 'https:', 'localhost:443'],
    ['LOCALHOST.:8080', 'http:', 'localhost:8080'],
    ['[::1]:8080', 'http:', '[::1]:8080'],
  ] as const)('%s over %s -> %s', (text, scheme, expected) => {
    expect(parseHostHeader(text, scheme)?.text).toBe(expected)
  })

  it.each([[''], ['a/b'], ['u@a'], ['a:b'], ['127.0.0.1:8080.evil.example'], ['a b'], ['[::1'], ['a:99999']])('%j is not a Host', (text) => {
    expect(parseHostHeader(text, 'http:')).toBeUndefined()
  })

  it('normalizes --host values, IPv6 without brackets too', () => {
    expect(normalizeHostName('::1')).toBe('[::1]')
    expect(normalizeHostName('Scope.Lan')).toBe('scope.lan')
    expect(normalizeHostName('0.0.0.0')).toBe('0.0.0.0')
  })
})

describe('allowedOriginProblem (--allowed-origins items)', () => {
  it.each([['https://mqtt.example.com'], ['http://localhost:5173'], ['https://mqtt.example.com/'], ['http://[::1]:8080']])('%s is fine', (text) => {
    expect(allowedOriginProblem(text)).toBeUndefined()
  })

  it.each([
    ['null', '"null" is never allowed'],
    ['NULL', '"NULL" is never allowed'],
    ['*', 'wildcards are not supported'],
    ['https://*.example.com', 'wildcards are not supported'],
    ['mqtt.example.com', 'write http:// or https:// then the host'],
    ['ws://mqtt.example.com', 'write http:// or https:// then the host'],
    ['https://mqtt.example.com/app', 'without a path, query or user'],
    ['https://mqtt.example.com:99999', 'without a path, query or user'],
    ['https://user@mqtt.example.com', 'without a path, query or user'],
  ])('%s: %s', (text, says) => {
    expect(allowedOriginProblem(text)).toContain(says)
  })
})
