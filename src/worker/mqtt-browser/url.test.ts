import { parse as nodeParse } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse } from './url.ts'

/** What MQTT.js's connect() reads of url.parse(text, true). */
const read = (u: { protocol: string | null; hostname: string | null; port: string | null; query: unknown; auth: string | null; path: string | null }) => ({
  protocol: u.protocol,
  hostname: u.hostname,
  port: u.port,
  query: { ...(u.query as object) },
  auth: u.auth,
  path: u.path,
})

describe('url shim', () => {
  it.each([
    'ws://localhost:9001/mqtt',
    'wss://User:p%40ss@Broker.Example.COM/mqtt?clientId=abc&x=1&x=2',
    'ws://[::1]:8080/bridge',
    'ws://127.0.0.1:1883',
    'ws://host',
    'ws://host:80/',
    'wss://host:443/mqtt',
    'ws://h/p?',
    'ws://h/a b',
    'ws://user@h/',
    'ws://h:9001/mqtt?clientId=with%20space',
    'WS://Host:9001/Path',
    '/mqtt',
    '/mqtt?clientId=x',
  ])('reads %s as Node does', (text) => {
    expect(read(parse(text))).toEqual(read(nodeParse(text, true)))
  })
})
