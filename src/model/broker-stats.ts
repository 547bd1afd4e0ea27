import type { StoredMessage } from './message-history.ts'
import { previewPayload } from './payload-preview.ts'
import type { TopicNode, TopicTree } from './topic-tree.ts'

/** Where brokers publish their statistics (mosquitto's names; the embedded broker uses the same). */
export const BROKER_SYS_ROOT = '$SYS/broker'

/**
 * The statistics the dashboard knows, by the topic below `$SYS/broker/`. Counters only grow while
 * the broker runs, so a rate per second is worth computing for them; the rest are shown as they are.
 */
export const BROKER_STATS = {
  version: { topic: 'version', counter: false },
  uptime: { topic: 'uptime', counter: false },
  clientsConnected: { topic: 'clients/connected', counter: false },
  clientsMaximum: { topic: 'clients/maximum', counter: false },
  clientsTotal: { topic: 'clients/total', counter: false },
  subscriptions: { topic: 'subscriptions/count', counter: false },
  messagesReceived: { topic: 'messages/received', counter: true },
  messagesSent: { topic: 'messages/sent', counter: true },
  publishReceived: { topic: 'publish/messages/received', counter: true },
  publishSent: { topic: 'publish/messages/sent', counter: true },
  publishDropped: { topic: 'publish/messages/dropped', counter: true },
  bytesReceived: { topic: 'bytes/received', counter: true },
  bytesSent: { topic: 'bytes/sent', counter: true },
  retainedCount: { topic: 'retained messages/count', counter: false },
  heapCurrent: { topic: 'heap/current', counter: false },
  heapMaximum: { topic: 'heap/maximum', counter: false },
} as const

export type BrokerStatKey = keyof typeof BROKER_STATS

const KNOWN_KEYS = Object.keys(BROKER_STATS) as BrokerStatKey[]
const KNOWN_TOPICS: ReadonlySet<string> = new Set(KNOWN_KEYS.map((key) => `${BROKER_SYS_ROOT}/${BROKER_STATS[key].topic}`))

/**
 * Bounds of the other `$SYS/broker/...` topics shown (mosquitto has about 40 more, e.g.
 * load/messages/received/1min): at most `shown` of them, found among at most `visited` tree nodes,
 * so a broker with thousands of topics there costs one bounded walk per change. What is left out is
 * counted (`othersNotShown`).
 */
export const OTHER_STATS = { shown: 50, visited: 2_000 } as const

/** Characters of a value kept (a version string is the longest one expected). */
const VALUE_CHARS = 120
/** A payload longer than this is not read as a number when computing a rate. */
const NUMBER_BYTES = 64
/**
 * Brokers publish a round of statistics within a few ms; its uptime value marks the round. A round
 * is over this long after its uptime arrived: a counter that did not come with it was left out
 * because it did not change (brokers publish changed values only), so its rate is then 0.
 */
export const ROUND_SLACK_MS = 500

export interface BrokerStat {
  /** The value as published: one line, control and bidi characters escaped (hex when not UTF-8). */
  readonly text: string
  /** The payload was longer than `text` shows. */
  readonly cut: boolean
  /** The number the text starts with ("1234 seconds" -> 1234); undefined when it is not a number. */
  readonly value: number | undefined
  /** Epoch ms when the value arrived. */
  readonly receivedAt: number
  /** Counters only: the change per second between the last two values received (see counterRate). */
  readonly perSecond?: number
}

export interface OtherBrokerStat extends BrokerStat {
  /** The topic below `$SYS/broker/` (untrusted: render as text, escaped). */
  readonly name: string
}

/** What the broker dashboard shows. */
export interface BrokerStats {
  readonly stats: Partial<Record<BrokerStatKey, BrokerStat>>
  /** Other `$SYS/broker/...` values, by name, at most OTHER_STATS.shown. */
  readonly others: readonly OtherBrokerStat[]
  /** Topics below `$SYS/broker` that received messages but neither list shows (past the bounds, or emptied). */
  readonly othersNotShown: number
  /** Epoch ms of the newest value. */
  readonly updatedAt: number
}

/**
 * The number a statistic's text starts with: "42", "12.5", "1234 seconds" (mosquitto's uptime),
 * "-3". Anything else ("2.0.18", "n/a", "", "12abc") is not a number.
 */
