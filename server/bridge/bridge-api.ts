import type { IncomingMessage, ServerResponse } from 'node:http'
import type { GuessLimiter } from '../http/guess-limiter.ts'
import { sendJson } from '../http/json.ts'
import { requestFacts, type RequestPolicy } from '../http/request-policy.ts'
import type { Logger } from '../logger.ts'
import { checkBearerTokenLimited, type LimitedTokenCheck } from './auth.ts'
import type { BridgeSettings } from './bridge-settings.ts'
import { bridgeClientAddress, type BridgeSocketServer } from './bridge-socket.ts'
import { BRIDGE_LIMITS } from './limits.ts'
import { ALWAYS_DENIED, type BridgePolicy, type Refusal } from './policy.ts'
import { resolveBefore, type Lookup } from './resolve.ts'
import { parseSessionRequest } from './session-request.ts'
import type { TicketStore } from './tickets.ts'

export interface BridgeApiContext {
  readonly settings: BridgeSettings
  readonly policy: BridgePolicy
  readonly tickets: TicketStore
  readonly sockets: BridgeSocketServer
  readonly lookup: Lookup
  readonly logger: Logger
  readonly requestPolicy: RequestPolicy
  /** Wrong --auth-token guesses per address (429 with Retry-After past the limit). */
  readonly guesses: GuessLimiter
}

/**
 * GET /api/bridge/policy and POST /api/bridge/sessions. Every answer is JSON; every error has an
 * `error` sentence for the page, and a refusal by a rule also names the `rule`.
 *
 * The request body (it holds TLS keys) is never logged, nor is the token or the ticket.
 *
 * Who is refused: what handleApi refuses for every route (a foreign Origin, a DNS-rebound Host);
 * in loopback mode, a ticket request through a reverse proxy (403, rule "reverse proxy"); with a
 * token, a caller without it or with a wrong one (401), and an address that guessed wrong too
 * often (429 with Retry-After, before its token is even compared).
 */
export function handleBridgeApi(ctx: BridgeApiContext, req: IncomingMessage, res: ServerResponse, urlPath: string): boolean {
  if (urlPath === '/api/bridge/policy') {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'use GET' }, { Allow: 'GET, HEAD' })
    return describePolicy(ctx, req, res)
  }
  if (urlPath === '/api/bridge/sessions') {
    if (req.method !== 'POST') return drainAndSend(req, res, 405, { error: 'use POST' }, { Allow: 'POST' })
    void openSession(ctx, req, res).catch((error: unknown) => {
      ctx.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'bridge session request failed')
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' })
    })
    return true
  }
  return false
}

/**
 * What the page may do, so it can explain a refusal before trying. Not secret as a whole (it is
 * what the page needs before it has a token), except the allow and deny lists in restricted mode:
 * they describe the network behind the server, so without the token they are left out
 * (`listsHidden: true`). A wrong token is a 401, so the page can check the token it was given.
 */
function describePolicy(ctx: BridgeApiContext, req: IncomingMessage, res: ServerResponse): true {
  const { settings, policy } = ctx
  let listsHidden = false
  if (settings.tokenRequired && settings.token !== '') {
    const token = checkToken(ctx, req)
    if (typeof token === 'object') return sendTooManyGuesses(res, bridgeClientAddress(req), token.retryAfterSeconds)
    if (token === 'wrong') return sendUnauthorized(res, 'the access token is wrong')
    listsHidden = token === 'missing' && settings.mode === 'restricted'
  } else if (settings.mode === 'restricted') {
    listsHidden = true
  }
  const caps = settings.caps
  return sendJson(res, 200, {
    mode: settings.mode,
    enabled: settings.disabled === undefined,
    ...(settings.disabled === undefined ? {} : { disabledReason: settings.disabled.error }),
    tokenRequired: settings.tokenRequired,
    schemes: ['mqtt', 'mqtts', 'ws', 'wss'],
    allow: listsHidden ? [] : policy.allow.map((p) => p.text),
    deny: listsHidden ? [] : policy.deny.map((p) => p.text),
    ...(listsHidden ? { listsHidden: true } : {}),
    alwaysDenied: ALWAYS_DENIED.map((entry) => entry.range),
    limits: {
      maxPerClient: caps.maxPerClient,
      maxTotal: caps.maxTotal,
      connectTimeoutSeconds: caps.connectTimeoutSeconds,
      idleTimeoutSeconds: caps.idleTimeoutSeconds,
      maxFrameBytes: caps.maxFrameBytes,
      ticketTtlSeconds: Math.round(ctx.tickets.ttlMs / 1000),
      maxRequestBytes: BRIDGE_LIMITS.maxRequestBytes,
    },
  })
}

