import { checkConnect, checkSubscribe, checkUnsubscribe, packetIdProblem } from './packet-checks.ts'
import type { TrafficCounters } from './traffic-counters.ts'
import { topicNameBytesProblem } from './wire-strings.ts'

/**
 * The packet guard: reads what a client sends as it streams past, packet header by packet header,
 * and names the first thing wrong with it, before aedes (mqtt-packet) buffers or parses it.
 *
 * - The size: the remaining length is a variable byte integer of at most 4 bytes [MQTT-2.2.3];
 *   as soon as it is complete, a packet larger than `maxPacketBytes` is refused, whether the body
 *   ever comes or not. mqtt-packet would otherwise buffer a declared 100 MB PUBLISH in full.
 * - The order: the first packet must be CONNECT [MQTT-3.1.0-1], and only the first [MQTT-3.1.0-2].
 * - The fixed header: no packet type a client never sends, reserved flags as the spec sets them
 *   [MQTT-2.2.2-2], no QoS 3 [MQTT-3.3.1-4], no DUP on QoS 0 [MQTT-3.3.1-2].
 * - The parts aedes cannot check once they are decoded: topics and strings as bytes (ill-formed
 *   UTF-8, U+0000, control characters), packet id 0 [MQTT-2.3.1-1], an empty SUBSCRIBE or
 *   UNSUBSCRIBE (see packet-checks.ts).
 *
 * Only the bytes a check needs are looked at: a PUBLISH costs its header, its topic and its packet
 * id, and the payload is skipped by counting. What the checks read is a view into the received
 * chunk, copied only when it spans two chunks. After a CONNECT for a protocol level other than 3.1
 * or 3.1.1 only the size and the length encoding are checked (aedes 1.2 refuses such a client with
 * CONNACK 0x01 anyway, and MQTT 5 packets have properties these checks do not read).
 */
export class PacketScanner {
  /** What was wrong, once `scan` has returned -1; the connection must then be closed. */
  problem: string | undefined

  readonly #maxPacketBytes: number
  readonly #counters: TrafficCounters
  #state: Step = STEP.header
  #firstByte = 0
  #length = 0
  #multiplier = 1
  #lengthBytes = 0
  /** Body bytes of the current packet not scanned yet. */
  #remaining = 0
  /** Body bytes still to be gathered for the current check (0: none, skip the rest). */
  #need = 0
  #parts: Buffer[] = []
  #partBytes = 0
  /** PUBLISH is checked in two steps: the topic length, then the topic and packet id. */
  #publishTopicBytes = -1
  #connectSeen = false
  /** After a CONNECT for another protocol level, only sizes are checked. */
  #lenient = false

  constructor(maxPacketBytes: number, counters: TrafficCounters) {
    this.#maxPacketBytes = maxPacketBytes
    this.#counters = counters
  }

