import { utf8SafeCut } from '../model/display-window.ts'
import { LIMITS } from '../model/limits.ts'
import type { StoredMessage } from '../model/message-history.ts'
import { detectView } from '../model/payload-decoders.ts'
import { previewPayload } from '../model/payload-preview.ts'
import { diffPayloads, type JsonDiffMode, type PayloadDiff } from '../model/payload-diff.ts'
import type { TopicNode, TopicTree } from '../model/topic-tree.ts'
import type { HistoryEntry, InspectedMessage, InspectRequest, Inspection } from '../model/inspection-types.ts'
import { BinaryInspections } from './binary-inspection.ts'
import type { DecodersStatus } from '../model/decode-rules.ts'
import { decodedPreview } from '../model/decoded-value.ts'
import { Decoding } from './decoding.ts'

/** A memo of one computation, keyed by the messages it read (a message's seq never changes meaning). */
interface Memo<T> {
  readonly key: string
  readonly value: T
}

/**
 * The worker side of the message inspector. The page says what it wants to see (setRequest); on
 * each flush `poll` answers with a new Inspection only when that changed: the request, or the
 * inspected topic's own messages, kept count, evictions or retained flag. So a flooding topic
 * elsewhere costs nothing, and the inspected one at most one Inspection per flush. Only the
 * inspected topic's window ever crosses to the page: never every topic's history.
 */
export class Inspector {
  readonly #tree: TopicTree
  #request: InspectRequest = { id: undefined }
  #requestVersion = 0
  #sent: { key: string; requestVersion: number } = { key: '', requestVersion: -1 }
  #seq = 0
  #detected: Memo<InspectedMessage['detected']> | undefined
  #diff: Memo<PayloadDiff> | undefined
  /** Which topics are decoded and how (rules, .proto files); its changes are changes the next poll answers. */
  readonly decoding: Decoding
  readonly #binary: BinaryInspections
  /** Decoded history previews still to make (the per-build budget ran out): the next poll builds again. */
  #previewsPending = false

  /** `decoding`: the worker's (whose changes invalidate this inspector), else one of its own reporting to the callback. */
  constructor(tree: TopicTree, decoding: Decoding | ((status: DecodersStatus) => void) = () => {}) {
    this.#tree = tree
    this.decoding = decoding instanceof Decoding ? decoding : new Decoding(tree, () => this.invalidate(), decoding)
    this.#binary = new BinaryInspections(this.decoding)
  }

  get request(): InspectRequest {
    return this.#request
  }

  setRequest(request: InspectRequest): void {
    this.#request = request
    this.#requestVersion++
  }

  /** Something every inspection shows changed outside the topic (the history budget). */
  invalidate(): void {
    this.#requestVersion++
  }

