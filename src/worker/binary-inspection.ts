import type { BirthMessage } from '../model/binary-decoders.ts'
import type { BinaryFormatId } from '../model/decoded-value.ts'
import type { BinaryInspection } from '../model/inspection-types.ts'
import type { StoredMessage } from '../model/message-history.ts'
import { parseSparkplugTopic, sparkplugBirthTopics } from '../model/sparkplug-topic.ts'
import type { TopicTree } from '../model/topic-tree.ts'

type BinaryModule = typeof import('../model/binary-decoders.ts')

/**
 * Binary decodings for the inspector. The decoders' module is imported on first use (a separate
 * chunk: protobufjs, cbor-x and @msgpack/msgpack are not in the initial JS); until it is there the
 * answer is 'loading' and `onLoaded` asks for a new inspection. Sparkplug B applies by itself on
 * Sparkplug topics only; other formats when the page asks. One decoding is memoized (per message,
 * format and the BIRTH messages it read), so a following inspector does not decode twice.
 */
export class BinaryInspections {
  readonly #tree: TopicTree
  readonly #onLoaded: () => void
  #module: BinaryModule | undefined
  #loading: Promise<void> | undefined
  #memo: { key: string; value: BinaryInspection } | undefined

  constructor(tree: TopicTree, onLoaded: () => void) {
    this.#tree = tree
    this.#onLoaded = onLoaded
  }

  inspect(topic: string, message: StoredMessage, asked: BinaryFormatId | undefined): BinaryInspection | undefined {
    const sparkplug = parseSparkplugTopic(topic)
    const auto = asked === undefined && sparkplug !== undefined && sparkplug.kind !== 'state'
    const format = asked ?? (auto ? 'sparkplug' : undefined)
    if (format === undefined) return undefined
    const module = this.#load()
    if (module === undefined) return { format, auto, state: 'loading' }
    const births: BirthMessage[] = []
    let birthKey = ''
    if (format === 'sparkplug' && sparkplug !== undefined) {
      const kept = sparkplugBirthTopics(sparkplug).flatMap((t) => {
        const node = this.#tree.find(t)
        const latest = node && this.#tree.history.latest(node)
        return latest && latest.seq !== message.seq ? [{ topic: t, message: latest }] : []
      })
      // Oldest first: a node's NBIRTH after its device's DBIRTH forgets the device's aliases.
      kept.sort((a, b) => a.message.seq - b.message.seq)
      for (const k of kept) {
        if (k.message.seq > message.seq) continue // a later rebirth does not name this message's aliases
        births.push({ topic: k.topic, payload: k.message.payload })
        birthKey += `${k.message.seq},`
      }
    }
    const key = `${message.seq}:${format}:${birthKey}:${auto}`
    if (this.#memo?.key !== key) {
      this.#memo = { key, value: { format, auto, state: 'done', result: module.decodeBinary(format, topic, message.payload, births) } }
    }
    return this.#memo.value
  }

  #load(): BinaryModule | undefined {
    if (this.#module === undefined && this.#loading === undefined) {
      this.#loading = import('../model/binary-decoders.ts').then(
        (m) => {
          this.#module = m
          this.#onLoaded()
        },
        () => {
          this.#loading = undefined // a failed chunk load is retried on the next inspection
        },
      )
    }
    return this.#module
  }
}
