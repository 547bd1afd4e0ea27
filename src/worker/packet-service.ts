import { LIMITS } from '../model/limits.ts'
import { PacketRing } from '../model/packet-ring.ts'
import { packetJsonLine } from '../model/packet-trace.ts'
import type { PacketDirection, PacketQuery, TracedPacket } from '../model/packet-types.ts'
import { validateFilter } from '../model/topic-rules.ts'
import type { WorkerCommand, WorkerEvent } from './protocol.ts'

export type PacketCommand = Extract<WorkerCommand, { type: 'packets-view' | 'packets-keep' | 'packets-ack' | 'packets-export' }>

/**
 * The worker's side of the Packets panel: every packet of the current session goes into the ring
 * (one O(1) append, see model/packet-ring.ts); while the panel is open, the flush clock sends it a
 * bounded snapshot (the newest LIMITS.packets.view matching packets) when the trace changed, at most
 * one unacknowledged at a time, like batches. Nothing is sent per packet.
 */
export class PacketService {
  readonly #ring = new PacketRing()
  readonly #emit: (event: WorkerEvent) => void
  #protocolVersion: 4 | 5 = 4
  /** What the open panel shows; undefined while it is closed (nothing is sent). */
  #query: PacketQuery | undefined
  #sentVersion = -1
  #awaiting: number | undefined
  #seq = 0

  constructor(emit: (event: WorkerEvent) => void) {
    this.#emit = emit
  }

  /** Another session from now on: its packets only. */
  clear(): void {
    this.#ring.clear()
  }

  /**
   * MQTT.js's 'packetsend' / 'packetreceive'; the hot path. The session's own CONNECT says which
   * protocol version the rest is read with (MQTT.js writes it while the session is being built).
   */
  readonly record = (direction: PacketDirection, packet: TracedPacket): void => {
    if (packet.cmd === 'connect') this.#protocolVersion = packet.protocolVersion === 5 ? 5 : 4
    this.#ring.record(packet, direction, this.#protocolVersion, performance.timeOrigin + performance.now())
  }

  /** The flush clock: a snapshot for the open panel when the trace changed. */
  poll(): void {
    if (this.#query === undefined || this.#awaiting !== undefined || this.#ring.version === this.#sentVersion) return
    this.#sentVersion = this.#ring.version
    this.#awaiting = ++this.#seq
    this.#emit({ type: 'packets', seq: this.#seq, snapshot: this.#ring.query(this.#query) })
  }

  handle(command: PacketCommand): void {
    switch (command.type) {
      case 'packets-view':
        this.#query = command.query
        this.#sentVersion = -1
        this.#awaiting = undefined
        return
      case 'packets-keep':
        // The page checks the filter first; one that is still invalid keeps the automatic rule.
        this.#ring.setKeepFilter(command.filter !== '' && validateFilter(command.filter) === undefined ? command.filter : '')
        return
      case 'packets-ack':
        if (this.#awaiting === command.seq) this.#awaiting = undefined
        return
      case 'packets-export':
        return this.#export(command.requestId, command.query)
    }
  }

  /** Every kept packet matching the query as JSONL (no payloads, no password). */
  #export(requestId: number, query: PacketQuery): void {
    const { entries } = this.#ring.query(query, LIMITS.packets.count)
    let jsonl = ''
    for (const entry of entries) jsonl += packetJsonLine(entry) + '\n'
    this.#emit({ type: 'packets-export', requestId, jsonl, count: entries.length })
  }
}
