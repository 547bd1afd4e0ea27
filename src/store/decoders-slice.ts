import type { StateCreator } from 'zustand'
import { type DecodeRule, type DecodersConfig, type DecodersStatus, EMPTY_DECODERS, validateRule, withProtoFile } from '@/model/decode-rules.ts'
import type { AppState } from './app-store.ts'

/**
 * Payload decoders: the user's .proto files and "topic filter → decoder" rules (kept in the
 * browser, exported with the profiles), sent to the worker on every change; the worker answers
 * with what it found compiling them (decodersStatus).
 */
export interface DecodersSlice {
  decoders: DecodersConfig
  /** undefined until the worker compiled the current config. */
  decodersStatus: DecodersStatus | undefined
  decodersOpen: boolean
  setDecodersOpen(open: boolean): void
  /** Adds (or replaces, by name) a .proto file; the reason when it does not fit the budget. */
  addProtoFile(name: string, text: string): string | undefined
  removeProtoFile(name: string): void
  /** Adds a rule at the end (the first matching rule wins); its problems instead when it is not valid. */
  addRule(rule: DecodeRule): ReturnType<typeof validateRule>
  removeRule(index: number): void
  /** Moves rule `index` one place up (tried earlier). */
  moveRuleUp(index: number): void
  /** Replaces the config (an import, the stored one at start) and tells the worker. */
  setDecoders(config: DecodersConfig): void
  applyDecodersStatus(status: DecodersStatus): void
}

export const createDecodersSlice: StateCreator<AppState, [], [], DecodersSlice> = (set, get) => ({
  decoders: EMPTY_DECODERS,
  decodersStatus: undefined,
  decodersOpen: false,
  setDecodersOpen(open) {
    set({ decodersOpen: open })
  },
  addProtoFile(name, text) {
    const next = withProtoFile(get().decoders, { name, text })
    if ('error' in next) return next.error
    get().setDecoders(next)
    return undefined
  },
  removeProtoFile(name) {
    const config = get().decoders
    get().setDecoders({ ...config, protoFiles: config.protoFiles.filter((f) => f.name !== name) })
  },
  addRule(rule) {
    const clean: DecodeRule = { filter: rule.filter.trim(), format: rule.format, messageType: rule.format === 'protobuf' ? rule.messageType.trim() : '' }
    const problems = validateRule(clean)
    if (problems) return problems
    const config = get().decoders
    get().setDecoders({ ...config, rules: [...config.rules, clean] })
    return undefined
  },
  removeRule(index) {
    const config = get().decoders
    get().setDecoders({ ...config, rules: config.rules.filter((_, i) => i !== index) })
  },
  moveRuleUp(index) {
    const config = get().decoders
    if (index <= 0 || index >= config.rules.length) return
    const rules = [...config.rules]
    ;[rules[index - 1], rules[index]] = [rules[index]!, rules[index - 1]!]
    get().setDecoders({ ...config, rules })
  },
  setDecoders(config) {
    set({ decoders: config, decodersStatus: undefined })
    get().send({ type: 'decoders', config })
  },
  applyDecodersStatus(status) {
    set({ decodersStatus: status })
  },
})
