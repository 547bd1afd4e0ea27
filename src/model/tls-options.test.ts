import { describe, expect, it } from 'vitest'
import { DEFAULT_TLS, MAX_TLS_TEXT_BYTES, readTls, toBridgeTls, validateTls } from './tls-options.ts'

const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'
const KEY = '-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n'

describe('TLS settings of a profile', () => {
  it('accepts none, a CA, a client certificate with its key, a server name', () => {
    expect(validateTls(DEFAULT_TLS)).toEqual({})
    expect(validateTls({ ...DEFAULT_TLS, ca: CERT + CERT, cert: CERT, key: KEY, servername: 'broker.test' })).toEqual({})
    expect(validateTls({ ...DEFAULT_TLS, key: KEY.replace(/PRIVATE KEY/g, 'EC PRIVATE KEY'), cert: CERT })).toEqual({})
  })

  it('names each problem by field', () => {
    expect(validateTls({ ...DEFAULT_TLS, ca: 'not pem' })).toEqual({ tlsCa: 'The CA certificate holds no PEM certificate (-----BEGIN CERTIFICATE-----)' })
    expect(validateTls({ ...DEFAULT_TLS, ca: CERT + '-----BEGIN CERTIFICATE-----\nMII' }).tlsCa).toMatch(/without its -----END CERTIFICATE----- line/)
    expect(validateTls({ ...DEFAULT_TLS, cert: CERT })).toEqual({ tlsKey: 'A client certificate needs its key' })
    expect(validateTls({ ...DEFAULT_TLS, key: KEY })).toEqual({ tlsCert: 'A client key needs its certificate' })
    expect(validateTls({ ...DEFAULT_TLS, cert: CERT, key: CERT }).tlsKey).toMatch(/no PEM private key/)
    expect(validateTls({ ...DEFAULT_TLS, cert: CERT, key: '-----BEGIN ENCRYPTED PRIVATE KEY-----\nx\n-----END ENCRYPTED PRIVATE KEY-----' }).tlsKey).toMatch(
      /encrypted: give the key without a passphrase/,
    )
    expect(validateTls({ ...DEFAULT_TLS, servername: 'a b' })).toEqual({ tlsServername: 'Not a host name' })
    const huge = CERT.repeat(Math.ceil(MAX_TLS_TEXT_BYTES / CERT.length) + 1)
    expect(validateTls({ ...DEFAULT_TLS, ca: huge }).tlsCa).toMatch(/at most 240 KiB fit in a request/)
  })

  it('sends only what is set, and verification unless turned off', () => {
    expect(toBridgeTls(DEFAULT_TLS)).toEqual({ rejectUnauthorized: true })
    expect(toBridgeTls({ verify: false, ca: CERT, cert: ' ', key: '', servername: ' broker.test ' })).toEqual({
      ca: CERT,
      servername: 'broker.test',
      rejectUnauthorized: false,
    })
  })

  it('reads stored settings: missing means the defaults, a wrong type is an error', () => {
    expect(readTls(undefined)).toEqual(DEFAULT_TLS)
    expect(readTls({ ca: CERT })).toEqual({ ...DEFAULT_TLS, ca: CERT })
    expect(readTls({ verify: false })).toEqual({ ...DEFAULT_TLS, verify: false })
    expect(readTls({ key: 5 })).toEqual({ error: 'tls.key must be text' })
    expect(readTls({ verify: 'no' })).toEqual({ error: 'tls.verify must be true or false' })
    expect(readTls('x')).toEqual({ error: 'tls must be an object' })
  })
})
