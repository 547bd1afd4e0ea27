import type { BirthMessage, CompiledDecoders, DecodedPayload } from '../model/binary-decoders.ts'
import { type AutoDecoder, DecodeRuleMatcher, type DecodersConfig, type DecodersStatus, EMPTY_DECODERS } from '../model/decode-rules.ts'
import { type BinaryFormatId, decodedPreview } from '../model/decoded-value.ts'
import { LIMITS } from '../model/limits.ts'
import type { StoredMessage } from '../model/message-history.ts'
import type { DecodeResult } from '../model/payload-decoders.ts'
import type { PayloadPreview } from '../model/payload-preview.ts'
import { parseSparkplugTopic, sparkplugBirthTopics } from '../model/sparkplug-topic.ts'
import type { PreviewDecoder, TopicNode, TopicTree } from '../model/topic-tree.ts'

type BinaryModule = typeof import('../model/binary-decoders.ts')

/** Payloads bigger than this keep their plain preview (a preview shows 200 characters). */
const PREVIEW_DECODE_BYTES = 64 * 1024
/** Decoding time the previews may take per window: a flood of decoded topics never stalls the worker. */
const PREVIEW_BUDGET = { windowMs: LIMITS.flushIntervalMs, spendMs: 25 }

/**
 * Which topics the worker decodes, and the decoders themselves. The decoders' module (protobufjs,
 * cbor-x, @msgpack/msgpack) is imported on first need, so a page without binary payloads never
 * loads it; until it is there decoding answers 'loading'. The user's config (the .proto files and
 * rules) is compiled once per change, and its status (parse errors with lines, missing message
 * types) goes back to the page. Nothing here runs per message: previews decode when read.
 */
export class Decoding implements PreviewDecoder {
  readonly #tree: TopicTree
  readonly #onChange: () => void
  readonly #onStatus: (status: DecodersStatus) => void
  #config: DecodersConfig = EMPTY_DECODERS
  #matcher = new DecodeRuleMatcher([])
  #module: BinaryModule | undefined
  #loading: Promise<void> | undefined
  #compiled: CompiledDecoders | undefined
  /** Bumps when what a decoding gives may have changed (config, module): part of memo keys. */
  version = 0
  #window = { start: 0, spent: 0 }

  /** `onChange`: decodings may differ now (ask again); `onStatus`: the compiled config's status, for the page. */
  constructor(tree: TopicTree, onChange: () => void, onStatus: (status: DecodersStatus) => void) {
    this.#tree = tree
    this.#onChange = onChange
    this.#onStatus = onStatus
    tree.previews.decoder = this
  }

