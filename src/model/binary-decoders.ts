import { decodeCbor } from './cbor-payload.ts'
import { type BinaryFormatId, type DecodedView } from './decoded-value.ts'
import { decodeMsgpack } from './msgpack-payload.ts'
import { type DecodeResult } from './payload-decoders.ts'
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

/**
 * Decodes a payload as `format`. For Sparkplug B, `births` (oldest first) are read before the
 * message, so aliases resolve from the last BIRTH of the node and device.
 */
export function decodeBinary(format: BinaryFormatId, topic: string, bytes: Uint8Array, births: readonly BirthMessage[] = []): DecodeResult<DecodedView> {
  switch (format) {
    case 'cbor':
      return decodeCbor(bytes)
    case 'msgpack':
      return decodeMsgpack(bytes)
    case 'sparkplug': {
      const sessions = new SparkplugSessions()
      for (const birth of births) decodeSparkplug(birth.topic, birth.payload, sessions)
      const decoded = decodeSparkplug(topic, bytes, sessions)
      return 'error' in decoded ? decoded : { value: decoded.value.view }
    }
    case 'protobuf':
      return { error: 'no Protobuf message type is chosen for this topic: add a .proto file and a rule "topic filter → message type"' }
  }
}
