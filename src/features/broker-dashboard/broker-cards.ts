import { formatByteRate, formatBytes, formatCount, formatRate } from '@/components/format.ts'
import type { BrokerStat, BrokerStatKey, BrokerStats } from '@/model/broker-stats.ts'
import { formatUptime } from './broker-format.ts'

/** One card of the dashboard: a label, the main value, and smaller details (rates, maxima). */
export interface BrokerCard {
  readonly label: string
  readonly value: string
  readonly details: readonly string[]
  /** Text rather than a number (the version): wrapped on two lines instead of one. */
  readonly wide?: boolean
}

type Stats = BrokerStats['stats']

/**
 * How a number is shown; a value that is not a number (another broker's wording, or anything
 * hostile) is shown as the text it is, which the worker already escaped.
 */
const asCount = (stat: BrokerStat): string => (stat.value === undefined ? stat.text : formatCount(stat.value))
const asBytes = (stat: BrokerStat): string => (stat.value === undefined ? stat.text : formatBytes(stat.value))
const asUptime = (stat: BrokerStat): string => (stat.value === undefined ? stat.text : formatUptime(stat.value))

/** A counter's rate, or a dash until two live values have arrived. */
function rate(stat: BrokerStat, bytes: boolean): string {
  if (stat.perSecond === undefined) return '–/s'
  return bytes ? formatByteRate(stat.perSecond) : `${formatRate(stat.perSecond)}/s`
}

function detail(stats: Stats, key: BrokerStatKey, label: string, show: (stat: BrokerStat) => string): string[] {
  const stat = stats[key]
  return stat ? [`${label} ${show(stat)}`] : []
}

function counter(stats: Stats, key: BrokerStatKey, label: string, bytes = false): BrokerCard[] {
  const stat = stats[key]
  return stat ? [{ label, value: bytes ? asBytes(stat) : asCount(stat), details: [rate(stat, bytes)] }] : []
}

/**
 * The cards for the statistics the broker published, in a fixed order; a card for a statistic the
 * broker does not publish is left out (mosquitto has no heap figures without memory tracking).
 */
export function brokerCards(stats: Stats): BrokerCard[] {
  const cards: BrokerCard[] = []
  if (stats.version) cards.push({ label: 'Version', value: stats.version.text, details: [], wide: true })
  if (stats.uptime) cards.push({ label: 'Uptime', value: asUptime(stats.uptime), details: [] })
  if (stats.clientsConnected || stats.clientsMaximum) {
    cards.push({
      label: 'Clients connected',
      value: stats.clientsConnected ? asCount(stats.clientsConnected) : '–',
      details: [...detail(stats, 'clientsMaximum', 'maximum', asCount), ...detail(stats, 'clientsTotal', 'total', asCount)],
    })
  }
  cards.push(...counter(stats, 'messagesReceived', 'Messages received'), ...counter(stats, 'messagesSent', 'Messages sent'))
  cards.push(...counter(stats, 'publishReceived', 'Publish messages received'), ...counter(stats, 'publishSent', 'Publish messages sent'))
  cards.push(...counter(stats, 'publishDropped', 'Publish messages dropped'))
  cards.push(...counter(stats, 'bytesReceived', 'Bytes received', true), ...counter(stats, 'bytesSent', 'Bytes sent', true))
  if (stats.retainedCount) cards.push({ label: 'Retained messages', value: asCount(stats.retainedCount), details: [] })
  if (stats.subscriptions) cards.push({ label: 'Subscriptions', value: asCount(stats.subscriptions), details: [] })
  if (stats.heapCurrent || stats.heapMaximum) {
    cards.push({ label: 'Heap', value: stats.heapCurrent ? asBytes(stats.heapCurrent) : '–', details: detail(stats, 'heapMaximum', 'maximum', asBytes) })
  }
  return cards
}