async function openSession(ctx: BridgeApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { settings, policy, logger } = ctx
  const client = bridgeClientAddress(req)
  const refuse = (refusal: Refusal) => {
    logger.info({ client, rule: refusal.rule, reason: refusal.error }, 'bridge session refused')
    drainAndSend(req, res, 403, refusal)
  }

  // The Host and Origin passed handleApi already.
  const proxied = ctx.requestPolicy.checkBridgeTicket(requestFacts(req))
  if (proxied !== undefined) return refuse(proxied)
  if (settings.disabled !== undefined) return refuse(settings.disabled)
  if (settings.tokenRequired) {
    const token = checkToken(ctx, req)
    if (typeof token === 'object') return void sendTooManyGuesses(res, client, token.retryAfterSeconds, req)
    if (token !== 'ok') {
      logger.info({ client, token }, 'bridge session refused: access token')
      return void sendUnauthorized(
        res,
        token === 'missing' ? 'this server needs an access token: send Authorization: Bearer <token>' : 'the access token is wrong',
        req,
      )
    }
  }
  // application/json makes a cross-site fetch a CORS preflight, which this server never answers.
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/json') return void drainAndSend(req, res, 415, { error: 'send the body as Content-Type: application/json' })

  const body = await readBody(req, BRIDGE_LIMITS.maxRequestBytes)
  if (body === 'too-large') {
    sendJson(res, 413, { error: `the body is larger than ${BRIDGE_LIMITS.maxRequestBytes / 1024} KiB` }, { Connection: 'close' })
    return
  }
  if (body === 'aborted') return
  let json: unknown
  try {
    json = JSON.parse(body.toString('utf8'))
  } catch {
    // Not the parser's message: it quotes the body, which may be a private key.
    return void sendJson(res, 400, { error: 'the body is not valid JSON' })
  }
  const request = parseSessionRequest(json)
  if ('error' in request) return void sendJson(res, 400, { error: request.error })
  const { target } = request

  const early = policy.checkBeforeLookup(target)
  if (early !== undefined) return refuse(early)
  if (target.ip === undefined) {
    // A refusal now saves the page a WebSocket; a DNS failure is left to the connect, which
    // reports it with the other connection errors (and checks again with fresh addresses).
    const resolution = await resolveBefore(target, ctx.lookup, Date.now() + settings.caps.connectTimeoutSeconds * 1000)
    if (resolution !== 'timeout' && 'addresses' in resolution) {
      const refusal = policy.check(target, resolution.addresses)
      if (refusal !== undefined) return refuse(refusal)
    }
  }
  const capped = ctx.sockets.capRefusal(client)
  if (capped !== undefined) {
    logger.info({ client, rule: capped.rule }, 'bridge session refused')
    return void sendJson(res, 429, capped)
  }
  const ticket = ctx.tickets.issue(request, req.headers.origin)
  if (ticket === undefined) {
    return void sendJson(res, 429, { error: 'too many bridge tickets are waiting to be used: try again in a few seconds', rule: 'pending tickets' })
  }
  logger.debug({ client, target: target.display }, 'bridge ticket issued')
  sendJson(res, 200, { ticket })
}

/** The bearer token under the guess limit; logs (once) when an address has used up its guesses. */
function checkToken(ctx: BridgeApiContext, req: IncomingMessage): LimitedTokenCheck {
  const client = bridgeClientAddress(req)
  const token = checkBearerTokenLimited(req, ctx.settings.token, ctx.guesses, client)
  if (token === 'wrong') {
    const wait = ctx.guesses.retryAfterSeconds(client)
    if (wait > 0) ctx.logger.warn({ client, retryAfterSeconds: wait }, 'too many wrong access tokens: this address must wait')
  }
  return token
}

function sendTooManyGuesses(res: ServerResponse, client: string, seconds: number, req?: IncomingMessage): true {
  req?.resume()
  return sendJson(
    res,
    429,
    { error: `too many wrong access tokens from ${client}: try again in ${seconds} s`, rule: '--auth-token' },
    { 'Retry-After': String(seconds) },
  )
}

function sendUnauthorized(res: ServerResponse, error: string, req?: IncomingMessage): true {
  req?.resume()
  return sendJson(res, 401, { error, rule: '--auth-token' }, { 'WWW-Authenticate': 'Bearer' })
}

/** Answers before the body was read: the rest of the body is discarded, not parsed. */
function drainAndSend(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): true {
  req.resume()
  return sendJson(res, status, body, headers)
}

/** The whole body, or 'too-large' as soon as it passes `maxBytes` (the connection is then closed). */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | 'too-large' | 'aborted'> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > maxBytes) return Promise.resolve(tooLarge(req))
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        req.off('data', onData)
        resolve(tooLarge(req))
        return
      }
      chunks.push(chunk)
    }
    req.on('data', onData)
    req.once('end', () => resolve(Buffer.concat(chunks, size)))
    req.once('error', () => resolve('aborted'))
    req.once('close', () => {
      if (!req.complete) resolve('aborted')
    })
  })
}

function tooLarge(req: IncomingMessage): 'too-large' {
  // The 413 goes out with Connection: close; what else the client sends is not read.
  req.pause()
  return 'too-large'
}
