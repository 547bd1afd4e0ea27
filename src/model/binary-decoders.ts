import type { Type } from 'protobufjs'
import { decodeCborTree } from './cbor-payload.ts'
import { DECODER_BUDGET, type DecodersConfig, type DecodersStatus } from './decode-rules.ts'
import { type BinaryFormatId, type DecodedTree, decodedView, type DecodedView } from './decoded-value.ts'
import { decodeMsgpackTree } from './msgpack-payload.ts'
import { type DecodeResult } from './payload-decoders.ts'
import { decodeProtobufTree, findMessageType, loadProtoFiles, messageTypeNames } from './protobuf-payload.ts'
import { decodeSparkplug, SparkplugSessions } from './sparkplug-payload.ts'

export { decodedHistory, decodedValue, LiveDecodedNumbers } from './decoded-numbers.ts'
export { encodePublish, SparkplugSequence } from './publish-encoders.ts'

/**
 * The binary decoders in one module, which the worker imports on first use (dynamic import): the
 * libraries behind them (protobufjs, cbor-x, @msgpack/msgpack) cost the initial page nothing.
 */

/** A kept BIRTH message the aliases of a Sparkplug message come from. */
export interface BirthMessage {
  readonly topic: string
  readonly payload: Uint8Array
}

/** A decoded payload: the value, and what the reader should know about it (Sparkplug aliases). */
export interface DecodedPayload {
  readonly tree: DecodedTree
  readonly notes: string[]
}

const NO_PROTOBUF_TYPE = 'no Protobuf message type is chosen for this topic: add a .proto file and a rule "topic filter → message type"'

/**
 * Decodes a payload as `format`. For Sparkplug B, `births` (oldest first) are read before the
 * message, so aliases resolve from the last BIRTH of the node and device. For Protobuf, `protobuf`
 * is the message type a rule chose (or why there is none).
 */
export function decodeBinaryTree(
  format: BinaryFormatId,
  topic: string,
  bytes: Uint8Array,
  births: readonly BirthMessage[] = [],
  protobuf: DecodeResult<Type> = { error: NO_PROTOBUF_TYPE },
): DecodeResult<DecodedPayload> {
  const plain = (r: DecodeResult<DecodedTree>): DecodeResult<DecodedPayload> => ('error' in r ? r : { value: { tree: r.value, notes: [] } })
  switch (format) {
    case 'cbor':
      return plain(decodeCborTree(bytes))
    case 'msgpack':
      return plain(decodeMsgpackTree(bytes))
    case 'sparkplug': {
      const sessions = new SparkplugSessions()
      for (const birth of births) decodeSparkplug(birth.topic, birth.payload, sessions)
      const decoded = decodeSparkplug(topic, bytes, sessions)
      return 'error' in decoded ? decoded : { value: { tree: decoded.value.tree, notes: decoded.value.view.notes } }
    }
    case 'protobuf':
      return 'error' in protobuf ? protobuf : plain(decodeProtobufTree(protobuf.value, bytes))
  }
}

/** decodeBinaryTree as the inspector shows it: the JSON view's lines. */
export function decodeBinary(
  format: BinaryFormatId,
  topic: string,
  bytes: Uint8Array,
  births: readonly BirthMessage[] = [],
  protobuf?: DecodeResult<Type>,
): DecodeResult<DecodedView> {
  const decoded = decodeBinaryTree(format, topic, bytes, births, protobuf)
  return 'error' in decoded ? decoded : { value: decodedView(format, decoded.value.tree, bytes.length, decoded.value.notes) }
}

/** The user's .proto files parsed and each rule's message type looked up, once per config. */
export interface CompiledDecoders {
  readonly status: DecodersStatus
  /** The message type of rule `index` (a Protobuf rule), or why it cannot decode. */
  protobufType(index: number): DecodeResult<Type>
  /** A message type of the .proto files by its full name ("demo.Reading"), for publishing. */
  messageType(name: string): DecodeResult<Type>
}

export function compileDecoders(config: DecodersConfig): CompiledDecoders {
  const { root, errors } = loadProtoFiles(config.protoFiles)
  const types = config.rules.map((rule): DecodeResult<Type> =>
    rule.format === 'protobuf' ? findMessageType(root, rule.messageType.trim()) : { error: NO_PROTOBUF_TYPE },
  )
  const ruleProblems = config.rules.map((rule, i) => {
    const type = types[i]!
    return rule.format === 'protobuf' && 'error' in type ? type.error : undefined
  })
  return {
    status: { protoErrors: errors, ruleProblems, messageTypes: messageTypeNames(root, DECODER_BUDGET.types) },
    protobufType: (index) => types[index] ?? { error: NO_PROTOBUF_TYPE },
    messageType: (name) => findMessageType(root, name.trim()),
  }
}
