import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export type TokenCheck = 'ok' | 'missing' | 'wrong'

/**
 * `Authorization: Bearer <token>` against the configured token. Both sides are hashed first so
 * the comparison is constant-time whatever their lengths (timingSafeEqual needs equal lengths,
 * and an early return on a length difference would tell the length).
 */
export function checkBearerToken(req: IncomingMessage, expected: string): TokenCheck {
  const header = req.headers.authorization
  if (header === undefined || header === '') return 'missing'
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header)
  if (match === null) return 'wrong'
  return tokensEqual(match[1]!, expected) ? 'ok' : 'wrong'
}

export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest()
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b)
}
