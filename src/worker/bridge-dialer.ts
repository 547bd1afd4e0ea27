import { BRIDGE_CLOSE } from '../model/bridge-close-codes.ts'
import { bridgeCloseFailure } from './bridge-close.ts'
import { bridgeSocketUrl, requestTicket, type BridgeFailure, type FetchLike } from './bridge-ticket.ts'
import type { BridgeConnect } from '../model/connection-types.ts'

/** The slice of a WebSocket the dialer listens to: the browser's own, or `ws` in Node tests. */
export interface BridgeSocket {
  addEventListener(type: 'close', listener: (event: { readonly code: number; readonly reason: string }) => void): void
  addEventListener(type: 'error', listener: () => void): void
}

/**
 * How the worker talks to the mqtt-scope server. In the worker: its own fetch and WebSocket (same
 * origin as the page, so both carry the page's Origin). In Node tests: `ws` with an Origin header.
 */
export interface BridgeTransport {
  readonly fetch: FetchLike
  openSocket(url: string, protocols: string[]): BridgeSocket
}

export const browserTransport: BridgeTransport = {
  fetch: (url, init) => fetch(url, init),
  openSocket: (url, protocols) => new WebSocket(url, protocols),
}

/**
 * One bridged connection's way to the broker, attempt after attempt. MQTT.js builds its WebSocket
 * synchronously (createWebsocket), so the ticket is fetched first (`prepare`), then MQTT.js is told
 * to connect and `createWebsocket` opens /bridge with that ticket. Each ticket works once; each
 * attempt gets its own. How the socket closed (code and reason) is kept for the status line.
 */
export class BridgeDialer {
  readonly #bridge: BridgeConnect
  readonly #transport: BridgeTransport
  #ticket: string | undefined
  #closed: { code: number; reason: string } | undefined
  #abort: AbortController | undefined

  constructor(bridge: BridgeConnect, transport: BridgeTransport) {
    this.#bridge = bridge
    this.#transport = transport
  }

  /** A URL for MQTT.js to parse; the socket itself is opened by createWebsocket. */
  get placeholderUrl(): string {
    return `${this.#bridge.server.replace(/^http/, 'ws')}/bridge`
  }

  /** Asks for a fresh ticket for the next socket; a failure says why and whether to retry. */
  async prepare(): Promise<BridgeFailure | undefined> {
    this.#abort?.abort()
    const abort = new AbortController()
    this.#abort = abort
    this.#ticket = undefined
    const result = await requestTicket(this.#bridge, this.#transport.fetch, abort.signal)
    if (this.#abort === abort) this.#abort = undefined
    if ('failure' in result) return result
    this.#ticket = result.ticket
    return undefined
  }

  /** MQTT.js's createWebsocket: the bridge socket for the ticket `prepare` got (spent here). */
  readonly createWebsocket = (_url: string, protocols: string[]): BridgeSocket => {
    const ticket = this.#ticket ?? ''
    this.#ticket = undefined
    this.#closed = undefined
    const socket = this.#transport.openSocket(bridgeSocketUrl(this.#bridge.server, ticket), protocols)
    // A refused upgrade fires 'error' and then 'close' 1006; MQTT.js may report its own close in
    // between, so the error already counts as an abnormal close.
    socket.addEventListener('error', () => {
      this.#closed ??= { code: BRIDGE_CLOSE.abnormal, reason: '' }
    })
    socket.addEventListener('close', (event) => {
      this.#closed = { code: event.code, reason: event.reason }
    })
    return socket
  }

  /** What the last socket's close said (once per socket), or undefined when it said nothing. */
  takeCloseFailure(): BridgeFailure | undefined {
    const closed = this.#closed
    this.#closed = undefined
    return closed === undefined ? undefined : bridgeCloseFailure(closed.code, closed.reason)
  }

  /** Stops a ticket request in flight (the session ended). */
  cancel(): void {
    this.#abort?.abort()
    this.#abort = undefined
  }
}