  /**
   * The next inspection to send, or undefined when the page already has the current one. While
   * `paused`, new messages do not count as a change (the inspector holds still with the tree),
   * but a new request is still answered from the live tree.
   */
  poll(paused: boolean): { seq: number; inspection: Inspection | undefined } | undefined {
    const node = this.#request.id === undefined ? undefined : this.#tree.byId(this.#request.id)
    const key = node ? this.#key(node) : 'none'
    const requestChanged = this.#requestVersion !== this.#sent.requestVersion || this.#previewsPending
    if (!requestChanged && (paused || key === this.#sent.key)) return undefined
    this.#sent = { key, requestVersion: this.#requestVersion }
    return { seq: ++this.#seq, inspection: node && node !== this.#tree.root ? this.build(node) : undefined }
  }

  #key(node: TopicNode): string {
    const history = this.#tree.history
    return `${node.id}:${node.ownMessages}:${history.countOf(node)}:${history.evictedOf(node)}:${node.retained}:${node.children?.size ?? 0}`
  }

  /** The inspection of `node` for the current request. */
  build(node: TopicNode): Inspection {
    const request = this.#request
    const history = this.#tree.history
    const budget = history.budget
    const start = Math.max(0, Math.floor(request.historyStart ?? 0))
    // Anchored, the list holds still: it starts at the anchor, and what arrived since is only counted.
    const newer = request.historyAnchor === undefined ? 0 : history.newerThan(node, request.historyAnchor)
    const entries = this.#entries(node, history.newest(node, newer + start, LIMITS.inspector.historyPage))
    const latest = history.latest(node)
    let found: { message: StoredMessage; previous: StoredMessage | undefined } | undefined
    if (request.seq !== undefined) found = history.find(node, request.seq)
    else found = latest && history.find(node, latest.seq)
    const compared = found && request.diff ? this.#compared(node, found) : undefined
    return {
      id: node.id,
      topic: node.topic,
      retained: node.retained,
      childCount: node.children?.size ?? 0,
      received: node.ownMessages,
      history: {
        kept: history.countOf(node),
        keptBytes: history.bytesOf(node),
        evicted: history.evictedOf(node),
        perTopicCount: budget.perTopicCount,
        perTopicBytes: budget.perTopicBytes,
        newer,
        latestSeq: latest?.seq,
        start,
        entries,
      },
      following: request.seq === undefined,
      message: found ? this.#message(found.message, node.topic) : undefined,
      missing: request.seq !== undefined && found === undefined,
      diff: compared?.diff,
      diffBetween: compared?.between,
    }
  }

  /** The diff the request asks for: the shown message against `compareWith`, else the one before it. */
  #compared(
    node: TopicNode,
    found: { message: StoredMessage; previous: StoredMessage | undefined },
  ): { diff: NonNullable<Inspection['diff']>; between: Inspection['diffBetween'] } {
    const { compareWith, diffBy = 'keys' } = this.#request
    let base = found.previous
    if (compareWith !== undefined && compareWith !== found.message.seq) {
      base = this.#tree.history.find(node, compareWith)?.message
      if (!base) return { diff: { kind: 'base-gone' }, between: undefined }
    }
    if (!base) return { diff: { kind: 'no-previous' }, between: undefined }
    // Always from the older message to the newer one, whichever was picked first.
    const [from, to] = base.seq < found.message.seq ? [base, found.message] : [found.message, base]
    return { diff: this.#diffOf(node.topic, from, to, diffBy), between: { from: toEntry(from), to: toEntry(to) } }
  }

  #message(message: StoredMessage, topic: string): InspectedMessage {
    const payload = message.payload
    const max = LIMITS.display.bytes
    // A window past the end (the next message is shorter than the page asked for) starts over at 0.
    const asked = Math.max(0, Math.floor(this.#request.offset ?? 0))
    const offset = asked < payload.length ? asked : 0
    const length = Math.min(max, Math.max(1, Math.floor(this.#request.length ?? max)))
    return {
      ...toEntry(message),
      properties: message.properties,
      // slice, not subarray: postMessage would copy the whole buffer behind a view.
      window: { offset, bytes: payload.slice(offset, offset + length) },
      textBytes: offset === 0 ? utf8SafeCut(payload, Math.min(length, max)).length : 0,
      detected: this.#detect(message),
      binary: this.#binary.inspect(topic, message, this.#request.decode),
    }
  }

  #detect(message: StoredMessage): InspectedMessage['detected'] {
    const key = String(message.seq)
    if (this.#detected?.key !== key) this.#detected = { key, value: detectView(message.payload) }
    return this.#detected.value
  }

  /**
   * Bounded by LIMITS.diff (tens of ms at worst), and computed once per pair of messages and mode.
   * A topic shown decoded is diffed on its decoded values (JSON keys or lines), else on its bytes.
   */
  #diffOf(topic: string, from: StoredMessage, to: StoredMessage, by: JsonDiffMode): PayloadDiff {
    const format = this.#binary.formatOf(topic, this.#request.decode)?.format
    const key = `${from.seq}:${to.seq}:${by}:${format ?? ''}:${this.decoding.version}`
    if (this.#diff?.key !== key) {
      const decoded = format && this.#binary.diff(topic, from, to, format, by)
      this.#diff = { key, value: decoded || diffPayloads(from.payload, to.payload, LIMITS.diff, by) }
    }
    return this.#diff.value
  }

  /**
   * History entries; a topic shown decoded previews each entry decoded (made once per message and
   * config, within a time budget per build: the rest follow on the next polls).
   */
  #entries(node: TopicNode, messages: StoredMessage[]): HistoryEntry[] {
    const format = this.#binary.formatOf(node.topic, this.#request.decode)?.format
    this.#previewsPending = false
    if (format === undefined) return messages.map((m) => toEntry(m))
    const version = `${this.decoding.version}:${format}`
    const until = performance.now() + DECODED_PREVIEWS_MS
    return messages.map((message) => {
      const known = decodedPreviews.get(message)
      if (known?.version === version) return toEntry(message, known.preview)
      if (message.payload.length > LIMITS.display.bytes || performance.now() > until) {
        this.#previewsPending ||= message.payload.length <= LIMITS.display.bytes
        return toEntry(message)
      }
      const decoded = this.decoding.decode(node.topic, message, format)
      if (decoded === 'loading') return toEntry(message)
      const shown = 'error' in decoded ? undefined : decodedPreview(decoded.value.tree, ENTRY_PREVIEW_CHARS)
      const preview = shown && (shown.cut ? `${shown.text}…` : shown.text)
      decodedPreviews.set(message, { version, preview })
      return toEntry(message, preview)
    })
  }
}

/** Characters of payload each history entry shows. */
const ENTRY_PREVIEW_CHARS = 80
/** Time one inspection may spend on decoded history previews. */
const DECODED_PREVIEWS_MS = 30
/** Decoded previews per message, for the config and format they were made with (undefined: did not decode, plain). */
const decodedPreviews = new WeakMap<StoredMessage, { readonly version: string; readonly preview: string | undefined }>()
/** A message's preview never changes: made once, forgotten with the message. */
const previews = new WeakMap<StoredMessage, string>()

function toEntry(message: StoredMessage, decoded?: string): HistoryEntry {
  let preview = decoded ?? previews.get(message)
  if (preview === undefined) {
    const { text, cut } = previewPayload(message.payload, ENTRY_PREVIEW_CHARS)
    preview = cut ? `${text}…` : text
    previews.set(message, preview)
  }
  return {
    seq: message.seq,
    receivedAt: message.receivedAt,
    bytes: message.payload.length,
    qos: message.qos,
    retain: message.retain,
    dup: message.dup,
    preview,
  }
}
