import { LIMITS } from '../model/limits.ts'
import { previewPayload } from '../model/payload-preview.ts'
import { RecentMessages } from '../model/recent-messages.ts'
import { MqttSession } from './mqtt-session.ts'
import type { Batch, MessageRow, WorkerCommand, WorkerEvent } from './protocol.ts'

/**
 * The worker owns the MQTT connection and every message. Messages are only recorded as they
 * arrive; a clock sends the page a snapshot of what it shows, and only when something changed.
 */
// The project's lib is DOM (for the page); this is the slice of the worker global we use.
const scope = self as unknown as {
  postMessage(message: WorkerEvent): void
  onmessage: ((event: MessageEvent<WorkerCommand>) => void) | null
}
const recent = new RecentMessages(LIMITS.recentMessages)
const topics = new Set<string>()
let messages = 0
let bytes = 0
let seq = 0
let version = 0
let flushedVersion = 0
let session: MqttSession | undefined

function emit(event: WorkerEvent): void {
  scope.postMessage(event)
}

function ingest(topic: string, payload: Uint8Array, qos: 0 | 1 | 2, retain: boolean): void {
  messages++
  bytes += payload.length
  topics.add(topic)
  recent.add({ seq: ++seq, topic, payload, qos, retain, receivedAt: Date.now() })
  version++
}

function buildBatch(): Batch {
  const latest: MessageRow[] = recent.newest(50).map((m) => {
    const preview = previewPayload(m.payload, LIMITS.previewChars)
    return {
      seq: m.seq,
      topic: m.topic,
      preview: preview.text,
      previewCut: preview.cut,
      binary: preview.binary,
      bytes: m.payload.length,
      qos: m.qos,
      retain: m.retain,
      receivedAt: m.receivedAt,
    }
  })
  return { totals: { messages, bytes, topics: topics.size }, latest, latestEvicted: recent.evicted }
}

setInterval(() => {
  if (version === flushedVersion) return
  flushedVersion = version
  emit({ type: 'batch', batch: buildBatch() })
}, LIMITS.flushIntervalMs)

async function handle(command: WorkerCommand): Promise<void> {
  switch (command.type) {
    case 'connect':
      await session?.end()
      session = new MqttSession(command.options, command.subscriptions, {
        onState: (connection) => emit({ type: 'connection', connection }),
        onMessage: ingest,
        onSubscribed: (results) => emit({ type: 'subscribed', results }),
      })
      return
    case 'disconnect':
      await session?.end()
      session = undefined
      return
  }
}

scope.onmessage = (event: MessageEvent<WorkerCommand>) => {
  handle(event.data).catch((error: unknown) => emit({ type: 'error', message: error instanceof Error ? error.message : String(error) }))
}
