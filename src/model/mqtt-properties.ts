/**
 * The MQTT 5 PUBLISH properties of a message, as plain data (safe to postMessage, no Buffer),
 * in the order the inspector shows them. MQTT 3.1.1 messages have none.
 */
export interface MessageProperties {
  /** 3.3.2.3.9 Content Type (UTF-8 string, meaning defined by the application). */
  readonly contentType?: string
  /** 3.3.2.3.2 Payload Format Indicator: true = the sender says the payload is UTF-8. */
  readonly payloadFormat?: 'utf-8' | 'bytes'
  /** 3.3.2.3.3 Message Expiry Interval, seconds (what was left when the broker sent it). */
  readonly messageExpiry?: number
  /** 3.3.2.3.5 Response Topic. */
  readonly responseTopic?: string
  /** 3.3.2.3.6 Correlation Data: binary, a copy. */
  readonly correlationData?: Uint8Array
  /** 3.3.2.3.7 User Properties, in the order MQTT.js reports them (repeated names kept). */
  readonly userProperties?: ReadonlyArray<readonly [string, string]>
  /** 3.3.2.3.4 Topic Alias the broker used (MQTT.js already restored the topic). */
  readonly topicAlias?: number
  /** 3.3.2.3.8 Subscription Identifiers of the matching subscriptions. */
  readonly subscriptionIds?: readonly number[]
}

/**
 * MQTT.js's `packet.properties` as MessageProperties. Unknown or ill-typed fields are dropped;
 * correlation data is copied (MQTT.js hands out a view into its receive buffer). Returns
 * undefined when nothing is left, so a 3.1.1 message costs nothing.
 */
export function normalizeProperties(raw: Readonly<Record<string, unknown>> | undefined): MessageProperties | undefined {
  if (!raw) return undefined
  const out: {
    -readonly [K in keyof MessageProperties]: MessageProperties[K]
  } = {}
  if (typeof raw.contentType === 'string') out.contentType = raw.contentType
  if (typeof raw.payloadFormatIndicator === 'boolean') out.payloadFormat = raw.payloadFormatIndicator ? 'utf-8' : 'bytes'
  if (typeof raw.messageExpiryInterval === 'number') out.messageExpiry = raw.messageExpiryInterval
  if (typeof raw.responseTopic === 'string') out.responseTopic = raw.responseTopic
  if (raw.correlationData instanceof Uint8Array) out.correlationData = Uint8Array.prototype.slice.call(raw.correlationData)
  const users = userPropertyPairs(raw.userProperties)
  if (users.length > 0) out.userProperties = users
  if (typeof raw.topicAlias === 'number') out.topicAlias = raw.topicAlias
  const ids = raw.subscriptionIdentifier
  if (typeof ids === 'number') out.subscriptionIds = [ids]
  else if (Array.isArray(ids) && ids.every((id) => typeof id === 'number')) out.subscriptionIds = ids
  return Object.keys(out).length > 0 ? out : undefined
}

/** MQTT.js gives user properties as { name: value | value[] }: back to (name, value) pairs. */
function userPropertyPairs(raw: unknown): Array<readonly [string, string]> {
  if (raw === null || typeof raw !== 'object') return []
  const pairs: Array<readonly [string, string]> = []
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof value === 'string') pairs.push([name, value])
    else if (Array.isArray(value)) for (const v of value) if (typeof v === 'string') pairs.push([name, v])
  }
  return pairs
}
