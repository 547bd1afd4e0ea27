import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { BRIDGE_CLOSE } from '../../src/model/bridge-close-codes.ts'
import { requestFacts, type RequestPolicy } from '../http/request-policy.ts'
import { rawResponse } from '../http/security-headers.ts'
import type { Logger } from '../logger.ts'
import { BridgeSession } from './bridge-session.ts'
import { fitUtf8 } from './error-text.ts'
import { formatIp, parseIp } from './ip-address.ts'
import type { BridgePolicy, Refusal } from './policy.ts'
import type { Lookup } from './resolve.ts'
import type { Ticket, TicketStore } from './tickets.ts'

export interface BridgeCaps {
  readonly maxPerClient: number
  readonly maxTotal: number
  readonly connectTimeoutSeconds: number
  readonly idleTimeoutSeconds: number
  readonly maxFrameBytes: number
}

export interface BridgeSocketOptions {
  readonly policy: BridgePolicy
  readonly tickets: TicketStore
  readonly caps: BridgeCaps
  readonly lookup: Lookup
  readonly logger: Logger
  /** Who may open a bridge from a browser (Host, Origin, proxies): request-policy.ts. */
  readonly requestPolicy: RequestPolicy
  /** Set when the bridge is off: every upgrade is closed with this reason. */
  readonly disabled: Refusal | undefined
}

/**
 * The /bridge?ticket=... WebSocket endpoint (subprotocol mqtt).
 *
 * Before the upgrade (refused with a plain 403, so a hijacking page learns nothing):
 * - the Host must be one this server answers to, and an Origin ours or in --allowed-origins
 *   (request-policy.ts); in loopback mode the Origin is required and a proxied request refused;
 * - the ticket is taken (it works once, even when what follows fails) and the Origin must be the
 *   one that asked for it.
 * After the upgrade, everything else is a close code and a reason the page can show (a browser
 * sees no body of a refused upgrade): no ticket, an unknown or expired one, caps reached, then
 * whatever BridgeSession reports.
 */
export class BridgeSocketServer {
  readonly #options: BridgeSocketOptions
  readonly #wss: WebSocketServer
  readonly #sessions = new Set<BridgeSession>()
  readonly #perClient = new Map<string, number>()

  constructor(options: BridgeSocketOptions) {
    this.#options = options
    this.#wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: options.caps.maxFrameBytes,
      handleProtocols: (protocols) => (protocols.has('mqtt') ? 'mqtt' : protocols.has('mqttv3.1') ? 'mqttv3.1' : false),
    })
  }

  /** Open bridges from `client` (as bridgeClientAddress gives it). */
  openFrom(client: string): number {
    return this.#perClient.get(client) ?? 0
  }

  get openTotal(): number {
    return this.#sessions.size
  }

  /** Why a new bridge from `client` would exceed a cap, or undefined. */
  capRefusal(client: string): Refusal | undefined {
    const { maxPerClient, maxTotal } = this.#options.caps
    if (this.openFrom(client) >= maxPerClient) {
      return { error: `too many bridges from ${client}: ${maxPerClient} are open (--bridge-max-per-client)`, rule: '--bridge-max-per-client' }
    }
    if (this.openTotal >= maxTotal) return { error: `too many bridges on this server: ${maxTotal} are open (--bridge-max-total)`, rule: '--bridge-max-total' }
    return undefined
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const ticketId = new URL(req.url ?? '/', 'http://bridge.invalid').searchParams.get('ticket')
    // Taken first: a ticket presented from the wrong origin is spent, whoever presented it.
    const ticket = ticketId === null || ticketId === '' ? undefined : this.#options.tickets.take(ticketId)
    const refusal = this.#options.requestPolicy.checkBridgeUpgrade(requestFacts(req))
    if (refusal !== undefined) return this.#refuseUpgrade(req, socket, refusal)
    if (ticket !== undefined && ticket.origin !== req.headers.origin) {
      return this.#refuseUpgrade(req, socket, { error: 'the Origin is not the one the ticket was issued to', rule: 'ticket origin' })
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      ws.binaryType = 'nodebuffer'
      this.#start(ws, req, ticketId, ticket)
    })
  }

  /** Ends every bridge (server shutdown) and forgets the tickets. */
  close(): void {
    for (const session of this.#sessions) session.close(BRIDGE_CLOSE.goingAway, 'the mqtt-scope server is shutting down')
    this.#options.tickets.clear()
    this.#wss.close()
  }

  #start(ws: WebSocket, req: IncomingMessage, ticketId: string | null, ticket: Ticket | undefined): void {
    const client = bridgeClientAddress(req)
    if (this.#options.disabled !== undefined) return closeWith(ws, BRIDGE_CLOSE.refused, this.#options.disabled.error)
    if (ticketId === null || ticketId === '') {
      return closeWith(ws, BRIDGE_CLOSE.noTicket, 'no ticket: POST /api/bridge/sessions first, then open /bridge?ticket=...')
    }
    if (ticket === undefined) {
      const seconds = Math.round(this.#options.tickets.ttlMs / 1000)
      return closeWith(ws, BRIDGE_CLOSE.badTicket, `the ticket is unknown, already used or expired (tickets last ${seconds} s): ask for a new one`)
    }
    const capped = this.capRefusal(client)
    if (capped !== undefined) {
      this.#options.logger.warn({ client, rule: capped.rule }, 'bridge refused')
      return closeWith(ws, BRIDGE_CLOSE.tooMany, capped.error)
    }
    const { caps, policy, lookup, logger } = this.#options
    const session = new BridgeSession({
      ws,
      request: ticket.request,
      client,
      policy,
      lookup,
      connectTimeoutSeconds: caps.connectTimeoutSeconds,
      idleTimeoutSeconds: caps.idleTimeoutSeconds,
      maxFrameBytes: caps.maxFrameBytes,
      logger,
    })
    this.#sessions.add(session)
    this.#perClient.set(client, this.openFrom(client) + 1)
    void session.done.then(() => {
      this.#sessions.delete(session)
      const left = this.openFrom(client) - 1
      if (left > 0) this.#perClient.set(client, left)
      else this.#perClient.delete(client)
    })
  }

  #refuseUpgrade(req: IncomingMessage, socket: Duplex, refusal: Refusal): void {
    this.#options.logger.warn(
      { client: bridgeClientAddress(req), origin: req.headers.origin, rule: refusal.rule, reason: refusal.error },
      'bridge upgrade refused',
    )
    socket.end(rawResponse(403, 'Forbidden', refusal))
  }
}

/** The page's IP address as the caps count it: IPv4-mapped IPv6 as plain IPv4. */
export function bridgeClientAddress(req: IncomingMessage): string {
  const remote = req.socket.remoteAddress
  const ip = remote === undefined ? undefined : parseIp(remote)
  return ip === undefined ? (remote ?? 'unknown') : formatIp(ip)
}

function closeWith(ws: WebSocket, code: number, reason: string): void {
  ws.close(code, fitUtf8(reason))
}
