import { parseRecordingJsonl, serialiseRecordedMessage, type RecordedMessage } from './recording-jsonl.ts'
import type { RetainedEntry } from './retained-types.ts'
import { validateTopic } from './topic-rules.ts'

/**
 * Retained messages as recordings JSONL (recording-jsonl.ts), one line each with a final newline:
 * `retain: true`, the exact bytes as payload_base64, the QoS and the MQTT 5 properties. `ts` is
 * when the message was last set where known, else `now` (when it was backed up).
 */
export function retainedToJsonl(entries: readonly RetainedEntry[], now: number): string {
  let out = ''
  for (const e of entries) {
    const message: RecordedMessage = {
      ts: e.lastSet ?? now,
      topic: e.topic,
      qos: e.qos,
      retain: true,
      payload: e.payload,
      ...(e.properties ? { properties: e.properties } : {}),
    }
    out += `${serialiseRecordedMessage(message)}\n`
  }
  return out
}

export type RestoreParse = { readonly ok: true; readonly messages: RecordedMessage[] } | { readonly ok: false; readonly line: number; readonly reason: string }

/**
 * A backup to restore, all or nothing: the recordings JSONL rules, plus what publishing retained
 * needs: a topic MQTT allows, and a payload (an empty retained message would clear the topic
 * instead of restoring it). The first bad line is named with its 1-based number and the reason.
 */
export function parseRestoreJsonl(text: string): RestoreParse {
  const parsed = parseRecordingJsonl(text)
  if (!parsed.ok) return parsed
  if (parsed.messages.length === 0) return { ok: false, line: 1, reason: 'the file holds no messages' }
  const lineNumbers = nonBlankLineNumbers(text)
  for (let i = 0; i < parsed.messages.length; i++) {
    const m = parsed.messages[i]!
    const problem = validateTopic(m.topic)
    if (problem !== undefined) return { ok: false, line: lineNumbers[i]!, reason: `"topic": ${problem}` }
    if (m.payload.length === 0) return { ok: false, line: lineNumbers[i]!, reason: 'empty payload (published retained it would clear the topic)' }
  }
  return parsed
}

/** The 1-based numbers of the lines parseRecordingJsonl reads (it skips blank ones). */
function nonBlankLineNumbers(text: string): number[] {
  const out: number[] = []
  text.split('\n').forEach((line, i) => {
    if (line.replace(/\r$/, '').trim() !== '') out.push(i + 1)
  })
  return out
}
