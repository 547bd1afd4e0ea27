import type { EncodedFormat } from '../model/encoded-publish.ts'
import type { SparkplugSequence } from '../model/publish-encoders.ts'
import type { ProtobufChoice } from '../model/decoded-numbers.ts'

type DecodersModule = typeof import('../model/binary-decoders.ts')

/**
 * The encoders of the CBOR, MessagePack, Sparkplug B and Protobuf publish formats: in the decoders' chunk,
 * imported before the first such job starts (`load`), then used for every send (`encode`). One
 * Sparkplug seq counter per edge node for the whole worker, so separate publishes count on.
 */
export class PublishEncoding {
  #module: DecodersModule | undefined
  #sequence: SparkplugSequence | undefined

  /** Resolves once the encoders are there; rejects with the reason a load failed (tried again next time). */
  async load(): Promise<void> {
    const module = await import('../model/binary-decoders.ts')
    this.#module = module
    this.#sequence ??= new module.SparkplugSequence()
  }

  /**
   * One send's payload; throws with the position or field when the JSON cannot be encoded.
   * `protobuf`: the chosen message type, from the compiled .proto files the decoding uses.
   */
  encode(format: EncodedFormat, topic: string, text: string, protobuf?: ProtobufChoice): Uint8Array {
    if (!this.#module || !this.#sequence) throw new Error('the encoders are not loaded')
    return this.#module.encodePublish(format, topic, text, this.#sequence, Date.now(), protobuf)
  }
}
