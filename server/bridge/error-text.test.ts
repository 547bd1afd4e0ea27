import { describe, expect, it } from 'vitest'
import { connectErrorText, fitUtf8, MAX_CLOSE_REASON_BYTES, opensslReason } from './error-text.ts'

function errno(code: string, message = code): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code })
}

describe('connectErrorText', () => {
  it.each([
    [errno('ECONNREFUSED'), 'connection refused by 127.0.0.1:1883'],
    [errno('ECONNRESET'), 'connection reset by 127.0.0.1:1883'],
    [errno('EHOSTUNREACH'), 'host unreachable: 127.0.0.1:1883'],
    [errno('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), 'TLS: self-signed certificate'],
    [errno('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'), 'TLS: self-signed certificate in certificate chain'],
    [errno('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'), 'TLS: unable to verify the first certificate'],
    [
      errno(
        'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
        '805C:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:../deps/x.c:1601:SSL alert number 116',
      ),
      'TLS: tlsv13 alert certificate required',
    ],
    [
      Object.assign(errno('ERR_TLS_CERT_ALTNAME_INVALID', 'long'), { reason: "Host: other.test. is not in the cert's altnames" }),
      "TLS: certificate name mismatch: Host: other.test. is not in the cert's altnames",
    ],
    [errno('EWHATEVER'), 'EWHATEVER connecting to 127.0.0.1:1883'],
  ])('%s', (error, text) => {
    expect(connectErrorText(error, '127.0.0.1:1883')).toBe(text)
  })
})

describe('opensslReason', () => {
  it('keeps the reason of an OpenSSL error line', () => {
    expect(opensslReason('error:05800074:x509 certificate routines::key values mismatch')).toBe('key values mismatch')
    expect(opensslReason('plain message')).toBe('plain message')
  })
})

describe('fitUtf8', () => {
  it('leaves a short reason alone', () => {
    expect(fitUtf8('connection refused')).toBe('connection refused')
  })

  it('cuts a long reason to 123 bytes of UTF-8 without splitting a character', () => {
    const text = 'é'.repeat(100)
    const cut = fitUtf8(text)
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(MAX_CLOSE_REASON_BYTES)
    expect(cut.endsWith('...')).toBe(true)
    expect(cut).not.toContain('\uFFFD')
    expect(Buffer.byteLength(fitUtf8('x'.repeat(500)))).toBe(MAX_CLOSE_REASON_BYTES)
  })
})
