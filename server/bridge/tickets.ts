import { randomBytes } from 'node:crypto'
import type { SessionRequest } from './session-request.ts'

/**
 * A ticket is what POST /api/bridge/sessions hands out and the /bridge WebSocket upgrade brings
 * back, so the target, the TLS material and the token travel in a request body, never in a URL.
 * It is 32 random bytes (base64url), works once, expires after `ttlMs`, and only for the Origin
 * that asked for it. The request (with its TLS SecureContext) lives only here, in memory, until
 * the ticket is used or expires.
 */
export interface Ticket {
  readonly request: SessionRequest
  /** The Origin header of the POST (undefined when it had none): the upgrade must bring the same. */
  readonly origin: string | undefined
  readonly expiresAt: number
}

export interface TicketStoreOptions {
  readonly ttlMs: number
  /** Issued and not yet used or expired; past this, issue() refuses. */
  readonly maxPending: number
  readonly now?: () => number
}

export class TicketStore {
  readonly #tickets = new Map<string, { ticket: Ticket; timer: NodeJS.Timeout }>()
  readonly #ttlMs: number
  readonly #maxPending: number
  readonly #now: () => number

  constructor(options: TicketStoreOptions) {
    this.#ttlMs = options.ttlMs
    this.#maxPending = options.maxPending
    this.#now = options.now ?? Date.now
  }

  get pending(): number {
    return this.#tickets.size
  }

  get ttlMs(): number {
    return this.#ttlMs
  }

  /** A new ticket id, or undefined when `maxPending` tickets are already waiting. */
  issue(request: SessionRequest, origin: string | undefined): string | undefined {
    if (this.#tickets.size >= this.#maxPending) return undefined
    const id = randomBytes(32).toString('base64url')
    // The timer only frees the memory (and the TLS material) on time; take() checks the clock itself.
    const timer = setTimeout(() => this.#tickets.delete(id), this.#ttlMs)
    timer.unref()
    this.#tickets.set(id, { ticket: { request, origin, expiresAt: this.#now() + this.#ttlMs }, timer })
    return id
  }

  /** The ticket, removed so it cannot be used again; undefined when unknown, used or expired. */
  take(id: string): Ticket | undefined {
    const entry = this.#tickets.get(id)
    if (entry === undefined) return undefined
    this.#tickets.delete(id)
    clearTimeout(entry.timer)
    if (this.#now() >= entry.ticket.expiresAt) return undefined
    return entry.ticket
  }

  clear(): void {
    for (const { timer } of this.#tickets.values()) clearTimeout(timer)
    this.#tickets.clear()
  }
}
