/** The packet trace's shapes (issue 20, "Packets"): what MQTT.js reports, and what the trace keeps. */

/**
 * The fields of an mqtt-packet object the trace reads (MQTT.js's 'packetsend' / 'packetreceive'),
 * written structurally so that src/model needs no MQTT library.
 */
export interface TracedPacket {
  readonly cmd: string
  readonly messageId?: number
  readonly length?: number
  readonly qos?: number
  readonly retain?: boolean
  readonly dup?: boolean
  readonly topic?: string
  readonly payload?: unknown
  readonly properties?: Readonly<Record<string, unknown>>
  readonly reasonCode?: number
  readonly returnCode?: number
  readonly sessionPresent?: boolean
  readonly granted?: ReadonlyArray<number | { readonly qos: number }>
  readonly subscriptions?: ReadonlyArray<{ readonly topic: string; readonly qos: number; readonly nl?: boolean; readonly rap?: boolean; readonly rh?: number }>
  readonly unsubscriptions?: readonly string[]
  // CONNECT
  readonly protocolId?: string
  readonly protocolVersion?: number
  readonly clientId?: string
  readonly clean?: boolean
  readonly keepalive?: number
  readonly username?: string
  readonly password?: unknown
  readonly will?: {
    readonly topic: string
    readonly payload?: unknown
    readonly qos?: number
    readonly retain?: boolean
    readonly properties?: Readonly<Record<string, unknown>>
  }
}

export type PacketDirection = 'sent' | 'received'

/** A JSON value (what an entry's properties and options hold: they go to the page and into JSONL). */
export type PacketValue = string | number | boolean | null | readonly PacketValue[] | { readonly [key: string]: PacketValue }

/** One packet as the trace keeps it: never a payload, never a password. */
export interface PacketEntry {
  /** Counts every packet of the trace from 1 (gaps: evicted or PUBLISH not kept). */
  readonly seq: number
  /** Epoch milliseconds (fractional: the worker's performance clock). */
  readonly time: number
  readonly direction: PacketDirection
  /** 'CONNECT', 'PUBLISH', ... */
  readonly type: string
  /** Bytes on the wire, fixed header included (model/packet-size.ts). */
  readonly bytes: number
  readonly packetId?: number
  readonly qos?: number
  readonly retain?: boolean
  readonly dup?: boolean
  /** PUBLISH: its topic; SUBSCRIBE / UNSUBSCRIBE: their filters, joined by ", ". */
  readonly topic?: string
  /** Reason codes as text ("0x8e session taken over"), one per code. */
  readonly reasons?: readonly string[]
  readonly properties?: { readonly [key: string]: PacketValue }
  /** CONNECT: the options sent (password redacted); SUBSCRIBE: each filter's options; PUBLISH: payload bytes. */
  readonly details?: { readonly [key: string]: PacketValue }
  /** Acknowledgements: milliseconds since their request (CONNECT, SUBSCRIBE, PUBLISH, PUBREL, ...). */
  readonly ackMs?: number
}

/** What the Packets panel shows: which packets, and how many. */
export interface PacketQuery {
  /** Types shown ([]: all). */
  readonly types: readonly string[]
  /** Shown when the topic (or SUBSCRIBE filters) contain this text (case-insensitive); '': all. */
  readonly topic: string
}

/** The trace's budget and losses, shown like the history budget. */
export interface PacketTotals {
  readonly count: number
  readonly bytes: number
  readonly maxCount: number
  readonly maxBytes: number
  readonly evictedCount: number
  /** PUBLISH packets not kept (outside the keep filter, or above the rate). */
  readonly notKept: number
  /** The keep filter in force ('' = automatic: none while more than LIMITS.packets.publishRate msg/s arrive). */
  readonly keepFilter: string
}

/** A bounded snapshot for the page: the newest matching entries (at most LIMITS.packets.view). */
export interface PacketSnapshot {
  readonly entries: readonly PacketEntry[]
  /** How many kept entries match the query (entries may show fewer: the newest only). */
  readonly matching: number
  readonly totals: PacketTotals
}
