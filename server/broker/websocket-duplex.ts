import { Duplex } from 'node:stream'
import type { WebSocket } from 'ws'

/** Bytes queued in the socket past which we stop acknowledging writes, so the broker slows down. */
const HIGH_WATER_BYTES = 1 << 20

/**
 * Largest piece of a received frame handed to the reader at once: what one read of a TCP socket
 * gives. aedes parses everything a `read()` returns and handles all those packets at the same
 * time, so a 1 MiB frame (a client that coalesces its writes too) would otherwise become one
 * batch of ~13,000 publishes queued inside the broker.
 */
const READ_SLICE_BYTES = 64 * 1024

/** After the WebSocket has closed, how long the reader gets to take what was received. */
const CLOSED_READ_GRACE_MS = 10_000

/**
 * A Duplex over one WebSocket that gathers everything written during one turn of the event loop
 * into a single binary frame.
 *
 * aedes writes each MQTT packet in several small writes (header, topic, payload). Wrapped with
 * `ws.createWebSocketStream`, every one of them becomes its own frame and its own syscall, which
 * measured here at under a fifth of mosquitto's WebSocket throughput. MQTT over WebSocket allows a
 * frame to carry any slice of the byte stream [MQTT-6.0.0-2..4], so coalescing is safe.
 *
 * Backpressure: writes are acknowledged at once until the socket holds HIGH_WATER_BYTES; after
 * that the acknowledgement waits for the frame to be flushed, so Node's Writable buffers and the
 * broker sees `write() === false`. Reading, received frames are handed on in slices of at most
 * READ_SLICE_BYTES and only while the reader wants more; the socket is paused otherwise.
 */
export class WebSocketDuplex extends Duplex {
  readonly #ws: WebSocket
  #pending: Buffer[] = []
  #pendingBytes = 0
  #waiting: Array<(error?: Error | null) => void> = []
  #flushScheduled = false
  /** Received bytes not yet pushed to the reader, oldest first. */
  #inbox: Buffer[] = []

  constructor(ws: WebSocket) {
    super({ allowHalfOpen: false })
    this.#ws = ws
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)
      // MQTT over WebSocket is binary only [MQTT-6.0.0-1]: a text frame is a protocol error.
      if (!isBinary) {
        ws.close(1003, 'MQTT needs binary frames')
        return
      }
      this.#inbox.push(chunk)
      this.#pushInbox()
    })
    ws.once('close', () => {
      // Like a TCP socket's FIN: what arrived before the close (a last PUBLISH, the DISCONNECT)
      // is still read, then 'end'. Destroying at once would throw away whatever the broker had
      // not read yet, and it would take a clean disconnect for a dropped connection.
      for (const chunk of this.#inbox) this.push(chunk)
      this.#inbox = []
      this.push(null)
      this.#failWaiting(new Error('WebSocket closed'))
      if (this.destroyed) return
      if (this.readableEnded) {
        this.destroy()
        return
      }
      const cutOff = setTimeout(() => this.destroy(), CLOSED_READ_GRACE_MS)
      cutOff.unref()
      this.once('end', () => {
        clearTimeout(cutOff)
        this.destroy()
      })
    })
    ws.on('error', (error) => this.destroy(error))
  }

  /**
   * Bytes written to this stream that have not reached the socket yet: held by Node's Writable,
   * gathered for the next frame, or queued inside ws. A chunk whose acknowledgement waits for its
   * frame is counted twice; the guard only needs the order of magnitude.
   */
  get queuedBytes(): number {
    return this.writableLength + this.#pendingBytes + this.#ws.bufferedAmount
  }

  override _read(): void {
    this.#pushInbox()
  }

  /** Pushes received slices while the reader keeps asking; pauses the socket when it stops. */
  #pushInbox(): void {
    while (this.#inbox.length > 0) {
      const head = this.#inbox[0]!
      let slice = head
      if (head.length > READ_SLICE_BYTES) {
        slice = head.subarray(0, READ_SLICE_BYTES)
        this.#inbox[0] = head.subarray(READ_SLICE_BYTES)
      } else {
        this.#inbox.shift()
      }
      if (!this.push(slice)) {
        this.#ws.pause()
        return
      }
    }
    this.#ws.resume()
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#pending.push(chunk)
    this.#pendingBytes += chunk.length
    if (this.#ws.bufferedAmount + this.#pendingBytes >= HIGH_WATER_BYTES) this.#waiting.push(callback)
    else callback()
    if (!this.#flushScheduled) {
      this.#flushScheduled = true
      setImmediate(this.#flush)
    }
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#flush()
    this.#ws.close(1000)
    callback()
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // A plain destroy (aedes after a refusing CONNACK) still sends what was written this turn,
    // before the close frame; destroyed with an error, the connection is cut at once.
    if (error === null && this.#ws.readyState === this.#ws.OPEN) this.#flush()
    this.#failWaiting(error ?? new Error('stream destroyed'))
    if (this.#ws.readyState === this.#ws.OPEN || this.#ws.readyState === this.#ws.CONNECTING) {
      if (error) this.#ws.terminate()
      else this.#ws.close(1000)
    }
    callback(error)
  }

  readonly #flush = (): void => {
    this.#flushScheduled = false
    if (this.#pendingBytes === 0) return
    const frame = this.#pending.length === 1 ? this.#pending[0]! : Buffer.concat(this.#pending, this.#pendingBytes)
    const waiting = this.#waiting
    this.#pending = []
    this.#pendingBytes = 0
    this.#waiting = []
    if (this.#ws.readyState !== this.#ws.OPEN) {
      for (const cb of waiting) cb(new Error('WebSocket closed'))
      return
    }
    this.#ws.send(frame, { binary: true }, (error) => {
      for (const cb of waiting) cb(error ?? null)
    })
  }

  #failWaiting(error: Error): void {
    const waiting = this.#waiting
    this.#waiting = []
    for (const cb of waiting) cb(error)
  }
}
