import { LIMITS } from '../model/limits.ts'
import { recordedProperties } from '../model/recording-jsonl.ts'
import type { RetainedEntry, RetainedListing } from '../model/retained-types.ts'
import type { TopicTree } from '../model/topic-tree.ts'
import { scanFilters, type ScanClient, type ScannedMessage } from './retained-scan.ts'

export interface ListLimits {
  readonly count: number
  readonly bytes: number
  readonly quietMs: number
  readonly scanMs: number
}

/** When the message now retained on `topic` was set, if this explorer saw it arrive; undefined otherwise. */
export type LastSetLookup = (topic: string, payload: Uint8Array) => number | undefined

/**
 * Every retained message the broker holds under `filter`, collected by the retained scan
 * (retained-scan.ts) on its own connection: subscribed at QoS 2, so each comes at the QoS it was
 * published with, and under MQTT 5 with Retain Handling 0 and Retain As Published. The burst ends
 * when the broker goes quiet after the SUBACK. Within `limits.count` messages and `limits.bytes` of
 * payload; what does not fit is counted as left out (and the collection stops once as many again
 * were left out: the list is cut either way).
 */
export async function listRetained(
  client: ScanClient,
  filter: string,
  lastSet: LastSetLookup,
  limits: ListLimits = LIMITS.retainedView,
): Promise<Omit<RetainedListing, 'id'>> {
  const kept = new Map<string, RetainedEntry>()
  let bytes = 0
  let leftOut = 0
  let cutBy: 'count' | 'bytes' | undefined
  const accept = (topic: string, message: ScannedMessage): boolean => {
    const before = kept.get(topic)
    const size = message.payload.length
    const grows = before === undefined ? 1 : 0
    const byteGrowth = size - (before?.payload.length ?? 0)
    if (kept.size + grows > limits.count || bytes + byteGrowth > limits.bytes) {
      cutBy ??= kept.size + grows > limits.count ? 'count' : 'bytes'
      leftOut++
      return leftOut < limits.count
    }
    // MQTT.js's Buffer, a view into a larger one: packed into one buffer of exactly these bytes at the end.
    const payload = message.payload
    const properties = recordedProperties(message.properties)
    const at = lastSet(topic, payload)
    kept.set(topic, { topic, qos: message.qos, payload, ...(properties ? { properties } : {}), ...(at !== undefined ? { lastSet: at } : {}) })
    bytes += byteGrowth
    return true
  }
  const result = await scanFilters(client, [filter], { quietMs: limits.quietMs, scanMs: limits.scanMs }, { qos: 2, accept })
  const entries = packPayloads([...kept.values()])
  return {
    filter,
    entries,
    leftOut,
    ...(cutBy ? { cutBy } : {}),
    partial: result.partial,
    ...(result.error !== undefined ? { error: result.error } : {}),
    at: Date.now(),
  }
}

/**
 * The entries with their payloads copied into one buffer of exactly their bytes: one allocation,
 * and one buffer to transfer to the page (100,000 transfers of small buffers take seconds).
 */
export function packPayloads(entries: readonly RetainedEntry[]): RetainedEntry[] {
  let total = 0
  for (const e of entries) total += e.payload.length
  const packed = new Uint8Array(total)
  let offset = 0
  return entries.map((e) => {
    packed.set(e.payload, offset)
    const payload = packed.subarray(offset, offset + e.payload.length)
    offset += e.payload.length
    return { ...e, payload }
  })
}

/**
 * The explorer's own answer to "when was it set": the topic is marked retained, and the newest
 * message its history keeps carries the same bytes and arrived live (retain = 0: under MQTT 3.1.1
 * a retained message published while we are subscribed [MQTT-3.3.1-9]), so it was set then. A
 * message delivered flagged may be one the broker re-sent on subscribe, long after it was set
 * (and under MQTT 5 with Retain As Published the two look alike): unknown.
 */
export function lastSetFromTree(tree: TopicTree): LastSetLookup {
  return (topic, payload) => {
    const node = tree.find(topic)
    if (!node?.retained) return undefined
    const latest = tree.history.latest(node)
    if (!latest || latest.retain || !sameBytes(latest.payload, payload)) return undefined
    return latest.receivedAt
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
