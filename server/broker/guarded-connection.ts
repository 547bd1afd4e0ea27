import { Duplex } from 'node:stream'
import { PacketScanner } from './packet-guard.ts'
import { PacketCounter, type TrafficCounters } from './traffic-counters.ts'

/**
 * Most packet headers handed to aedes in one piece. aedes handles every packet one `read()` returns
 * at once and publishes them all into mqemitter, whose queue is an array shifted from the front:
 * a 64 KiB read of 5-byte PUBLISH packets is 13,000 messages, and with a few such clients the
 * queue grew to where each shift cost milliseconds (the broker at 100 % CPU delivering a few
 * hundred messages a second) and a run of messages without subscribers overflowed the stack.
 */
export const MAX_PACKETS_PER_READ = 256

/** A client with at least this much waiting to be sent is watched for progress (see drainTimeoutMs). */
export const WATCHED_QUEUE_BYTES = 64 * 1024

/** How often a watched client is looked at (the drain timeout is measured from its last progress). */
const WATCHDOG_STEP_MS = 1_000

/** How often a paced sender (retained messages) looks whether the client has caught up. */
const CATCH_UP_POLL_MS = 20

/** After the socket has closed, how long aedes gets to read what was received before it. */
const CLOSED_READ_GRACE_MS = 10_000

export interface GuardOptions {
  readonly maxPacketBytes: number
  /** Past this many bytes waiting to be sent, the client counts as congested. */
  readonly maxQueuedBytes: number
  /** A client with data waiting that takes none of it for this long is disconnected. */
  readonly drainTimeoutMs: number
  readonly counters: TrafficCounters
  /** Gather the writes of one event-loop turn into one socket write (for TCP; the WebSocket duplex does it itself). */
  readonly coalesceWrites: boolean
}

/** A stream that knows how many bytes it holds that the peer has not taken yet (WebSocketDuplex). */
interface ReportsQueuedBytes {
  readonly queuedBytes: number
}

/**
 * What aedes reads from and writes to for one client connection: a Duplex in front of the socket
 * (a TCP socket, or the /mqtt WebSocketDuplex).
 *
 * Reading, every byte passes the PacketScanner before aedes sees it, and the connection is closed
 * on the first problem, so an oversized or malformed packet is refused from its header. aedes gets
 * at most MAX_PACKETS_PER_READ packets per read.
 *
 * Writing never pushes back on aedes: a write is handed to the socket at once and acknowledged.
 * aedes waits for 'drain' inside the delivery of a message to every subscriber, so one client that
 * stops reading would hold up that message for all the others (and behind it, the publishers).
 * Instead the guard tells how far behind its client is (`queuedBytes`, `congested`), the delivery
 * policy (slow-consumer.ts) drops live messages for a congested client and paces retained ones
 * (`whenCaughtUp`), and a client that takes nothing for `drainTimeoutMs` while at least
 * WATCHED_QUEUE_BYTES wait is disconnected.
 */
export class GuardedConnection extends Duplex {
  /** Why the guard closed the connection, when it did. */
  closedBecause: string | undefined

  readonly #inner: Duplex
  readonly #options: GuardOptions
  readonly #scanner: PacketScanner
  readonly #sentPackets = new PacketCounter()
  readonly #queued: () => number
  /** Received chunks not handed to aedes yet, and how far into the first one we are. */
  #inbox: Buffer[] = []
  #inboxAt = 0
  #innerPaused = false
  #innerEnded = false
  #ended = false
  #corked = false
  /** Bytes handed to the socket in all; minus what it still holds, what the peer has taken. */
  #accepted = 0
  #watchdog: NodeJS.Timeout | undefined
  #takenAtLastCheck = 0
  #lastTakenAt = 0
  #catchUpWaiters: Array<() => void> = []
  #catchUpTimer: NodeJS.Timeout | undefined

  constructor(inner: Duplex, options: GuardOptions) {
    // A high-water mark of 1: each slice pushed fills the buffer, so aedes reads one slice at a time.
    super({ allowHalfOpen: false, readableHighWaterMark: 1 })
    this.#inner = inner
    this.#options = options
    this.#scanner = new PacketScanner(options.maxPacketBytes, options.counters)
    this.#queued = isReportingQueuedBytes(inner) ? () => inner.queuedBytes : () => inner.writableLength

    inner.on('data', (chunk: Buffer) => {
      this.#inbox.push(chunk)
      this.#pumpInbox()
    })
    inner.once('end', () => {
      this.#innerEnded = true
      this.#pumpInbox()
    })
    inner.once('close', () => {
      // Like after a TCP FIN, what arrived before the close is still read before 'end'
      // (a last PUBLISH, the DISCONNECT); an abort, or a reader that never comes back, is cut off.
      if (!this.#innerEnded || this.#ended) {
        this.destroy()
        return
      }
      const cutOff = setTimeout(() => this.destroy(), CLOSED_READ_GRACE_MS)
      cutOff.unref()
      this.once('close', () => clearTimeout(cutOff))
    })
    inner.on('error', (error) => this.destroy(error))
  }

