import type { IConnackPacket } from 'mqtt'
import type { BrokerLimits, QoS } from '../model/connection-types.ts'

/**
 * The CONNACK properties that bound publishing (MQTT 5). An absent one means the spec's default: no
 * packet size limit, no topic aliases, retain available, QoS 2; none at all: `{}`.
 */
export function brokerLimits(properties: IConnackPacket['properties']): BrokerLimits {
  const limits: { -readonly [K in keyof BrokerLimits]: BrokerLimits[K] } = {}
  if (!properties) return limits
  if (properties.maximumPacketSize !== undefined) limits.maximumPacketSize = properties.maximumPacketSize
  if (properties.topicAliasMaximum !== undefined) limits.topicAliasMaximum = properties.topicAliasMaximum
  if (properties.retainAvailable !== undefined) limits.retainAvailable = properties.retainAvailable
  if (properties.maximumQoS !== undefined) limits.maximumQoS = properties.maximumQoS as QoS
  return limits
}
