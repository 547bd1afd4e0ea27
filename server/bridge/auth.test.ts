import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { GuessLimiter } from '../http/guess-limiter.ts'
import { checkBearerToken, checkBearerTokenLimited, tokensEqual } from './auth.ts'

function req(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage
}

describe('checkBearerToken', () => {
  const token = 'correct-horse-battery-staple'
  it.each([
    [{}, 'missing'],
    [{ authorization: '' }, 'missing'],
    [{ authorization: `Bearer ${token}` }, 'ok'],
    [{ authorization: `bearer   ${token}` }, 'ok'],
    [{ authorization: `Bearer ${token}x` }, 'wrong'],
    [{ authorization: `Bearer ${token.slice(1)}` }, 'wrong'],
    [{ authorization: `Basic ${Buffer.from(`u:${token}`).toString('base64')}` }, 'wrong'],
    [{ authorization: token }, 'wrong'],
  ])('%j -> %s', (headers, result) => {
    expect(checkBearerToken(req(headers as Record<string, string>), token)).toBe(result)
  })

  it('compares tokens of any length', () => {
    expect(tokensEqual('a', 'a'.repeat(1000))).toBe(false)
    expect(tokensEqual('same-token-value', 'same-token-value')).toBe(true)
  })
})

describe('checkBearerTokenLimited', () => {
  const token = 'correct-horse-battery-staple'
  const wrong = req({ authorization: 'Bearer guess-guess-guess-guess' })
  const right = req({ authorization: `Bearer ${token}` })

  it('counts wrong tokens per address; past the limit even the right token waits, a missing one is no guess', () => {
    let now = 0
    const guesses = new GuessLimiter({ burst: 3, refillMs: 10_000, maxAddresses: 100 }, () => now)
    for (let i = 0; i < 3; i++) expect(checkBearerTokenLimited(wrong, token, guesses, '10.0.0.1')).toBe('wrong')
    expect(checkBearerTokenLimited(wrong, token, guesses, '10.0.0.1')).toEqual({ retryAfterSeconds: 10 })
    expect(checkBearerTokenLimited(right, token, guesses, '10.0.0.1')).toEqual({ retryAfterSeconds: 10 })
    expect(checkBearerTokenLimited(req({}), token, guesses, '10.0.0.1')).toBe('missing')
    // Another address is not affected.
    expect(checkBearerTokenLimited(right, token, guesses, '10.0.0.2')).toBe('ok')
    now += 10_000
    expect(checkBearerTokenLimited(right, token, guesses, '10.0.0.1')).toBe('ok')
    // The right token forgives the earlier mistakes.
    expect(guesses.retryAfterSeconds('10.0.0.1')).toBe(0)
    for (let i = 0; i < 3; i++) expect(checkBearerTokenLimited(wrong, token, guesses, '10.0.0.1')).toBe('wrong')
  })
})