  /** The peer's address, for aedes and the logs (TCP only). */
  get remoteAddress(): string | undefined {
    return (this.#inner as { remoteAddress?: string }).remoteAddress
  }

  get remotePort(): number | undefined {
    return (this.#inner as { remotePort?: number }).remotePort
  }

  /** Bytes written for this client that it has not taken yet. */
  get queuedBytes(): number {
    return this.#queued()
  }

  /** More than maxQueuedBytes wait: live messages for this client are dropped. */
  get congested(): boolean {
    return this.#queued() > this.#options.maxQueuedBytes
  }

  /** Calls `resume` once the client is no longer congested, or the connection has closed. */
  whenCaughtUp(resume: () => void): void {
    if (this.destroyed || !this.congested) {
      resume()
      return
    }
    this.#catchUpWaiters.push(resume)
    this.#catchUpTimer ??= setTimeout(this.#checkCaughtUp, CATCH_UP_POLL_MS)
  }

  /** Closes the connection for a reason the log should show. */
  refuse(problem: string): void {
    if (this.destroyed) return
    this.closedBecause = problem
    this.destroy(new Error(problem))
  }

  override _read(): void {
    this.#pumpInbox()
  }

  /** Scans and hands on received bytes while aedes wants more; pauses the socket when it does not. */
  #pumpInbox(): void {
    while (this.#inbox.length > 0) {
      const head = this.#inbox[0]!
      const from = this.#inboxAt
      const stop = this.#scanner.scan(head, from, MAX_PACKETS_PER_READ)
      if (stop < 0) {
        this.refuse(this.#scanner.problem ?? 'malformed packet')
        return
      }
      const slice = from === 0 && stop === head.length ? head : head.subarray(from, stop)
      if (stop === head.length) {
        this.#inbox.shift()
        this.#inboxAt = 0
      } else {
        this.#inboxAt = stop
      }
      if (!this.push(slice)) {
        if (!this.#innerPaused) {
          this.#innerPaused = true
          this.#inner.pause()
        }
        return
      }
    }
    if (this.#innerEnded) {
      if (!this.#ended) {
        this.#ended = true
        this.push(null)
      }
      return
    }
    if (this.#innerPaused) {
      this.#innerPaused = false
      this.#inner.resume()
    }
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#send(chunk)
    callback()
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    for (const { chunk } of chunks) this.#send(chunk)
    callback()
  }

  #send(chunk: Buffer): void {
    const inner = this.#inner
    // Written after the socket closed: nobody will read it; aedes learns of the close from 'close'.
    if (inner.destroyed) return
    if (this.#options.coalesceWrites && !this.#corked) {
      // aedes sends each delivery from its own setImmediate, and mqtt-packet uncorks on the next
      // tick, so without this every packet is its own writev.
      this.#corked = true
      inner.cork()
      setImmediate(this.#uncork)
    }
    inner.write(chunk)
    const counters = this.#options.counters
    counters.bytesSent += chunk.length
    counters.packetsSent += this.#sentPackets.count(chunk)
    this.#accepted += chunk.length
    if (this.#watchdog === undefined && this.#queued() >= WATCHED_QUEUE_BYTES) this.#watch()
  }

  readonly #uncork = (): void => {
    if (!this.#corked) return
    this.#corked = false
    this.#inner.uncork()
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#uncork()
    this.#inner.end()
    callback()
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    clearTimeout(this.#watchdog)
    clearTimeout(this.#catchUpTimer)
    this.#checkCaughtUp()
    this.#inbox = []
    // What aedes wrote last this turn goes out before the close, as it would have without the guard
    // (the socket hands it to the kernel synchronously): a CONNACK refusing the client, also the
    // CONNACK 0x01 ("unacceptable protocol version") that aedes writes to an MQTT 5 CONNECT just
    // before it closes with an error. Only the guard's own refusals (refuse()) cut at once.
    const cut = error !== null && this.closedBecause !== undefined
    if (!this.#inner.destroyed) {
      if (!cut) this.#uncork()
      this.#inner.destroy(cut ? error : undefined)
    }
    callback(error)
  }

  /** Starts watching a client with WATCHED_QUEUE_BYTES or more waiting: it must take some within drainTimeoutMs. */
  #watch(): void {
    this.#takenAtLastCheck = this.#accepted - this.#queued()
    this.#lastTakenAt = Date.now()
    this.#scheduleCheck()
  }

  #scheduleCheck(): void {
    this.#watchdog = setTimeout(this.#checkProgress, Math.min(WATCHDOG_STEP_MS, this.#options.drainTimeoutMs))
    this.#watchdog.unref()
  }

  readonly #checkProgress = (): void => {
    this.#watchdog = undefined
    if (this.destroyed) return
    const queued = this.#queued()
    if (queued < WATCHED_QUEUE_BYTES) return
    const taken = this.#accepted - queued
    if (taken !== this.#takenAtLastCheck) {
      this.#takenAtLastCheck = taken
      this.#lastTakenAt = Date.now()
    } else if (Date.now() - this.#lastTakenAt >= this.#options.drainTimeoutMs) {
      const seconds = this.#options.drainTimeoutMs / 1000
      this.refuse(`slow consumer: ${queued} bytes waiting, none taken in ${seconds} s`)
      return
    }
    this.#scheduleCheck()
  }

  readonly #checkCaughtUp = (): void => {
    this.#catchUpTimer = undefined
    if (this.#catchUpWaiters.length === 0) return
    if (!this.destroyed && this.congested) {
      this.#catchUpTimer = setTimeout(this.#checkCaughtUp, CATCH_UP_POLL_MS)
      return
    }
    const waiters = this.#catchUpWaiters
    this.#catchUpWaiters = []
    for (const resume of waiters) resume()
  }
}

function isReportingQueuedBytes(stream: Duplex): stream is Duplex & ReportsQueuedBytes {
  return typeof (stream as Partial<ReportsQueuedBytes>).queuedBytes === 'number'
}
