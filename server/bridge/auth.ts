import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { GuessLimiter } from '../http/guess-limiter.ts'

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

/** The token check under a guess limit: `retryAfterSeconds` while the address has no guesses left. */
export type LimitedTokenCheck = TokenCheck | { readonly retryAfterSeconds: number }

/**
 * checkBearerToken for `client` (its address), counting wrong tokens in `guesses`. A request
 * without a token is not a guess. While the address is limited, the token is not even compared:
 * a right one would otherwise be told apart from a wrong one.
 */
export function checkBearerTokenLimited(req: IncomingMessage, expected: string, guesses: GuessLimiter, client: string): LimitedTokenCheck {
  if (req.headers.authorization === undefined || req.headers.authorization === '') return 'missing'
  const wait = guesses.retryAfterSeconds(client)
  if (wait > 0) return { retryAfterSeconds: wait }
  const result = checkBearerToken(req, expected)
  if (result === 'wrong') guesses.failed(client)
  else if (result === 'ok') guesses.succeeded(client)
  return result
}
