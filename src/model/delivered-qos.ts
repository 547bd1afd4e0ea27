import type { QoS, SubscriptionStatus } from './connection-types.ts'
import { matchesFilter } from './topic-rules.ts'

/** A subscription as the page knows it: its filter and what the broker answered. */
export interface KnownSubscription {
  readonly filter: string
  readonly status: SubscriptionStatus
}

export interface GrantedMatch {
  readonly filter: string
  readonly qos: QoS
}

/**
 * The granted subscription that delivers `topic` at the highest QoS (a broker sends a message at
 * most at the QoS granted to the subscription it matched; with overlapping subscriptions, at the
 * highest of them), or undefined when no granted subscription matches.
 */
export function grantedFor(topic: string, subscriptions: readonly KnownSubscription[]): GrantedMatch | undefined {
  let best: GrantedMatch | undefined
  for (const { filter, status } of subscriptions) {
    if (status.state !== 'granted' || !matchesFilter(filter, topic)) continue
    if (best === undefined || status.qos > best.qos) best = { filter, qos: status.qos }
  }
  return best
}

/**
 * How a message's QoS reads when the subscription may be why it is that low: a message arrives at
 * the lower of the QoS it was published with and the QoS granted to the subscription, so a QoS 2
 * publish reaches a QoS 0 subscription at QoS 0. The publisher's QoS cannot be known here, so the
 * granted QoS is named whenever the message arrived exactly at it (and it is below 2):
 * "received at QoS 0 (subscription # granted QoS 0)". Otherwise "QoS 1".
 */
export function deliveredQosText(qos: QoS, granted: GrantedMatch | undefined): string {
  if (granted === undefined || granted.qos === 2 || qos !== granted.qos) return `QoS ${qos}`
  return `received at QoS ${qos} (subscription ${granted.filter} granted QoS ${granted.qos})`
}
