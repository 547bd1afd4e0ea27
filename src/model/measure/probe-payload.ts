/**
 * What a probe message carries: its run id, its sequence number and its send time, as JSON a
 * person can read in the tree (and that a watch could follow with --seq-path seq --time-path ts):
 *
 *   {"run":"3f9a02c1","seq":17,"ts":1718000000123.456}␠␠␠…
 *
 * padded with spaces (JSON allows trailing whitespace) to exactly the payload size. `ts` is epoch
 * milliseconds with microseconds, from the sender's clock; the receiver of the same run uses the
 * same clock, so latency = receive time − ts. Sequence numbers run from 1 to the count; 0 is the
 * check message sent before the run.
 */
export interface ProbeStamp {
  readonly runId: string
  readonly seq: number
  readonly sentAt: number
}

const RUN_ID = /^[0-9a-f]{8}$/
const SPACE = 0x20
/** Longest header: 8 + 8 + 8 + 16 (seq up to 2^53) + 6 + 20 + 1. */
const HEADER_MAX = 80
const HEADER = /^\{"run":"([0-9a-f]{8})","seq":(0|[1-9][0-9]{0,15}),"ts":([0-9]{1,16}(?:\.[0-9]{1,6})?)\}/

/** A new run id: 8 lowercase hex digits from 4 random bytes. */
export function runIdFrom(random: Uint8Array): string {
  return Array.from(random.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('')
}

export function isRunId(text: string): boolean {
  return RUN_ID.test(text)
}

function header(runId: string, seq: number, sentAt: number): string {
  return `{"run":"${runId}","seq":${seq},"ts":${sentAt.toFixed(3)}}`
}

/** The smallest payload that holds the stamp of every message of a run of `count` (at the current epoch). */
export function minPayloadBytes(count: number): number {
  return header('00000000', Math.max(0, count), 1e12 + 0.5).length
}

/** The payload of message `seq`, exactly `size` bytes (at least the stamp: a smaller size is raised to it). */
export function encodeProbe(runId: string, seq: number, sentAt: number, size: number): Uint8Array {
  const text = header(runId, seq, sentAt)
  const bytes = new Uint8Array(Math.max(size, text.length))
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i)
  if (bytes.length > text.length) bytes.fill(SPACE, text.length)
  return bytes
}

/** The stamp of a probe payload, or undefined when it is not one. Reads only the first 80 bytes. */
export function decodeProbe(payload: Uint8Array): ProbeStamp | undefined {
  if (payload.length < 30 || payload[0] !== 0x7b) return undefined
  const head = String.fromCharCode(...payload.subarray(0, Math.min(payload.length, HEADER_MAX)))
  const match = HEADER.exec(head)
  if (!match) return undefined
  return { runId: match[1]!, seq: Number(match[2]), sentAt: Number(match[3]) }
}
