import { describe, expect, it } from 'vitest'
import { brokerHint, mosquittoPub } from './broker-hint.ts'
import type { EmbeddedBrokerDoors } from './server-config.ts'

const doors: EmbeddedBrokerDoors = { host: '127.0.0.1', mqttPort: 41883, mqttsPort: null, websocketPath: '/mqtt', protocolVersions: ['3.1', '3.1.1'] }
const page = { protocol: 'http:', host: '127.0.0.1:8080' }

describe('brokerHint', () => {
  it("the embedded broker: its real TCP port in the URL and in the mosquitto_pub line, the page's WebSocket URL", () => {
    expect(brokerHint({ url: 'ws://127.0.0.1:8080/mqtt', embedded: true, username: '', doors, page })).toEqual({
      kind: 'embedded',
      tcpUrl: 'mqtt://127.0.0.1:41883',
      tlsUrl: undefined,
      websocketUrl: 'ws://127.0.0.1:8080/mqtt',
      command: 'mosquitto_pub -h 127.0.0.1 -p 41883 -t home/kitchen/temp -m 21.5',
    })
  })

  it('brackets an IPv6 host in URLs only; names the TLS port and wss:// when there is TLS', () => {
    const hint = brokerHint({
      url: '',
      embedded: true,
      username: '',
      doors: { ...doors, host: '::1', mqttsPort: 8883 },
      page: { protocol: 'https:', host: '[::1]:8443' },
    })
    expect(hint).toMatchObject({ tcpUrl: 'mqtt://[::1]:41883', tlsUrl: 'mqtts://[::1]:8883', websocketUrl: 'wss://[::1]:8443/mqtt' })
    expect(hint).toMatchObject({ command: 'mosquitto_pub -h ::1 -p 41883 -t home/kitchen/temp -m 21.5' })
  })

  it('nothing until the server said where its broker is', () => {
    expect(brokerHint({ url: 'ws://127.0.0.1:8080/mqtt', embedded: true, username: '', doors: undefined, page })).toEqual({ kind: 'none' })
  })

  it('another broker: a line for its own host and port (mqtt:// only), never the embedded one', () => {
    expect(brokerHint({ url: 'mqtt://broker.lan:1884', embedded: false, username: 'ann', doors, page })).toEqual({
      kind: 'other',
      command: 'mosquitto_pub -h broker.lan -p 1884 -t home/kitchen/temp -m 21.5',
      needsCredentials: true,
    })
    expect(brokerHint({ url: 'mqtt://[::1]', embedded: false, username: '', doors, page })).toMatchObject({ command: mosquittoPub('::1', 1883) })
    for (const url of ['ws://broker.lan:9001/mqtt', 'wss://broker.lan/mqtt', 'mqtts://broker.lan:8883', 'nonsense']) {
      expect(brokerHint({ url, embedded: false, username: '', doors, page })).toEqual({ kind: 'none' })
    }
  })
})
