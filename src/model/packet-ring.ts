/**
 * The packet trace of one session (issue 20, "Packets"): every control packet, in order, in a ring
 * with a count and a byte budget (LIMITS.packets; the oldest go first, counted). PUBLISH packets are
 * kept only when they match the keep filter the user chose, or, with none chosen, while no more than
 * LIMITS.packets.publishRate arrive per second; the others are counted. Acknowledgements get the time
 * since their request. `record` is O(1) per packet (a PUBLISH not kept costs a counter, and a map entry
 * while its acknowledgement is awaited); `query` (the page's snapshot) scans the ring.
 */
import { LIMITS } from './limits.ts'
import { describePacket } from './packet-trace.ts'
import type { PacketDirection, PacketEntry, PacketQuery, PacketSnapshot, PacketTotals, TracedPacket } from './packet-types.ts'
import { matchesFilter } from './topic-rules.ts'

export interface PacketBudget {
  readonly count: number
  readonly bytes: number
}

const other = (d: PacketDirection): PacketDirection => (d === 'sent' ? 'received' : 'sent')

/** The acknowledgement a request awaits (type and packet id), or undefined for a packet that is no request. */
function awaitedAck(packet: TracedPacket): string | undefined {
  switch (packet.cmd) {
    case 'connect':
      return 'connack'
    case 'pingreq':
      return 'pingresp'
    case 'publish':
      return packet.qos === 1 ? `puback${packet.messageId}` : packet.qos === 2 ? `pubrec${packet.messageId}` : undefined
    case 'pubrel':
      return `pubcomp${packet.messageId}`
    case 'subscribe':
      return `suback${packet.messageId}`
    case 'unsubscribe':
      return `unsuback${packet.messageId}`
    default:
      return undefined
  }
}

const ACKS = new Set(['connack', 'pingresp', 'puback', 'pubrec', 'pubcomp', 'suback', 'unsuback'])

/** An entry's estimated memory: object overhead plus its strings (UTF-16) and JSON parts. */
export function entryBytes(entry: Omit<PacketEntry, 'seq'>): number {
  let bytes = 160 + (entry.topic?.length ?? 0) * 2
  if (entry.reasons) for (const r of entry.reasons) bytes += 40 + r.length * 2
  if (entry.properties) bytes += JSON.stringify(entry.properties).length * 2
  if (entry.details && entry.type !== 'PUBLISH') bytes += JSON.stringify(entry.details).length * 2
  return bytes
}

export class PacketRing {
  readonly #budget: PacketBudget
  readonly #entries: (PacketEntry | undefined)[]
  readonly #sizes: number[]
  #head = 0
  #size = 0
  #bytes = 0
  #seq = 0
  #evicted = 0
  #notKept = 0
  #keepFilter = ''
  /** PUBLISH packets in this second and the one before (the automatic keep rule). */
  #second = -1
  #thisSecond = 0
  #lastSecond = 0
  /** `${ackDirection} ${ack}` → the request's time. */
  readonly #pending = new Map<string, number>()
  /** Bumped by every change; the worker sends a snapshot only when it moved. */
  version = 0

  constructor(budget: PacketBudget = LIMITS.packets) {
    this.#budget = budget
    this.#entries = new Array<PacketEntry | undefined>(budget.count)
    this.#sizes = new Array<number>(budget.count).fill(0)
  }

  /** '' = automatic; otherwise an MQTT topic filter (checked by the caller). */
  setKeepFilter(filter: string): void {
    this.#keepFilter = filter
    this.version++
  }

  /** One packet sent or received at `time` (epoch ms). */
  record(packet: TracedPacket, direction: PacketDirection, protocolVersion: 3 | 4 | 5, time: number): void {
    const seq = ++this.#seq
    const ackMs = this.#timeAck(packet, direction, time)
    if (packet.cmd === 'publish' && !this.#keepsPublish(packet.topic ?? '', time)) {
      this.#notKept++
      this.version++
      return
    }
    const described = describePacket(packet, direction, protocolVersion, time)
    const entry: PacketEntry = { seq, ...described, ...(ackMs !== undefined ? { ackMs } : {}) }
    this.#append(entry, entryBytes(described))
  }

  #timeAck(packet: TracedPacket, direction: PacketDirection, time: number): number | undefined {
    const awaited = awaitedAck(packet)
    if (awaited !== undefined && this.#pending.size < LIMITS.packets.pending) this.#pending.set(`${other(direction)} ${awaited}`, time)
    if (!ACKS.has(packet.cmd)) return undefined
    const key = `${direction} ${packet.cmd}${packet.cmd === 'connack' || packet.cmd === 'pingresp' ? '' : packet.messageId}`
    const since = this.#pending.get(key)
    if (since === undefined) return undefined
    this.#pending.delete(key)
    return Math.max(0, time - since)
  }

  #keepsPublish(topic: string, time: number): boolean {
    if (this.#keepFilter !== '') return matchesFilter(this.#keepFilter, topic)
    const second = Math.floor(time / 1000)
    if (second !== this.#second) {
      this.#lastSecond = second === this.#second + 1 ? this.#thisSecond : 0
      this.#thisSecond = 0
      this.#second = second
    }
    this.#thisSecond++
    return this.#thisSecond <= LIMITS.packets.publishRate && this.#lastSecond <= LIMITS.packets.publishRate
  }

  #append(entry: PacketEntry, bytes: number): void {
    const capacity = this.#budget.count
    while (this.#size > 0 && (this.#size >= capacity || this.#bytes + bytes > this.#budget.bytes)) this.#evictOldest()
    const index = (this.#head + this.#size) % capacity
    this.#entries[index] = entry
    this.#sizes[index] = bytes
    this.#size++
    this.#bytes += bytes
    this.version++
  }

  #evictOldest(): void {
    this.#entries[this.#head] = undefined
    this.#bytes -= this.#sizes[this.#head]!
    this.#head = (this.#head + 1) % this.#budget.count
    this.#size--
    this.#evicted++
  }

  /** A new session: nothing of the previous one stays (the keep filter does). */
  clear(): void {
    while (this.#size > 0) this.#evictOldest()
    this.#evicted = 0
    this.#notKept = 0
    this.#seq = 0
    this.#pending.clear()
    this.version++
  }

  get totals(): PacketTotals {
    return {
      count: this.#size,
      bytes: this.#bytes,
      maxCount: this.#budget.count,
      maxBytes: this.#budget.bytes,
      evictedCount: this.#evicted,
      notKept: this.#notKept,
      keepFilter: this.#keepFilter,
    }
  }

  /** Every kept entry, oldest first. */
  *entries(): Generator<PacketEntry> {
    for (let i = 0; i < this.#size; i++) yield this.#entries[(this.#head + i) % this.#budget.count]!
  }

  /** The newest `limit` entries matching `query` (oldest first), and how many match in all. */
  query(query: PacketQuery, limit: number = LIMITS.packets.view): PacketSnapshot {
    const types = query.types.length > 0 ? new Set(query.types) : undefined
    const text = query.topic.toLowerCase()
    const newest: PacketEntry[] = []
    let matching = 0
    for (let i = this.#size - 1; i >= 0; i--) {
      const entry = this.#entries[(this.#head + i) % this.#budget.count]!
      if (types && !types.has(entry.type)) continue
      if (text !== '' && !(entry.topic ?? '').toLowerCase().includes(text)) continue
      matching++
      if (newest.length < limit) newest.push(entry)
    }
    return { entries: newest.reverse(), matching, totals: this.totals }
  }
}
