import type { WebSocket } from 'ws'

/**
 * Largest frame the bridge and the relay send to the page. The browser pays per WebSocket frame
 * (issue 18: mosquitto's one frame per packet caps the page near 10,000 msg/s), so the broker's
 * bytes are gathered; the bound keeps one frame from holding the worker's parser for long and
 * keeps a 1 MiB broker frame from becoming a 1 MiB page frame.
 */
export const PAGE_FRAME_BYTES = 64 * 1024

/**
 * Shortest time between two frames that are not full, while the broker keeps sending. One frame
 * per event-loop turn was not enough: the server turns its loop far faster than the page takes
 * frames, so at 50,000 msg/s from mosquitto it sent 6,000 to 19,000 frames a second of ~150 bytes
 * (one per TCP read; mosquitto writes one packet per write(2)), and the page fell seconds behind
 * with its network thread's socket holding megabytes. With this pace a steady stream becomes at
 * most ~125 frames a second plus the full ones, for at most this much added delay.
 */
export const PAGE_FRAME_INTERVAL_MS = 8

/**
 * Gathers what the broker sends and passes it to the page as frames of at most PAGE_FRAME_BYTES
 * (MQTT over WebSocket lets a frame carry any slice of the byte stream [MQTT-6.0.0-2..4]). One TCP
 * read or one broker WebSocket message is therefore not one page frame: a burst of small packets
 * becomes a few large frames.
 *
 * When: bytes that arrive after a quiet moment (nothing sent for PAGE_FRAME_INTERVAL_MS) go out at
 * the end of this event-loop turn, so a CONNACK, SUBACK or a lone message is not delayed; while
 * bytes keep coming, the next frame waits until PAGE_FRAME_INTERVAL_MS after the previous one,
 * unless a whole PAGE_FRAME_BYTES is gathered, which goes out at once.
 */
export class PageFrames {
  readonly #ws: WebSocket
  readonly #maxFrameBytes: number
  readonly #intervalMs: number
  readonly #afterSend: () => void
  #pending: Buffer[] = []
  #pendingBytes = 0
  #immediate: NodeJS.Immediate | undefined
  #timer: NodeJS.Timeout | undefined
  /** performance.now() of the last frame that was not full (-Infinity: none yet). */
  #lastSentAt = -Infinity
  #frames = 0

  constructor(ws: WebSocket, afterSend: () => void, maxFrameBytes = PAGE_FRAME_BYTES, intervalMs = PAGE_FRAME_INTERVAL_MS) {
    this.#ws = ws
    this.#afterSend = afterSend
    this.#maxFrameBytes = maxFrameBytes
    this.#intervalMs = intervalMs
  }

  /** Bytes not yet handed to the socket: gathered here plus queued in ws. */
  get queuedBytes(): number {
    return this.#pendingBytes + this.#ws.bufferedAmount
  }

  /** Frames sent so far (for the close log). */
  get frames(): number {
    return this.#frames
  }

  push(chunk: Buffer): void {
    this.#pending.push(chunk)
    this.#pendingBytes += chunk.length
    if (this.#pendingBytes >= this.#maxFrameBytes) return this.#sendFull()
    if (this.#immediate !== undefined || this.#timer !== undefined) return
    const wait = this.#lastSentAt + this.#intervalMs - performance.now()
    if (wait <= 0) this.#immediate = setImmediate(this.flush)
    else this.#timer = setTimeout(this.flush, Math.ceil(wait))
  }

  /** Sends everything gathered now (also before a close frame, so the page gets the last bytes). */
  readonly flush = (): void => {
    this.#cancel()
    if (this.#pendingBytes === 0) return
    this.#lastSentAt = performance.now()
    this.#send(this.#take(this.#pendingBytes))
  }

  /** Whole frames now; a remainder waits for the pace (its timer, if any, stays). */
  #sendFull(): void {
    const whole = this.#pendingBytes - (this.#pendingBytes % this.#maxFrameBytes)
    this.#send(this.#take(whole))
    if (this.#pendingBytes === 0) this.#cancel()
    else if (this.#immediate === undefined && this.#timer === undefined) this.#timer = setTimeout(this.flush, this.#intervalMs)
  }

  /** The first `bytes` gathered, as one buffer; the rest stays gathered. */
  #take(bytes: number): Buffer {
    const all = this.#pending.length === 1 ? this.#pending[0]! : Buffer.concat(this.#pending, this.#pendingBytes)
    const rest = all.subarray(bytes)
    this.#pending = rest.length > 0 ? [rest] : []
    this.#pendingBytes = rest.length
    return all.subarray(0, bytes)
  }

  #send(bytes: Buffer): void {
    if (this.#ws.readyState !== this.#ws.OPEN) return
    for (let offset = 0; offset < bytes.length; offset += this.#maxFrameBytes) {
      this.#frames += 1
      this.#ws.send(bytes.subarray(offset, offset + this.#maxFrameBytes), { binary: true }, this.#afterSend)
    }
  }

  #cancel(): void {
    if (this.#immediate !== undefined) clearImmediate(this.#immediate)
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#immediate = undefined
    this.#timer = undefined
  }
}
