import { type BinaryFormatId, type DecodedTree, decodedView } from '../model/decoded-value.ts'
import type { BinaryInspection } from '../model/inspection-types.ts'
import { LIMITS } from '../model/limits.ts'
import type { StoredMessage } from '../model/message-history.ts'
import { diffDecoded, type JsonDiffMode, type PayloadDiff } from '../model/payload-diff.ts'
import type { Decoding } from './decoding.ts'

/**
 * Binary decodings for the inspector, through the worker's Decoding (decoders loaded on first use:
 * until then the answer is 'loading' and the Decoding asks for a new inspection). A topic with a
 * decoder (Sparkplug B on Sparkplug topics, a rule's format elsewhere) opens decoded; another
 * format when the page asks. One decoding is memoized (per message, format, config and the BIRTH
 * messages it read), so a following inspector does not decode twice.
 */
export class BinaryInspections {
  readonly #decoding: Decoding
  #memo: { key: string; value: BinaryInspection } | undefined

  constructor(decoding: Decoding) {
    this.#decoding = decoding
  }

  /** The format a message of `topic` is shown in: the one asked for, else the topic's own decoder. */
  formatOf(topic: string, asked: BinaryFormatId | undefined): { format: BinaryFormatId; auto: boolean } | undefined {
    if (asked !== undefined) return { format: asked, auto: false }
    const auto = this.#decoding.decoderFor(topic)
    return auto && { format: auto.format, auto: true }
  }

  inspect(topic: string, message: StoredMessage, asked: BinaryFormatId | undefined): BinaryInspection | undefined {
    const chosen = this.formatOf(topic, asked)
    if (chosen === undefined) return undefined
    const { format, auto } = chosen
    const key = `${message.seq}:${format}:${this.#decoding.birthKey(topic, message, format)}:${auto}`
    if (this.#memo?.key === key) return this.#memo.value
    const decoded = this.#decoding.decode(topic, message, format)
    if (decoded === 'loading') return { format, auto, state: 'loading' }
    const result = 'error' in decoded ? decoded : { value: decodedView(format, decoded.value.tree, message.payload.length, decoded.value.notes) }
    this.#memo = { key, value: { format, auto, state: 'done', result } }
    return this.#memo.value
  }

  /**
   * The diff of two messages of a topic shown decoded, on their decoded values (JSON keys or
   * lines); undefined when either does not decode (the caller diffs the bytes instead).
   */
  diff(topic: string, from: StoredMessage, to: StoredMessage, format: BinaryFormatId, by: JsonDiffMode): PayloadDiff | undefined {
    const tree = (message: StoredMessage): DecodedTree | undefined => {
      const decoded = this.#decoding.decode(topic, message, format)
      return decoded === 'loading' || 'error' in decoded ? undefined : decoded.value.tree
    }
    const before = tree(from)
    const after = before === undefined ? undefined : tree(to)
    return before === undefined || after === undefined ? undefined : diffDecoded(before, after, LIMITS.diff, by)
  }
}
