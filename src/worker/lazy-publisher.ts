import type { PublishMessage, PublishRepeat } from '../model/publish-types.ts'
import type { Decoding } from './decoding.ts'
import { failureReason, LazyService } from './lazy-service.ts'
import { PublishEncoding } from './publish-encoding.ts'
import type { PublishConnection, Publisher, PublisherEvents } from './publisher.ts'

/**
 * The publisher (jobs, repeats, templates), loaded with the first publish: jobs asked for
 * meanwhile start in their order once it is there, each on the connection of the moment it was
 * asked (a session ended or switched meanwhile fails the send, MqttSession.publishMessage: nothing
 * goes to another broker), and a stop or a disconnect asked meanwhile follows them in order. A
 * chunk that fails to load fails each job with the reason. CBOR / MessagePack / Sparkplug B /
 * Protobuf payloads: the encoders (the decoders' chunk) and the .proto files load first.
 */
export class LazyPublisher {
  readonly #publisher: LazyService<Publisher>
  readonly #events: PublisherEvents
  readonly #encoding = new PublishEncoding()
  readonly #decoding: Pick<Decoding, 'ready' | 'messageType'>

  constructor(events: PublisherEvents, decoding: Pick<Decoding, 'ready' | 'messageType'>, onError: (message: string) => void) {
    this.#events = events
    this.#decoding = decoding
    const encoding = this.#encoding
    this.#publisher = new LazyService(
      () =>
        // With what the session sends a PUBLISH with (mqtt-session.ts loads it too): one round trip, not two.
        Promise.all([import('./publisher.ts'), import('./publish-send.ts')]).then(
          ([m]) =>
            new m.Publisher(events, {
              encode: (format, topic, text, messageType) =>
                encoding.encode(
                  format,
                  topic,
                  text,
                  messageType === undefined ? undefined : (decoding.messageType(messageType) ?? { error: 'the .proto files are not loaded' }),
                ),
            }),
        ),
      (error) => onError(`publishing could not be loaded: ${failureReason(error)}`),
    )
  }

  /** Starts a job (Publisher.start) on `connection`, the session of the moment it was asked. */
  start(jobId: number, message: PublishMessage, repeat: PublishRepeat | undefined, connection: PublishConnection | undefined): void {
    const fail = (error: unknown) => this.#failed(jobId, message, `publishing could not be loaded: ${failureReason(error)}`)
    if (message.payload.kind !== 'encoded') return this.#publisher.use((publisher) => publisher.start(jobId, message, repeat, connection), fail)
    // Protobuf encodes with the .proto files the decoding compiled: both are loaded first.
    Promise.all([this.#encoding.load(), this.#decoding.ready()]).then(
      () => this.#publisher.use((publisher) => publisher.start(jobId, message, repeat, connection), fail),
      (error: unknown) => this.#failed(jobId, message, `the encoders could not be loaded: ${failureReason(error)}`),
    )
  }

  stop(jobId: number): void {
    this.#publisher.ifUsed((publisher) => publisher.stop(jobId))
  }

  endAll(why: string): void {
    this.#publisher.ifUsed((publisher) => publisher.endAll(why))
  }

  /** A job that could not start: its one send failed, and the job ended with the reason. */
  #failed(jobId: number, message: PublishMessage, why: string): void {
    const { topic, qos, retain } = message
    this.#events.outcome({ jobId, index: 1, topic, bytes: 0, qos, retain, sentAt: Date.now(), status: 'failed', reason: why })
    this.#events.job({ jobId, total: 1, sent: 1, acknowledged: 0, failed: 1, running: false, endReason: why })
  }
}
