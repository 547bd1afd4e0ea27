import type { Duplex } from 'node:stream'
import type { WebSocket } from 'ws'
import { BRIDGE_CLOSE } from '../../src/model/bridge-close-codes.ts'
import type { Logger } from '../logger.ts'
import { connectTarget } from './connect-target.ts'
import { connectErrorText, fitUtf8 } from './error-text.ts'
import { BRIDGE_LIMITS } from './limits.ts'
import { PageFrames } from './page-frames.ts'
import type { BridgePolicy } from './policy.ts'
import { openRelay } from './relay-connect.ts'
import { resolveBefore, type Lookup } from './resolve.ts'
import type { SessionRequest } from './session-request.ts'
import { isRelayTarget } from './target.ts'

export interface BridgeSessionOptions {
  readonly ws: WebSocket
  readonly request: SessionRequest
  /** The page's address, for logs. */
  readonly client: string
  readonly policy: BridgePolicy
  readonly lookup: Lookup
  readonly connectTimeoutSeconds: number
  readonly idleTimeoutSeconds: number
  /** Largest WebSocket message the relay takes from a ws:// broker. */
  readonly maxFrameBytes: number
  readonly logger: Logger
}

/**
 * One bridge: a WebSocket from the page and a TCP or TLS connection to the broker, with the bytes
 * passed through unchanged (the server does not parse MQTT; MQTT.js in the page runs the session).
 * For a ws:// or wss:// target (the relay) the server also opens the WebSocket to the broker over
 * that connection (relay-connect.ts) and passes the messages' bytes on the same way.
 *
 * - To the page: the broker's bytes go out as frames of at most PAGE_FRAME_BYTES, at most one
 *   frame that is not full per PAGE_FRAME_INTERVAL_MS while the broker keeps sending
 *   (page-frames.ts), not one frame per TCP read or per broker message.
 *
 * - Connecting: the target is resolved and checked again (its addresses may have changed since the
 *   ticket), then the checked addresses are tried. What the page sends meanwhile (its CONNECT) is
 *   held and written once the connection is up.
 * - Backpressure: broker -> page, the TCP socket is paused while the WebSocket holds more than
 *   wsHighWaterBytes and resumed below wsLowWaterBytes; page -> broker, the WebSocket stops
 *   reading (ws.pause(): its socket is paused) while the TCP socket's buffer is full, until 'drain'.
 * - Closing: whichever side ends first ends the other. The page gets a close code (src/model/bridge-close-codes.ts)
 *   and a reason it can show as is; the broker gets a FIN after what the page sent was written.
 */
