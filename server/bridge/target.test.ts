import { describe, expect, it } from 'vitest'
import { parseTarget } from './target.ts'

describe('parseTarget', () => {
  it.each([
    ['mqtt://broker.example.com', 'mqtt', 'broker.example.com', 1883, 'mqtt://broker.example.com:1883'],
    ['mqtts://broker.example.com', 'mqtts', 'broker.example.com', 8883, 'mqtts://broker.example.com:8883'],
    ['MQTT://Broker.Example.COM:1884/', 'mqtt', 'broker.example.com', 1884, 'mqtt://broker.example.com:1884'],
    ['mqtt://127.0.0.1:1883', 'mqtt', '127.0.0.1', 1883, 'mqtt://127.0.0.1:1883'],
    ['mqtts://[::1]:8884', 'mqtts', '::1', 8884, 'mqtts://[::1]:8884'],
    ['mqtts://[::1]', 'mqtts', '::1', 8883, 'mqtts://[::1]:8883'],
    ['mqtt://my_broker:1883', 'mqtt', 'my_broker', 1883, 'mqtt://my_broker:1883'],
    ['  mqtt://host.:1  ', 'mqtt', 'host', 1, 'mqtt://host:1'],
  ])('%s', (text, scheme, host, port, display) => {
    expect(parseTarget(text)).toMatchObject({ scheme, host, port, display })
  })

  it('keeps the address of an IP literal (IPv4-mapped forms as IPv4)', () => {
    expect(parseTarget('mqtt://10.0.0.1')).toMatchObject({ ip: { family: 4 } })
    expect(parseTarget('mqtt://[::ffff:10.0.0.1]')).toMatchObject({ ip: { family: 4, bytes: Uint8Array.from([10, 0, 0, 1]) } })
    expect(parseTarget('mqtt://broker')).toMatchObject({ ip: undefined })
  })

  it.each([
    ['ws://broker:8080/mqtt', 'ws', 'broker', 8080, '/mqtt', 'ws://broker:8080/mqtt'],
    ['wss://Broker.example', 'wss', 'broker.example', 443, '/', 'wss://broker.example:443/'],
    ['ws://[::1]/mqtt?x=1#frag', 'ws', '::1', 80, '/mqtt?x=1', 'ws://[::1]:80/mqtt?x=1'],
    ['ws://10.0.0.1?x', 'ws', '10.0.0.1', 80, '/?x', 'ws://10.0.0.1:80/?x'],
  ] as const)('parses the relay target %s', (text, scheme, host, port, path, display) => {
    expect(parseTarget(text)).toMatchObject({ scheme, host, port, path, display })
  })

  it.each([
    ['ws://user:pw@broker/mqtt', 'user name and password'],
    ['ws://broker:99999/mqtt', 'not a port'],
    ['http://broker', 'cannot be bridged'],
    ['broker:1883', 'not a URL'],
    ['mqtt://', 'no host'],
    ['mqtt://user:pw@broker', 'user name and password'],
    ['mqtt://broker/path', 'path, query or fragment'],
    ['mqtt://broker?x=1', 'path, query or fragment'],
    ['mqtt://broker:0', 'not a port'],
    ['mqtt://broker:65536', 'not a port'],
    ['mqtt://broker:http', 'not a port'],
    ['mqtt://::1:1883', 'needs brackets'],
    ['mqtt://[broker]:1883', 'not an IPv6 address'],
    ['mqtt://[::1%eth0]:1883', 'zone'],
    ['mqtt://300.1.1.1', 'not a host name or IP address'],
    ['mqtt://bad host', 'not a host name'],
    ['mqtt://-x.example', 'not a host name'],
    [`mqtt://${'a'.repeat(3000)}`, 'longer than'],
  ])('refuses %j, saying %j', (text, says) => {
    const parsed = parseTarget(text)
    expect('error' in parsed && parsed.error).toContain(says)
  })
})
