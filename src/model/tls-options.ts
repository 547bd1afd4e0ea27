/**
 * The TLS settings of a profile. They apply to mqtts:// brokers, which the server's bridge reaches
 * over TLS, and to wss:// brokers the server relays to: the PEM texts travel to the server with each
 * connection request and are neither logged nor stored there. A wss:// broker the browser opens
 * directly has its certificate checked by the browser itself.
 *
 * The client key is a secret like the password: it is kept in this browser's storage, and put in
 * an export, only when the person asks for it (ConnectionProfile.rememberPassword).
 */
export interface TlsOptions {
  /** Check the broker's certificate (chain and name); on unless turned off. */
  readonly verify: boolean
  /** PEM: the CA (or bundle) the broker's certificate must chain to; '' = the server's default CAs. */
  readonly ca: string
  /** PEM: a client certificate for mTLS; needs `key`. */
  readonly cert: string
  /** PEM: the client certificate's private key, without a passphrase. */
  readonly key: string
  /** SNI and the name the certificate must carry; '' = the host of the URL. */
  readonly servername: string
}

export const DEFAULT_TLS: TlsOptions = { verify: true, ca: '', cert: '', key: '', servername: '' }

/** What POST /api/bridge/sessions takes as `tls` (empty fields left out). */
export interface BridgeTlsRequest {
  readonly ca?: string
  readonly cert?: string
  readonly key?: string
  readonly servername?: string
  readonly rejectUnauthorized: boolean
}

export type TlsProblems = Partial<Record<'tlsCa' | 'tlsCert' | 'tlsKey' | 'tlsServername', string>>

/**
 * The server takes at most 256 KiB per request; leave room for the JSON around the PEM texts.
 * A whole public CA bundle (~220 KB) still fits.
 */
export const MAX_TLS_TEXT_BYTES = 240 * 1024

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g
const SERVER_NAME = /^[a-zA-Z0-9_.-]{1,253}$/

/** Every problem of the TLS settings, by field; the server checks the certificates themselves. */
export function validateTls(tls: TlsOptions): TlsProblems {
  const problems: TlsProblems = {}
  const ca = certificateProblem(tls.ca, 'The CA certificate')
  if (ca) problems.tlsCa = ca
  const cert = certificateProblem(tls.cert, 'The client certificate')
  if (cert) problems.tlsCert = cert
  if (tls.key.trim() !== '') {
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(tls.key)) problems.tlsKey = 'The client key holds no PEM private key (-----BEGIN PRIVATE KEY-----)'
    else if (/ENCRYPTED/.test(tls.key)) problems.tlsKey = 'The client key is encrypted: give the key without a passphrase'
  }
  if (tls.cert.trim() !== '' && tls.key.trim() === '') problems.tlsKey ??= 'A client certificate needs its key'
  if (tls.key.trim() !== '' && tls.cert.trim() === '') problems.tlsCert ??= 'A client key needs its certificate'
  if (tls.servername.trim() !== '' && !SERVER_NAME.test(tls.servername.trim())) problems.tlsServername = 'Not a host name'
  const bytes = new TextEncoder().encode(tls.ca + tls.cert + tls.key).length
  if (bytes > MAX_TLS_TEXT_BYTES)
    problems.tlsCa ??= `The certificates and key are ${Math.ceil(bytes / 1024)} KiB; at most ${MAX_TLS_TEXT_BYTES / 1024} KiB fit in a request`
  return problems
}

function certificateProblem(pem: string, what: string): string | undefined {
  if (pem.trim() === '') return undefined
  const begins = pem.split('-----BEGIN CERTIFICATE-----').length - 1
  if (begins === 0) return `${what} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`
  if ((pem.match(CERTIFICATE_BLOCK) ?? []).length !== begins) return `${what} has a certificate without its -----END CERTIFICATE----- line`
  return undefined
}

/** The `tls` of a bridge request; verification stays on unless the profile turned it off. */
export function toBridgeTls(tls: TlsOptions): BridgeTlsRequest {
  const text = (value: string) => (value.trim() === '' ? undefined : value)
  const ca = text(tls.ca)
  const cert = text(tls.cert)
  const key = text(tls.key)
  const servername = text(tls.servername.trim())
  return {
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    ...(servername ? { servername } : {}),
    rejectUnauthorized: tls.verify,
  }
}

/**
 * TLS settings read from storage or an import file: missing (older profiles) means the defaults;
 * anything that is not the right type is an error naming the field.
 */
export function readTls(value: unknown): TlsOptions | { error: string } {
  if (value === undefined || value === null) return DEFAULT_TLS
  if (typeof value !== 'object' || Array.isArray(value)) return { error: 'tls must be an object' }
  const fields = value as Record<string, unknown>
  const out: Record<string, string | boolean> = { ...DEFAULT_TLS }
  for (const name of ['ca', 'cert', 'key', 'servername'] as const) {
    const field = fields[name]
    if (field === undefined) continue
    if (typeof field !== 'string') return { error: `tls.${name} must be text` }
    out[name] = field
  }
  if (fields.verify !== undefined) {
    if (typeof fields.verify !== 'boolean') return { error: 'tls.verify must be true or false' }
    out.verify = fields.verify
  }
  return out as unknown as TlsOptions
}
