import { describe, expect, it } from 'vitest'
import { isHostName, parseBrokerTarget, splitScheme } from './broker-target.ts'

describe('broker targets (both ends: the profile editor and the server bridge)', () => {
  it('splits the scheme off, in lower case', () => {
    expect(splitScheme('MQTTS://Broker:8883')).toEqual({ scheme: 'mqtts', rest: 'Broker:8883' })
    expect(splitScheme('broker:1883')).toBeUndefined()
  })

  it.each([
    ['mqtt', 'broker.example.com', 'broker.example.com', 1883, false, 'mqtt://broker.example.com:1883'],
    ['mqtts', 'Broker.Example.:8884/', 'broker.example', 8884, false, 'mqtts://broker.example:8884'],
    ['mqtt', '10.0.0.1', '10.0.0.1', 1883, false, 'mqtt://10.0.0.1:1883'],
    ['mqtts', '[::1]', '::1', 8883, true, 'mqtts://[::1]:8883'],
    ['mqtt', '[::FFFF:10.0.0.1]:1', '::ffff:10.0.0.1', 1, true, 'mqtt://[::ffff:10.0.0.1]:1'],
    ['mqtt', '[1:2:3:4:5:6:7:8]', '1:2:3:4:5:6:7:8', 1883, true, 'mqtt://[1:2:3:4:5:6:7:8]:1883'],
    ['mqtt', 'my_broker-1', 'my_broker-1', 1883, false, 'mqtt://my_broker-1:1883'],
  ] as const)('%s://%s', (scheme, rest, host, port, ipv6, display) => {
    expect(parseBrokerTarget(scheme, rest)).toEqual({ scheme, host, port, ipv6, display })
  })

  it.each([
    ['user:pw@broker', 'user name and password'],
    ['broker/path', 'without a path, query or fragment'],
    ['broker#x', 'without a path, query or fragment'],
    ['::1:1883', 'needs brackets: mqtt://[::1]:1883'],
    ['[broker]', 'is not an IPv6 address'],
    ['[:::]', 'is not an IPv6 address'],
    ['[1::2::3]', 'is not an IPv6 address'],
    ['[1:2:3:4:5:6:7:8:9]', 'is not an IPv6 address'],
    ['[1:2:3:4:5:6:7]', 'is not an IPv6 address'],
    ['[::ffff:300.0.0.1]', 'is not an IPv6 address'],
    ['[fe80::1%eth0]', 'zone ids'],
    ['broker:0', '"0" is not a port (1-65535)'],
    ['broker:65536', 'is not a port'],
    [':1883', 'no host'],
    ['300.1.1.1', 'is not a host name or IP address'],
    ['-broker', 'is not a host name or IP address'],
  ])('refuses %j, saying %j', (rest, says) => {
    const parsed = parseBrokerTarget('mqtt', rest)
    expect('error' in parsed && parsed.error).toContain(says)
  })
})

describe('host names', () => {
  it('takes DNS labels with - and _, in lower case', () => {
    expect(['broker', 'my_broker-1.lan', 'a.b.c'].every(isHostName)).toBe(true)
    expect(['', '-x', 'x-', 'a..b', 'Broker', 'bad host', `${'a'.repeat(64)}.x`].some(isHostName)).toBe(false)
  })
})
