import { Namespace, type NamespaceBase, parse, Root, Type } from 'protobufjs'
import { type DecodeResult } from './payload-decoders.ts'
import type { ProtoFile } from './decode-rules.ts'
import { type DecodedTree, decodedView, type DecodedView, toDecodedTree } from './decoded-value.ts'
import { formatBytes } from './display-window.ts'
import { LIMITS } from './limits.ts'

export type { ProtoFile } from './decode-rules.ts'

/**
 * Parses .proto files into one root. A file that does not parse is refused with its name, line
 * and the parser's reason ("sensors.proto line 4: illegal token 'x'"); the others still load.
 */
export function loadProtoFiles(files: readonly ProtoFile[]): { root: Root; errors: string[] } {
  const root = new Root()
  const errors: string[] = []
  for (const file of files) {
    try {
      // keepCase: fields are shown with the names the .proto gives them.
      parse(file.text, root, { keepCase: true })
    } catch (e) {
      errors.push(protoParseError(file.name, e))
    }
  }
  try {
    root.resolveAll()
  } catch (e) {
    // A field whose type no file defines: the message types that use it say so when decoding.
    errors.push(`not every type resolves: ${e instanceof Error ? e.message : String(e)}`)
  }
  return { root, errors }
}

/** The full names of the message types in `root` ("demo.Reading"), at most `limit`, without recursion. */
export function messageTypeNames(root: Root, limit: number): string[] {
  const names: string[] = []
  const work: NamespaceBase[] = [root]
  while (work.length > 0 && names.length < limit) {
    const ns = work.pop()!
    for (const child of ns.nestedArray) {
      if (child instanceof Type && names.length < limit) names.push(child.fullName.replace(/^\./, ''))
      // Messages nest types too (Type is a namespace of its own, not a Namespace).
      if (child instanceof Namespace || child instanceof Type) work.push(child)
    }
  }
  return names.sort()
}

function protoParseError(name: string, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e)
  const line = /line (\d+)/.exec(message)?.[1]
  const reason = message.replace(/\s*\((?:[^()]*, )?line \d+\)\s*$/, '')
  return line !== undefined ? `${name} line ${line}: ${reason}` : `${name}: ${reason}`
}

/** The message type a rule names, or the reason it cannot be used. */
export function findMessageType(root: Root, typeName: string): DecodeResult<Type> {
  try {
    return { value: root.lookupType(typeName) }
  } catch {
    return { error: `message type "${typeName}" is not defined in the added .proto files` }
  }
}

/**
 * Decodes a payload as a message type: 64-bit integers exact, enums by name. A payload that does
 * not decode says at which field and byte offset it failed (the caller falls back to hex).
 */
export function decodeProtobuf(type: Type, bytes: Uint8Array): DecodeResult<DecodedView> {
  const tree = decodeProtobufTree(type, bytes)
  return 'error' in tree ? tree : { value: decodedView('protobuf', tree.value, bytes.length) }
}

/** The decoded message itself (for previews and diffs), with the same checks and reasons as decodeProtobuf. */
export function decodeProtobufTree(type: Type, bytes: Uint8Array): DecodeResult<DecodedTree> {
  if (bytes.length > LIMITS.display.bytes)
    return { error: `too large to decode as Protobuf: ${formatBytes(bytes.length)} (the limit is ${formatBytes(LIMITS.display.bytes)})` }
  try {
    const value = type.toObject(type.decode(bytes), { longs: BigInt, enums: String, defaults: false })
    return { value: toDecodedTree(value) }
  } catch (e) {
    const where = failingField(type, bytes)
    return { error: `not a ${type.fullName.replace(/^\./, '')}: ${where ? `${where}: ` : ''}${e instanceof Error ? e.message : String(e)}` }
  }
}

/**
 * Walks the top-level wire format (without the schema's help) to find the field whose bytes are
 * broken: "field 3 (temperature) at byte 12". Undefined when every top-level field is whole.
 */
export function failingField(type: Type, bytes: Uint8Array): string | undefined {
  let pos = 0
  const varint = (): number | undefined => {
    let value = 0
    for (let shift = 0; shift < 64; shift += 7) {
      if (pos >= bytes.length) return undefined
      const b = bytes[pos++]!
      value += (b & 0x7f) * 2 ** shift
      if ((b & 0x80) === 0) return value
    }
    return undefined
  }
  while (pos < bytes.length) {
    const start = pos
    const key = varint()
    const describe = (n: number): string => {
      const field = type.fieldsById[n]
      return `field ${n}${field ? ` (${field.name})` : ''} at byte ${start}`
    }
    if (key === undefined) return `a field key at byte ${start}`
    const number = Math.floor(key / 8)
    const wire = key % 8
    if (number === 0) return `field number 0 at byte ${start}`
    if (wire === 0 && varint() === undefined) return describe(number)
    else if (wire === 1 || wire === 5) {
      pos += wire === 1 ? 8 : 4
      if (pos > bytes.length) return describe(number)
    } else if (wire === 2) {
      const length = varint()
      if (length === undefined || pos + length > bytes.length) return describe(number)
      pos += length
    } else if (wire === 3 || wire === 4 || wire > 5) {
      if (wire > 5) return `${describe(number)}: wire type ${wire} does not exist`
    }
  }
  return undefined
}
