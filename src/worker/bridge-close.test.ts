import { describe, expect, it } from 'vitest'
import { bridgeCloseFailure } from './bridge-close.ts'
import { bridgeSocketUrl, ticketFailure } from './bridge-ticket.ts'

describe('what a bridge close means', () => {
  it("shows the server's reason and retries what may pass", () => {
    expect(bridgeCloseFailure(4502, 'connection refused by 127.0.0.1:1')).toEqual({ failure: 'connection refused by 127.0.0.1:1', final: false })
    expect(bridgeCloseFailure(4502, 'DNS failure: ENOTFOUND nowhere.test')).toEqual({ failure: 'DNS failure: ENOTFOUND nowhere.test', final: false })
    expect(bridgeCloseFailure(4504, 'connect timeout after 10 s')).toEqual({ failure: 'connect timeout after 10 s', final: false })
    expect(bridgeCloseFailure(4000, 'broker closed the connection')).toEqual({ failure: 'broker closed the connection', final: false })
    expect(bridgeCloseFailure(4401, 'the ticket is unknown')).toMatchObject({ failure: 'bridge ticket refused: the ticket is unknown', final: false })
    expect(bridgeCloseFailure(4429, 'too many bridges from 127.0.0.1')).toMatchObject({ final: false })
    expect(bridgeCloseFailure(1006, '')).toMatchObject({ failure: expect.stringMatching(/WebSocket failed/), final: false })
    expect(bridgeCloseFailure(4999, 'odd')).toEqual({ failure: 'bridge closed (4999): odd', final: false })
  })

  it('stops on a policy refusal and on a TLS failure, which no retry fixes', () => {
    expect(bridgeCloseFailure(4403, 'mqtt://10.0.0.1:1883 is denied by --bridge-deny 10.0.0.0/8')).toEqual({
      failure: 'refused by the bridge: mqtt://10.0.0.1:1883 is denied by --bridge-deny 10.0.0.0/8',
      final: true,
    })
    expect(bridgeCloseFailure(4502, 'TLS: self-signed certificate in certificate chain')).toEqual({
      failure: 'TLS: self-signed certificate in certificate chain',
      final: true,
    })
    expect(bridgeCloseFailure(4001, 'TLS: tlsv13 alert certificate required')).toMatchObject({ final: true })
  })

  it('says nothing about a normal close (ours)', () => {
    expect(bridgeCloseFailure(1000, '')).toBeUndefined()
  })
})

describe('a refused ticket request', () => {
  it('names the rule of a policy refusal and stops', () => {
    expect(ticketFailure(403, 'mqtt://10.1.1.1:1883 is not in --bridge-allow', '--bridge-allow', false)).toEqual({
      failure: 'refused by the bridge (--bridge-allow): mqtt://10.1.1.1:1883 is not in --bridge-allow',
      final: true,
    })
  })

  it('asks for the token on 401', () => {
    expect(ticketFailure(401, 'x', '--auth-token', false)).toEqual({ failure: 'the bridge needs an access token', final: true, needsToken: true })
    expect(ticketFailure(401, 'x', '--auth-token', true)).toEqual({
      failure: 'the bridge refused the access token: it is wrong',
      final: true,
      needsToken: true,
    })
  })

  it('stops on a bad request, retries when busy or failing', () => {
    expect(ticketFailure(400, 'tls.ca cannot be read', undefined, false)).toEqual({
      failure: 'the bridge refused the request: tls.ca cannot be read',
      final: true,
    })
    expect(ticketFailure(429, 'too many bridges', '--bridge-max-per-client', false)).toMatchObject({ final: false })
    expect(ticketFailure(503, undefined, undefined, false)).toEqual({ failure: 'the bridge answered 503', final: false })
  })

  it("opens the socket on the ticket's server, wss behind https", () => {
    expect(bridgeSocketUrl('http://127.0.0.1:8080', 'a+b/c')).toBe('ws://127.0.0.1:8080/bridge?ticket=a%2Bb%2Fc')
    expect(bridgeSocketUrl('https://scope.example', 't')).toBe('wss://scope.example/bridge?ticket=t')
  })
})