export class BridgeSession {
  readonly #options: BridgeSessionOptions
  readonly #ws: WebSocket
  readonly #abort = new AbortController()
  readonly #startedAt = Date.now()
  readonly #idleTimer: NodeJS.Timeout
  #tcp: Duplex | undefined
  #toPage: PageFrames
  /** The relay's broker WebSocket close, for the reason the page gets. */
  #brokerCloseText: () => string | undefined = () => undefined
  #address: string | undefined
  /** What the page sent before the broker connection was up. */
  #held: Buffer[] = []
  #heldBytes = 0
  #ending = false
  #tcpPaused = false
  #bytesUp = 0
  #bytesDown = 0
  #resolveDone!: () => void
  /** Resolves once the WebSocket has closed (the broker side is then ended or being cut). */
  readonly done: Promise<void> = new Promise((resolve) => (this.#resolveDone = resolve))

  constructor(options: BridgeSessionOptions) {
    this.#options = options
    this.#ws = options.ws
    this.#toPage = new PageFrames(options.ws, this.#afterSend)
    this.#idleTimer = setTimeout(
      () => this.#finish(BRIDGE_CLOSE.idleTimeout, `idle timeout: no data for ${options.idleTimeoutSeconds} s`),
      options.idleTimeoutSeconds * 1000,
    )
    this.#ws.on('message', this.#onPageMessage)
    this.#ws.once('close', this.#onPageClosed)
    // ws closes the connection itself after a protocol error (a frame over maxPayload: 1009).
    this.#ws.on('error', (error) => options.logger.debug({ client: options.client, err: error.message }, 'bridge WebSocket error'))
    this.#connect().catch((error: unknown) => {
      options.logger.error({ client: options.client, err: error instanceof Error ? error.message : String(error) }, 'bridge connect failed')
      this.#finish(BRIDGE_CLOSE.unreachable, 'internal error while connecting')
    })
  }

  /** Ends the bridge from the server's side (shutdown). */
  close(code: number, reason: string): void {
    this.#finish(code, reason)
  }

  async #connect(): Promise<void> {
    const { request, policy, lookup, connectTimeoutSeconds } = this.#options
    const deadline = Date.now() + connectTimeoutSeconds * 1000
    const resolution = await resolveBefore(request.target, lookup, deadline)
    if (this.#ending) return
    if (resolution === 'timeout') return this.#finish(BRIDGE_CLOSE.connectTimeout, `connect timeout after ${connectTimeoutSeconds} s (DNS lookup)`)
    if ('failure' in resolution) return this.#finish(BRIDGE_CLOSE.unreachable, resolution.failure)
    const refusal = policy.check(request.target, resolution.addresses)
    if (refusal !== undefined) {
      this.#options.logger.info({ client: this.#options.client, target: request.target.display, rule: refusal.rule }, 'bridge refused')
      return this.#finish(BRIDGE_CLOSE.refused, refusal.error)
    }
    const result = await connectTarget(
      { target: request.target, addresses: resolution.addresses, tls: request.tls, deadline, timeoutSeconds: connectTimeoutSeconds },
      this.#abort.signal,
    )
    if ('failure' in result) {
      if (this.#ending) return
      return this.#finish(result.timedOut ? BRIDGE_CLOSE.connectTimeout : BRIDGE_CLOSE.unreachable, result.failure)
    }
    if (this.#ending) {
      result.socket.on('error', () => {})
      result.socket.destroy()
      return
    }
    if (!isRelayTarget(request.target)) return this.#attach(result.socket, result.address)
    const relay = await openRelay(result.socket, request.target, result.address, this.#options.maxFrameBytes, deadline - Date.now(), this.#abort.signal)
    if ('failure' in relay) {
      if (this.#ending) return
      return this.#finish(relay.timedOut ? BRIDGE_CLOSE.connectTimeout : BRIDGE_CLOSE.unreachable, relay.failure)
    }
    if (this.#ending) {
      relay.stream.destroy()
      return
    }
    this.#brokerCloseText = relay.closeText
    this.#attach(relay.stream, result.address)
  }

  /** The page's reason when the broker side ends: the relay names how the broker's WebSocket closed. */
  #brokerClosed(): string {
    const ws = this.#brokerCloseText()
    return ws === undefined ? 'broker closed the connection' : `broker closed the WebSocket ${ws}`
  }

  #attach(tcp: Duplex, address: string): void {
    this.#tcp = tcp
    this.#address = address
    tcp.on('data', this.#onBrokerData)
    tcp.on('drain', () => this.#ws.resume())
    tcp.once('end', () => this.#finish(BRIDGE_CLOSE.brokerClosed, this.#brokerClosed()))
    tcp.on('error', (error) => this.#finish(BRIDGE_CLOSE.brokerError, this.#brokerErrorText(error, address)))
    tcp.once('close', () => this.#finish(BRIDGE_CLOSE.brokerClosed, this.#brokerClosed()))
    this.#options.logger.info({ client: this.#options.client, target: this.#options.request.target.display, address }, 'bridge open')
    const held = this.#held
    this.#held = []
    this.#heldBytes = 0
    let full = false
    for (const chunk of held) full = !tcp.write(chunk)
    if (full) this.#ws.pause()
    else this.#ws.resume()
  }

  /**
   * Under TLS 1.3 the client's side of the handshake is done before the broker has looked at the
   * client certificate; a broker that refuses it sends an alert and closes, and when our first
   * write crosses that, the reset can throw the alert away. A reset before the broker said
   * anything over TLS is most likely that.
   */
  #brokerErrorText(error: Error, address: string): string {
    const code = (error as NodeJS.ErrnoException).code
    if (this.#options.request.tls !== undefined && this.#bytesDown === 0 && (code === 'ECONNRESET' || code === 'EPIPE')) {
      return `TLS: ${address} reset the connection before answering (client certificate missing or refused?)`
    }
    // A relayed broker that went away mid-write (EPIPE) or reset: the WebSocket ended without a
    // close frame, whichever of the stream's error and the WebSocket's close came first.
    if (isRelayTarget(this.#options.request.target) && (code === 'ECONNRESET' || code === 'EPIPE')) {
      return `broker closed the WebSocket ${this.#brokerCloseText() ?? 'without a close frame'}`
    }
    return connectErrorText(error, address)
  }

  readonly #onPageMessage = (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void => {
    if (this.#ending) return
    // MQTT over WebSocket is binary only [MQTT-6.0.0-1].
    if (!isBinary) return this.#finish(BRIDGE_CLOSE.binaryOnly, 'MQTT needs binary frames')
    const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)
    this.#idleTimer.refresh()
    this.#bytesUp += chunk.length
    const tcp = this.#tcp
    if (tcp === undefined) {
      this.#held.push(chunk)
      this.#heldBytes += chunk.length
      if (this.#heldBytes >= BRIDGE_LIMITS.wsHighWaterBytes) this.#ws.pause()
      return
    }
    if (!tcp.write(chunk)) this.#ws.pause()
  }

  readonly #onBrokerData = (chunk: Buffer): void => {
    this.#idleTimer.refresh()
    this.#bytesDown += chunk.length
    this.#toPage.push(chunk)
    if (!this.#tcpPaused && this.#toPage.queuedBytes >= BRIDGE_LIMITS.wsHighWaterBytes) {
      this.#tcpPaused = true
      this.#tcp?.pause()
    }
  }

  readonly #afterSend = (): void => {
    if (this.#tcpPaused && this.#toPage.queuedBytes < BRIDGE_LIMITS.wsLowWaterBytes) {
      this.#tcpPaused = false
      this.#tcp?.resume()
    }
  }

  /** The broker side ended, failed or timed out, or the server stops: tell the page why. */
  #finish(code: number, reason: string): void {
    if (this.#ending) return
    this.#ending = true
    this.#abort.abort()
    clearTimeout(this.#idleTimer)
    this.#tcp?.destroy()
    this.#log(code, reason)
    // Queued frames go out before the close frame: the page still gets the broker's last bytes.
    this.#toPage.flush()
    if (this.#ws.readyState === this.#ws.OPEN) this.#ws.close(code, fitUtf8(reason))
  }

  /** The page closed (or its WebSocket failed): end the broker connection after what it sent. */
  readonly #onPageClosed = (code: number, reason: Buffer): void => {
    if (!this.#ending) {
      this.#ending = true
      this.#abort.abort()
      clearTimeout(this.#idleTimer)
      const tcp = this.#tcp
      if (tcp !== undefined) {
        tcp.end()
        const cut = setTimeout(() => tcp.destroy(), BRIDGE_LIMITS.closeGraceMs)
        cut.unref()
        tcp.once('close', () => clearTimeout(cut))
      }
      this.#log(code, `the page closed the bridge${reason.length > 0 ? `: ${fitUtf8(reason.toString('utf8'), 60)}` : ''}`)
    }
    this.#resolveDone()
  }

  #log(code: number, reason: string): void {
    this.#options.logger.info(
      {
        client: this.#options.client,
        target: this.#options.request.target.display,
        address: this.#address,
        code,
        reason,
        bytesUp: this.#bytesUp,
        bytesDown: this.#bytesDown,
        framesDown: this.#toPage.frames,
        ms: Date.now() - this.#startedAt,
      },
      'bridge closed',
    )
  }
}
