import { parse, type Type } from 'protobufjs'
import { type DecodeResult } from './payload-decoders.ts'
import { type DecodedTree, decodedView, type DecodedView, exactInteger } from './decoded-value.ts'
import { formatBytes } from './display-window.ts'
import { LIMITS } from './limits.ts'
import { SPARKPLUG_B_PROTO } from './sparkplug-schema.ts'
import { parseSparkplugTopic, type SparkplugTopic, sparkplugSourceKey } from './sparkplug-topic.ts'
import { datatypeName, dateTime, type RawValue, sparkplugValue } from './sparkplug-values.ts'

let payloadType: Type | undefined

/** The Payload message type, parsed from the shipped schema on first use. */
export function sparkplugPayloadType(): Type {
  payloadType ??= parse(SPARKPLUG_B_PROTO, { keepCase: true }).root.lookupType('org.eclipse.tahu.protobuf.Payload')
  return payloadType
}

interface RawMetric extends RawValue {
  name?: string
  alias?: bigint
  timestamp?: bigint
  datatype?: number
  is_historical?: boolean
  is_transient?: boolean
  properties?: unknown
  metadata?: unknown
}

interface RawPayload {
  timestamp?: bigint
  metrics?: RawMetric[]
  seq?: bigint
  uuid?: string
  body?: Uint8Array
}

/** What a BIRTH said about one alias. */
export interface AliasEntry {
  readonly name: string
  readonly datatype?: number
}

/**
 * Aliases per node and device, from the last BIRTH of each (a rebirth replaces them; a node's
 * NBIRTH also forgets its devices' aliases, since they must be born again after it). Lives in the
 * worker; one per session. Online / offline is the tree's, from topic names: model/sparkplug-state.ts.
 */
export class SparkplugSessions {
  private readonly aliases = new Map<string, Map<string, AliasEntry>>()

  /** Records what a decoded message changes: the aliases, on BIRTH. */
  observe(topic: SparkplugTopic, payload: RawPayload): void {
    const key = sparkplugSourceKey(topic)
    if (key === undefined || topic.kind === 'state') return
    if (topic.type === 'NBIRTH' || topic.type === 'DBIRTH') {
      if (topic.type === 'NBIRTH') for (const k of [...this.aliases.keys()]) if (k.startsWith(key + '/')) this.aliases.delete(k)
      const book = new Map<string, AliasEntry>()
      for (const m of payload.metrics ?? []) {
        if (m.alias !== undefined && m.name !== undefined) book.set(String(m.alias), { name: m.name, datatype: m.datatype })
      }
      this.aliases.set(key, book)
    }
  }

  resolve(topic: SparkplugTopic, alias: bigint): AliasEntry | undefined {
    const key = sparkplugSourceKey(topic)
    if (key === undefined || topic.kind === 'state') return undefined
    // Commands (NCMD/DCMD) use the aliases of the node or device they are sent to.
    return this.aliases.get(key)?.get(String(alias))
  }
}

/** A Sparkplug message decoded for display, with metric values by name for charts. */
export interface SparkplugDecoded {
  readonly view: DecodedView
  /** The decoded tree the view shows (seq, timestamp.ms, metrics.<name>.value): what previews, diffs and a Measure watch read. */
  readonly tree: DecodedTree
  /** Numbers and booleans of the message's metrics, by metric name (aliases resolved). */
  readonly metricValues: { name: string; value: number | bigint | boolean }[]
}

/**
 * Decodes a Sparkplug B payload of a Sparkplug topic. STATE messages are JSON text (Sparkplug 3)
 * and are not decoded here; other topic names are refused (never guessed). `sessions` resolves
 * aliases and learns from BIRTH and DEATH messages.
 */
