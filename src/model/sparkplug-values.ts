import { bytesText, type DecodedTree, exactInteger } from './decoded-value.ts'
import { SPARKPLUG_DATATYPES } from './sparkplug-schema.ts'

/**
 * One Sparkplug value holder as protobufjs's toObject gives it (longs as BigInt, oneofs named):
 * a Metric, a Template Parameter, a PropertyValue or a DataSetValue.
 */
export interface RawValue {
  value?: string
  int_value?: number
  long_value?: bigint
  float_value?: number
  double_value?: number
  boolean_value?: boolean
  string_value?: string
  bytes_value?: Uint8Array
  dataset_value?: RawDataSet
  template_value?: unknown
  is_null?: boolean
}

export interface RawDataSet {
  columns?: string[]
  types?: number[]
  rows?: { elements?: RawValue[] }[]
}

export function datatypeName(type: number | undefined): string | undefined {
  if (type === undefined) return undefined
  return SPARKPLUG_DATATYPES[type] ?? `unknown type ${type}`
}

/**
 * The value of a holder, by its Sparkplug datatype: signed 8/16/32-bit integers come as uint32 in
 * int_value and Int64 as uint64 in long_value (two's complement), arrays packed little-endian in
 * bytes_value. Without a datatype (a DATA metric whose BIRTH was not seen) the field that is set
 * is shown as it is.
 */
export function sparkplugValue(raw: RawValue, type: string | undefined, template: (t: unknown) => DecodedTree): DecodedTree {
  if (raw.is_null === true) return null
  const int = raw.int_value ?? 0
  const long = raw.long_value ?? 0n
  switch (type) {
    case 'Int8':
      return (int << 24) >> 24
    case 'Int16':
      return (int << 16) >> 16
    case 'Int32':
      return int | 0
    case 'UInt8':
    case 'UInt16':
    case 'UInt32':
      return raw.long_value !== undefined ? exactInteger(BigInt.asUintN(64, long)) : int >>> 0
    case 'Int64':
      return exactInteger(BigInt.asIntN(64, raw.long_value ?? BigInt(int)))
    case 'UInt64':
      return exactInteger(BigInt.asUintN(64, raw.long_value ?? BigInt(int >>> 0)))
    case 'DateTime':
      return dateTime(long)
    case 'DataSet':
      return raw.dataset_value ? dataSet(raw.dataset_value, template) : null
    case 'Template':
      return raw.template_value !== undefined ? template(raw.template_value) : null
    case 'Bytes':
    case 'File':
      return raw.bytes_value ? bytesText(raw.bytes_value) : null
  }
  if (type !== undefined && type.endsWith('Array') && raw.bytes_value) return packedArray(type, raw.bytes_value)
  return fieldThatIsSet(raw, template)
}

function fieldThatIsSet(raw: RawValue, template: (t: unknown) => DecodedTree): DecodedTree {
  if (raw.long_value !== undefined) return exactInteger(BigInt.asUintN(64, raw.long_value))
  if (raw.int_value !== undefined) return raw.int_value
  if (raw.float_value !== undefined) return raw.float_value
  if (raw.double_value !== undefined) return raw.double_value
  if (raw.boolean_value !== undefined) return raw.boolean_value
  if (raw.string_value !== undefined) return raw.string_value
  if (raw.bytes_value !== undefined) return bytesText(raw.bytes_value)
  if (raw.dataset_value !== undefined) return dataSet(raw.dataset_value, template)
  if (raw.template_value !== undefined) return template(raw.template_value)
  return null
}

/** Milliseconds since the epoch with their UTC time, so a timestamp reads without arithmetic. */
export function dateTime(ms: bigint): DecodedTree {
  const n = Number(ms)
  const date = new Date(n)
  return { ms: exactInteger(ms), utc: Number.isNaN(date.getTime()) ? 'out of range' : date.toISOString() }
}

/** A DataSet as a table: column names, types, and one object per row keyed by column name. */
function dataSet(ds: RawDataSet, template: (t: unknown) => DecodedTree): DecodedTree {
  const columns = ds.columns ?? []
  const types = (ds.types ?? []).map((t) => datatypeName(t) ?? 'Unknown')
  const rows = (ds.rows ?? []).map((row) => {
    const out: { [key: string]: DecodedTree } = Object.create(null) as { [key: string]: DecodedTree }
    ;(row.elements ?? []).forEach((element, i) => {
      out[columns[i] ?? `column ${i}`] = sparkplugValue(element, types[i], template)
    })
    return out
  })
  return { columns, types, rows }
}

/** Sparkplug arrays: little-endian values in bytes_value; BooleanArray is a uint32 count then bits, MSB first. */
function packedArray(type: string, bytes: Uint8Array): DecodedTree {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const read = (size: number, get: (offset: number) => DecodedTree): DecodedTree[] => {
    const out: DecodedTree[] = []
    for (let at = 0; at + size <= bytes.length; at += size) out.push(get(at))
    return out
  }
  switch (type) {
    case 'Int8Array':
      return read(1, (o) => view.getInt8(o))
    case 'UInt8Array':
      return read(1, (o) => view.getUint8(o))
    case 'Int16Array':
      return read(2, (o) => view.getInt16(o, true))
    case 'UInt16Array':
      return read(2, (o) => view.getUint16(o, true))
    case 'Int32Array':
      return read(4, (o) => view.getInt32(o, true))
    case 'UInt32Array':
      return read(4, (o) => view.getUint32(o, true))
    case 'Int64Array':
      return read(8, (o) => exactInteger(view.getBigInt64(o, true)))
    case 'UInt64Array':
      return read(8, (o) => exactInteger(view.getBigUint64(o, true)))
    case 'FloatArray':
      return read(4, (o) => view.getFloat32(o, true))
    case 'DoubleArray':
      return read(8, (o) => view.getFloat64(o, true))
    case 'DateTimeArray':
      return read(8, (o) => dateTime(view.getBigInt64(o, true)))
    case 'BooleanArray': {
      if (bytes.length < 4) return bytesText(bytes)
      const count = Math.min(view.getUint32(0, true), (bytes.length - 4) * 8)
      const out: boolean[] = []
      for (let i = 0; i < count; i++) out.push((bytes[4 + (i >> 3)]! & (0x80 >> (i & 7))) !== 0)
      return out
    }
    case 'StringArray': {
      const texts = new TextDecoder().decode(bytes).split('\0')
      if (texts[texts.length - 1] === '') texts.pop()
      return texts
    }
  }
  return bytesText(bytes)
}
