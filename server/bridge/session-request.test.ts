import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseSessionRequest } from './session-request.ts'
import { makeTestCertificates, type TestCertificates } from './test-support/certificates.ts'

let certs: TestCertificates

beforeAll(async () => {
  certs = await makeTestCertificates()
})

afterAll(async () => {
  await certs?.remove()
})

function errorOf(body: unknown): string {
  const parsed = parseSessionRequest(body)
  if (!('error' in parsed)) throw new Error(`expected an error for ${JSON.stringify(body).slice(0, 200)}`)
  return parsed.error
}

describe('parseSessionRequest', () => {
  it('takes an mqtt:// target without TLS', () => {
    expect(parseSessionRequest({ target: 'mqtt://127.0.0.1:1883' })).toMatchObject({ target: { scheme: 'mqtt', port: 1883 }, tls: undefined })
  })

  it('gives an mqtts:// target verification with the default CAs when tls is left out', () => {
    expect(parseSessionRequest({ target: 'mqtts://broker.example.com' })).toMatchObject({
      tls: { secureContext: undefined, servername: undefined, rejectUnauthorized: true },
    })
  })

  it('builds a SecureContext from a CA, a client certificate and its key; keeps servername and rejectUnauthorized', () => {
    const parsed = parseSessionRequest({
      target: 'mqtts://127.0.0.1:8883',
      tls: { ca: certs.caCert, cert: certs.clientCert, key: certs.clientKey, servername: 'broker.test', rejectUnauthorized: false },
    })
    expect(parsed).toMatchObject({ tls: { servername: 'broker.test', rejectUnauthorized: false } })
    expect('tls' in parsed && parsed.tls?.secureContext).toBeTruthy()
    // The PEM text is not kept in what the ticket holds.
    expect(JSON.stringify(parsed)).not.toContain('PRIVATE KEY')
  })

  it('treats empty strings and nulls as missing fields', () => {
    expect(parseSessionRequest({ target: 'mqtts://h', tls: { ca: '', cert: null, key: '', servername: '' } })).toMatchObject({
      tls: { secureContext: undefined, servername: undefined, rejectUnauthorized: true },
    })
    expect(parseSessionRequest({ target: 'mqtt://h', tls: null })).toMatchObject({ tls: undefined })
  })

  it.each([
    [null, 'JSON object'],
    [[], 'JSON object'],
    ['mqtt://h', 'JSON object'],
    [{}, 'target is missing'],
    [{ target: 5 }, 'target is missing'],
    [{ target: 'http://h' }, 'target: http:// cannot be bridged'],
    [{ target: 'mqtt://h', extra: 1 }, 'unknown field "extra"'],
    [{ target: 'mqtts://h', tls: { passphrase: 'x' } }, 'unknown field "tls.passphrase"'],
    [{ target: 'mqtts://h', tls: 'yes' }, 'tls must be an object'],
    [{ target: 'mqtts://h', tls: { ca: 5 } }, 'tls.ca must be a string'],
    [{ target: 'mqtts://h', tls: { rejectUnauthorized: 'no' } }, 'tls.rejectUnauthorized must be true or false'],
    [{ target: 'mqtts://h', tls: { servername: 'a b' } }, 'tls.servername is not a host name'],
    [{ target: 'mqtts://h', tls: { ca: 'hello' } }, 'tls.ca holds no PEM certificate'],
    [{ target: 'mqtts://h', tls: { cert: 'x', key: 'y' } }, 'tls.cert holds no PEM certificate'],
  ])('refuses %j', (body, says) => {
    expect(errorOf(body)).toContain(says)
  })

  it('refuses TLS settings for an mqtt:// target', () => {
    expect(errorOf({ target: 'mqtt://h', tls: { ca: certs.caCert, servername: 'x' } })).toBe(
      'tls.ca, tls.servername need an mqtts:// or wss:// target (this one is mqtt://h:1883)',
    )
  })

  it('needs both halves of a client certificate, and a key that matches', () => {
    expect(errorOf({ target: 'mqtts://h', tls: { cert: certs.clientCert } })).toContain('both tls.cert and tls.key')
    expect(errorOf({ target: 'mqtts://h', tls: { key: certs.clientKey } })).toContain('both tls.cert and tls.key')
    expect(errorOf({ target: 'mqtts://h', tls: { cert: certs.clientCert, key: certs.strangerKey } })).toBe(
      'tls: the certificates or key cannot be used: key values mismatch',
    )
  })

  it('refuses a damaged PEM without quoting it', () => {
    const broken = certs.caCert.replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!')
    const error = errorOf({ target: 'mqtts://h', tls: { ca: broken } })
    expect(error).toBe('tls.ca cannot be read: its certificate: bad base64 decode')
    expect(errorOf({ target: 'mqtts://h', tls: { ca: certs.caCert + broken } })).toBe('tls.ca cannot be read: certificate 2 of 2: bad base64 decode')
    expect(errorOf({ target: 'mqtts://h', tls: { ca: certs.caCert.replace('-----END CERTIFICATE-----', '') } })).toContain('without its -----END')
    expect(
      errorOf({ target: 'mqtts://h', tls: { cert: certs.clientCert, key: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' } }),
    ).not.toContain('AAAA')
  })

  it('refuses a key that needs a passphrase', () => {
    const encrypted = '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n'
    expect(errorOf({ target: 'mqtts://h', tls: { cert: certs.clientCert, key: encrypted } })).toContain('encrypted')
  })
})
