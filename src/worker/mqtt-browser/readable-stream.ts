/**
 * readable-stream, the classes MQTT.js, mqtt-packet and bl use (Readable, Writable, Duplex,
 * Transform, PassThrough), from its own modules: the package's entry (lib/stream.js) also loads the
 * stream operators, compose, pipeline and the promises API, which nothing in the worker calls. The
 * worker build aliases `readable-stream` here (see scripts/vite/mqtt-worker.ts).
 *
 * What lib/stream.js sets on the legacy Stream besides those, readable.js and writable.js read
 * (`Stream._isUint8Array`, `Stream._uint8ArrayToBuffer`), so they are set here the same way.
 */
import { Buffer } from 'buffer'
// @ts-expect-error -- CommonJS without types; these are Node's stream classes.
import legacy from 'readable-stream/lib/internal/streams/legacy.js'
// @ts-expect-error -- as above
import Readable from 'readable-stream/lib/internal/streams/readable.js'
// @ts-expect-error -- as above
import Writable from 'readable-stream/lib/internal/streams/writable.js'
// @ts-expect-error -- as above
import Duplex from 'readable-stream/lib/internal/streams/duplex.js'
// @ts-expect-error -- as above
import Transform from 'readable-stream/lib/internal/streams/transform.js'
// @ts-expect-error -- as above
import PassThrough from 'readable-stream/lib/internal/streams/passthrough.js'

interface LegacyStream {
  _isUint8Array?: (value: unknown) => boolean
  _uint8ArrayToBuffer?: (chunk: Uint8Array) => Buffer
}

const Stream = (legacy as { Stream: LegacyStream }).Stream
Stream._isUint8Array = (value) => value instanceof Uint8Array
Stream._uint8ArrayToBuffer = (chunk) => Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)

export { Readable, Writable, Duplex, Transform, PassThrough }
export default { Readable, Writable, Duplex, Transform, PassThrough }