export function decodeSparkplug(topicName: string, bytes: Uint8Array, sessions: SparkplugSessions): DecodeResult<SparkplugDecoded> {
  const topic = parseSparkplugTopic(topicName)
  if (topic === undefined)
    return { error: 'not a Sparkplug B topic: expected spBv1.0/<group>/<NBIRTH|NDATA|NDEATH|DBIRTH|DDATA|DDEATH|NCMD|DCMD>/<edge node>[/<device>]' }
  if (topic.kind === 'state') return { error: 'a Sparkplug STATE message is JSON text, not a protobuf payload: use the JSON or Text view' }
  if (bytes.length > LIMITS.display.bytes)
    return { error: `too large to decode as Sparkplug B: ${formatBytes(bytes.length)} (the limit is ${formatBytes(LIMITS.display.bytes)})` }
  let raw: RawPayload
  try {
    const type = sparkplugPayloadType()
    raw = type.toObject(type.decode(bytes), { longs: BigInt, oneofs: true, defaults: false, arrays: false })
  } catch (e) {
    return { error: `not a Sparkplug B payload: ${e instanceof Error ? e.message : String(e)}` }
  }
  sessions.observe(topic, raw)
  const notes: string[] = []
  const metricValues: SparkplugDecoded['metricValues'] = []
  const metrics = metricsTree(raw.metrics ?? [], topic, sessions, notes, metricValues)
  const tree: { [key: string]: DecodedTree } = {}
  if (raw.timestamp !== undefined) tree.timestamp = dateTime(raw.timestamp)
  if (raw.seq !== undefined) tree.seq = exactInteger(raw.seq)
  if (raw.uuid !== undefined) tree.uuid = raw.uuid
  tree.metrics = metrics
  if (raw.body !== undefined) tree.body = sparkplugValue({ bytes_value: raw.body }, 'Bytes', () => null)
  return { value: { view: decodedView('sparkplug', tree, bytes.length, notes), metricValues, tree } }
}

/** Metrics keyed by name (resolved from the alias when the message has none), each with its details. */
function metricsTree(
  metrics: RawMetric[],
  topic: SparkplugTopic,
  sessions: SparkplugSessions | undefined,
  notes: string[],
  values: SparkplugDecoded['metricValues'] | undefined,
): DecodedTree {
  const out: { [key: string]: DecodedTree } = Object.create(null) as { [key: string]: DecodedTree }
  const template = (t: unknown): DecodedTree => templateTree(t as RawTemplate, topic, notes)
  for (const m of metrics) {
    const known = m.alias !== undefined && sessions ? sessions.resolve(topic, m.alias) : undefined
    let name = m.name ?? known?.name
    if (name === undefined) {
      name = m.alias !== undefined ? `alias ${m.alias}` : '(no name, no alias)'
      if (m.alias !== undefined) notes.push(`alias ${m.alias}: no BIRTH seen`)
    }
    const datatype = datatypeName(m.datatype ?? known?.datatype)
    const value = sparkplugValue(m, datatype, template)
    const details: { [key: string]: DecodedTree } = { value }
    if (datatype !== undefined) details.datatype = datatype
    if (m.alias !== undefined) details.alias = exactInteger(m.alias)
    if (m.timestamp !== undefined) details.timestamp = dateTime(m.timestamp)
    if (m.is_historical) details.historical = true
    if (m.is_transient) details.transient = true
    if (m.properties !== undefined) details.properties = propertySet(m.properties as RawPropertySet)
    let key = name
    for (let n = 2; key in out; n++) key = `${name} (#${n})`
    out[key] = details
    if (values && (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')) values.push({ name, value })
  }
  return out
}

interface RawTemplate {
  version?: string
  metrics?: RawMetric[]
  parameters?: (RawValue & { name?: string; type?: number })[]
  template_ref?: string
  is_definition?: boolean
}

function templateTree(t: RawTemplate, topic: SparkplugTopic, notes: string[]): DecodedTree {
  const out: { [key: string]: DecodedTree } = {}
  if (t.template_ref !== undefined) out.template_ref = t.template_ref
  if (t.version !== undefined) out.version = t.version
  if (t.is_definition !== undefined) out.is_definition = t.is_definition
  if (t.parameters?.length) {
    const params: { [key: string]: DecodedTree } = Object.create(null) as { [key: string]: DecodedTree }
    for (const p of t.parameters) params[p.name ?? '(no name)'] = sparkplugValue(p, datatypeName(p.type), () => null)
    out.parameters = params
  }
  // Template members carry their own names; aliases belong to top-level metrics only.
  out.metrics = metricsTree(t.metrics ?? [], topic, undefined, notes, undefined)
  return out
}

interface RawPropertySet {
  keys?: string[]
  values?: (RawValue & { type?: number; propertyset_value?: RawPropertySet; propertysets_value?: { propertyset?: RawPropertySet[] } })[]
}

function propertySet(set: RawPropertySet): DecodedTree {
  const out: { [key: string]: DecodedTree } = Object.create(null) as { [key: string]: DecodedTree }
  ;(set.keys ?? []).forEach((key, i) => {
    const v = set.values?.[i]
    if (v === undefined) out[key] = null
    else if (v.propertyset_value !== undefined) out[key] = propertySet(v.propertyset_value)
    else if (v.propertysets_value !== undefined) out[key] = (v.propertysets_value.propertyset ?? []).map(propertySet)
    else out[key] = sparkplugValue(v, datatypeName(v.type), () => null)
  })
  return out
}