  /**
   * Scans `chunk` from `start` and returns where it stopped: the end of the chunk, or the start of
   * the packet after `maxPackets` packet headers (so a caller can hand on a bounded number of
   * packets at a time), or -1 when something is wrong (see `problem`).
   */
  scan(chunk: Buffer, start: number, maxPackets: number): number {
    const end = chunk.length
    let at = start
    let headers = 0
    while (at < end) {
      if (this.#state === STEP.header) {
        if (headers === maxPackets) break
        headers++
        if (!this.#onHeader(chunk[at]!)) return -1
        at++
      } else if (this.#state === STEP.length) {
        const byte = chunk[at++]!
        this.#length += (byte & 0x7f) * this.#multiplier
        this.#multiplier *= 128
        this.#lengthBytes++
        if (byte & 0x80) {
          if (this.#lengthBytes === 4) {
            this.#fail('remaining length longer than 4 bytes')
            return -1
          }
        } else if (!this.#onLength()) {
          return -1
        }
      } else if (this.#need > 0) {
        const take = Math.min(this.#need, end - at)
        let captured: Buffer | undefined
        if (this.#partBytes === 0 && take === this.#need) {
          captured = chunk.subarray(at, at + take)
        } else {
          this.#parts.push(chunk.subarray(at, at + take))
          this.#partBytes += take
          if (take === this.#need) captured = Buffer.concat(this.#parts, this.#partBytes)
        }
        at += take
        this.#remaining -= take
        this.#need -= take
        if (captured !== undefined) {
          this.#parts = []
          this.#partBytes = 0
          if (!this.#onCaptured(captured)) return -1
          if (this.#remaining === 0 && this.#need === 0) this.#state = STEP.header
        }
      } else {
        const skip = Math.min(this.#remaining, end - at)
        at += skip
        this.#remaining -= skip
        if (this.#remaining === 0) this.#state = STEP.header
      }
    }
    this.#counters.bytesReceived += at - start
    return at
  }

  #onHeader(byte: number): boolean {
    this.#counters.packetsReceived++
    const type = byte >> 4
    if (type === CONNECT) {
      if (this.#connectSeen) return this.#fail('a second CONNECT') // [MQTT-3.1.0-2]
      this.#connectSeen = true
    } else if (!this.#connectSeen) {
      return this.#fail('the first packet is not CONNECT') // [MQTT-3.1.0-1]
    } else if (type === PUBLISH) {
      this.#counters.publishReceived++
    }
    if (!this.#lenient) {
      const flags = byte & 0x0f
      const expected = CLIENT_HEADER_FLAGS[type]
      if (expected === undefined) return this.#fail(`packet type ${type} is not sent by clients`)
      if (expected === PUBLISH_FLAGS) {
        const qos = (flags >> 1) & 0x03
        if (qos === 3) return this.#fail('PUBLISH with QoS 3') // [MQTT-3.3.1-4]
        if (qos === 0 && flags & 0x08) return this.#fail('PUBLISH with DUP on QoS 0') // [MQTT-3.3.1-2]
      } else if (flags !== expected) {
        return this.#fail(`reserved header flags ${flags} on packet type ${type}`) // [MQTT-2.2.2-2]
      }
    }
    this.#firstByte = byte
    this.#length = 0
    this.#multiplier = 1
    this.#lengthBytes = 0
    this.#state = STEP.length
    return true
  }

  #onLength(): boolean {
    const length = this.#length
    const total = 1 + this.#lengthBytes + length
    if (total > this.#maxPacketBytes) return this.#fail(`a packet of ${total} bytes, over the ${this.#maxPacketBytes}-byte limit`)
    this.#remaining = length
    this.#state = STEP.body
    this.#publishTopicBytes = -1
    const type = this.#firstByte >> 4
    if (this.#lenient) {
      this.#need = 0
      if (length === 0) this.#state = STEP.header
      return true
    }
    let need = 0
    switch (type) {
      case CONNECT:
      case SUBSCRIBE:
      case UNSUBSCRIBE:
        need = length
        break
      case PUBLISH:
        if (length < 2) return this.#fail('PUBLISH too short for its topic')
        need = 2
        break
      case PUBACK:
      case PUBREC:
      case PUBREL:
      case PUBCOMP:
        if (length !== 2) return this.#fail(`an acknowledgement of ${length} bytes (3.1.1: 2)`)
        need = 2
        break
      case PINGREQ:
      case DISCONNECT:
        if (length !== 0) return this.#fail(`packet type ${type} with a body`)
        break
    }
    if (!this.#startCapture(need)) return false
    if (this.#remaining === 0 && this.#need === 0) this.#state = STEP.header
    return true
  }

  /** Gathers the next `need` body bytes for a check; a check on nothing runs at once. */
  #startCapture(need: number): boolean {
    if (need > 0) {
      this.#need = need
      return true
    }
    const type = this.#firstByte >> 4
    this.#need = 0
    // Types whose check reads the body must run it even on an empty one.
    if (type === CONNECT || type === SUBSCRIBE || type === UNSUBSCRIBE || (type === PUBLISH && this.#publishTopicBytes >= 0)) {
      return this.#onCaptured(EMPTY)
    }
    return true
  }

  #onCaptured(bytes: Buffer): boolean {
    const type = this.#firstByte >> 4
    let problem: string | undefined
    switch (type) {
      case CONNECT: {
        const connect = checkConnect(bytes)
        problem = connect.problem
        this.#lenient = connect.level !== 3 && connect.level !== 4
        break
      }
      case PUBLISH: {
        const qos = (this.#firstByte >> 1) & 0x03
        if (this.#publishTopicBytes < 0) {
          // Step 1: the topic length; then gather the topic and the packet id.
          this.#publishTopicBytes = bytes.readUInt16BE(0)
          const next = this.#publishTopicBytes + (qos > 0 ? 2 : 0)
          if (next > this.#remaining) return this.#fail('PUBLISH shorter than its topic')
          return this.#startCapture(next)
        }
        problem = topicNameBytesProblem(bytes, 0, this.#publishTopicBytes)
        if (problem === undefined && qos > 0) problem = packetIdProblem(bytes, this.#publishTopicBytes)
        break
      }
      case PUBACK:
      case PUBREC:
      case PUBREL:
      case PUBCOMP:
        problem = packetIdProblem(bytes, 0)
        break
      case SUBSCRIBE:
        problem = checkSubscribe(bytes)
        break
      case UNSUBSCRIBE:
        problem = checkUnsubscribe(bytes)
        break
    }
    return problem === undefined ? true : this.#fail(problem)
  }

  #fail(problem: string): false {
    this.problem = problem
    return false
  }
}

const STEP = { header: 0, length: 1, body: 2 } as const
type Step = (typeof STEP)[keyof typeof STEP]

const CONNECT = 1
const PUBLISH = 3
const PUBACK = 4
const PUBREC = 5
const PUBREL = 6
const PUBCOMP = 7
const SUBSCRIBE = 8
const UNSUBSCRIBE = 10
const PINGREQ = 12
const DISCONNECT = 14

const PUBLISH_FLAGS = -1
/**
 * The fixed-header flags a client must send, by packet type [MQTT-2.2.2]; PUBLISH carries its own
 * (DUP, QoS, RETAIN); undefined for the types only a server sends (CONNACK, SUBACK, UNSUBACK,
 * PINGRESP), the reserved 0 and AUTH (MQTT 5 only).
 */
const CLIENT_HEADER_FLAGS: ReadonlyArray<number | undefined> = [
  undefined,
  0,
  undefined,
  PUBLISH_FLAGS,
  0,
  0,
  2,
  0,
  2,
  undefined,
  2,
  undefined,
  0,
  undefined,
  0,
  undefined,
]

const EMPTY = Buffer.alloc(0)
