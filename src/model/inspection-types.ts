/** The message inspector: what the page asks to see, and what the worker answers with. */
import type { QoS } from './connection-types.ts'
import type { MessageProperties } from './mqtt-properties.ts'
import type { JsonDiffMode, PayloadDiff } from './payload-diff.ts'
import type { BinaryFormatId, DecodedView } from './decoded-value.ts'
import type { DecodeResult } from './payload-decoders.ts'

/** Which message the inspector shows, and which part of it. */
export interface InspectRequest {
  /** The topic (tree node id); undefined: none. */
  readonly id: number | undefined
  /** The message (its seq); undefined: follow the latest. */
  readonly seq?: number
  /** First payload byte of the window (the Hex and Base64 views page through big payloads). */
  readonly offset?: number
  /** Bytes in the window, at most LIMITS.display.bytes (the default). */
  readonly length?: number
  /** Attach the diff against the message before it (or against `compareWith`). */
  readonly diff?: boolean
  /** With diff: the message (its seq) to compare the shown one with, instead of the one before it. */
  readonly compareWith?: number
  /** With diff: how two JSON documents are compared; 'keys' when absent. */
  readonly diffBy?: JsonDiffMode
  /**
   * Holds the history list still: it starts at the newest kept message whose seq is at most this
   * one, and newer messages are only counted (`history.newer`). Undefined: the list starts at the
   * newest message and moves with every arrival.
   */
  readonly historyAnchor?: number
  /** History entries to skip, newest first, from the anchor (paging through more than LIMITS.inspector.historyPage). */
  readonly historyStart?: number
  /** Decode the message as this binary format (the worker loads the decoders on first use). */
  readonly decode?: BinaryFormatId
}

/**
 * A binary decoding of the shown message: asked for (InspectRequest.decode) or automatic (`auto`:
 * Sparkplug B topics). 'loading' while the decoders' module loads; the next inspection has it.
 */
export type BinaryInspection = { readonly format: BinaryFormatId; readonly auto: boolean } & (
  { readonly state: 'loading' } | { readonly state: 'done'; readonly result: DecodeResult<DecodedView> }
)

/** One kept message, as the history list shows it. */
export interface HistoryEntry {
  readonly seq: number
  readonly receivedAt: number
  /** Payload size. */
  readonly bytes: number
  readonly qos: QoS
  readonly retain: boolean
  readonly dup: boolean
  /** The start of the payload on one line, escaped (payload-preview.ts); hex for binary. */
  readonly preview: string
}

/** The message the inspector shows: its metadata and one window of its payload. */
export interface InspectedMessage extends HistoryEntry {
  readonly properties: MessageProperties | undefined
  /** payload[offset, offset + bytes.length): a copy, at most LIMITS.display.bytes. */
  readonly window: { readonly offset: number; readonly bytes: Uint8Array }
  /** With offset 0: how many window bytes end on a whole UTF-8 character (utf8SafeCut), for Text and JSON. */
  readonly textBytes: number
  /** detectView of the whole payload. */
  readonly detected: 'json' | 'text' | 'hex'
  /** The binary decoding, when one applies (see BinaryInspection). */
  readonly binary?: BinaryInspection
}

export interface Inspection {
  readonly id: number
  readonly topic: string
  readonly retained: boolean
  readonly childCount: number
  /** Messages received on this topic since connecting (kept or not). */
  readonly received: number
  readonly history: {
    /** Kept messages of this topic, and their payload bytes. */
    readonly kept: number
    readonly keptBytes: number
    /** Messages of this topic a budget evicted. */
    readonly evicted: number
    readonly perTopicCount: number
    readonly perTopicBytes: number
    /** Kept messages newer than the anchor, not in the list (0 without an anchor). */
    readonly newer: number
    /** The seq of the newest kept message (to anchor the list at it). */
    readonly latestSeq: number | undefined
    /** entries[0] is the `newer + start`-th newest kept message. */
    readonly start: number
    readonly entries: readonly HistoryEntry[]
  }
  /** No seq was asked for: the latest is shown and follows new messages. */
  readonly following: boolean
  /** undefined: no message kept, or the one asked for is gone (see `missing`). */
  readonly message: InspectedMessage | undefined
  /** The message asked for is no longer kept (a budget evicted it). */
  readonly missing: boolean
  /**
   * When asked for: the diff from the older of the two messages to the newer ('no-previous' for
   * the oldest kept when comparing with the previous one; 'base-gone' when the message to compare
   * with is no longer kept).
   */
  readonly diff: PayloadDiff | { readonly kind: 'no-previous' } | { readonly kind: 'base-gone' } | undefined
  /** The two messages the diff compares, older first. */
  readonly diffBetween: { readonly from: HistoryEntry; readonly to: HistoryEntry } | undefined
}

export type PayloadPurpose = 'download' | 'copy'

/** The answer to a 'payload' command. Bytes are transferred, not copied. */
export type PayloadResult =
  | { readonly purpose: 'download'; readonly topic: string; readonly bytes: Uint8Array }
  /** UTF-8 text as it is; anything else as hex digits (`as: 'hex'`). */
  | { readonly purpose: 'copy'; readonly topic: string; readonly text: string; readonly as: 'text' | 'hex'; readonly bytes: number }
  | { readonly purpose: PayloadPurpose; readonly error: string }
