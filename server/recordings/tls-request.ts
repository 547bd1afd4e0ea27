import { createSecureContext } from 'node:tls'
import { opensslReason } from '../bridge/error-text.ts'
import { tlsFieldsProblem } from '../bridge/session-request.ts'

/**
 * The `tls` of a recording or replay (POST /api/recordings, POST /api/recordings/:id/replay, the
 * CLI's --ca/--cert/--key): the same fields as a bridge session (src/model/tls-options.ts
 * BridgeTlsRequest). Kept as PEM text, since a remembered recording needs it again after a restart.
 */
export interface TlsRequest {
  readonly ca?: string
  readonly cert?: string
  readonly key?: string
  readonly servername?: string
  readonly rejectUnauthorized: boolean
}

const TLS_FIELDS = new Set(['ca', 'cert', 'key', 'servername', 'rejectUnauthorized'])

/**
 * Only these five fields: anything else (host, port, servers...) would reach MQTT.js's options and
 * could move the connection past the bridge policy. The PEM is tried in a SecureContext so a bad
 * certificate or key is a 400 now, not a failed connection later; errors never quote the PEM.
 */
export function parseTlsRequest(value: unknown, url: string | undefined): TlsRequest | undefined | { error: string } {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'object' || Array.isArray(value)) return { error: '"tls" must be an object' }
  const fields = value as Record<string, unknown>
  const unknown = Object.keys(fields).find((key) => !TLS_FIELDS.has(key))
  if (unknown !== undefined) return { error: `unknown field "tls.${unknown.slice(0, 40)}" (expected ${[...TLS_FIELDS].join(', ')})` }
  const text: { ca?: string; cert?: string; key?: string; servername?: string } = {}
  for (const name of ['ca', 'cert', 'key', 'servername'] as const) {
    const field = fields[name]
    if (field === undefined || field === null || field === '') continue
    if (typeof field !== 'string') return { error: `tls.${name} must be a string` }
    text[name] = field
  }
  const rejectUnauthorized = fields.rejectUnauthorized ?? true
  if (typeof rejectUnauthorized !== 'boolean') return { error: 'tls.rejectUnauthorized must be true or false' }
  if (url === undefined || !/^(mqtts|wss):\/\//i.test(url.trim())) {
    const given = Object.keys(text).map((name) => `tls.${name}`)
    // A profile's TLS settings come along with every target; they only matter for a TLS one.
    if (given.length === 0) return undefined
    return { error: `${given.join(', ')} need an mqtts:// or wss:// "url"` }
  }
  const fieldsProblem = tlsFieldsProblem(text)
  if (fieldsProblem !== undefined) return { error: fieldsProblem }
  try {
    createSecureContext({ ca: text.ca, cert: text.cert, key: text.key })
  } catch (error) {
    return { error: `tls: the certificates or key cannot be used: ${opensslReason((error as Error).message)}` }
  }
  return { ...text, rejectUnauthorized }
}

/** MQTT.js options for a checked request; `servername` falls back to the host name the user gave. */
export function tlsClientOptions(tls: TlsRequest | undefined, servername: string | undefined): Record<string, unknown> {
  const name = tls?.servername ?? servername
  return {
    ...(name === undefined ? {} : { servername: name }),
    ...(tls === undefined
      ? {}
      : {
          rejectUnauthorized: tls.rejectUnauthorized,
          ...(tls.ca === undefined ? {} : { ca: tls.ca }),
          ...(tls.cert === undefined ? {} : { cert: tls.cert, key: tls.key }),
        }),
  }
}
