import type { Aedes } from 'aedes'
import { VERSION } from '../version.ts'
import { RetainedTopics } from './retained-topics.ts'
import type { TrafficCounters } from './traffic-counters.ts'

/**
 * The broker's statistics under $SYS/broker/, named and worded like mosquitto's so tools that read
 * those read these: retained, QoS 0, each published when its value changed since the last time,
 * every `intervalMs` (--sys-interval). Counts run from the start of this process.
 *
 * aedes publishes its own $SYS/<broker id>/... topics (heartbeat, birth, new/clients,
 * disconnect/clients, new/subscribes): it uses them itself, under a random UUID, so they cannot
 * meet these names; they stay.
 */
export const SYS_TOPICS = {
  version: '$SYS/broker/version',
  uptime: '$SYS/broker/uptime',
  clientsConnected: '$SYS/broker/clients/connected',
  clientsMaximum: '$SYS/broker/clients/maximum',
  messagesReceived: '$SYS/broker/messages/received',
  messagesSent: '$SYS/broker/messages/sent',
  publishReceived: '$SYS/broker/publish/messages/received',
  publishSent: '$SYS/broker/publish/messages/sent',
  publishDropped: '$SYS/broker/publish/messages/dropped',
  bytesReceived: '$SYS/broker/bytes/received',
  bytesSent: '$SYS/broker/bytes/sent',
  retainedCount: '$SYS/broker/retained messages/count',
  heapCurrent: '$SYS/broker/heap/current',
  heapMaximum: '$SYS/broker/heap/maximum',
} as const

export interface SysStats {
  /** Publishes every value now (the timer does this every interval). */
  publishNow(): void
  stop(): void
}

/** Starts publishing; stops by itself when the broker closes. intervalMs 0: nothing is ever published. */
export function startSysStats(broker: Aedes, counters: TrafficCounters, intervalMs: number): SysStats {
  if (intervalMs <= 0) return { publishNow() {}, stop() {} }
  const startedAt = Date.now()
  const retained = new RetainedTopics(broker)
  const lastSent = new Map<string, string>()
  let clientsMaximum = 0
  let heapMaximum = 0

  const publish = (topic: string, value: string) => {
    if (lastSent.get(topic) === value) return
    lastSent.set(topic, value)
    broker.publish({ cmd: 'publish', topic, payload: Buffer.from(value), qos: 0, retain: true, dup: false }, () => {})
  }

  const publishNow = () => {
    if (broker.closed) return
    clientsMaximum = Math.max(clientsMaximum, broker.connectedClients)
    const heap = process.memoryUsage().heapUsed
    heapMaximum = Math.max(heapMaximum, heap)
    publish(SYS_TOPICS.version, `mqtt-scope ${VERSION} (aedes ${aedesVersion(broker)})`)
    publish(SYS_TOPICS.uptime, `${Math.floor((Date.now() - startedAt) / 1000)} seconds`)
    publish(SYS_TOPICS.clientsConnected, String(broker.connectedClients))
    publish(SYS_TOPICS.clientsMaximum, String(clientsMaximum))
    publish(SYS_TOPICS.messagesReceived, String(counters.packetsReceived))
    publish(SYS_TOPICS.messagesSent, String(counters.packetsSent))
    publish(SYS_TOPICS.publishReceived, String(counters.publishReceived))
    publish(SYS_TOPICS.publishSent, String(counters.publishSent))
    publish(SYS_TOPICS.publishDropped, String(counters.publishDropped))
    publish(SYS_TOPICS.bytesReceived, String(counters.bytesReceived))
    publish(SYS_TOPICS.bytesSent, String(counters.bytesSent))
    publish(SYS_TOPICS.retainedCount, String(retained.count))
    publish(SYS_TOPICS.heapCurrent, String(heap))
    publish(SYS_TOPICS.heapMaximum, String(heapMaximum))
  }

  const timer = setInterval(publishNow, intervalMs)
  timer.unref()
  const stop = () => clearInterval(timer)
  broker.once('closed', stop)
  // The first values go out once the retained count is known (a persistent store may hold many).
  retained.load(broker).then(publishNow, publishNow)
  return { publishNow, stop }
}

/** aedes 1.2 has a `version` getter that its typings leave out. */
function aedesVersion(broker: Aedes): string {
  return (broker as unknown as { version?: string }).version ?? 'unknown'
}
