/**
 * What went through the broker since it started, counted where it passes: bytes and packets by
 * the connection guards, PUBLISH deliveries and drops by the delivery policy. Plain fields, so
 * counting costs an addition. sys-stats.ts publishes them under $SYS.
 */
export class TrafficCounters {
  bytesReceived = 0
  bytesSent = 0
  /** Control packets of every type, like mosquitto's $SYS/broker/messages/received. */
  packetsReceived = 0
  packetsSent = 0
  publishReceived = 0
  /** PUBLISH packets sent to subscribers (live and retained). */
  publishSent = 0
  /** PUBLISH packets not sent to a subscriber that was too far behind (see slow-consumer.ts). */
  publishDropped = 0
}

/**
 * Counts the packets in a byte stream we write (aedes writes each packet in several pieces): it
 * walks the fixed headers and skips the bodies by counting. No checks, our own output.
 */
export class PacketCounter {
  /** Body bytes left of the current packet. */
  #skip = 0
  /** 0: at a header byte; 1..4: reading the remaining length; -1: in a body. */
  #step = 0
  #length = 0
  #multiplier = 1

  /** Packets that start in `chunk`. */
  count(chunk: Buffer): number {
    const end = chunk.length
    if (this.#step === -1 && this.#skip >= end) {
      this.#skip -= end
      if (this.#skip === 0) this.#step = 0
      return 0
    }
    let packets = 0
    let at = 0
    while (at < end) {
      if (this.#step === -1) {
        const skip = Math.min(this.#skip, end - at)
        at += skip
        this.#skip -= skip
        if (this.#skip === 0) this.#step = 0
      } else if (this.#step === 0) {
        packets++
        at++
        this.#step = 1
        this.#length = 0
        this.#multiplier = 1
      } else {
        const byte = chunk[at++]!
        this.#length += (byte & 0x7f) * this.#multiplier
        this.#multiplier *= 128
        if (byte & 0x80) {
          this.#step++
        } else {
          this.#skip = this.#length
          this.#step = this.#skip === 0 ? 0 : -1
        }
      }
    }
    return packets
  }
}
