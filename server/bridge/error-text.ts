/**
 * Texts for the page out of Node and OpenSSL errors. Only codes and OpenSSL reason strings are
 * used, never a whole message that might quote what the user sent (a PEM, a body).
 */

/** WebSocket close reasons are at most 123 bytes of UTF-8 (RFC 6455 5.5: 125 minus the code). */
export const MAX_CLOSE_REASON_BYTES = 123

/** "error:0A000086:SSL routines::certificate verify failed" -> "certificate verify failed". */
export function opensslReason(message: string): string {
  const first = message.split('\n')[0] ?? message
  const routines = /routines:[^:]*:([^:]+)/.exec(first)
  if (routines !== null) return routines[1]!.trim()
  return first.trim()
}

/** Cuts `text` to at most `maxBytes` of UTF-8 without splitting a character; marks a cut with "...". */
export function fitUtf8(text: string, maxBytes = MAX_CLOSE_REASON_BYTES): string {
  if (Buffer.byteLength(text) <= maxBytes) return text
  let out = ''
  let used = 3
  for (const char of text) {
    const size = Buffer.byteLength(char)
    if (used + size > maxBytes) break
    out += char
    used += size
  }
  return `${out}...`
}

/**
 * What went wrong reaching or talking to the broker, as the page shows it. TLS errors carry the
 * certificate problem ("TLS: self-signed certificate"); socket errors their meaning.
 */
export function connectErrorText(error: unknown, address: string): string {
  const err = error as NodeJS.ErrnoException & { reason?: string }
  const code = err.code ?? ''
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused by ${address}`
    case 'ECONNRESET':
      return `connection reset by ${address}`
    case 'EHOSTUNREACH':
      return `host unreachable: ${address}`
    case 'ENETUNREACH':
      return `network unreachable: ${address}`
    case 'EPIPE':
      return `broker closed the connection (${address})`
    case 'ETIMEDOUT':
      return `connection to ${address} timed out`
  }
  if (isTlsError(err)) return `TLS: ${tlsProblem(err)}`
  return `${code || 'error'} connecting to ${address}`
}

export function isTlsError(error: NodeJS.ErrnoException): boolean {
  const code = error.code ?? ''
  return (
    code.startsWith('ERR_SSL_') ||
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_OSSL_') ||
    /CERT|SELF_SIGNED|UNABLE_TO|ISSUER|SIGNATURE|CHAIN|HOSTNAME/.test(code) ||
    /routines:/.test(error.message ?? '')
  )
}

function tlsProblem(error: NodeJS.ErrnoException & { reason?: string }): string {
  // Certificate verification errors (DEPTH_ZERO_SELF_SIGNED_CERT, ...) carry OpenSSL's own short
  // text as the message: "self-signed certificate", "unable to verify the first certificate".
  if (error.code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `certificate name mismatch: ${error.reason ?? error.message}`
  return opensslReason(error.message ?? String(error))
}
