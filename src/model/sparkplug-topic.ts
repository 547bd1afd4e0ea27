/** The message types of a Sparkplug B topic (spBv1.0/<group>/<type>/<edge node>[/<device>]). */
export const SPARKPLUG_MESSAGE_TYPES = ['NBIRTH', 'NDATA', 'NDEATH', 'DBIRTH', 'DDATA', 'DDEATH', 'NCMD', 'DCMD'] as const
export type SparkplugMessageType = (typeof SPARKPLUG_MESSAGE_TYPES)[number]

export type SparkplugTopic =
  | { readonly kind: 'node' | 'device'; readonly group: string; readonly type: SparkplugMessageType; readonly edgeNode: string; readonly device?: string }
  | { readonly kind: 'state'; readonly hostId: string }

/**
 * The Sparkplug B meaning of a topic name, or undefined: only these topics are decoded as
 * Sparkplug automatically (guessing elsewhere decodes plain text and JSON as empty messages).
 * Node messages (N…) have no device level, device messages (D…) must have one.
 */
export function parseSparkplugTopic(topic: string): SparkplugTopic | undefined {
  const levels = topic.split('/')
  if (levels[0] !== 'spBv1.0') return undefined
  if (levels[1] === 'STATE') return levels.length >= 3 && levels[2] !== '' ? { kind: 'state', hostId: levels.slice(2).join('/') } : undefined
  const [, group, type, edgeNode, device] = levels
  if (group === undefined || group === '' || edgeNode === undefined || edgeNode === '') return undefined
  if (!(SPARKPLUG_MESSAGE_TYPES as readonly string[]).includes(type ?? '')) return undefined
  const messageType = type as SparkplugMessageType
  if (messageType.startsWith('N')) return levels.length === 4 ? { kind: 'node', group, type: messageType, edgeNode } : undefined
  if (levels.length !== 5 || device === undefined || device === '') return undefined
  return { kind: 'device', group, type: messageType, edgeNode, device }
}

/** The key of the node or device a topic speaks for: aliases and online state are kept per key. */
export function sparkplugSourceKey(t: SparkplugTopic): string | undefined {
  if (t.kind === 'state') return undefined
  return t.kind === 'node' ? `${t.group}/${t.edgeNode}` : `${t.group}/${t.edgeNode}/${t.device}`
}

/** The NCMD topic of an edge node ("Request rebirth" publishes there). */
export function sparkplugNodeCommandTopic(group: string, edgeNode: string): string {
  return `spBv1.0/${group}/NCMD/${edgeNode}`
}

/**
 * The BIRTH topics whose last message names the aliases of `t`'s node or device: the node's NBIRTH,
 * and for a device also its DBIRTH. The worker decodes them (oldest first) before a DATA message.
 */
export function sparkplugBirthTopics(t: SparkplugTopic): string[] {
  if (t.kind === 'state') return []
  const node = `spBv1.0/${t.group}/NBIRTH/${t.edgeNode}`
  return t.kind === 'node' ? [node] : [node, `spBv1.0/${t.group}/DBIRTH/${t.edgeNode}/${t.device}`]
}
