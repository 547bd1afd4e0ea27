import type { WebSocket } from 'ws'

/**
 * Largest frame the bridge and the relay send to the page. The browser pays per WebSocket frame
 * (issue 18: mosquitto's one frame per packet caps the page near 10,000 msg/s), so the broker's
 * bytes are gathered; the bound keeps one frame from holding the worker's parser for long and
 * keeps a 1 MiB broker frame from becoming a 1 MiB page frame.
 */
export const PAGE_FRAME_BYTES = 64 * 1024

/**
 * Gathers what the broker sent during one turn of the event loop and sends it to the page as
 * frames of at most PAGE_FRAME_BYTES (MQTT over WebSocket lets a frame carry any slice of the
 * byte stream [MQTT-6.0.0-2..4]). One TCP read or one broker WebSocket message is therefore not
 * one page frame: a burst of small packets becomes a few large frames.
 */
export class PageFrames {
  readonly #ws: WebSocket
  readonly #maxFrameBytes: number
  readonly #afterSend: () => void
  #pending: Buffer[] = []
  #pendingBytes = 0
  #scheduled = false
  #frames = 0

  constructor(ws: WebSocket, afterSend: () => void, maxFrameBytes = PAGE_FRAME_BYTES) {
    this.#ws = ws
    this.#afterSend = afterSend
    this.#maxFrameBytes = maxFrameBytes
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
    if (!this.#scheduled) {
      this.#scheduled = true
      setImmediate(this.flush)
    }
  }

  /** Sends what was gathered now (also before a close frame, so the page gets the last bytes). */
  readonly flush = (): void => {
    this.#scheduled = false
    if (this.#pendingBytes === 0) return
    const all = this.#pending.length === 1 ? this.#pending[0]! : Buffer.concat(this.#pending, this.#pendingBytes)
    this.#pending = []
    this.#pendingBytes = 0
    if (this.#ws.readyState !== this.#ws.OPEN) return
    for (let offset = 0; offset < all.length; offset += this.#maxFrameBytes) {
      this.#frames += 1
      this.#ws.send(all.subarray(offset, offset + this.#maxFrameBytes), { binary: true }, this.#afterSend)
    }
  }
}