export function parseStatNumber(text: string): number | undefined {
  const match = /^\s*([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(?:\s+[^\s\d][^\d]*)?\s*$/.exec(text)
  if (!match) return undefined
  const value = Number(match[1])
  return Number.isFinite(value) ? value : undefined
}

/** One received value of a counter. */
export interface CounterSample {
  readonly value: number
  readonly at: number
  /** Had the retain flag. */
  readonly retain: boolean
}

/**
 * A counter's change per second from its last two values. undefined when that says nothing:
 * - `previous` is a retained message replayed on subscribing: it arrived when we subscribed, not
 *   when the broker published it, so the time between the two would be wrong. It is recognised as
 *   retained and either the topic's first message (a replay comes first) or followed by a live one
 *   (MQTT 3.1.1 clears the flag on live messages; MQTT 5 with retain-as-published keeps it);
 * - the counter went down (the broker restarted) or the two arrived in the same millisecond.
 * `previousIsFirst`: `previous` is the first message received on the topic.
 */
export function counterRate(previous: CounterSample, latest: CounterSample, previousIsFirst: boolean): number | undefined {
  if (previous.retain && (previousIsFirst || !latest.retain)) return undefined
  const seconds = (latest.at - previous.at) / 1000
  const change = latest.value - previous.value
  if (seconds <= 0 || change < 0) return undefined
  return change / seconds
}

/**
 * What readBrokerStats depends on, as a string that changes when its answer may: the subtree's
 * message count, and whether the latest round is over. Two Map lookups: cheap on every flush.
 */
export function brokerStatsKey(tree: TopicTree, now: number): string {
  const root = tree.find(BROKER_SYS_ROOT)
  if (!root || root.subtreeTopics === 0) return 'none'
  return `${root.id}:${root.subtreeMessages}:${roundOver(tree, now) !== undefined}`
}

/** When the latest round of statistics (marked by its uptime) is over, its time; else undefined. */
function roundOver(tree: TopicTree, now: number): number | undefined {
  const uptime = tree.find(`${BROKER_SYS_ROOT}/${BROKER_STATS.uptime.topic}`)
  return uptime && uptime.lastAt > 0 && now - uptime.lastAt >= ROUND_SLACK_MS ? uptime.lastAt : undefined
}

/**
 * The dashboard's statistics from the tree, or undefined when nothing under `$SYS/broker/` has a
 * value. Reads only the `$SYS/broker` subtree (one lookup, then the known topics by name and a
 * bounded walk for the others): meant for the flush clock, when brokerStatsKey changed.
 */
export function readBrokerStats(tree: TopicTree, now: number): BrokerStats | undefined {
  const root = tree.find(BROKER_SYS_ROOT)
  if (!root || root.subtreeTopics === 0) return undefined
  const stats: Partial<Record<BrokerStatKey, BrokerStat>> = {}
  let found = 0
  let updatedAt = 0
  for (const key of KNOWN_KEYS) {
    const node = tree.find(`${BROKER_SYS_ROOT}/${BROKER_STATS[key].topic}`)
    if (!node || node.ownMessages === 0) continue
    found++
    const stat = statOf(node)
    if (!stat) continue
    stats[key] = stat
    if (stat.receivedAt > updatedAt) updatedAt = stat.receivedAt
  }
  // Only the counters need more than the latest value: their previous one, for a rate.
  const roundAt = roundOver(tree, now)
  for (const key of KNOWN_KEYS) {
    const stat = stats[key]
    if (!stat || !BROKER_STATS[key].counter) continue
    const node = tree.find(`${BROKER_SYS_ROOT}/${BROKER_STATS[key].topic}`)!
    const perSecond = rateOf(tree, node, stat, roundAt)
    if (perSecond !== undefined) stats[key] = { ...stat, perSecond }
  }
  const others = otherStats(root)
  for (const other of others) if (other.receivedAt > updatedAt) updatedAt = other.receivedAt
  const othersNotShown = root.subtreeTopics - found - others.length
  if (Object.keys(stats).length === 0 && others.length === 0 && othersNotShown === 0) return undefined
  return { stats, others, othersNotShown, updatedAt }
}

/** The latest value of a topic; undefined for an empty payload (a retained value cleared). */
function statOf(node: TopicNode): BrokerStat | undefined {
  if (node.lastBytes === 0) return undefined
  // node.preview is the tree's own escaped one-line preview, computed once per message at most.
  const cut = node.previewCut || node.preview.length > VALUE_CHARS
  const text = node.preview.length > VALUE_CHARS ? node.preview.slice(0, VALUE_CHARS) : node.preview
  const value = node.previewBinary || cut ? undefined : parseStatNumber(text)
  return { text, cut, value, receivedAt: node.lastAt }
}

/**
 * The counter's rate from its last two kept messages (the history budget may have evicted them:
 * then there is none). When the latest round is over and left it out, it did not change: 0.
 */
function rateOf(tree: TopicTree, node: TopicNode, stat: BrokerStat, roundAt: number | undefined): number | undefined {
  if (stat.value === undefined) return undefined
  if (roundAt !== undefined && stat.receivedAt + ROUND_SLACK_MS < roundAt) return 0
  const [latest, previous] = tree.history.newest(node, 0, 2)
  if (!latest || !previous) return undefined
  const latestSample = sampleOf(latest)
  const previousSample = sampleOf(previous)
  if (!latestSample || !previousSample) return undefined
  return counterRate(previousSample, latestSample, node.ownMessages === 2)
}

function sampleOf(message: StoredMessage): CounterSample | undefined {
  if (message.payload.length === 0 || message.payload.length > NUMBER_BYTES) return undefined
  const preview = previewPayload(message.payload, NUMBER_BYTES)
  const value = preview.binary ? undefined : parseStatNumber(preview.text)
  return value === undefined ? undefined : { value, at: message.receivedAt, retain: message.retain }
}

/**
 * Up to OTHER_STATS.shown other topics with a value, sorted by name. Depth first with a stack of
 * child iterators, so a level with 100,000 children costs what is visited, not a copy of the level.
 */
function otherStats(root: TopicNode): OtherBrokerStat[] {
  const shown: OtherBrokerStat[] = []
  const prefix = root.topic.length + 1
  const stack: Array<Iterator<TopicNode>> = root.children ? [root.children.values()] : []
  let visited = 0
  while (stack.length > 0 && visited < OTHER_STATS.visited && shown.length < OTHER_STATS.shown) {
    const next = stack[stack.length - 1]!.next()
    if (next.done) {
      stack.pop()
      continue
    }
    const node = next.value
    visited++
    if (node.ownMessages > 0 && !KNOWN_TOPICS.has(node.topic)) {
      const stat = statOf(node)
      if (stat) shown.push({ ...stat, name: node.topic.slice(prefix) })
    }
    if (node.children) stack.push(node.children.values())
  }
  shown.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return shown
}