  setConfig(config: DecodersConfig): void {
    this.#config = config
    this.#matcher = new DecodeRuleMatcher(config.rules)
    this.#compiled = undefined
    if (this.#module) this.#compile(this.#module)
    else if (config.rules.length > 0 || config.protoFiles.length > 0) this.#load()
    else this.#onStatus({ protoErrors: [], ruleProblems: [], messageTypes: [] })
    this.#changed()
  }

  /** The decoder a topic has by itself: Sparkplug B on Sparkplug topics, else the first matching rule. */
  decoderFor(topic: string): AutoDecoder | undefined {
    return this.#matcher.decoderFor(topic)
  }

  /** Decodes a kept message of `topic` as `format`; 'loading' until the decoders are there. */
  decode(topic: string, message: StoredMessage, format: BinaryFormatId): DecodeResult<DecodedPayload> | 'loading' {
    const module = this.#load()
    if (module === undefined) return 'loading'
    const compiled = (this.#compiled ??= this.#compile(module))
    const births = format === 'sparkplug' ? this.#births(topic, message) : []
    // Protobuf uses the first Protobuf rule of the topic (the view can be picked on any topic).
    const rule = format === 'protobuf' ? this.#matcher.ruleFor(topic, 'protobuf') : -1
    return module.decodeBinaryTree(format, topic, message.payload, births, compiled.protobufType(rule))
  }

  /** Resolves once the decoders are loaded and the config compiled (publishing and charting Protobuf need it). */
  async ready(): Promise<void> {
    this.#load()
    if (this.#loading) await this.#loading
  }

  /** The message type of `topic`'s first Protobuf rule (charts), or why none; undefined before `ready`. */
  protobufTypeFor(topic: string): ReturnType<CompiledDecoders['protobufType']> | undefined {
    const module = this.#module
    if (module === undefined) return undefined
    return (this.#compiled ??= this.#compile(module)).protobufType(this.#matcher.ruleFor(topic, 'protobuf'))
  }

  /** A message type of the user's .proto files by name (publishing), or why it cannot be used; undefined before `ready`. */
  messageType(name: string): ReturnType<CompiledDecoders['messageType']> | undefined {
    const module = this.#module
    if (module === undefined) return undefined
    return (this.#compiled ??= this.#compile(module)).messageType(name)
  }

  /** The key of what `decode` reads besides the message: the config, and for Sparkplug the BIRTH messages. */
  birthKey(topic: string, message: StoredMessage, format: BinaryFormatId): string {
    const births = format === 'sparkplug' ? this.#birthMessages(topic, message) : []
    return `${this.version}:${births.map((b) => b.seq).join(',')}`
  }

  /** PreviewDecoder: the decoded form for topics with a decoder, within the time budget. */
  preview(node: TopicNode, prefix: Uint8Array): PayloadPreview | 'later' | undefined {
    const decoder = this.#matcher.decoderFor(node.topic)
    if (decoder === undefined || node.lastBytes > PREVIEW_DECODE_BYTES) return undefined
    // The whole payload is the latest kept message; without one (history cleared), the prefix when it is all of it.
    const latest = this.#tree.history.latest(node)
    const message = latest ?? (prefix.length === node.lastBytes ? ({ seq: Number.MAX_SAFE_INTEGER, payload: prefix } as StoredMessage) : undefined)
    if (message === undefined) return undefined
    if (this.#module === undefined) {
      this.#load()
      return 'later'
    }
    const now = performance.now()
    if (now - this.#window.start > PREVIEW_BUDGET.windowMs) this.#window = { start: now, spent: 0 }
    if (this.#window.spent > PREVIEW_BUDGET.spendMs) return 'later'
    const decoded = this.decode(node.topic, message, decoder.format)
    this.#window.spent += performance.now() - now
    // A payload that does not decode keeps the plain (hex) preview; the inspector says why.
    return decoded === 'loading' ? 'later' : 'error' in decoded ? undefined : decodedPreview(decoded.value.tree, LIMITS.previewChars)
  }

  #births(topic: string, message: StoredMessage): BirthMessage[] {
    return this.#birthMessages(topic, message).map((b) => ({ topic: b.topic, payload: b.payload }))
  }

  /** The kept NBIRTH (and DBIRTH) of the message's node and device that came before it, oldest first. */
  #birthMessages(topic: string, message: StoredMessage): { topic: string; payload: Uint8Array; seq: number }[] {
    const sparkplug = parseSparkplugTopic(topic)
    if (sparkplug === undefined) return []
    const kept = sparkplugBirthTopics(sparkplug).flatMap((t) => {
      const node = this.#tree.find(t)
      const latest = node && this.#tree.history.latest(node)
      // A later rebirth does not name this message's aliases.
      return latest && latest.seq < message.seq ? [{ topic: t, payload: latest.payload, seq: latest.seq }] : []
    })
    // Oldest first: a node's NBIRTH after its device's DBIRTH forgets the device's aliases.
    return kept.sort((a, b) => a.seq - b.seq)
  }

  #compile(module: BinaryModule): CompiledDecoders {
    const compiled = module.compileDecoders(this.#config)
    this.#compiled = compiled
    this.#onStatus(compiled.status)
    return compiled
  }

  #changed(): void {
    this.version++
    this.#tree.refreshPreviews()
    this.#onChange()
  }

  #load(): BinaryModule | undefined {
    if (this.#module === undefined && this.#loading === undefined) {
      this.#loading = import('../model/binary-decoders.ts').then(
        (m) => {
          this.#module = m
          if (this.#config.rules.length > 0 || this.#config.protoFiles.length > 0) this.#compile(m)
          this.#changed()
        },
        () => {
          this.#loading = undefined // a failed chunk load is retried on the next need
        },
      )
    }
    return this.#module
  }
}
