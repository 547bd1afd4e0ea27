import { parseSparkplugTopic } from './sparkplug-topic.ts'
import { compileFilter, validateFilter } from './topic-rules.ts'

/**
 * Which decoder reads which topic: the user's .proto files and the rules "topic filter → decoder"
 * (Protobuf with a message type, CBOR, MessagePack). Plain data, kept in the browser and exported
 * with the profiles; the worker compiles it (decoders in the lazily loaded module).
 */

/** A user's .proto file, as added in the browser. */
export interface ProtoFile {
  readonly name: string
  readonly text: string
}

export type RuleFormat = 'protobuf' | 'cbor' | 'msgpack'

export interface DecodeRule {
  /** An MQTT topic filter (validated with topic-rules.ts). */
  readonly filter: string
  readonly format: RuleFormat
  /** Protobuf only: the message type, as the .proto names it ("demo.Reading"); '' otherwise. */
  readonly messageType: string
}

export interface DecodersConfig {
  readonly protoFiles: readonly ProtoFile[]
  readonly rules: readonly DecodeRule[]
}

/** What the worker found compiling a config: the page shows it beside the files and rules. */
export interface DecodersStatus {
  /** A .proto that does not parse: "name line N: reason". */
  readonly protoErrors: readonly string[]
  /** Per rule (same order): why it cannot decode (a missing message type), or undefined. */
  readonly ruleProblems: readonly (string | undefined)[]
  /** The message types the parsed files define (full names, at most DECODER_BUDGET.types). */
  readonly messageTypes: readonly string[]
}

export const EMPTY_DECODERS: DecodersConfig = { protoFiles: [], rules: [] }

/** What the browser keeps (localStorage counts characters): a budget, so a big file says so instead of failing to store. */
export const DECODER_BUDGET = { protoChars: 512 * 1024, protoFiles: 32, rules: 100, types: 2000 } as const

export const RULE_FORMAT_LABELS: { readonly [K in RuleFormat]: string } = { protobuf: 'Protobuf', cbor: 'CBOR', msgpack: 'MessagePack' }

/** The problems of a rule, by field, or undefined when it can be added. */
export function validateRule(rule: DecodeRule): { filter?: string; messageType?: string } | undefined {
  const filter = rule.filter === '' ? 'a topic filter is needed' : validateFilter(rule.filter)
  const messageType =
    rule.format !== 'protobuf'
      ? undefined
      : rule.messageType.trim() === ''
        ? 'a message type is needed ("package.Message")'
        : /^\.?[A-Za-z_][\w.]*$/.test(rule.messageType.trim())
          ? undefined
          : 'not a message type name ("package.Message")'
  return filter === undefined && messageType === undefined ? undefined : { ...(filter ? { filter } : {}), ...(messageType ? { messageType } : {}) }
}

/** Adds or replaces (same name) a .proto file within the budget; the reason when it does not fit. */
export function withProtoFile(config: DecodersConfig, file: ProtoFile): DecodersConfig | { error: string } {
  const others = config.protoFiles.filter((f) => f.name !== file.name)
  if (others.length >= DECODER_BUDGET.protoFiles) return { error: `at most ${DECODER_BUDGET.protoFiles} .proto files are kept` }
  const chars = others.reduce((n, f) => n + f.text.length, 0) + file.text.length
  if (chars > DECODER_BUDGET.protoChars)
    return { error: `${file.name}: the .proto files would take ${kib(chars)}, over the ${kib(DECODER_BUDGET.protoChars)} kept in the browser` }
  return { ...config, protoFiles: [...others, file] }
}

const kib = (chars: number): string => `${Math.ceil(chars / 1024).toLocaleString('en')} KiB`

/**
 * A config read back from storage or an import: what is not a file or a rule is dropped, and the
 * budgets hold (the first files and rules that fit are kept).
 */
export function restoreDecoders(value: unknown): DecodersConfig {
  if (typeof value !== 'object' || value === null) return EMPTY_DECODERS
  const { protoFiles, rules } = value as { protoFiles?: unknown; rules?: unknown }
  let config: DecodersConfig = EMPTY_DECODERS
  for (const f of Array.isArray(protoFiles) ? (protoFiles as unknown[]) : []) {
    const file = f as Partial<ProtoFile> | null
    if (typeof file?.name !== 'string' || typeof file.text !== 'string') continue
    const next = withProtoFile(config, { name: file.name, text: file.text })
    if (!('error' in next)) config = next
  }
  const kept: DecodeRule[] = []
  for (const r of Array.isArray(rules) ? (rules as unknown[]) : []) {
    const rule = r as Partial<DecodeRule> | null
    if (kept.length >= DECODER_BUDGET.rules || typeof rule?.filter !== 'string') continue
    if (rule.format !== 'protobuf' && rule.format !== 'cbor' && rule.format !== 'msgpack') continue
    const candidate: DecodeRule = { filter: rule.filter, format: rule.format, messageType: typeof rule.messageType === 'string' ? rule.messageType : '' }
    if (validateRule(candidate) === undefined) kept.push(candidate)
  }
  return { ...config, rules: kept }
}

/** Which decoder applies to a topic by itself: Sparkplug B on Sparkplug node/device topics, else the first matching rule. */
export type AutoDecoder = { readonly format: 'sparkplug' } | { readonly format: RuleFormat; readonly rule: number }

/** The rules compiled once: a topic costs one test per rule until the first match. */
export class DecodeRuleMatcher {
  readonly #tests: ((topic: string) => boolean)[]

  constructor(readonly rules: readonly DecodeRule[]) {
    this.#tests = rules.map((r) => compileFilter(r.filter))
  }

  /** The first rule (of `format`, when given) whose filter matches, or -1. */
  ruleFor(topic: string, format?: RuleFormat): number {
    return this.#tests.findIndex((test, i) => (format === undefined || this.rules[i]!.format === format) && test(topic))
  }

  /** Sparkplug topics are Sparkplug B (the rules are not asked); other topics by the first matching rule. */
  decoderFor(topic: string): AutoDecoder | undefined {
    if (topic.startsWith('spBv1.0/')) {
      const sparkplug = parseSparkplugTopic(topic)
      if (sparkplug !== undefined && sparkplug.kind !== 'state') return { format: 'sparkplug' }
    }
    const rule = this.ruleFor(topic)
    return rule < 0 ? undefined : { format: this.rules[rule]!.format, rule }
  }
}

/** An import joined to what is here: files by name (the imported one wins), rules not yet present appended; budgets hold. */
export function mergeDecoders(here: DecodersConfig, imported: DecodersConfig): DecodersConfig {
  const names = new Set(imported.protoFiles.map((f) => f.name))
  const same = (a: DecodeRule, b: DecodeRule) => a.filter === b.filter && a.format === b.format && a.messageType === b.messageType
  return restoreDecoders({
    protoFiles: [...here.protoFiles.filter((f) => !names.has(f.name)), ...imported.protoFiles],
    rules: [...here.rules, ...imported.rules.filter((r) => !here.rules.some((h) => same(h, r)))],
  })
}
