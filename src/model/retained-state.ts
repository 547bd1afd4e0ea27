/**
 * Whether the broker holds a retained message for a topic, as far as the messages a subscriber
 * receives can tell. The flag alone cannot: under MQTT 3.1.1 a retained message published while we
 * are subscribed arrives with retain = 0 [MQTT-3.3.1-9].
 */

export interface RetainMeta {
  readonly retain: boolean
  /**
   * The subscription asked for Retain As Published (MQTT 5): retain = 0 on a live message then means
   * it was not published retained.
   */
  readonly retainAsPublished?: boolean
}

/**
 * Whether the broker holds a retained message for a topic after a message arrived, given what the
 * tree believed before:
 * - retain = 1 (a retained message sent on subscribe, or a live one under Retain As Published): it
 *   does exactly when the payload is not empty; an empty retained message deletes it [MQTT-3.3.1-10].
 * - retain = 0 with a payload: a message published without retain never replaces or removes a
 *   retained one [MQTT-3.3.1-12], and under 3.1.1 it may itself be a live retained one: no change
 *   (only the broker can say more: TopicTree.setRetained).
 * - retain = 0 and empty: under 3.1.1 most likely a clear forwarded live, so the mark goes (until the
 *   broker says otherwise); under Retain As Published a plain empty message, which changes nothing.
 */
export function retainedAfter(was: boolean, meta: RetainMeta, size: number): boolean {
  if (meta.retain) return size > 0
  if (size > 0 || meta.retainAsPublished === true) return was
  return false
}
