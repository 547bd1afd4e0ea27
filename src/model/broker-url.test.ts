import { describe, expect, it } from 'vitest'
import { parseBrokerUrl } from './broker-url.ts'

describe('broker URLs', () => {
  it('opens ws:// and wss:// directly, as written', () => {
    expect(parseBrokerUrl('ws://localhost:8080/mqtt')).toEqual({ scheme: 'ws', bridged: false, url: 'ws://localhost:8080/mqtt' })
    expect(parseBrokerUrl('WSS://broker.example:8884/mqtt')).toMatchObject({ scheme: 'wss', bridged: false })
  })

  it('bridges mqtt:// and mqtts://, with the default port written out', () => {
    expect(parseBrokerUrl('mqtt://127.0.0.1:1883')).toEqual({ scheme: 'mqtt', bridged: true, target: 'mqtt://127.0.0.1:1883', host: '127.0.0.1', port: 1883 })
    expect(parseBrokerUrl('mqtts://Broker.Example.')).toMatchObject({ target: 'mqtts://broker.example:8883', port: 8883 })
    expect(parseBrokerUrl(' mqtt://broker/ ')).toMatchObject({ target: 'mqtt://broker:1883' })
    expect(parseBrokerUrl('mqtt://[::1]:1884')).toMatchObject({ target: 'mqtt://[::1]:1884', host: '::1' })
    expect(parseBrokerUrl('mqtt://my_broker-1.lan:1883')).toMatchObject({ host: 'my_broker-1.lan' })
  })

  it.each([
    ['', /Give the broker URL/],
    ['localhost:1883', /Not a URL/],
    ['tcp://x:1883', /tcp:\/\/ is not supported.*tcp:\/\/ is mqtt:\/\//],
    ['ssl://x:8883', /ssl:\/\/ is mqtts:\/\//],
    ['http://x', /http:\/\/ is not supported: use mqtt:\/\/, mqtts:\/\/, ws:\/\/ or wss:\/\//],
    ['mqtt://user:pw@x:1883', /user name and password in their fields/],
    ['mqtt://x:1883/path', /without a path/],
    ['mqtt://x:0', /"0" is not a port/],
    ['mqtt://x:70000', /not a port/],
    ['mqtt://x:abc', /not a port/],
    ['mqtt://::1:1883', /IPv6 address needs brackets/],
    ['mqtt://[fe80::1%eth0]:1883', /zone ids/],
    ['mqtt://[localhost]:1883', /not an IPv6 address/],
    ['mqtt://300.1.1.1', /not a host name or IP address/],
    ['mqtt://bad host', /not a host name/],
    ['mqtt://:1883', /no host/],
    ['ws://', /Not a URL|no host/],
  ])('refuses %j with a clear message', (text, message) => {
    const parsed = parseBrokerUrl(text)
    expect('error' in parsed && parsed.error).toMatch(message)
  })
})
