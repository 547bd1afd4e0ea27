import { Decoder, ExtData } from '@msgpack/msgpack'
import { type DecodeResult } from './payload-decoders.ts'
import { bytesText, type DecodedTree, decodedView, type DecodedView, toDecodedTree } from './decoded-value.ts'
import { formatBytes } from './display-window.ts'
import { LIMITS } from './limits.ts'

/** An extension type: shown as { "ext 5": "bytes(n) …" } so the type number is never lost (timestamps, -1, decoded). */
function extension(v: unknown): unknown {
  if (v instanceof ExtData) return { [`ext ${v.type}`]: v.data instanceof Uint8Array ? bytesText(v.data) : '(extension data)' }
  if (v instanceof Date) return { 'ext -1 (timestamp)': Number.isNaN(v.getTime()) ? 'invalid date' : v.toISOString() }
  return undefined
}

export function decodeMsgpack(bytes: Uint8Array): DecodeResult<DecodedView> {
  const tree = decodeMsgpackTree(bytes)
  return 'error' in tree ? tree : { value: decodedView('msgpack', tree.value, bytes.length) }
}

/** The decoded value itself (for previews and diffs), with the same checks and reasons as decodeMsgpack. */
export function decodeMsgpackTree(bytes: Uint8Array): DecodeResult<DecodedTree> {
  if (bytes.length > LIMITS.display.bytes)
    return { error: `too large to decode as MessagePack: ${formatBytes(bytes.length)} (the limit is ${formatBytes(LIMITS.display.bytes)})` }
  if (bytes.length === 0) return { error: 'not MessagePack: the payload is empty' }
  // Every element takes at least one byte: a declared length beyond the payload is refused before
  // anything is allocated. The decoder is iterative, so deep nesting is no risk to the stack.
  const max = bytes.length
  const decoder = new Decoder({ useBigInt64: true, maxStrLength: max, maxBinLength: max, maxArrayLength: max, maxMapLength: max, maxExtLength: max })
  try {
    const value: unknown = decoder.decode(bytes)
    return { value: toDecodedTree(value, extension) }
  } catch (e) {
    return { error: `not MessagePack: ${e instanceof Error ? e.message : String(e)}` }
  }
}
