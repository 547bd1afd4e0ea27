import { X509Certificate } from 'node:crypto'
import { createSecureContext, type SecureContext } from 'node:tls'
import { opensslReason } from './error-text.ts'
import { isSecureTarget, parseTarget, type Target } from './target.ts'

/** How a bridge speaks TLS to an mqtts:// target. The PEM text itself is not kept. */
export interface TlsSettings {
  /** Built from the request's ca / cert / key; undefined: Node's default CAs, no client certificate. */
  readonly secureContext: SecureContext | undefined
  /** SNI and the name the certificate must carry; undefined: the target's host name. */
  readonly servername: string | undefined
  /** false only when the page explicitly turned verification off. */
  readonly rejectUnauthorized: boolean
}

export interface SessionRequest {
  readonly target: Target
  /** Undefined for mqtt:// and ws:// targets. */
  readonly tls: TlsSettings | undefined
}

const TOP_FIELDS = new Set(['target', 'tls'])
const TLS_FIELDS = new Set(['ca', 'cert', 'key', 'servername', 'rejectUnauthorized'])

/**
 * The body of POST /api/bridge/sessions (the target may also be ws:// or wss://: the relay):
 * `{ "target": "mqtts://host:8883", "tls": { "ca", "cert", "key", "servername", "rejectUnauthorized" } }`.
 * Every field of `tls` is optional; an empty string is the same as a missing field. The PEM is
 * turned into a SecureContext here, so a bad certificate or a key that does not match is a 400
 * now rather than a failed connection later. Error texts never quote the PEM.
 */
export function parseSessionRequest(body: unknown): SessionRequest | { error: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { error: 'the body must be a JSON object' }
  const fields = body as Record<string, unknown>
  const unknown = Object.keys(fields).find((key) => !TOP_FIELDS.has(key))
  if (unknown !== undefined) return { error: `unknown field "${clip(unknown)}" (expected target and tls)` }
  if (typeof fields.target !== 'string') return { error: 'target is missing: give "target": "mqtt://host:port"' }
  const target = parseTarget(fields.target)
  if ('error' in target) return { error: `target: ${target.error}` }

  const tlsField = fields.tls
  if (tlsField === undefined || tlsField === null) return { target, tls: isSecureTarget(target) ? defaultTls() : undefined }
  if (typeof tlsField !== 'object' || Array.isArray(tlsField)) return { error: 'tls must be an object' }
  const tls = tlsField as Record<string, unknown>
  const unknownTls = Object.keys(tls).find((key) => !TLS_FIELDS.has(key))
  if (unknownTls !== undefined) return { error: `unknown field "tls.${clip(unknownTls)}" (expected ${[...TLS_FIELDS].join(', ')})` }

  const text: Record<'ca' | 'cert' | 'key' | 'servername', string | undefined> = { ca: undefined, cert: undefined, key: undefined, servername: undefined }
  for (const name of ['ca', 'cert', 'key', 'servername'] as const) {
    const value = tls[name]
    if (value === undefined || value === null || value === '') continue
    if (typeof value !== 'string') return { error: `tls.${name} must be a string` }
    text[name] = value
  }
  const rejectUnauthorized = tls.rejectUnauthorized ?? true
  if (typeof rejectUnauthorized !== 'boolean') return { error: 'tls.rejectUnauthorized must be true or false' }

  const given = Object.entries(text)
    .filter(([, value]) => value !== undefined)
    .map(([name]) => `tls.${name}`)
  if (!isSecureTarget(target)) {
    if (given.length > 0) return { error: `${given.join(', ')} need an mqtts:// or wss:// target (this one is ${target.display})` }
    return { target, tls: undefined }
  }
  const fieldsProblem = tlsFieldsProblem(text)
  if (fieldsProblem !== undefined) return { error: fieldsProblem }

  let secureContext: SecureContext | undefined
  if (text.ca !== undefined || text.cert !== undefined) {
    try {
      secureContext = createSecureContext({ ca: text.ca, cert: text.cert, key: text.key })
    } catch (error) {
      return { error: `tls: the certificates or key cannot be used: ${opensslReason((error as Error).message)}` }
    }
  }
  return { target, tls: { secureContext, servername: text.servername, rejectUnauthorized } }
}

/**
 * Each PEM certificate block must parse: OpenSSL skips a damaged block of a CA bundle without a
 * word, which would turn "verify with my CA" into "verify with nothing" and a puzzling failure.
 */
export function certificatesProblem(pem: string): string | undefined {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []
  const begins = pem.split('-----BEGIN CERTIFICATE-----').length - 1
  if (begins === 0) return 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)'
  if (blocks.length !== begins) return 'has a certificate without its -----END CERTIFICATE----- line'
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block)
    } catch (error) {
      const which = blocks.length === 1 ? 'its certificate' : `certificate ${i + 1} of ${blocks.length}`
      return `cannot be read: ${which}: ${opensslReason((error as Error).message)}`
    }
  }
  return undefined
}

function defaultTls(): TlsSettings {
  return { secureContext: undefined, servername: undefined, rejectUnauthorized: true }
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}...` : text
}

/** What is wrong with a request's PEM texts and server name, before OpenSSL sees them (the bridge and the recordings). */
export function tlsFieldsProblem(text: { ca?: string; cert?: string; key?: string; servername?: string }): string | undefined {
  if ((text.cert === undefined) !== (text.key === undefined)) return 'a client certificate needs both tls.cert and tls.key'
  if (text.servername !== undefined && !/^[a-zA-Z0-9_.-]{1,253}$/.test(text.servername)) return 'tls.servername is not a host name'
  for (const name of ['ca', 'cert'] as const) {
    const problem = text[name] === undefined ? undefined : certificatesProblem(text[name])
    if (problem !== undefined) return `tls.${name} ${problem}`
  }
  if (text.key !== undefined) {
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text.key)) return 'tls.key holds no PEM private key (-----BEGIN PRIVATE KEY-----)'
    // A passphrase would have to travel too; and OpenSSL must never wait for one on a terminal.
    if (/ENCRYPTED/.test(text.key)) return 'tls.key is encrypted: give the key without a passphrase'
  }
  return undefined
}
