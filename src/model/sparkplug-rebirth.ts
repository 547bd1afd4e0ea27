import { type SparkplugTopic, sparkplugNodeCommandTopic } from './sparkplug-topic.ts'

/** The standard rebirth request metric (Sparkplug B: an NCMD with this Boolean metric set true). */
export const REBIRTH_METRIC = 'Node Control/Rebirth'

/**
 * The NCMD that asks an edge node to publish its BIRTH messages again: topic
 * spBv1.0/<group>/NCMD/<edge node> and a Payload { timestamp, metrics: [{ name: "Node
 * Control/Rebirth", timestamp, datatype: Boolean, boolean_value: true }] }. Written by hand in the
 * protobuf wire format (a few fixed fields), so the page needs no protobuf library to send it.
 * Undefined for a STATE topic (there is no edge node to ask).
 */
export function rebirthCommand(topic: SparkplugTopic, now: number): { topic: string; bytes: Uint8Array } | undefined {
  if (topic.kind === 'state') return undefined
  const name = new TextEncoder().encode(REBIRTH_METRIC)
  const time = varint(Math.max(0, Math.floor(now)))
  // Metric: name (1, length-delimited), timestamp (3, varint), datatype (4) = 11 Boolean, boolean_value (14) = true.
  const metric = [0x0a, ...varint(name.length), ...name, 0x18, ...time, 0x20, 11, 0x70, 1]
  // Payload: timestamp (1, varint), metrics (2, length-delimited).
  const payload = [0x08, ...time, 0x12, ...varint(metric.length), ...metric]
  return { topic: sparkplugNodeCommandTopic(topic.group, topic.edgeNode), bytes: Uint8Array.from(payload) }
}

/** A non-negative integer (up to 2^53) as a protobuf varint. */
function varint(value: number): number[] {
  const out: number[] = []
  let v = value
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80)
    v = Math.floor(v / 0x80)
  }
  out.push(v)
  return out
}
