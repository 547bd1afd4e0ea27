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
export const SYS_STAT_NAMES = {
  version: 'version',
  uptime: 'uptime',
  clientsConnected: 'clients/connected',
  clientsMaximum: 'clients/maximum',
  messagesReceived: 'messages/received',
  messagesSent: 'messages/sent',
  publishReceived: 'publish/messages/received',
  publishSent: 'publish/messages/sent',
  publishDropped: 'publish/messages/dropped',
  bytesReceived: 'bytes/received',
  bytesSent: 'bytes/sent',
  retainedCount: 'retained messages/count',
  heapCurrent: 'heap/current',
  heapMaximum: 'heap/maximum',
} as const

export type SysStatKey = keyof typeof SYS_STAT_NAMES
export type SysValues = Partial<Record<SysStatKey, string>>

export const SYS_ROOT = '$SYS/broker'

export const SYS_TOPICS = Object.fromEntries(Object.entries(SYS_STAT_NAMES).map(([key, name]) => [key, `${SYS_ROOT}/${name}`])) as {
  readonly [K in SysStatKey]: `${typeof SYS_ROOT}/${(typeof SYS_STAT_NAMES)[K]}`
}

export interface SysStatsOptions {
  /** Where the values go; SYS_ROOT unless a cluster node publishes its own below `$SYS/broker/nodes/<id>`. */
  readonly root?: string
  /** Whether this broker counts its retained messages (a cluster node leaves that to the totals). */
  readonly retainedCount?: boolean
  /** Hears every round's values. */
  readonly onRound?: (values: SysValues) => void
}

export interface SysStats {
  /** Publishes every value now (the timer does this every interval). */
  publishNow(): void
  stop(): void
}

/** Starts publishing; stops by itself when the broker closes. intervalMs 0: nothing is ever published. */
export function startSysStats(broker: Aedes, counters: TrafficCounters, intervalMs: number, options: SysStatsOptions = {}): SysStats {
  if (intervalMs <= 0) return { publishNow() {}, stop() {} }
  const startedAt = Date.now()
  const root = options.root ?? SYS_ROOT
  const retained = options.retainedCount === false ? undefined : new RetainedTopics(broker)
  const publishChanged = changedValuePublisher(broker)
  let clientsMaximum = 0
  let heapMaximum = 0
  let values: SysValues = {}

  const publish = (key: SysStatKey, value: string) => {
    values[key] = value
    publishChanged(`${root}/${SYS_STAT_NAMES[key]}`, value)
  }

  const publishNow = () => {
    if (broker.closed) return
    values = {}
    clientsMaximum = Math.max(clientsMaximum, broker.connectedClients)
    const heap = process.memoryUsage().heapUsed
    heapMaximum = Math.max(heapMaximum, heap)
    publish('version', `mqtt-scope ${VERSION} (aedes ${aedesVersion(broker)})`)
    publish('uptime', `${Math.floor((Date.now() - startedAt) / 1000)} seconds`)
    publish('clientsConnected', String(broker.connectedClients))
    publish('clientsMaximum', String(clientsMaximum))
    publish('messagesReceived', String(counters.packetsReceived))
    publish('messagesSent', String(counters.packetsSent))
    publish('publishReceived', String(counters.publishReceived))
    publish('publishSent', String(counters.publishSent))
    publish('publishDropped', String(counters.publishDropped))
    publish('bytesReceived', String(counters.bytesReceived))
    publish('bytesSent', String(counters.bytesSent))
    if (retained !== undefined) publish('retainedCount', String(retained.count))
    publish('heapCurrent', String(heap))
    publish('heapMaximum', String(heapMaximum))
    options.onRound?.(values)
  }

  const timer = setInterval(publishNow, intervalMs)
  timer.unref()
  const stop = () => clearInterval(timer)
  broker.once('closed', stop)
  // The first values go out once the retained count is known (a persistent store may hold many).
  if (retained === undefined) setImmediate(publishNow)
  else retained.load(broker).then(publishNow, publishNow)
  return { publishNow, stop }
}

/** Publishes a retained QoS 0 value to a topic unless it is the value sent there last time. */
export function changedValuePublisher(broker: Aedes): (topic: string, value: string) => void {
  const lastSent = new Map<string, string>()
  return (topic, value) => {
    if (lastSent.get(topic) === value) return
    lastSent.set(topic, value)
    broker.publish({ cmd: 'publish', topic, payload: Buffer.from(value), qos: 0, retain: true, dup: false }, () => {})
  }
}

/** aedes 1.2 has a `version` getter that its typings leave out. */
function aedesVersion(broker: Aedes): string {
  return (broker as unknown as { version?: string }).version ?? 'unknown'
}
