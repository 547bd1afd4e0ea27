import type { BridgeConnect } from '../model/connection-types.ts'

/**
 * Why a bridged connection attempt failed, as the connection status shows it. `final`: a retry
 * with the same settings cannot succeed (policy refusal, missing or wrong token, TLS verification),
 * so the session stops instead of reconnecting. `needsToken`: the page should ask for the token.
 */
export interface BridgeFailure {
  readonly failure: string
  readonly final: boolean
  readonly needsToken?: true
}

export type TicketResult = { readonly ticket: string } | BridgeFailure

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>

/**
 * POST /api/bridge/sessions: a single-use ticket for one WebSocket to the target (it expires in
 * 30 s, so one is asked for right before every attempt). The TLS material and the token travel in
 * the body and a header, never in a URL. Never rejects: every outcome is a ticket or a failure.
 */
export async function requestTicket(bridge: BridgeConnect, fetchImpl: FetchLike, signal?: AbortSignal): Promise<TicketResult> {
  let response: Response
  try {
    response = await fetchImpl(`${bridge.server}/api/bridge/sessions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(bridge.token ? { Authorization: `Bearer ${bridge.token}` } : {}) },
      body: JSON.stringify({ target: bridge.target, ...(bridge.tls ? { tls: bridge.tls } : {}) }),
      credentials: 'same-origin',
      cache: 'no-store',
      ...(signal ? { signal } : {}),
    })
  } catch (error) {
    if (signal?.aborted) return { failure: 'cancelled', final: true }
    return { failure: `cannot reach the mqtt-scope server at ${bridge.server} (${error instanceof Error ? error.message : String(error)})`, final: false }
  }
  const body = await readJson(response)
  const error = typeof body.error === 'string' ? body.error : undefined
  const rule = typeof body.rule === 'string' ? body.rule : undefined
  if (response.ok) {
    if (typeof body.ticket === 'string' && body.ticket !== '') return { ticket: body.ticket }
    return { failure: 'the bridge gave no ticket', final: false }
  }
  return ticketFailure(response.status, error, rule, bridge.token !== undefined && bridge.token !== '')
}

/** The text and the retry decision for a refused ticket request. */
export function ticketFailure(status: number, error: string | undefined, rule: string | undefined, tokenGiven: boolean): BridgeFailure {
  switch (status) {
    case 401:
      return {
        failure: tokenGiven ? 'the bridge refused the access token: it is wrong' : 'the bridge needs an access token',
        final: true,
        needsToken: true,
      }
    case 403:
      return { failure: refusedText(error ?? 'the target is not allowed', rule), final: true }
    case 400:
      return { failure: `the bridge refused the request: ${error ?? 'bad request'}`, final: true }
    case 413:
      return { failure: `the bridge refused the request: ${error ?? 'the TLS settings are too large'}`, final: true }
    case 429:
      return { failure: `the bridge is busy: ${error ?? 'too many bridges'}`, final: false }
    default:
      return { failure: `the bridge answered ${status}${error ? `: ${error}` : ''}`, final: status >= 400 && status < 500 }
  }
}

/** "refused by the bridge (--bridge-allow): mqtt://10.0.0.9:1883 is not in --bridge-allow". */
export function refusedText(error: string, rule: string | undefined): string {
  return `refused by the bridge${rule ? ` (${rule})` : ''}: ${error}`
}

/** ws://host:port/bridge?ticket=... on the server the ticket came from (wss:// behind https). */
export function bridgeSocketUrl(server: string, ticket: string): string {
  return `${server.replace(/^http/, 'ws')}/bridge?ticket=${encodeURIComponent(ticket)}`
}

async function readJson(response: Response): Promise<Record<string, unknown>> {
  try {
    const value: unknown = await response.json()
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}
